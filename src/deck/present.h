/*
 * present.h: `stratus present`, a deck full-screen in the terminal, and
 * its presenter view (current slide, next step, notes, timers) that
 * follows and drives every other window on the same deck (link.h).
 */
#ifndef STRATUS_PRESENT_H
#define STRATUS_PRESENT_H

struct theme;

struct present_opts {
	const char *path;	/* the deck file */
	int presenter;		/* the presenter view */
	long start;		/* 1-based slide to start on, 0: the first */
	const struct theme *theme;	/* borrowed; NULL: built-in */
	int images;		/* enum image_mode (render/image-term.h) */
};

/* Run until q. Returns 0, or -1 and *cause when the deck cannot be read
 * or the terminal cannot be used. */
int present_run(const struct present_opts *o, char **cause);

/* The key help, one line a binding ("  Space, Right, l   next step"),
 * generated from the key table. */
struct buf;
void present_key_help(struct buf *out);

#endif

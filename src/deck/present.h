/*
 * present.h: `stratus present`, a deck full-screen in the terminal, and
 * its presenter view (current slide, next step, notes, timers) that
 * follows and drives every other window on the same deck (link.h).
 */
#ifndef STRATUS_PRESENT_H
#define STRATUS_PRESENT_H

struct theme;
struct index;

struct present_opts {
	const char *path;	/* the deck file */
	int presenter;		/* the presenter view */
	long start;		/* 1-based slide to start on, 0: the first */
	const struct theme *theme;	/* borrowed; NULL: built-in */
	int images;		/* enum image_mode (render/image-term.h) */
	/*
	 * The notes the slides link to ([[note]], [t](notes/x.md)): open
	 * the index of the deck's vault, up to date, into *ix (the
	 * caller's: it closes it after present_run). Called at most once,
	 * the first time a link is looked up, never before the first
	 * frame. 0, or -1 and *cause: links then show as not looked up
	 * and Enter on one says why. NULL: the same, without a cause.
	 */
	int (*notes)(void *arg, struct index **ix, char **cause);
	void *notes_arg;
	const char *lang;	/* preferred language of notes; NULL: "en" */
};

/* Run until q. Returns 0, or -1 and *cause when the deck cannot be read
 * or the terminal cannot be used. */
int present_run(const struct present_opts *o, char **cause);

/* The key help, one line a binding ("  Space, Right, l   next step"),
 * generated from the key table. */
struct buf;
void present_key_help(struct buf *out);

#endif

/*
 * explore.h: the explorer, full screen on a terminal (ncursesw): search,
 * notes, backlinks, graph, tags, quick open, languages, help; notes
 * changed on disk are re-indexed as it runs. The views live in app.h;
 * this is the terminal loop around them.
 */
#ifndef STRATUS_EXPLORE_H
#define STRATUS_EXPLORE_H

#include "core/index.h"
#include "render/theme.h"

struct explore_opts {
	struct index *ix;	/* open and up to date */
	const char *vault;	/* absolute path */
	const struct theme *theme;	/* NULL: the built-in look */
	const char *lang;	/* preferred language, NULL: "en" */
	const char *query;	/* the first search, or NULL */
	const char *log;	/* where warnings go while the screen is
				 * ours (NULL: /dev/null) */
	int images;		/* enum image_mode (render/image-term.h):
				 * pictures in notes */
};

/*
 * Run the explorer until the user quits. Needs stdin and stdout on a
 * terminal. Returns 0, or -1 with *cause (no terminal, curses failed).
 * Setting STRATUS_EXPLORE_TRACE=FILE appends timings to FILE (first
 * frame, each key handled and painted): what bench/explore.sh reads.
 */
int explore_run(const struct explore_opts *o, char **cause);

#endif

/*
 * pline.h: a progress line on stderr for long work counted in files
 * ("stratus: indexing 5200/11000 files (2600 files/s)"): shown only on
 * request (a terminal), only once the work has taken longer than a delay,
 * at most ten times a second, and erased when the work ends.
 */
#ifndef STRATUS_PLINE_H
#define STRATUS_PLINE_H

#include <stddef.h>

struct pline {
	int on;
	double start, last, delay;
	int shown;
};

/* Start timing (on: show it at all; delay: seconds before the first). */
void pline_init(struct pline *p, int on, double delay);
/* "LABEL done/total files (rate files/s)", when it is time to. */
void pline_files(struct pline *p, const char *label, size_t done,
    size_t total);
/* The work is done: the line goes, if it was shown. */
void pline_end(struct pline *p);

#endif

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

/* Start timing (on: show it at all; delay: seconds before the first,
 * < 0 for half a second or STRATUS_TEST_PROGRESS_DELAY_MS). */
void pline_init(struct pline *p, int on, double delay);
/* "LABEL done/total UNIT (rate UNIT/s)", total 0 for "LABEL done UNIT
 * (...)", when it is time to. */
void pline_count(struct pline *p, const char *label, size_t done,
    size_t total, const char *unit);
/* The same in files. */
void pline_files(struct pline *p, const char *label, size_t done,
    size_t total);
/* The work is done: the line goes, if it was shown. */
void pline_end(struct pline *p);

#endif

/* pline.c: a progress line on stderr (see pline.h). */
#include "core/pline.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

void
pline_init(struct pline *p, int on, double delay)
{
	memset(p, 0, sizeof *p);
	p->on = on;
	p->start = now_seconds();
	p->delay = delay >= 0 ? delay : (double)env_int(
	    "STRATUS_TEST_PROGRESS_DELAY_MS", 0, 60000, 500) / 1000;
}

void
pline_count(struct pline *p, const char *label, size_t done, size_t total,
    const char *unit)
{
	double t, rate;

	if (!p->on)
		return;
	t = now_seconds();
	if (t - p->start < p->delay || (p->shown && t - p->last < 0.1))
		return;
	rate = (double)done / (t - p->start > 0 ? t - p->start : 1e-9);
	if (total)
		fprintf(stderr, "\r%s %zu/%zu %s (%.0f %s/s)\033[K", label,
		    done, total, unit, rate, unit);
	else
		fprintf(stderr, "\r%s %zu %s (%.0f %s/s)\033[K", label, done,
		    unit, rate, unit);
	fflush(stderr);
	p->shown = 1;
	p->last = t;
}

void
pline_files(struct pline *p, const char *label, size_t done, size_t total)
{
	pline_count(p, label, done, total, "files");
}

void
pline_end(struct pline *p)
{
	if (p->on && p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

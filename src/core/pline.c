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
	p->delay = delay;
}

void
pline_files(struct pline *p, const char *label, size_t done, size_t total)
{
	double t, rate;

	if (!p->on)
		return;
	t = now_seconds();
	if (t - p->start < p->delay || (p->shown && t - p->last < 0.1))
		return;
	rate = (double)done / (t - p->start > 0 ? t - p->start : 1e-9);
	fprintf(stderr, "\r%s %zu/%zu files (%.0f files/s)\033[K", label,
	    done, total, rate);
	fflush(stderr);
	p->shown = 1;
	p->last = t;
}

void
pline_end(struct pline *p)
{
	if (p->on && p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

/*
 * fuzz_deck.c: deck_parse() on any bytes, then every step of the first
 * slides composed as frames (the presenter's layouts through the
 * renderer). The deck must keep its promises: at least one slide, steps
 * >= 1, parts visible in order, and frames of exactly the size asked for
 * with no control character and no line wider than the screen.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck/deck.h"
#include "deck/frame.h"
#include "render/width.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct frame_opts o;
	struct deck *d;
	size_t i, k;
	int step, r;

	if (!init) {
		width_locale_init();
		init = 1;
	}
	d = deck_parse((const char *)data, size, NULL);
	CHECK(d->nslides >= 1);
	CHECK(d->title != NULL);
	memset(&o, 0, sizeof o);
	o.width = 40 + (int)(size % 50);
	o.height = 10 + (int)(size % 20);
	o.elapsed = -1;
	for (i = 0; i < d->nslides && i < 4; i++) {
		const struct slide *s = &d->slides[i];

		CHECK(s->nsteps >= 1);
		for (k = 0; k < s->nparts; k++)
			CHECK(s->parts[k].md != NULL);
		for (step = 0; step < s->nsteps && step < 4; step++) {
			struct slide_frame f;

			slide_frame_compose(d, i, step, &o, &f);
			CHECK(f.height == o.height);
			for (r = 0; r < f.height; r++) {
				const unsigned char *p =
				    (const unsigned char *)f.rows[r].text;

				CHECK(f.rows[r].width <= o.width);
				for (; *p; p++)
					CHECK(*p >= 0x20 && *p != 0x7f);
			}
			slide_frame_clear(&f);
		}
	}
	deck_free(d);
	return 0;
}

/*
 * export-pdf.c: a deck as a PDF, one page per slide (its last step, or
 * every step), from the same frames the terminal shows (frame.h): each
 * style span of each row in the theme's colours and weight, the slide's
 * background, and pictures drawn into their boxes (render/image.h) from
 * the decoded files. The drawing itself (cairo, pango) is in
 * stratus-media.so (render/media.h), loaded here on first use.
 */
#include "deck/export.h"
#include "deck/frame.h"
#include "core/util.h"
#include "render/image.h"
#include "render/image-term.h"
#include "render/media.h"
#include "render/render.h"
#include "render/theme.h"
#include "render/width.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pdf {
	const struct media_api *m;
	struct media_pdf *out;
	const struct theme *theme;
	struct image_cache *images;
	uint32_t fg, bg;
};

/* n bytes of text at cell column col of row y, in span style st. */
static void
draw_run(struct pdf *p, int y, int col, const char *s, size_t n,
    unsigned st)
{
	struct tstyle ts = theme_style(p->theme, UI_SLIDE_TEXT, st);
	uint32_t fg = tcolor_rgb(ts.fg, p->fg), bg = tcolor_rgb(ts.bg, p->bg);

	if (ts.attrs & TA_REVERSE) {
		uint32_t t = fg;

		fg = bg;
		bg = t;
	}
	p->m->pdf_text(p->out, y, col, text_width(s, n), s, n, fg, bg,
	    ts.attrs);
}

static void
draw_row(struct pdf *p, int y, const struct rline *l)
{
	size_t at = 0, i, len = strlen(l->text ? l->text : "");
	int col = 0;

	for (i = 0; i <= l->nspans; i++) {
		size_t s = i < l->nspans ? l->spans[i].off : len;

		if (s > at) {
			draw_run(p, y, col, l->text + at, s - at, 0);
			col += text_width(l->text + at, s - at);
		}
		if (i == l->nspans)
			break;
		draw_run(p, y, col, l->text + s, l->spans[i].len,
		    ST_UNPICTURE(l->spans[i].style));
		col += text_width(l->text + s, l->spans[i].len);
		at = s + l->spans[i].len;
	}
}

/* Each picture box: the picture inside its border. */
static void
draw_pictures(struct pdf *p, const struct slide_frame *f)
{
	struct picture pics[16];
	size_t n = picture_find(f->rows, (size_t)f->height, pics, 16), i;

	for (i = 0; i < n; i++) {
		const char *path = image_interned(pics[i].id);
		const struct image *im;

		if (!path || pics[i].cols < 4 || pics[i].rows < 3 ||
		    !(im = image_cache_image(p->images, path)))
			continue;
		p->m->pdf_image(p->out, pics[i].row + 1, pics[i].col + 1,
		    pics[i].rows - 2, pics[i].cols - 2, im);
	}
}

static void
page(struct pdf *p, const struct deck *d, size_t slide, int step, int width,
    int height)
{
	struct frame_opts o;
	struct slide_frame f;
	int r;

	memset(&o, 0, sizeof o);
	o.width = width;
	o.height = height;
	o.elapsed = -1;
	o.no_footer = 1;
	o.pictures = 1;
	slide_frame_compose(d, slide, step, &o, &f);
	p->m->pdf_page(p->out, p->bg);
	for (r = 0; r < f.height; r++)
		draw_row(p, r, &f.rows[r]);
	draw_pictures(p, &f);
	p->m->pdf_page_end(p->out);
	slide_frame_clear(&f);
}

int
deck_export_pdf(const struct deck *d, const struct theme *theme, int width,
    int height, int steps, const char *file, char **cause)
{
	struct theme *own = NULL;
	struct tstyle base;
	struct pdf p;
	size_t i;
	int step, rc;

	memset(&p, 0, sizeof p);
	if (!(p.m = media_get(cause)) ||
	    !(p.out = p.m->pdf_open(file, width, height, cause)))
		return -1;
	if (!theme)
		theme = own = theme_builtin();
	p.theme = theme;
	base = theme_ui(theme, UI_SLIDE_TEXT);
	p.fg = tcolor_rgb(base.fg, 0xdddddd);
	p.bg = tcolor_rgb(base.bg, 0x1b1d23);
	p.images = image_cache_new();
	for (i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];

		if (s->hidden)
			continue;
		for (step = steps ? 0 : s->nsteps - 1; step < s->nsteps; step++)
			page(&p, d, i, step < 0 ? 0 : step, width, height);
	}
	rc = p.m->pdf_close(p.out, cause);
	image_cache_free(p.images);
	theme_free(own);
	return rc;
}

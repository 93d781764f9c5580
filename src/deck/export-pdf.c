/*
 * export-pdf.c: a deck as a PDF, one page per slide (its last step, or
 * every step), drawn with cairo and pango from the same frames the
 * terminal shows (frame.h): a monospace grid of cells, each style span
 * in the theme's colours and weight, the slide's background filled, and
 * pictures drawn into their boxes (render/image.h) from the decoded
 * files. Text stays text, so the PDF can be searched and pdftotext reads
 * every slide in order.
 */
#include "deck/export.h"
#include "deck/frame.h"
#include "core/util.h"
#include "render/image.h"
#include "render/image-term.h"
#include "render/render.h"
#include "render/theme.h"
#include "render/width.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PDF_FONT_PT 10.0
#define PDF_MARGIN 24.0

struct pdf {
	cairo_t *cr;
	const struct theme *theme;
	PangoFontDescription *font;
	struct image_cache *images;
	double cw, ch;		/* a cell, in points */
	uint32_t fg, bg;
};

static void
set_rgb(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0,
	    ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0);
}

/* The width and height of a cell of the font, measured. */
static void
measure(struct pdf *p)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	int w, h;

	pango_layout_set_font_description(l, p->font);
	pango_layout_set_text(l, "MMMMMMMMMM", -1);
	pango_layout_get_size(l, &w, &h);
	p->cw = (double)w / PANGO_SCALE / 10.0;
	p->ch = (double)h / PANGO_SCALE;
	g_object_unref(l);
}

/* n bytes of text at cell column col of row y, in span style st. */
static void
draw_run(struct pdf *p, int y, int col, const char *s, size_t n,
    unsigned st)
{
	struct tstyle ts = theme_style(p->theme, UI_SLIDE_TEXT, st);
	uint32_t fg = tcolor_rgb(ts.fg, p->fg), bg = tcolor_rgb(ts.bg, p->bg);
	PangoFontDescription *fd = pango_font_description_copy(p->font);
	PangoLayout *l;
	double x = PDF_MARGIN + col * p->cw, top = PDF_MARGIN + y * p->ch;
	int cols = text_width(s, n);

	if (ts.attrs & TA_REVERSE) {
		uint32_t t = fg;

		fg = bg;
		bg = t;
	}
	if (bg != p->bg) {
		set_rgb(p->cr, bg);
		cairo_rectangle(p->cr, x, top, cols * p->cw, p->ch);
		cairo_fill(p->cr);
	}
	if (ts.attrs & TA_BOLD)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (ts.attrs & TA_ITALIC)
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	l = pango_cairo_create_layout(p->cr);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, s, (int)n);
	set_rgb(p->cr, fg);
	cairo_move_to(p->cr, x, top);
	pango_cairo_show_layout(p->cr, l);
	if (ts.attrs & (TA_UNDERLINE | TA_STRIKE)) {
		double ly = top + ((ts.attrs & TA_UNDERLINE) ? p->ch * 0.9 :
		    p->ch * 0.5);

		cairo_set_line_width(p->cr, 0.6);
		cairo_move_to(p->cr, x, ly);
		cairo_line_to(p->cr, x + cols * p->cw, ly);
		cairo_stroke(p->cr);
	}
	g_object_unref(l);
	pango_font_description_free(fd);
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

/* The decoded picture as a cairo surface (premultiplied ARGB32). */
static cairo_surface_t *
surface(const struct image *im)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    im->width, im->height);
	unsigned char *d;
	int x, y, rs;

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		return s;
	cairo_surface_flush(s);
	d = cairo_image_surface_get_data(s);
	rs = cairo_image_surface_get_stride(s);
	for (y = 0; y < im->height; y++) {
		const unsigned char *px = im->pixels + (size_t)y * im->stride;
		uint32_t *row = (uint32_t *)(void *)(d + (size_t)y * rs);

		for (x = 0; x < im->width; x++, px += 4) {
			uint32_t a = px[3];

			row[x] = a << 24 | (px[0] * a / 255) << 16 |
			    (px[1] * a / 255) << 8 | (px[2] * a / 255);
		}
	}
	cairo_surface_mark_dirty(s);
	return s;
}

/* Each picture box: the picture inside its border, aspect kept,
 * centred, over the slide's background. */
static void
draw_pictures(struct pdf *p, const struct slide_frame *f)
{
	struct picture pics[16];
	size_t n = picture_find(f->rows, (size_t)f->height, pics, 16), i;

	for (i = 0; i < n; i++) {
		const char *path = image_interned(pics[i].id);
		const struct image *im;
		cairo_surface_t *s;
		double bx, by, bw, bh, sc, w, h;

		if (!path || pics[i].cols < 4 || pics[i].rows < 3 ||
		    !(im = image_cache_image(p->images, path)))
			continue;
		bx = PDF_MARGIN + (pics[i].col + 1) * p->cw;
		by = PDF_MARGIN + (pics[i].row + 1) * p->ch;
		bw = (pics[i].cols - 2) * p->cw;
		bh = (pics[i].rows - 2) * p->ch;
		set_rgb(p->cr, p->bg);
		cairo_rectangle(p->cr, bx, by, bw, bh);
		cairo_fill(p->cr);
		sc = bw / im->width < bh / im->height ? bw / im->width :
		    bh / im->height;
		w = im->width * sc;
		h = im->height * sc;
		s = surface(im);
		cairo_save(p->cr);
		cairo_translate(p->cr, bx + (bw - w) / 2, by + (bh - h) / 2);
		cairo_scale(p->cr, sc, sc);
		cairo_set_source_surface(p->cr, s, 0, 0);
		cairo_paint(p->cr);
		cairo_restore(p->cr);
		cairo_surface_destroy(s);
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
	set_rgb(p->cr, p->bg);
	cairo_paint(p->cr);
	for (r = 0; r < f.height; r++)
		draw_row(p, r, &f.rows[r]);
	draw_pictures(p, &f);
	cairo_show_page(p->cr);
	slide_frame_clear(&f);
}

int
deck_export_pdf(const struct deck *d, const struct theme *theme, int width,
    int height, int steps, const char *file, char **cause)
{
	struct theme *own = NULL;
	struct tstyle base;
	cairo_surface_t *surf;
	struct pdf p;
	size_t i;
	int step, rc = -1;

	memset(&p, 0, sizeof p);
	if (!theme)
		theme = own = theme_builtin();
	p.theme = theme;
	base = theme_ui(theme, UI_SLIDE_TEXT);
	p.fg = tcolor_rgb(base.fg, 0xdddddd);
	p.bg = tcolor_rgb(base.bg, 0x1b1d23);
	p.font = pango_font_description_from_string("Monospace");
	pango_font_description_set_size(p.font,
	    (int)(PDF_FONT_PT * PANGO_SCALE));
	/* measure on a scratch surface, then size the pages */
	surf = cairo_pdf_surface_create(file, 100, 100);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
		fail(cause, "%s: cannot write: %s", file,
		    cairo_status_to_string(cairo_surface_status(surf)));
		cairo_surface_destroy(surf);
		goto fail;
	}
	p.cr = cairo_create(surf);
	measure(&p);
	cairo_pdf_surface_set_size(surf, 2 * PDF_MARGIN + width * p.cw,
	    2 * PDF_MARGIN + height * p.ch);
	p.images = image_cache_new();
	for (i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];

		if (s->hidden)
			continue;
		for (step = steps ? 0 : s->nsteps - 1; step < s->nsteps; step++)
			page(&p, d, i, step < 0 ? 0 : step, width, height);
	}
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS)
		fail(cause, "%s: %s", file,
		    cairo_status_to_string(cairo_surface_status(surf)));
	else
		rc = 0;
	cairo_surface_destroy(surf);
	image_cache_free(p.images);
fail:
	pango_font_description_free(p.font);
	theme_free(own);
	/* pango and fontconfig keep their font caches for the process; an
	 * export is the last thing a run does, so hand them back (the leak
	 * checker of the sanitizer build sees everything still held) */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
	return rc;
}

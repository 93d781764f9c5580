/*
 * media-pdf.c (stratus-media.so): PDF pages of a monospace grid of
 * cells, drawn with cairo and pango: text runs in their colours and
 * weight, backgrounds, and decoded pictures scaled into their boxes.
 * What goes in which cell is deck/export-pdf.c's; text stays text, so
 * the PDF can be searched and pdftotext reads it in order.
 */
#include "render/media/media-int.h"
#include "render/theme.h"
#include "core/util.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PDF_FONT_PT 10.0
#define PDF_MARGIN 24.0

struct media_pdf {
	const char *file;	/* borrowed until media_pdf_close */
	cairo_surface_t *surf;
	cairo_t *cr;
	PangoFontDescription *font;
	double cw, ch;		/* a cell, in points */
	uint32_t bg;		/* the page's */
};

static void
set_rgb(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0,
	    ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0);
}

/* The width and height of a cell of the font, measured. */
static void
measure(struct media_pdf *p)
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

/* Free p (its drawing context already gone). pango and fontconfig keep
 * their font caches for the process; a PDF is the last thing a run
 * writes, so hand them back too (the leak checker of the sanitizer build
 * sees everything still held). */
static void
pdf_free(struct media_pdf *p)
{
	cairo_surface_destroy(p->surf);
	pango_font_description_free(p->font);
	free(p);
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

struct media_pdf *
media_pdf_open(const char *file, int width, int height, char **cause)
{
	struct media_pdf *p = xcalloc(1, sizeof *p);

	p->font = pango_font_description_from_string("Monospace");
	pango_font_description_set_size(p->font,
	    (int)(PDF_FONT_PT * PANGO_SCALE));
	/* measure on a scratch size, then size the pages */
	p->surf = cairo_pdf_surface_create(file, 100, 100);
	if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS) {
		fail(cause, "%s: cannot write: %s", file,
		    cairo_status_to_string(cairo_surface_status(p->surf)));
		pdf_free(p);
		return NULL;
	}
	p->file = file;
	p->cr = cairo_create(p->surf);
	measure(p);
	cairo_pdf_surface_set_size(p->surf, 2 * PDF_MARGIN + width * p->cw,
	    2 * PDF_MARGIN + height * p->ch);
	return p;
}

void
media_pdf_page(struct media_pdf *p, uint32_t bg)
{
	p->bg = bg;
	set_rgb(p->cr, bg);
	cairo_paint(p->cr);
}

void
media_pdf_text(struct media_pdf *p, int row, int col, int cols,
    const char *s, size_t n, uint32_t fg, uint32_t bg, unsigned attrs)
{
	PangoFontDescription *fd = pango_font_description_copy(p->font);
	PangoLayout *l;
	double x = PDF_MARGIN + col * p->cw, top = PDF_MARGIN + row * p->ch;

	if (bg != p->bg) {
		set_rgb(p->cr, bg);
		cairo_rectangle(p->cr, x, top, cols * p->cw, p->ch);
		cairo_fill(p->cr);
	}
	if (attrs & TA_BOLD)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	if (attrs & TA_ITALIC)
		pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
	l = pango_cairo_create_layout(p->cr);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, s, (int)n);
	set_rgb(p->cr, fg);
	cairo_move_to(p->cr, x, top);
	pango_cairo_show_layout(p->cr, l);
	if (attrs & (TA_UNDERLINE | TA_STRIKE)) {
		double ly = top + ((attrs & TA_UNDERLINE) ? p->ch * 0.9 :
		    p->ch * 0.5);

		cairo_set_line_width(p->cr, 0.6);
		cairo_move_to(p->cr, x, ly);
		cairo_line_to(p->cr, x + cols * p->cw, ly);
		cairo_stroke(p->cr);
	}
	g_object_unref(l);
	pango_font_description_free(fd);
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

void
media_pdf_image(struct media_pdf *p, int row, int col, int rows, int cols,
    const struct image *im)
{
	double bx = PDF_MARGIN + col * p->cw, by = PDF_MARGIN + row * p->ch;
	double bw = cols * p->cw, bh = rows * p->ch, sc, w, h;
	cairo_surface_t *s;

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

void
media_pdf_page_end(struct media_pdf *p)
{
	cairo_show_page(p->cr);
}

int
media_pdf_close(struct media_pdf *p, char **cause)
{
	int rc = 0;

	cairo_destroy(p->cr);
	cairo_surface_finish(p->surf);
	if (cairo_surface_status(p->surf) != CAIRO_STATUS_SUCCESS)
		rc = fail(cause, "%s: %s", p->file,
		    cairo_status_to_string(cairo_surface_status(p->surf)));
	pdf_free(p);
	return rc;
}

/*
 * media-image.c (stratus-media.so): decoding pictures. PNG, JPEG and GIF
 * go through a gdk-pixbuf loader of that one type (image.c picks it from
 * the magic bytes, so none of gdk-pixbuf's rarer loaders ever sees the
 * data), SVG through librsvg from memory with no base file, so it cannot
 * reach any other file or URL. Sizes are checked before pixels are
 * allocated.
 */
#include "render/media/media-int.h"
#include "core/util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int
size_ok(int w, int h)
{
	return w > 0 && h > 0 && w <= IMAGE_MAX_SIDE && h <= IMAGE_MAX_SIDE &&
	    (int64_t)w * h <= IMAGE_MAX_PIXELS;
}

/* gdk-pixbuf asks before it allocates: a size of 0 makes the loader
 * stop with an error. */
static void
on_size(GdkPixbufLoader *loader, int w, int h, gpointer data)
{
	int *big = data;

	if (!size_ok(w, h)) {
		*big = 1;
		gdk_pixbuf_loader_set_size(loader, 0, 0);
	}
}

/* How far down the loader has filled in rows: a damaged or cut file
 * ends early, and its missing rows would be whatever memory held. */
static void
on_area(GdkPixbufLoader *loader, int x, int y, int w, int h, gpointer data)
{
	int *bottom = data;

	(void)loader;
	(void)x;
	(void)w;
	if (y + h > *bottom)
		*bottom = y + h;
}

static struct image *
image_new(int w, int h)
{
	struct image *im = xcalloc(1, sizeof *im);

	im->width = w;
	im->height = h;
	im->stride = w * 4;
	im->pixels = xmalloc((size_t)im->stride * (size_t)h);
	return im;
}

static struct image *
from_pixbuf(GdkPixbuf *pb)
{
	int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
	int n = gdk_pixbuf_get_n_channels(pb), rs = gdk_pixbuf_get_rowstride(pb);
	const guchar *src = gdk_pixbuf_read_pixels(pb);
	struct image *im;
	int x, y;

	if (!size_ok(w, h) || (n != 3 && n != 4) ||
	    gdk_pixbuf_get_bits_per_sample(pb) != 8)
		return NULL;
	im = image_new(w, h);
	for (y = 0; y < h; y++) {
		const guchar *s = src + (size_t)y * (size_t)rs;
		unsigned char *d = im->pixels + (size_t)y * (size_t)im->stride;

		for (x = 0; x < w; x++, s += n, d += 4) {
			d[0] = s[0];
			d[1] = s[1];
			d[2] = s[2];
			d[3] = n == 4 ? s[3] : 255;
		}
	}
	return im;
}

static struct image *
decode_pixbuf(const void *data, size_t len, const char *type, char **cause)
{
	GdkPixbufLoader *loader;
	GError *err = NULL;
	struct image *im = NULL;
	const guchar *p = data;
	size_t at = 0, n;
	int big = 0, ok = 1, bottom = 0;
	GdkPixbuf *pb;

	loader = gdk_pixbuf_loader_new_with_type(type, &err);
	if (!loader) {
		fail(cause, "no %s loader: %s", type, err->message);
		g_error_free(err);
		return NULL;
	}
	g_signal_connect(loader, "size-prepared", G_CALLBACK(on_size), &big);
	g_signal_connect(loader, "area-updated", G_CALLBACK(on_area), &bottom);
	/* in pieces, so that a refused size stops the reading early */
	while (ok && at < len && !big) {
		n = len - at < 65536 ? len - at : 65536;
		ok = gdk_pixbuf_loader_write(loader, p + at, n, &err);
		at += n;
	}
	if (!gdk_pixbuf_loader_close(loader, ok ? &err : NULL))
		ok = 0;
	if (big) {
		fail(cause, "image too large (over %d pixels a side or %d in "
		    "all)", IMAGE_MAX_SIDE, IMAGE_MAX_PIXELS);
	} else if (!ok || !(pb = gdk_pixbuf_loader_get_pixbuf(loader))) {
		fail(cause, "cannot decode %s: %s", type,
		    err ? err->message : "no picture");
	} else if (bottom < gdk_pixbuf_get_height(pb)) {
		fail(cause, "%s image cut short (%d of %d rows)", type,
		    bottom, gdk_pixbuf_get_height(pb));
	} else if (!(im = from_pixbuf(pb))) {
		fail(cause, "unsupported %s pixel format", type);
	}
	if (err)
		g_error_free(err);
	g_object_unref(loader);
	return im;
}

/* cairo's ARGB32 (premultiplied, native-endian words) to RGBA. */
static struct image *
from_surface(cairo_surface_t *s)
{
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int rs = cairo_image_surface_get_stride(s);
	const unsigned char *src;
	struct image *im = image_new(w, h);
	int x, y;

	cairo_surface_flush(s);
	src = cairo_image_surface_get_data(s);
	for (y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)
		    (src + (size_t)y * (size_t)rs);
		unsigned char *d = im->pixels + (size_t)y * (size_t)im->stride;

		for (x = 0; x < w; x++, d += 4) {
			uint32_t v = row[x], a = v >> 24;

			d[3] = (unsigned char)a;
			if (a == 0) {
				d[0] = d[1] = d[2] = 0;
				continue;
			}
			d[0] = (unsigned char)((((v >> 16) & 255) * 255 + a / 2) / a);
			d[1] = (unsigned char)((((v >> 8) & 255) * 255 + a / 2) / a);
			d[2] = (unsigned char)(((v & 255) * 255 + a / 2) / a);
		}
	}
	return im;
}

static struct image *
decode_svg(const void *data, size_t len, char **cause)
{
	GInputStream *in;
	RsvgHandle *h;
	GError *err = NULL;
	RsvgRectangle vp;
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	struct image *im = NULL;
	gdouble dw = 0, dh = 0;
	double scale;
	int w, hh;

	/* no base file: relative and absolute references resolve to
	 * nothing, and librsvg never loads http(s) anyway */
	in = g_memory_input_stream_new_from_data(data, (gssize)len, NULL);
	h = rsvg_handle_new_from_stream_sync(in, NULL, RSVG_HANDLE_FLAGS_NONE,
	    NULL, &err);
	g_object_unref(in);
	if (!h) {
		fail(cause, "cannot read SVG: %s", err ? err->message : "?");
		goto fail;
	}
	if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &dw, &dh) ||
	    !(dw > 0) || !(dh > 0) || dw > 1e6 || dh > 1e6) {
		dw = IMAGE_SVG_SIDE / 2;
		dh = IMAGE_SVG_SIDE / 2;
	}
	scale = dw > dh ? IMAGE_SVG_SIDE / dw : IMAGE_SVG_SIDE / dh;
	if (scale > 1)
		scale = 1;
	w = (int)(dw * scale + 0.5);
	hh = (int)(dh * scale + 0.5);
	if (w < 1)
		w = 1;
	if (hh < 1)
		hh = 1;
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, hh);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fail(cause, "cannot draw SVG at %dx%d", w, hh);
		goto fail;
	}
	cr = cairo_create(s);
	vp.x = vp.y = 0;
	vp.width = w;
	vp.height = hh;
	if (!rsvg_handle_render_document(h, cr, &vp, &err)) {
		fail(cause, "cannot draw SVG: %s", err ? err->message : "?");
		goto fail;
	}
	im = from_surface(s);
fail:
	if (cr)
		cairo_destroy(cr);
	if (s)
		cairo_surface_destroy(s);
	if (h)
		g_object_unref(h);
	if (err)
		g_error_free(err);
	return im;
}

struct image *
media_decode(const void *data, size_t len, const char *type, char **cause)
{
	if (strcmp(type, "svg") == 0)
		return decode_svg(data, len, cause);
	return decode_pixbuf(data, len, type, cause);
}

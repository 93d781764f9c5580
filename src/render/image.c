/*
 * image.c: decoding pictures, finding the file an image reference means,
 * and the picture boxes the renderer leaves in its lines (image.h says
 * how a picture reaches the screen). PNG, JPEG and GIF go through a
 * gdk-pixbuf loader of that one type (picked from the magic bytes, so
 * none of gdk-pixbuf's rarer loaders ever sees the data), SVG through
 * librsvg from memory with no base file, so it cannot reach any other
 * file or URL. Sizes are checked before pixels are allocated.
 */
#include "render/image.h"
#include "render/width.h"
#include "core/buf.h"
#include "core/util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <librsvg/rsvg.h>
#include <cairo.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum kind { K_NONE, K_PNG, K_JPEG, K_GIF, K_SVG };

static enum kind
sniff(const unsigned char *p, size_t n)
{
	size_t i, lim;

	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return K_PNG;
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return K_JPEG;
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 ||
	    memcmp(p, "GIF89a", 6) == 0))
		return K_GIF;
	/* SVG: an "<svg" within the first 4 KB (after an XML prolog,
	 * comments or a doctype). */
	lim = n < 4096 ? n : 4096;
	for (i = 0; i + 4 <= lim; i++)
		if (p[i] == '<' && strncasecmp((const char *)p + i + 1, "svg",
		    3) == 0)
			return K_SVG;
	return K_NONE;
}

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
decode_pixbuf(const void *data, size_t len, enum kind k, char **cause)
{
	static const char *const types[] = { NULL, "png", "jpeg", "gif" };
	GdkPixbufLoader *loader;
	GError *err = NULL;
	struct image *im = NULL;
	const guchar *p = data;
	size_t at = 0, n;
	int big = 0, ok = 1, bottom = 0;
	GdkPixbuf *pb;

	loader = gdk_pixbuf_loader_new_with_type(types[k], &err);
	if (!loader) {
		fail(cause, "no %s loader: %s", types[k], err->message);
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
		fail(cause, "cannot decode %s: %s", types[k],
		    err ? err->message : "no picture");
	} else if (bottom < gdk_pixbuf_get_height(pb)) {
		fail(cause, "%s image cut short (%d of %d rows)", types[k],
		    bottom, gdk_pixbuf_get_height(pb));
	} else if (!(im = from_pixbuf(pb))) {
		fail(cause, "unsupported %s pixel format", types[k]);
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
image_decode(const void *data, size_t len, char **cause)
{
	enum kind k;

	if (len > IMAGE_MAX_BYTES) {
		fail(cause, "image file too large (%zu bytes)", len);
		return NULL;
	}
	k = sniff(data, len);
	if (k == K_NONE) {
		fail(cause, "not a PNG, JPEG, GIF or SVG image");
		return NULL;
	}
	if (k == K_SVG)
		return decode_svg(data, len, cause);
	return decode_pixbuf(data, len, k, cause);
}

struct image *
image_load(const char *path, char **cause)
{
	struct image *im;
	char *data = NULL;
	size_t len = 0;

	if (read_file(path, IMAGE_MAX_BYTES, &data, &len, cause) < 0)
		return NULL;
	im = image_decode(data, len, cause);
	free(data);
	return im;
}

void
image_free(struct image *im)
{
	if (!im)
		return;
	free(im->pixels);
	free(im);
}

/* ---------------------------------------------------------------- */
/* Resolving references */

static int
image_name(const char *s)
{
	static const char *const exts[] = { ".png", ".jpg", ".jpeg", ".gif",
	    ".svg" };
	size_t i, n, len = strlen(s);

	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		n = strlen(exts[i]);
		if (len >= n && strcasecmp(s + len - n, exts[i]) == 0)
			return 1;
	}
	return 0;
}

static char *
existing(char *path)
{
	struct stat st;

	if (path && image_name(path) && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode))
		return path;
	free(path);
	return NULL;
}

/* "scheme:" before any '/': a URL, not a path. */
static int
has_scheme(const char *s)
{
	size_t n = strcspn(s, ":/");

	return s[n] == ':' && n > 0;
}

char *
image_resolve(const char *dir, const char *src)
{
	const char *end, *base;
	char *name, *p;

	if (!src || !*src || strlen(src) > 4096)
		return NULL;
	if (!dir || !*dir)
		dir = ".";
	if (strncasecmp(src, "http://", 7) == 0 ||
	    strncasecmp(src, "https://", 8) == 0 ||
	    strncmp(src, "//", 2) == 0) {
		end = src + strcspn(src, "?#");
		name = xstrndup(src, (size_t)(end - src));
		base = path_base(name);
		if (!*base || strcmp(base, "..") == 0 ||
		    strcmp(base, ".") == 0) {
			free(name);
			return NULL;
		}
		p = existing(xasprintf("%s/public/%s", dir, base));
		if (!p)
			p = existing(xasprintf("%s/%s", dir, base));
		free(name);
		return p;
	}
	if (has_scheme(src))
		return NULL;	/* file:, data:, mailto: and the rest */
	end = src + strcspn(src, "?#");
	name = xstrndup(src, (size_t)(end - src));
	if (name[0] == '/') {
		/* Slidev: /img/x.png is public/img/x.png; else absolute */
		p = existing(xasprintf("%s/public%s", dir, name));
		if (!p)
			p = existing(xasprintf("%s%s", dir, name));
		if (!p)
			p = existing(xstrdup(name));
	} else {
		p = existing(path_join(dir, name));
	}
	free(name);
	return p;
}

/* ---------------------------------------------------------------- */
/* Interned paths */

static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static char **interned;
static size_t ninterned, capinterned;

int
image_intern(const char *path)
{
	size_t i;
	int id;

	pthread_mutex_lock(&intern_lock);
	for (i = 0; i < ninterned; i++)
		if (strcmp(interned[i], path) == 0)
			break;
	if (i == ninterned) {
		interned = xgrow(interned, &capinterned, ninterned + 1,
		    sizeof *interned);
		interned[ninterned++] = xstrdup(path);
	}
	id = (int)i;
	pthread_mutex_unlock(&intern_lock);
	return id;
}

const char *
image_interned(int id)
{
	const char *p = NULL;

	pthread_mutex_lock(&intern_lock);
	if (id >= 0 && (size_t)id < ninterned)
		p = interned[id];
	pthread_mutex_unlock(&intern_lock);
	return p;
}

/* ---------------------------------------------------------------- */
/* Boxes */

/* The picture span of row l: its id and start column, or 0. */
static int
row_picture(const struct rline *l, int *id, int *col, int *cols)
{
	size_t i;

	for (i = 0; i < l->nspans; i++) {
		const struct rspan *s = &l->spans[i];

		if (ST_IS_PICTURE(s->style) && s->link >= 0) {
			*id = s->link;
			*col = text_width(l->text, s->off);
			*cols = text_width(l->text + s->off, s->len);
			return 1;
		}
	}
	return 0;
}

size_t
picture_find(const struct rline *rows, size_t nrows, struct picture *out,
    size_t max)
{
	size_t r = 0, n = 0;
	int id, col, cols, id2, col2, cols2;

	while (r < nrows && n < max) {
		size_t end;

		if (!row_picture(&rows[r], &id, &col, &cols)) {
			r++;
			continue;
		}
		for (end = r + 1; end < nrows; end++)
			if (!row_picture(&rows[end], &id2, &col2, &cols2) ||
			    id2 != id || col2 != col)
				break;
		out[n].id = id;
		out[n].row = (int)r;
		out[n].col = col;
		out[n].cols = cols;
		out[n].rows = (int)(end - r);
		n++;
		r = end;
	}
	return n;
}

static void
push_row(struct rdoc *d, struct buf *text, int id)
{
	struct rline *l;

	d->lines = xrealloc(d->lines, (d->nlines + 1) * sizeof *d->lines);
	l = &d->lines[d->nlines++];
	l->width = text_width(text->ptr ? text->ptr : "", text->len);
	l->spans = xcalloc(1, sizeof *l->spans);
	l->nspans = 1;
	l->spans[0].off = 0;
	l->spans[0].len = text->len;
	l->spans[0].style = ST_PICTURE | ST_IMAGE;
	l->spans[0].link = id;
	l->text = buf_take(text);
}

static void
repeat(struct buf *b, const char *s, int n)
{
	while (n-- > 0)
		buf_adds(b, s);
}

void
picture_box(struct rdoc *d, int id, const char *alt, int w, int h)
{
	char *clean = text_sanitize(alt && *alt ? alt : "image",
	    strlen(alt && *alt ? alt : "image"));
	const char *t = clean;
	size_t len = strlen(clean), next, n;
	struct buf b = BUF_INIT;
	int i, top, tw, nlines = 0;

	if (w < 4)
		w = 4;
	if (h < 3)
		h = 3;
	/* count the alt text's lines first, to centre them */
	for (t = clean, len = strlen(clean); len > 0; nlines++) {
		n = text_wrap(t, len, w - 4, &next);
		t += next;
		len -= next;
		if (n == 0 && next == 0)
			break;
	}
	top = (h - 2 - nlines) / 2;
	buf_adds(&b, "┌");
	repeat(&b, "─", w - 2);
	buf_adds(&b, "┐");
	push_row(d, &b, id);
	t = clean;
	len = strlen(clean);
	for (i = 0; i < h - 2; i++) {
		buf_adds(&b, "│");
		tw = 0;
		if (i >= top && len > 0) {
			n = text_wrap(t, len, w - 4, &next);
			tw = text_width(t, n);
			repeat(&b, " ", (w - 2 - tw) / 2);
			buf_add(&b, t, n);
			tw += (w - 2 - tw) / 2;
			t += next;
			len -= next;
		}
		repeat(&b, " ", w - 2 - tw);
		buf_adds(&b, "│");
		push_row(d, &b, id);
	}
	buf_adds(&b, "└");
	repeat(&b, "─", w - 2);
	buf_adds(&b, "┘");
	push_row(d, &b, id);
	free(clean);
}

/*
 * image.c: telling a picture's type, finding the file an image reference
 * means, and the picture boxes the renderer leaves in its lines (image.h
 * says how a picture reaches the screen). The type is told here from the
 * magic bytes; the decoding itself is stratus-media.so's (media.h,
 * media/media-image.c), loaded by the first picture.
 */
#include "render/image.h"
#include "render/media.h"
#include "render/width.h"
#include "core/buf.h"
#include "core/util.h"

#include <pthread.h>
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

struct image *
image_decode(const void *data, size_t len, char **cause)
{
	static const char *const kind_names[] = { NULL, "png", "jpeg", "gif",
	    "svg" };
	const struct media_api *m;
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
	if (!(m = media_get(cause)))
		return NULL;
	return m->decode(data, len, kind_names[k], cause);
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

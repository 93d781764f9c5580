/*
 * image-term.c: pictures as terminal output, for one box of cells, in
 * one protocol (kitty, iTerm2, sixel or Unicode symbols), with a cache
 * per (file, size, protocol). The encoding is libchafa's, in
 * stratus-media.so (media.h, media/media-term.c). The choice of protocol
 * from the environment is here too; asking the terminal is the caller's
 * (it owns the terminal).
 */
#include "render/image-term.h"
#include "render/media.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

int
image_mode_parse(const char *s, enum image_mode *out)
{
	if (!s)
		return -1;
	if (strcmp(s, "auto") == 0)
		*out = IMAGES_AUTO;
	else if (strcmp(s, "symbols") == 0)
		*out = IMAGES_SYMBOLS;
	else if (strcmp(s, "off") == 0)
		*out = IMAGES_OFF;
	else
		return -1;
	return 0;
}

enum image_proto
image_proto_from_env(const char *term, const char *term_program,
    int kitty_window)
{
	if (kitty_window || (term && (strcmp(term, "xterm-kitty") == 0 ||
	    strstr(term, "ghostty"))))
		return PROTO_KITTY;
	if (term_program && (strcmp(term_program, "iTerm.app") == 0 ||
	    strcmp(term_program, "WezTerm") == 0))
		return PROTO_ITERM;
	if (term && (str_starts(term, "mlterm") || str_starts(term, "foot") ||
	    str_starts(term, "contour") || strstr(term, "sixel")))
		return PROTO_SIXEL;
	return PROTO_SYMBOLS;
}

int
image_da1_sixel(const char *reply, size_t len)
{
	size_t i = 0, start;

	/* ESC [ ? 6 2 ; 4 ; 2 2 c: attribute 4 is sixel */
	while (i < len && reply[i] != '?')
		i++;
	if (i == len)
		return 0;
	for (i++; i < len && reply[i] != 'c';) {
		start = i;
		while (i < len && reply[i] >= '0' && reply[i] <= '9')
			i++;
		if (i - start == 1 && reply[start] == '4')
			return 1;
		if (i < len && reply[i] != ';' && reply[i] != 'c')
			return 0;
		if (i < len && reply[i] == ';')
			i++;
	}
	return 0;
}

char **
image_to_term(const struct image *im, enum image_proto p, int cols, int rows,
    int *out_cols, int *out_rows)
{
	const struct media_api *m;
	char *cause = NULL;

	if (!im || cols < 1 || rows < 1)
		return NULL;
	/* no module: the box keeps its alt text (media_get's cause is
	 * told once, by whoever shows the pictures) */
	if (!(m = media_get(&cause))) {
		free(cause);
		return NULL;
	}
	return m->to_term(im, p, cols, rows, out_cols, out_rows);
}

void
image_lines_free(char **lines)
{
	size_t i;

	if (!lines)
		return;
	for (i = 0; lines[i]; i++)
		free(lines[i]);
	free(lines);
}

/* ---------------------------------------------------------------- */
/* The cache: decoded images by path, terminal output by (path, size,
 * protocol). Small and linear: a deck has tens of pictures. */

struct decoded {
	char *path;
	struct image *im;	/* NULL: could not be decoded */
};

struct encoded {
	char *path;
	int cols, rows, proto;
	struct image_out out;
};

#define CACHE_MAX 64

struct image_cache {
	struct decoded *dec;
	size_t ndec, capdec;
	struct encoded *enc;
	size_t nenc, capenc;
};

struct image_cache *
image_cache_new(void)
{
	return xcalloc(1, sizeof(struct image_cache));
}

void
image_cache_free(struct image_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->ndec; i++) {
		free(c->dec[i].path);
		image_free(c->dec[i].im);
	}
	for (i = 0; i < c->nenc; i++) {
		free(c->enc[i].path);
		image_lines_free(c->enc[i].out.lines);
	}
	free(c->dec);
	free(c->enc);
	free(c);
}

const struct image *
image_cache_image(struct image_cache *c, const char *path)
{
	struct decoded *d;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < c->ndec; i++)
		if (strcmp(c->dec[i].path, path) == 0)
			return c->dec[i].im;
	c->dec = xgrow(c->dec, &c->capdec, c->ndec + 1, sizeof *c->dec);
	d = &c->dec[c->ndec++];
	d->path = xstrdup(path);
	d->im = image_load(path, &cause);
	free(cause);
	return d->im;
}

const struct image_out *
image_cache_term(struct image_cache *c, const char *path, enum image_proto p,
    int cols, int rows)
{
	const struct image *im;
	struct encoded *e;
	size_t i;

	for (i = 0; i < c->nenc; i++) {
		e = &c->enc[i];
		if (e->cols == cols && e->rows == rows && e->proto == (int)p &&
		    strcmp(e->path, path) == 0)
			return e->out.lines ? &e->out : NULL;
	}
	if (!(im = image_cache_image(c, path)))
		return NULL;
	if (c->nenc == CACHE_MAX) {
		/* drop the oldest */
		free(c->enc[0].path);
		image_lines_free(c->enc[0].out.lines);
		memmove(c->enc, c->enc + 1, (c->nenc - 1) * sizeof *c->enc);
		c->nenc--;
	}
	c->enc = xgrow(c->enc, &c->capenc, c->nenc + 1, sizeof *c->enc);
	e = &c->enc[c->nenc++];
	memset(e, 0, sizeof *e);
	e->path = xstrdup(path);
	e->cols = cols;
	e->rows = rows;
	e->proto = (int)p;
	e->out.lines = image_to_term(im, p, cols, rows, &e->out.cols,
	    &e->out.rows);
	e->out.nlines = 0;
	while (e->out.lines && e->out.lines[e->out.nlines])
		e->out.nlines++;
	return e->out.lines ? &e->out : NULL;
}

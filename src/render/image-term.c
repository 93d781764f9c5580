/*
 * image-term.c: pictures as terminal output through libchafa, for one
 * box of cells, in one protocol (kitty, iTerm2, sixel or Unicode
 * symbols), with a cache per (file, size, protocol). The bytes returned
 * are chafa's own output for the pixels (the only escape sequences from
 * a picture that ever reach the terminal) cut into one piece per row.
 * The choice of protocol from the environment is here too; asking the
 * terminal is the caller's (it owns the terminal).
 */
#include "render/image-term.h"
#include "core/util.h"

#include <chafa.h>
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

/* A terminal description for proto, independent of this process's
 * environment (so output is the same in tests). */
static ChafaTermInfo *
term_info(enum image_proto p)
{
	static const char *kitty[] = { "TERM=xterm-kitty", NULL };
	static const char *iterm[] = { "TERM=xterm-256color",
	    "TERM_PROGRAM=iTerm.app", "COLORTERM=truecolor", NULL };
	static const char *sixel[] = { "TERM=mlterm", "COLORTERM=truecolor",
	    NULL };
	static const char *sym[] = { "TERM=xterm-256color",
	    "COLORTERM=truecolor", NULL };
	const char **env = p == PROTO_KITTY ? kitty : p == PROTO_ITERM ? iterm :
	    p == PROTO_SIXEL ? sixel : sym;

	return chafa_term_db_detect(chafa_term_db_get_default(),
	    (gchar **)env);
}

char **
image_to_term(const struct image *im, enum image_proto p, int cols, int rows,
    int *out_cols, int *out_rows)
{
	ChafaSymbolMap *map = NULL;
	ChafaCanvasConfig *cfg;
	ChafaCanvas *canvas;
	ChafaTermInfo *ti;
	GString *gs;
	char **lines;
	int w = cols, h = rows, n, i;
	const char *s, *nl;

	if (!im || cols < 1 || rows < 1)
		return NULL;
	/* cells are about twice as tall as wide */
	chafa_calc_canvas_geometry(im->width, im->height, &w, &h, 0.5f, TRUE,
	    FALSE);
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	cfg = chafa_canvas_config_new();
	chafa_canvas_config_set_geometry(cfg, w, h);
	chafa_canvas_config_set_canvas_mode(cfg, CHAFA_CANVAS_MODE_TRUECOLOR);
	switch (p) {
	case PROTO_KITTY:
		chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_KITTY);
		break;
	case PROTO_ITERM:
		chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_ITERM2);
		break;
	case PROTO_SIXEL:
		chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_SIXELS);
		break;
	default:
		chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_SYMBOLS);
		map = chafa_symbol_map_new();
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK |
		    CHAFA_SYMBOL_TAG_BORDER | CHAFA_SYMBOL_TAG_SPACE);
		chafa_canvas_config_set_symbol_map(cfg, map);
		break;
	}
	chafa_canvas_config_set_cell_geometry(cfg, 10, 20);
	canvas = chafa_canvas_new(cfg);
	chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED,
	    im->pixels, im->width, im->height, im->stride);
	ti = term_info(p);
	gs = chafa_canvas_print(canvas, ti);
	/* symbols: one piece per row (chafa ends rows with '\n'); the
	 * pixel protocols: one piece, drawn at the box's top-left */
	n = p == PROTO_SYMBOLS ? h : 1;
	lines = xcalloc((size_t)n + 1, sizeof *lines);
	s = gs->str;
	for (i = 0; i < n; i++) {
		nl = p == PROTO_SYMBOLS ? strchr(s, '\n') : NULL;
		if (!nl)
			nl = s + strlen(s);
		lines[i] = xstrndup(s, (size_t)(nl - s));
		s = *nl ? nl + 1 : nl;
	}
	g_string_free(gs, TRUE);
	chafa_term_info_unref(ti);
	chafa_canvas_unref(canvas);
	chafa_canvas_config_unref(cfg);
	if (map)
		chafa_symbol_map_unref(map);
	if (out_cols)
		*out_cols = w;
	if (out_rows)
		*out_rows = h;
	return lines;
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

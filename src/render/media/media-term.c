/*
 * media-term.c (stratus-media.so): a decoded picture as terminal output
 * through libchafa, for one box of cells, in one protocol (kitty,
 * iTerm2, sixel or Unicode symbols). The bytes returned are chafa's own
 * output for the pixels (the only escape sequences from a picture that
 * ever reach the terminal) cut into one piece per row.
 */
#include "render/media/media-int.h"
#include "core/util.h"

#include <chafa.h>
#include <string.h>

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
media_to_term(const struct image *im, enum image_proto p, int cols, int rows,
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

	/* (image_to_term checked im, cols and rows) */
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


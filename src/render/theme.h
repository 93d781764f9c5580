/*
 * theme.h: how each style looks. A theme file (themes/NAME.theme, or
 * $XDG_CONFIG_HOME/stratus/themes/NAME.theme first) holds "key = value"
 * lines under [ui], [markdown] and [slides]; a value is
 *
 *	[FG] [on BG] [bold] [italic] [underline] [dim] [reverse] [strike]
 *
 * with colours by name (red, bright-blue, default...), 0-255 or #rrggbb.
 * See man/stratus-theme.5. Keys a file leaves out keep the built-in
 * attribute-only look, so a partial theme works.
 *
 * The colour depth (true colour, 256, 16, 8 or none) is decided once, from
 * NO_COLOR, COLORTERM and TERM, and colours are brought to the nearest the
 * terminal has when they are written.
 */
#ifndef STRATUS_THEME_H
#define STRATUS_THEME_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum tcolor_kind {
	TC_UNSET = 0,	/* inherit from the style below */
	TC_DEFAULT,	/* the terminal's own colour */
	TC_INDEX,	/* 0-255 */
	TC_RGB,		/* 0xRRGGBB */
};

struct tcolor {
	enum tcolor_kind kind;
	uint32_t v;
};

enum {
	TA_BOLD = 1u << 0,
	TA_ITALIC = 1u << 1,
	TA_UNDERLINE = 1u << 2,
	TA_DIM = 1u << 3,
	TA_REVERSE = 1u << 4,
	TA_STRIKE = 1u << 5,
};

struct tstyle {
	struct tcolor fg, bg;
	unsigned attrs;		/* TA_* */
};

/* Screen elements that are not Markdown styles. */
enum ui_elem {
	UI_TEXT,	/* [ui] text: the base fg on bg of every pane */
	UI_STATUS,	/* [ui] status: the status bar */
	UI_BORDER,	/* [ui] border: pane borders and separators */
	UI_TITLE,	/* [ui] title: pane titles */
	UI_ERROR,	/* [ui] error: error and warning messages */
	UI_PROMPT,	/* [ui] prompt: the search or command prompt */
	UI_SLIDE_TEXT,	/* [slides] text: base of a slide */
	UI_FOOTER,	/* [slides] footer */
	UI_PROGRESS,	/* [slides] progress: the done part of the bar */
	UI_PROGRESS_REST,	/* [slides] progress_rest: the part to go */
	UI_COUNT
};
/* As a base for theme_style(): the terminal's own colours, no [ui] text
 * (what `stratus show` writes). */
#define UI_PLAIN UI_COUNT

/* Number of ST_* bits (render.h). */
#define THEME_NSTYLES 28

struct theme;

/*
 * Load a theme by name (searched in $XDG_CONFIG_HOME/stratus/themes, then
 * data_dir()/themes) or by path (a name with '/' or ending in ".theme").
 * "dark" falls back to the built-in look when no file is found. Returns 0,
 * or -1 with *cause "FILE:LINE: what is wrong" or "theme NAME: not found".
 */
int theme_load(const char *name, struct theme **out, char **cause);
/* Parse a theme's text; file names it in messages. 0 or -1 with cause. */
int theme_parse(const char *text, size_t len, const char *file,
    struct theme **out, char **cause);
/* The built-in theme: attributes only, terminal colours. */
struct theme *theme_builtin(void);
void theme_free(struct theme *t);
const char *theme_name(const struct theme *t);

/* Colour depth: 0 (attributes only: NO_COLOR), 8, 16, 256 or 24 (true
 * colour). Detected from the environment at load; tests may set it. */
int theme_detect_depth(void);
int theme_depth(const struct theme *t);
void theme_set_depth(struct theme *t, int depth);

/* The look of a set of ST_* bits over a base element (UI_TEXT for notes,
 * UI_SLIDE_TEXT for slides): the base, then each bit's colours and
 * attributes in a fixed order (code over headings, selection over all). */
struct tstyle theme_style(const struct theme *t, enum ui_elem base,
    unsigned st);
/* The look of a callout kind alone ([markdown] callout_note...), kind
 * an enum rcallout; theme_style() lays it over quote, under the rest. */
struct tstyle theme_callout(const struct theme *t, int kind);
/* The look of a UI element (over UI_TEXT). */
struct tstyle theme_ui(const struct theme *t, enum ui_elem e);

/* Append the SGR sequence for s at the theme's depth: "\033[0;...m". */
void theme_sgr(const struct theme *t, const struct tstyle *s,
    struct buf *out);

/* The colour as RGB (indexes through the xterm palette); TC_DEFAULT and
 * TC_UNSET give dflt. */
uint32_t tcolor_rgb(struct tcolor c, uint32_t dflt);
/* The nearest of the first ncolors (8, 16 or 256) palette entries. */
int color_nearest(uint32_t rgb, int ncolors);
/* A colour number for a terminal with ncolors colours: -1 for the
 * terminal default, the RGB value itself when ncolors >= 2^24. */
int tcolor_number(struct tcolor c, int ncolors);
/* WCAG 2 contrast ratio of two RGB colours (1 to 21). */
double wcag_contrast(uint32_t a, uint32_t b);

#endif

/* theme.c: theme files, style resolution, SGR output and colour maths. */
#include "render/theme.h"
#include "render/render.h"
#include "core/ini.h"
#include "core/util.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct theme {
	char *name;
	int depth;
	struct tstyle st[THEME_NSTYLES];	/* by ST_* bit number */
	struct tstyle ui[UI_COUNT];
	struct tstyle callout[RC_COUNT];	/* by enum rcallout */
};

/* A key of a theme file: an ST_* bit number, or a UI element. */
struct theme_key {
	const char *section;
	const char *key;
	int ui;			/* 1: idx is an enum ui_elem, 2: a callout */
	int idx;
};

static const struct theme_key theme_keys[] = {
	{ "ui", "text", 1, UI_TEXT },
	{ "ui", "status", 1, UI_STATUS },
	{ "ui", "border", 1, UI_BORDER },
	{ "ui", "title", 1, UI_TITLE },
	{ "ui", "error", 1, UI_ERROR },
	{ "ui", "prompt", 1, UI_PROMPT },
	{ "ui", "selection", 0, 23 },
	{ "ui", "search_match", 0, 22 },
	{ "ui", "dim", 0, 25 },
	{ "markdown", "h1", 0, 0 },
	{ "markdown", "h2", 0, 1 },
	{ "markdown", "h3", 0, 2 },
	{ "markdown", "emph", 0, 3 },
	{ "markdown", "strong", 0, 4 },
	{ "markdown", "strike", 0, 5 },
	{ "markdown", "code", 0, 6 },
	{ "markdown", "code_block", 0, 7 },
	{ "markdown", "link", 0, 8 },
	{ "markdown", "link_broken", 0, 9 },
	{ "markdown", "quote", 0, 10 },
	{ "markdown", "marker", 0, 11 },
	{ "markdown", "rule", 0, 12 },
	{ "markdown", "table", 0, 13 },
	{ "markdown", "table_header", 0, 14 },
	{ "markdown", "tag", 0, 15 },
	{ "markdown", "image", 0, 16 },
	{ "markdown", "footnote", 0, 17 },
	{ "markdown", "keyword", 0, 18 },
	{ "markdown", "string", 0, 19 },
	{ "markdown", "comment", 0, 20 },
	{ "markdown", "number", 0, 21 },
	{ "markdown", "control", 0, 24 },
	{ "markdown", "highlight", 0, 27 },
	{ "markdown", "callout_note", 2, RC_NOTE },
	{ "markdown", "callout_abstract", 2, RC_ABSTRACT },
	{ "markdown", "callout_info", 2, RC_INFO },
	{ "markdown", "callout_todo", 2, RC_TODO },
	{ "markdown", "callout_tip", 2, RC_TIP },
	{ "markdown", "callout_success", 2, RC_SUCCESS },
	{ "markdown", "callout_question", 2, RC_QUESTION },
	{ "markdown", "callout_warning", 2, RC_WARNING },
	{ "markdown", "callout_failure", 2, RC_FAILURE },
	{ "markdown", "callout_danger", 2, RC_DANGER },
	{ "markdown", "callout_bug", 2, RC_BUG },
	{ "markdown", "callout_example", 2, RC_EXAMPLE },
	{ "markdown", "callout_quote", 2, RC_QUOTE },
	{ "slides", "text", 1, UI_SLIDE_TEXT },
	{ "slides", "title", 0, 26 },
	{ "slides", "footer", 1, UI_FOOTER },
	{ "slides", "progress", 1, UI_PROGRESS },
	{ "slides", "progress_rest", 1, UI_PROGRESS_REST },
};

/* The order in which style bits are laid over each other, lowest first. */
static const unsigned char st_order[THEME_NSTYLES] = {
	10,			/* quote */
	25,			/* dim */
	13, 14,			/* table, table header */
	11, 12,			/* marker, rule */
	2, 1, 0, 26,		/* h3, h2, h1, slide title */
	3, 4, 5,		/* emph, strong, strike */
	27,			/* highlight */
	15, 17, 16,		/* tag, footnote, image */
	8, 9,			/* link, broken link */
	7, 6,			/* code block, inline code */
	18, 19, 20, 21,		/* keyword, string, comment, number */
	24,			/* control */
	22, 23,			/* search match, selection */
};

/* The built-in look: attributes only. */
static const struct {
	int ui, idx;
	unsigned attrs;
} builtin_attrs[] = {
	{ 0, 0, TA_BOLD | TA_UNDERLINE },
	{ 0, 1, TA_BOLD },
	{ 0, 2, TA_BOLD },
	{ 0, 3, TA_ITALIC },
	{ 0, 4, TA_BOLD },
	{ 0, 5, TA_STRIKE },
	{ 0, 8, TA_UNDERLINE },
	{ 0, 9, TA_UNDERLINE | TA_DIM },
	{ 0, 10, TA_ITALIC },
	{ 0, 11, TA_BOLD },
	{ 0, 12, TA_DIM },
	{ 0, 13, TA_DIM },
	{ 0, 14, TA_BOLD },
	{ 0, 16, TA_ITALIC },
	{ 0, 17, TA_BOLD },
	{ 0, 18, TA_BOLD },
	{ 0, 20, TA_DIM },
	{ 0, 22, TA_REVERSE },
	{ 0, 23, TA_REVERSE },
	{ 0, 24, TA_REVERSE },
	{ 0, 25, TA_DIM },
	{ 0, 26, TA_BOLD },
	{ 0, 27, TA_REVERSE },
	{ 1, UI_STATUS, TA_REVERSE },
	{ 1, UI_BORDER, TA_DIM },
	{ 1, UI_TITLE, TA_BOLD },
	{ 1, UI_ERROR, TA_BOLD },
	{ 1, UI_PROMPT, TA_BOLD },
	{ 1, UI_FOOTER, TA_DIM },
	{ 1, UI_PROGRESS, TA_REVERSE },
	{ 1, UI_PROGRESS_REST, TA_DIM },
};

static const struct {
	const char *name;
	int idx;
} color_names[] = {
	{ "black", 0 }, { "red", 1 }, { "green", 2 }, { "yellow", 3 },
	{ "blue", 4 }, { "magenta", 5 }, { "cyan", 6 }, { "white", 7 },
	{ "gray", 8 }, { "grey", 8 },
	{ "bright-black", 8 }, { "bright-red", 9 }, { "bright-green", 10 },
	{ "bright-yellow", 11 }, { "bright-blue", 12 },
	{ "bright-magenta", 13 }, { "bright-cyan", 14 },
	{ "bright-white", 15 },
	{ "brightblack", 8 }, { "brightred", 9 }, { "brightgreen", 10 },
	{ "brightyellow", 11 }, { "brightblue", 12 },
	{ "brightmagenta", 13 }, { "brightcyan", 14 },
	{ "brightwhite", 15 },
};

static const struct {
	const char *name;
	unsigned attr;
} attr_names[] = {
	{ "bold", TA_BOLD }, { "italic", TA_ITALIC },
	{ "underline", TA_UNDERLINE }, { "dim", TA_DIM },
	{ "reverse", TA_REVERSE }, { "strike", TA_STRIKE },
	{ "strikethrough", TA_STRIKE },
};

/* xterm's first 16 colours. */
static const uint32_t base16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
	0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
	0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static const uint8_t cube_level[6] = { 0, 95, 135, 175, 215, 255 };

static uint32_t
palette_rgb(int i)
{
	int r, g, b, v;

	if (i < 16)
		return base16[i];
	if (i < 232) {
		i -= 16;
		r = cube_level[i / 36];
		g = cube_level[(i / 6) % 6];
		b = cube_level[i % 6];
		return (uint32_t)(r << 16 | g << 8 | b);
	}
	v = 8 + 10 * (i - 232);
	return (uint32_t)(v << 16 | v << 8 | v);
}

uint32_t
tcolor_rgb(struct tcolor c, uint32_t dflt)
{
	if (c.kind == TC_INDEX)
		return palette_rgb((int)(c.v & 0xff));
	if (c.kind == TC_RGB)
		return c.v & 0xffffff;
	return dflt;
}

/* Perceptual distance ("redmean" weighting). */
static long
color_distance(uint32_t a, uint32_t b)
{
	long r1 = a >> 16 & 0xff, g1 = a >> 8 & 0xff, b1 = a & 0xff;
	long r2 = b >> 16 & 0xff, g2 = b >> 8 & 0xff, b2 = b & 0xff;
	long rm = (r1 + r2) / 2, dr = r1 - r2, dg = g1 - g2, db = b1 - b2;

	return ((512 + rm) * dr * dr >> 8) + 4 * dg * dg +
	    ((767 - rm) * db * db >> 8);
}

int
color_nearest(uint32_t rgb, int ncolors)
{
	int i, first = 0, best = 0;
	long d, bestd = -1;

	if (ncolors >= 256) {
		ncolors = 256;
		first = 16;	/* the first 16 are the user's to redefine */
	} else if (ncolors >= 16)
		ncolors = 16;
	else
		ncolors = 8;
	for (i = first; i < ncolors; i++) {
		d = color_distance(rgb, palette_rgb(i));
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

int
tcolor_number(struct tcolor c, int ncolors)
{
	if (c.kind == TC_INDEX) {
		if ((int)c.v < ncolors || ncolors >= 256)
			return (int)c.v;
		return color_nearest(palette_rgb((int)c.v), ncolors);
	}
	if (c.kind == TC_RGB) {
		if (ncolors >= 0x1000000)
			return (int)(c.v & 0xffffff);
		return color_nearest(c.v, ncolors);
	}
	return -1;
}

static double
luminance_channel(uint32_t v)
{
	double c = (double)v / 255.0;

	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double
luminance(uint32_t rgb)
{
	return 0.2126 * luminance_channel(rgb >> 16 & 0xff) +
	    0.7152 * luminance_channel(rgb >> 8 & 0xff) +
	    0.0722 * luminance_channel(rgb & 0xff);
}

double
wcag_contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);

	if (la < lb)
		return (lb + 0.05) / (la + 0.05);
	return (la + 0.05) / (lb + 0.05);
}

int
theme_detect_depth(void)
{
	const char *nc = getenv("NO_COLOR"), *ct = getenv("COLORTERM");
	const char *term = getenv("TERM");

	if (nc && *nc)
		return 0;
	if (ct && (str_casecmp(ct, "truecolor") == 0 ||
	    str_casecmp(ct, "24bit") == 0))
		return 24;
	if ((term && strstr(term, "256color")) || (ct && *ct))
		return 256;
	if (term && (strstr(term, "-16color") || strstr(term, "kitty") ||
	    strstr(term, "alacritty")))
		return 16;
	return 8;
}

static struct theme *
theme_new(const char *name)
{
	struct theme *t = xcalloc(1, sizeof *t);
	size_t i;

	t->name = xstrdup(name);
	t->depth = theme_detect_depth();
	for (i = 0; i < sizeof builtin_attrs / sizeof builtin_attrs[0]; i++) {
		if (builtin_attrs[i].ui)
			t->ui[builtin_attrs[i].idx].attrs =
			    builtin_attrs[i].attrs;
		else
			t->st[builtin_attrs[i].idx].attrs =
			    builtin_attrs[i].attrs;
	}
	return t;
}

struct theme *
theme_builtin(void)
{
	return theme_new("builtin");
}

void
theme_free(struct theme *t)
{
	if (!t)
		return;
	free(t->name);
	free(t);
}

const char *
theme_name(const struct theme *t)
{
	return t->name;
}

int
theme_depth(const struct theme *t)
{
	return t->depth;
}

void
theme_set_depth(struct theme *t, int depth)
{
	t->depth = depth;
}

static int
parse_color(const char *w, struct tcolor *c)
{
	size_t i, n = strlen(w);
	long v;

	if (strcmp(w, "default") == 0 || strcmp(w, "-") == 0) {
		c->kind = TC_DEFAULT;
		return 0;
	}
	for (i = 0; i < sizeof color_names / sizeof color_names[0]; i++)
		if (strcmp(w, color_names[i].name) == 0) {
			c->kind = TC_INDEX;
			c->v = (uint32_t)color_names[i].idx;
			return 0;
		}
	if (w[0] == '#' && (n == 7 || n == 4)) {
		uint32_t rgb = 0;

		for (i = 1; i < n; i++) {
			int d = isdigit((unsigned char)w[i]) ? w[i] - '0' :
			    isxdigit((unsigned char)w[i]) ?
			    tolower((unsigned char)w[i]) - 'a' + 10 : -1;

			if (d < 0)
				return -1;
			rgb = rgb << (n == 4 ? 8 : 4) |
			    (uint32_t)(n == 4 ? d * 17 : d);
		}
		c->kind = TC_RGB;
		c->v = rgb;
		return 0;
	}
	if (parse_int(w, 0, 255, &v) == 0) {
		c->kind = TC_INDEX;
		c->v = (uint32_t)v;
		return 0;
	}
	return -1;
}

/* Parse "FG on BG attrs..." into s. 0, or -1 with the bad word in *bad. */
static int
parse_style(char *value, struct tstyle *s, char **bad)
{
	char *w = value, *end;
	int on = 0, have_fg = 0;
	size_t i;

	memset(s, 0, sizeof *s);
	for (;;) {
		while (*w == ' ' || *w == '\t')
			w++;
		if (!*w)
			break;
		end = w;
		while (*end && *end != ' ' && *end != '\t')
			end++;
		if (*end)
			*end++ = '\0';
		for (i = 0; w[i]; i++)
			w[i] = (char)tolower((unsigned char)w[i]);
		if (strcmp(w, "on") == 0 && !on) {
			on = 1;
		} else if (strcmp(w, "none") == 0 && !on) {
			/* nothing: an explicit plain style */
		} else if (on == 1) {
			if (parse_color(w, &s->bg) < 0)
				goto fail;
			on = 2;
		} else {
			for (i = 0; i < sizeof attr_names /
			    sizeof attr_names[0]; i++)
				if (strcmp(w, attr_names[i].name) == 0)
					break;
			if (i < sizeof attr_names / sizeof attr_names[0])
				s->attrs |= attr_names[i].attr;
			else if (!have_fg && !on && parse_color(w, &s->fg) == 0)
				have_fg = 1;
			else
				goto fail;
		}
		w = end;
	}
	if (on == 1) {
		*bad = xstrdup("on (no colour after it)");
		return -1;
	}
	return 0;
fail:
	*bad = xstrdup(w);
	return -1;
}

static char *
name_of_file(const char *file)
{
	const char *base = path_base(file);
	size_t n = strlen(base);

	if (str_ends(base, ".theme"))
		n -= strlen(".theme");
	return xstrndup(base, n);
}

int
theme_parse(const char *text, size_t len, const char *file,
    struct theme **out, char **cause)
{
	struct theme *t;
	struct ini r;
	enum ini_kind kind;
	char *key, *value, *bad = NULL;
	char section[32] = "";
	struct tstyle s;
	size_t i;

	if (memchr(text, '\0', len))
		return fail(cause, "%s: a theme file is text, not binary "
		    "(NUL byte found)", file);
	t = theme_new("");
	free(t->name);
	t->name = name_of_file(file);
	ini_open(&r, text, len);
	while ((kind = ini_next(&r, &key, &value)) != INI_END) {
		if (kind == INI_BAD_SECTION || (kind == INI_SECTION &&
		    strlen(key) >= sizeof section)) {
			fail(cause, "%s:%d: a section is [ui], "
			    "[markdown] or [slides]", file, r.line);
			goto fail;
		}
		if (kind == INI_SECTION) {
			if (strcmp(key, "ui") && strcmp(key, "markdown") &&
			    strcmp(key, "slides")) {
				fail(cause, "%s:%d: unknown section [%s]: use "
				    "[ui], [markdown] or [slides]", file,
				    r.line, key);
				goto fail;
			}
			memcpy(section, key, strlen(key) + 1);
			continue;
		}
		if (kind == INI_NO_EQUALS) {
			fail(cause, "%s:%d: expected \"key = value\"", file,
			    r.line);
			goto fail;
		}
		if (!*section) {
			fail(cause, "%s:%d: \"%s\" is outside a section: put "
			    "it under [ui], [markdown] or [slides]", file,
			    r.line, key);
			goto fail;
		}
		for (i = 0; i < sizeof theme_keys / sizeof theme_keys[0]; i++)
			if (strcmp(theme_keys[i].section, section) == 0 &&
			    strcmp(theme_keys[i].key, key) == 0)
				break;
		if (i == sizeof theme_keys / sizeof theme_keys[0]) {
			fail(cause, "%s:%d: unknown key \"%s\" in [%s] (see "
			    "stratus-theme(5))", file, r.line, key, section);
			goto fail;
		}
		if (parse_style(value, &s, &bad) < 0) {
			fail(cause, "%s:%d: %s: \"%s\" is not a colour or an "
			    "attribute", file, r.line, key, bad);
			free(bad);
			goto fail;
		}
		if (theme_keys[i].ui == 2)
			t->callout[theme_keys[i].idx] = s;
		else if (theme_keys[i].ui)
			t->ui[theme_keys[i].idx] = s;
		else
			t->st[theme_keys[i].idx] = s;
	}
	ini_close(&r);
	*out = t;
	return 0;
fail:
	ini_close(&r);
	theme_free(t);
	return -1;
}

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
theme_load(const char *name, struct theme **out, char **cause)
{
	char *xdg, *file, *user = NULL, *bundled = NULL, *data;
	size_t len;
	int rc;

	if (!*name)
		return fail(cause, "theme: an empty name (try dark, light or "
		    "high-contrast)");
	if (strchr(name, '/') || str_ends(name, ".theme")) {
		file = xstrdup(name);
	} else {
		xdg = xdg_config_dir();
		file = xasprintf("themes/%s.theme", name);
		user = path_join(xdg, file);
		bundled = path_join(data_dir(), file);
		free(xdg);
		free(file);
		if (is_file(user))
			file = xstrdup(user);
		else if (is_file(bundled))
			file = xstrdup(bundled);
		else if (strcmp(name, "dark") == 0) {
			free(user);
			free(bundled);
			*out = theme_new("dark");
			return 0;
		} else {
			fail(cause, "theme %s: not found in %s or %s", name,
			    user, bundled);
			free(user);
			free(bundled);
			return -1;
		}
		free(user);
		free(bundled);
	}
	if (read_file(file, 1 << 20, &data, &len, cause) < 0) {
		free(file);
		return -1;
	}
	rc = theme_parse(data, len, file, out, cause);
	free(data);
	free(file);
	return rc;
}

static void
overlay(struct tstyle *s, const struct tstyle *over)
{
	if (over->fg.kind != TC_UNSET)
		s->fg = over->fg;
	if (over->bg.kind != TC_UNSET)
		s->bg = over->bg;
	s->attrs |= over->attrs;
}

struct tstyle
theme_style(const struct theme *t, enum ui_elem base, unsigned st)
{
	struct tstyle s = t->ui[UI_TEXT];
	int i;

	if (base == UI_PLAIN)
		memset(&s, 0, sizeof s);
	else if (base != UI_TEXT && (int)base < UI_COUNT)
		overlay(&s, &t->ui[base]);
	for (i = 0; i < THEME_NSTYLES; i++) {
		if (st & (1u << st_order[i]))
			overlay(&s, &t->st[st_order[i]]);
		if (i == 0 && ST_CALLOUT_KIND(st) > 0 &&
		    ST_CALLOUT_KIND(st) < RC_COUNT)	/* just over quote */
			overlay(&s, &t->callout[ST_CALLOUT_KIND(st)]);
	}
	return s;
}

struct tstyle
theme_callout(const struct theme *t, int kind)
{
	struct tstyle s;

	memset(&s, 0, sizeof s);
	if (kind > 0 && kind < RC_COUNT)
		s = t->callout[kind];
	return s;
}

struct tstyle
theme_ui(const struct theme *t, enum ui_elem e)
{
	struct tstyle s = t->ui[UI_TEXT];

	if (e != UI_TEXT && (int)e < UI_COUNT)
		overlay(&s, &t->ui[e]);
	return s;
}

/* Append ";38;..." (fg) or ";48;..." (bg) for c at depth. */
static void
sgr_color(struct buf *out, struct tcolor c, int depth, int bg)
{
	int n;

	if (c.kind != TC_INDEX && c.kind != TC_RGB)
		return;
	if (depth == 24 && c.kind == TC_RGB) {
		buf_printf(out, ";%d;2;%u;%u;%u", bg ? 48 : 38,
		    c.v >> 16 & 0xff, c.v >> 8 & 0xff, c.v & 0xff);
		return;
	}
	if (depth >= 24)
		depth = 256;
	n = tcolor_number(c, depth);
	if (depth >= 256 && n >= 16)
		buf_printf(out, ";%d;5;%d", bg ? 48 : 38, n);
	else if (n >= 8)
		buf_printf(out, ";%d", (bg ? 100 : 90) + n - 8);
	else
		buf_printf(out, ";%d", (bg ? 40 : 30) + n);
}

void
theme_sgr(const struct theme *t, const struct tstyle *s, struct buf *out)
{
	buf_adds(out, "\033[0");
	if (s->attrs & TA_BOLD)
		buf_adds(out, ";1");
	if (s->attrs & TA_DIM)
		buf_adds(out, ";2");
	if (s->attrs & TA_ITALIC)
		buf_adds(out, ";3");
	if (s->attrs & TA_UNDERLINE)
		buf_adds(out, ";4");
	if (s->attrs & TA_REVERSE)
		buf_adds(out, ";7");
	if (s->attrs & TA_STRIKE)
		buf_adds(out, ";9");
	if (t->depth > 0) {
		sgr_color(out, s->fg, t->depth, 0);
		sgr_color(out, s->bg, t->depth, 1);
	}
	buf_addc(out, 'm');
}

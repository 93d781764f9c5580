/*
 * export.c: the HTML export. Frames come from the same composer as the
 * screen; each row becomes a line of a <pre>, each style span a <span>
 * whose classes carry the ST_* bits, coloured from the theme. Every step
 * of a slide is laid out as its last step (so nothing moves sideways or
 * down as steps reveal more): what a step does not show yet is there,
 * with visibility:hidden. External links are <a target=_blank
 * rel=noopener>; local pictures are <img> with a data: URI over their
 * box. The file is XML-well-formed XHTML-compatible HTML5 and loads
 * nothing: no src but data:, no url(), no @import.
 */
#include "deck/export.h"
#include "deck/frame.h"
#include "core/util.h"
#include "render/image.h"
#include "render/render.h"
#include "render/theme.h"
#include "render/width.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const style_names[THEME_NSTYLES] = { "h1", "h2", "h3",
    "em", "strong", "strike", "code", "codeblock", "link", "broken",
    "quote", "marker", "rule", "table", "th", "tag", "image", "footnote",
    "kw", "str", "comment", "num", "match", "sel", "ctl", "dim", "title",
    "mark" };

/* Deck text into HTML: control characters made visible (width.h), then
 * the markup characters escaped. */
static void
escape(struct buf *b, const char *raw, size_t n)
{
	char *s = text_sanitize(raw, n);
	size_t i;

	n = strlen(s);
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default: buf_addc(b, s[i]); break;
		}
	}
	free(s);
}

static void
classes(struct buf *b, unsigned st)
{
	int i, any = 0;

	for (i = 0; i < THEME_NSTYLES; i++)
		if (st & (1u << i)) {
			buf_printf(b, "%s%s", any ? " " : "", style_names[i]);
			any = 1;
		}
	if (ST_CALLOUT_KIND(st))	/* a number, not a bit: one class */
		buf_printf(b, "%scallout-%s", any ? " " : "",
		    rcallout_name(ST_CALLOUT_KIND(st)));
}

/* The URL of an external link span, when it is one a browser may open. */
static const char *
link_url(const struct rspan *s)
{
	const char *u;

	if (!(s->style & ST_LINK) || ST_IS_PICTURE(s->style) || s->link < 0)
		return NULL;
	u = image_interned(s->link);
	if (!u || !(str_starts(u, "https://") || str_starts(u, "http://") ||
	    str_starts(u, "mailto:")))
		return NULL;
	return u;
}

/* A row; hidden: there (taking its place) but not seen. */
static void
html_line(struct buf *b, const struct rline *l, int hidden)
{
	size_t at = 0, i, len = strlen(l->text ? l->text : "");

	if (hidden)
		buf_adds(b, "<span class=\"hid\">");

	for (i = 0; i < l->nspans; i++) {
		const struct rspan *s = &l->spans[i];
		unsigned st = ST_UNPICTURE(s->style);
		const char *url = link_url(s);

		if (s->off > at)
			escape(b, l->text + at, s->off - at);
		if (url) {
			buf_adds(b, "<a href=\"");
			escape(b, url, strlen(url));
			buf_adds(b, "\" target=\"_blank\" rel=\"noopener\"");
			if (st) {
				buf_adds(b, " class=\"");
				classes(b, st);
				buf_adds(b, "\"");
			}
			buf_adds(b, ">");
		} else if (st) {
			buf_adds(b, "<span class=\"");
			classes(b, st);
			buf_adds(b, "\">");
		}
		escape(b, l->text + s->off, s->len);
		if (url)
			buf_adds(b, "</a>");
		else if (st)
			buf_adds(b, "</span>");
		at = s->off + s->len;
	}
	if (len > at)
		escape(b, l->text + at, len - at);
	if (hidden)
		buf_adds(b, "</span>");
	buf_addc(b, '\n');
}

/* ---------------------------------------------------------------- */
/* Steps laid out as the last one */

static size_t
trimmed(const char *s)
{
	size_t n = strlen(s ? s : "");

	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

static int
same_row(const struct rline *a, const struct rline *b)
{
	size_t n = trimmed(a->text);

	return n == trimmed(b->text) && memcmp(a->text, b->text, n) == 0;
}

/*
 * What step frame st shows, laid out as the last step's frame last:
 * rows[i] is the line to show in row i, hidden[i] whether it is there
 * but not seen yet. First rows are matched in order (a step that centres
 * fewer lines has them higher up in st than in last): a row of last
 * that st has (same text) shows st's line, with st's styles (a code
 * highlight step). Then a row st lacks shows st's row at the same shift
 * when that has text and matched nothing (a column that fills in beside
 * another), else last's row, hidden. used has st->height bytes.
 */
static void
step_rows(const struct slide_frame *last, const struct slide_frame *st,
    const struct rline **rows, unsigned char *hidden, int *shift,
    unsigned char *used)
{
	int i, j = 0, k, sh = 0;

	memset(used, 0, (size_t)st->height);
	for (i = 0; i < last->height; i++) {
		const struct rline *l = &last->rows[i];

		rows[i] = l;
		hidden[i] = 2;	/* not matched yet */
		shift[i] = sh;
		if (trimmed(l->text) == 0) {
			hidden[i] = 0;
			continue;
		}
		for (k = j; k < st->height; k++)
			if (same_row(l, &st->rows[k]))
				break;
		if (k < st->height) {
			sh = shift[i] = k - i;
			j = k + 1;
			rows[i] = &st->rows[k];
			used[k] = 1;
			hidden[i] = 0;
		}
	}
	for (i = 0; i < last->height; i++) {
		if (hidden[i] != 2)
			continue;
		k = i + shift[i];
		hidden[i] = 1;
		if (k >= 0 && k < st->height && !used[k] &&
		    trimmed(st->rows[k].text)) {
			rows[i] = &st->rows[k];
			used[k] = 1;
			hidden[i] = 0;
		}
	}
}

/* ---------------------------------------------------------------- */
/* Pictures as data: URIs */

static void
base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[(p[i] & 3) << 4 | p[i + 1] >> 4]);
		buf_addc(b, tab[(p[i + 1] & 15) << 2 | p[i + 2] >> 6]);
		buf_addc(b, tab[p[i + 2] & 63]);
	}
	if (n - i == 1) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[(p[i] & 3) << 4]);
		buf_adds(b, "==");
	} else if (n - i == 2) {
		buf_addc(b, tab[p[i] >> 2]);
		buf_addc(b, tab[(p[i] & 3) << 4 | p[i + 1] >> 4]);
		buf_addc(b, tab[(p[i + 1] & 15) << 2]);
		buf_addc(b, '=');
	}
}

/* "data:TYPE;base64,..." for the picture file at path, when it decodes
 * (so only a real picture is embedded), else NULL. */
static char *
data_uri(const char *path)
{
	struct buf b = BUF_INIT;
	struct image *im;
	const unsigned char *p;
	char *data = NULL, *cause = NULL;
	size_t len = 0;

	if (read_file(path, IMAGE_MAX_BYTES, &data, &len, &cause) < 0) {
		free(cause);
		return NULL;
	}
	im = image_decode(data, len, &cause);
	free(cause);
	if (!im) {
		free(data);
		return NULL;
	}
	image_free(im);
	p = (const unsigned char *)data;
	buf_adds(&b, "data:image/");
	buf_adds(&b, len > 3 && p[0] == 0x89 ? "png" : len > 3 &&
	    p[0] == 0xff ? "jpeg" : len > 3 && p[0] == 'G' ? "gif" :
	    "svg+xml");
	buf_adds(&b, ";base64,");
	base64(&b, p, len);
	free(data);
	return buf_take(&b);
}

struct uris {
	int *ids;
	char **uri;		/* NULL: not embeddable */
	size_t n, cap;
};

static const char *
uri_of(struct uris *u, int id)
{
	const char *path;
	size_t i;

	for (i = 0; i < u->n; i++)
		if (u->ids[i] == id)
			return u->uri[i];
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 8;
		u->ids = xrealloc(u->ids, u->cap * sizeof *u->ids);
		u->uri = xrealloc(u->uri, u->cap * sizeof *u->uri);
	}
	path = image_interned(id);
	u->ids[u->n] = id;
	u->uri[u->n] = path ? data_uri(path) : NULL;
	return u->uri[u->n++];
}

static void
uris_free(struct uris *u)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		free(u->uri[i]);
	free(u->ids);
	free(u->uri);
}

/* An <img> over each picture box of f, inside its border; hidden while
 * its box is. Rows are 1.2em (the pre's line height), columns 1ch. */
static void
pictures(struct buf *b, const struct slide_frame *f,
    const unsigned char *hidden, struct uris *u)
{
	struct picture pics[16];
	size_t n = picture_find(f->rows, (size_t)f->height, pics, 16), i;

	for (i = 0; i < n; i++) {
		const char *uri = uri_of(u, pics[i].id);

		if (!uri || pics[i].cols < 4 || pics[i].rows < 3)
			continue;
		buf_printf(b, "<img class=\"pic%s\" alt=\"\" style=\"left:%dch;"
		    "top:%.1fem;width:%dch;height:%.1fem\" src=\"",
		    hidden[pics[i].row] ? " hid" : "", pics[i].col + 1,
		    (pics[i].row + 1) * 1.2, pics[i].cols - 2,
		    (pics[i].rows - 2) * 1.2);
		buf_adds(b, uri);
		buf_adds(b, "\"/>");
	}
}

static void
css_color(struct buf *b, const char *prop, struct tcolor c)
{
	uint32_t rgb;

	if (c.kind == TC_UNSET || c.kind == TC_DEFAULT)
		return;
	rgb = tcolor_rgb(c, 0);
	buf_printf(b, "%s:#%06x;", prop, (unsigned)rgb);
}

static void
css_style(struct buf *b, const struct tstyle *s)
{
	css_color(b, "color", s->fg);
	css_color(b, "background", s->bg);
	if (s->attrs & TA_BOLD)
		buf_adds(b, "font-weight:bold;");
	if (s->attrs & TA_ITALIC)
		buf_adds(b, "font-style:italic;");
	if (s->attrs & TA_UNDERLINE)
		buf_adds(b, "text-decoration:underline;");
	if (s->attrs & TA_STRIKE)
		buf_adds(b, "text-decoration:line-through;");
	if (s->attrs & TA_DIM)
		buf_adds(b, "opacity:0.6;");
	if (s->attrs & TA_REVERSE)
		buf_adds(b, "filter:invert(1);");
}

static void
css(struct buf *b, const struct theme *t, int width)
{
	struct tstyle base = theme_ui(t, UI_SLIDE_TEXT);
	uint32_t fg = tcolor_rgb(base.fg, 0xdddddd),
	    bg = tcolor_rgb(base.bg, 0x1b1d23);
	int i;

	buf_printf(b, "body{margin:0;background:#%06x;color:#%06x;"
	    "font-family:ui-monospace,Menlo,Consolas,monospace}\n",
	    (unsigned)bg, (unsigned)fg);
	buf_adds(b, "section.slide{display:none;padding:1em 0}\n"
	    "section.slide.on{display:block}\n"
	    ".step{display:none}.step.on{display:block}\n"
	    "pre{font-size:calc(min(1.6vw, 2.6vh));line-height:1.2;"
	    "margin:0 auto;white-space:pre;position:relative;"
	    "overflow:hidden}\n"
	    ".hid{visibility:hidden}\n"
	    "a{color:inherit}\n"
	    "img.pic{position:absolute;object-fit:contain}\n");
	/* a transparent picture must not show the alt text under it */
	buf_printf(b, "pre{width:%dch}\nimg.pic{background:#%06x}\n", width,
	    (unsigned)bg);
	buf_adds(b, 
	    "aside.notes{display:none;max-width:80ch;margin:1em auto;"
	    "opacity:0.8;white-space:pre-wrap}\n"
	    "body.notes aside.notes{display:block}\n"
	    "nav{position:fixed;bottom:0;right:1em;opacity:0.6}\n");
	for (i = 0; i < THEME_NSTYLES; i++) {
		struct tstyle s = theme_style(t, UI_SLIDE_TEXT, 1u << i);

		buf_printf(b, ".%s{", style_names[i]);
		css_style(b, &s);
		buf_adds(b, "}\n");
	}
	for (i = 1; i < RC_COUNT; i++) {
		struct tstyle s = theme_style(t, UI_SLIDE_TEXT,
		    ST_CALLOUT(i));

		buf_printf(b, ".callout-%s{", rcallout_name(i));
		css_style(b, &s);
		buf_adds(b, "}\n");
	}
	buf_adds(b, "@media print{body{background:#fff;color:#000}"
	    "section.slide{display:block;break-after:page;"
	    "page-break-after:always}.step{display:none}"
	    ".step.last{display:block}nav,aside.notes{display:none}"
	    "pre{font-size:10pt}}\n");
}

/* Arrow keys, Space, PgUp/PgDn, Home/End; n shows the notes. No '<' or
 * '&' in it, so the file stays well-formed XML. */
static const char script[] =
    "(function () {\n"
    "var slides = document.querySelectorAll('section.slide');\n"
    "var cur = 0, step = 0;\n"
    "function steps(i) { return slides[i].querySelectorAll('.step'); }\n"
    "function show() {\n"
    "  slides.forEach(function (s, i) {\n"
    "    s.classList.toggle('on', i === cur);\n"
    "    steps(i).forEach(function (e, k) {\n"
    "      e.classList.toggle('on', i === cur ? k === step : false);\n"
    "    });\n"
    "  });\n"
    "  document.getElementById('pos').textContent =\n"
    "    (cur + 1) + ' / ' + slides.length;\n"
    "  history.replaceState(null, '', '#' + (cur + 1));\n"
    "}\n"
    "function go(i, k) {\n"
    "  cur = Math.max(0, Math.min(slides.length - 1, i));\n"
    "  step = k === -1 ? steps(cur).length - 1 : k;\n"
    "  show();\n"
    "}\n"
    "function next() {\n"
    "  if (steps(cur).length - 1 > step) { step++; show(); }\n"
    "  else if (slides.length - 1 > cur) go(cur + 1, 0);\n"
    "}\n"
    "function prev() {\n"
    "  if (step > 0) { step--; show(); }\n"
    "  else if (cur > 0) go(cur - 1, -1);\n"
    "}\n"
    "document.addEventListener('keydown', function (e) {\n"
    "  switch (e.key) {\n"
    "  case 'ArrowRight': case ' ': case 'PageDown': case 'Enter':\n"
    "  case 'l': case 'j': next(); break;\n"
    "  case 'ArrowLeft': case 'PageUp': case 'Backspace':\n"
    "  case 'h': case 'k': prev(); break;\n"
    "  case 'ArrowDown': case ']': go(cur + 1, 0); break;\n"
    "  case 'ArrowUp': case '[': go(cur - 1, 0); break;\n"
    "  case 'Home': case 'g': go(0, 0); break;\n"
    "  case 'End': case 'G': go(slides.length - 1, 0); break;\n"
    "  case 'n': document.body.classList.toggle('notes'); break;\n"
    "  default: return;\n"
    "  }\n"
    "  e.preventDefault();\n"
    "});\n"
    "var h = parseInt(location.hash.slice(1), 10);\n"
    "go(isNaN(h) ? 0 : h - 1, 0);\n"
    "})();\n";

void
deck_export_html(const struct deck *d, const struct theme *theme, int width,
    int height, struct buf *out)
{
	struct theme *own = NULL;
	struct frame_opts o;
	struct slide_frame last;
	struct uris uris = {0};
	const struct rline **rows;
	unsigned char *hidden, *used;
	int *shift;
	size_t i, n = 0;
	int step, r;

	if (!theme)
		theme = own = theme_builtin();
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>");
	escape(out, d->title, strlen(d->title));
	buf_adds(out, "</title>\n<style>/*<![CDATA[*/\n");
	css(out, theme, width);
	buf_adds(out, "/*]]>*/</style>\n</head>\n<body>\n");
	memset(&o, 0, sizeof o);
	o.width = width;
	o.height = height;
	o.elapsed = -1;
	o.no_footer = 1;
	o.pictures = 1;
	rows = xcalloc((size_t)height + 1, sizeof *rows);
	hidden = xcalloc((size_t)height + 1, 1);
	used = xcalloc((size_t)height + 1, 1);
	shift = xcalloc((size_t)height + 1, sizeof *shift);
	for (i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];

		if (s->hidden)
			continue;
		n++;
		buf_printf(out, "<section class=\"slide\" id=\"slide-%zu\" "
		    "data-layout=\"", n);
		escape(out, s->layout, strlen(s->layout));
		buf_adds(out, "\">\n");
		slide_frame_compose(d, i, s->nsteps - 1, &o, &last);
		for (step = 0; step < s->nsteps; step++) {
			struct slide_frame f;

			slide_frame_compose(d, i, step, &o, &f);
			step_rows(&last, &f, rows, hidden, shift, used);
			buf_printf(out, "<pre class=\"step%s\">",
			    step == s->nsteps - 1 ? " last" : "");
			for (r = 0; r < last.height; r++)
				html_line(out, rows[r], hidden[r]);
			pictures(out, &last, hidden, &uris);
			buf_adds(out, "</pre>\n");
			slide_frame_clear(&f);
		}
		slide_frame_clear(&last);
		buf_adds(out, "<aside class=\"notes\">");
		escape(out, s->notes, strlen(s->notes));
		buf_adds(out, "</aside>\n</section>\n");
	}
	buf_adds(out, "<nav><span id=\"pos\"></span></nav>\n"
	    "<script>//<![CDATA[\n");
	buf_adds(out, script);
	buf_adds(out, "//]]></script>\n</body>\n</html>\n");
	uris_free(&uris);
	free(rows);
	free(hidden);
	free(used);
	free(shift);
	theme_free(own);
}

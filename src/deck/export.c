/*
 * export.c: the HTML export. Frames come from the same composer as the
 * screen; each row becomes a line of a <pre>, each style span a <span>
 * whose classes carry the ST_* bits, coloured from the theme. The file
 * is XML-well-formed XHTML-compatible HTML5, with no URL in any src,
 * href or url() (so opening it fetches nothing).
 */
#include "deck/export.h"
#include "deck/frame.h"
#include "core/util.h"
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

static void
html_line(struct buf *b, const struct rline *l)
{
	size_t at = 0, i, len = strlen(l->text ? l->text : "");

	for (i = 0; i < l->nspans; i++) {
		const struct rspan *s = &l->spans[i];

		if (s->off > at)
			escape(b, l->text + at, s->off - at);
		if (s->style) {
			buf_adds(b, "<span class=\"");
			classes(b, s->style);
			buf_adds(b, "\">");
		}
		escape(b, l->text + s->off, s->len);
		if (s->style)
			buf_adds(b, "</span>");
		at = s->off + s->len;
	}
	if (len > at)
		escape(b, l->text + at, len - at);
	buf_addc(b, '\n');
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
css(struct buf *b, const struct theme *t)
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
	    "margin:0 auto;width:max-content;white-space:pre}\n"
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
	size_t i, n = 0;
	int step, r;

	if (!theme)
		theme = own = theme_builtin();
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>");
	escape(out, d->title, strlen(d->title));
	buf_adds(out, "</title>\n<style>/*<![CDATA[*/\n");
	css(out, theme);
	buf_adds(out, "/*]]>*/</style>\n</head>\n<body>\n");
	memset(&o, 0, sizeof o);
	o.width = width;
	o.height = height;
	o.elapsed = -1;
	o.no_footer = 1;
	for (i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];

		if (s->hidden)
			continue;
		n++;
		buf_printf(out, "<section class=\"slide\" id=\"slide-%zu\" "
		    "data-layout=\"", n);
		escape(out, s->layout, strlen(s->layout));
		buf_adds(out, "\">\n");
		for (step = 0; step < s->nsteps; step++) {
			struct slide_frame f;

			slide_frame_compose(d, i, step, &o, &f);
			buf_printf(out, "<pre class=\"step%s\">",
			    step == s->nsteps - 1 ? " last" : "");
			for (r = 0; r < f.height; r++)
				html_line(out, &f.rows[r]);
			buf_adds(out, "</pre>\n");
			slide_frame_clear(&f);
		}
		buf_adds(out, "<aside class=\"notes\">");
		escape(out, s->notes, strlen(s->notes));
		buf_adds(out, "</aside>\n</section>\n");
	}
	buf_adds(out, "<nav><span id=\"pos\"></span></nav>\n"
	    "<script>//<![CDATA[\n");
	buf_adds(out, script);
	buf_adds(out, "//]]></script>\n</body>\n</html>\n");
	theme_free(own);
}

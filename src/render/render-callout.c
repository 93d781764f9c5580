/*
 * render-callout.c: what Obsidian adds to Markdown, on the renderer's
 * side: callouts ("> [!tip]- Title", every type and alias, folding,
 * nesting), ==highlights==, trailing ^block ids, and the source pass
 * that hides %%comments%% and turns $$math$$ into a code block before
 * cmark reads the text.
 */
#include "render/render-int.h"
#include "render/html.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEAD_MAX 64		/* longest "[!type]-" looked at */

/* Canonical names, by enum rcallout. */
static const char *const kind_names[RC_COUNT] = { "", "note", "abstract",
	"info", "todo", "tip", "success", "question", "warning", "failure",
	"danger", "bug", "example", "quote" };

/* The icon before a callout's title: narrow, non-emoji characters (one
 * column on every terminal), by enum rcallout. */
static const char *const kind_icons[RC_COUNT] = {
	"",
	"\xe2\x9c\x8e",		/* U+270E note: pencil */
	"\xe2\x9d\x96",		/* U+2756 abstract: diamond */
	"\xe2\x84\xb9",		/* U+2139 info */
	"\xe2\x98\x90",		/* U+2610 todo: ballot box */
	"\xe2\x9c\xa6",		/* U+2726 tip: star */
	"\xe2\x9c\x93",		/* U+2713 success: check */
	"?",			/* question */
	"!",			/* warning */
	"\xe2\x9c\x97",		/* U+2717 failure: ballot x */
	"\xe2\x98\xa0",		/* U+2620 danger: skull */
	"\xe2\x9c\xb1",		/* U+2731 bug */
	"\xe2\x98\xb0",		/* U+2630 example: trigram */
	"\xe2\x9d\x9d",		/* U+275D quote: quotation mark */
};

static const struct {
	const char *word;
	int kind;
} aliases[] = {
	{ "summary", RC_ABSTRACT }, { "tldr", RC_ABSTRACT },
	{ "hint", RC_TIP }, { "important", RC_TIP },
	{ "check", RC_SUCCESS }, { "done", RC_SUCCESS },
	{ "help", RC_QUESTION }, { "faq", RC_QUESTION },
	{ "caution", RC_WARNING }, { "attention", RC_WARNING },
	{ "fail", RC_FAILURE }, { "missing", RC_FAILURE },
	{ "error", RC_DANGER }, { "cite", RC_QUOTE },
};

const char *
rcallout_name(int kind)
{
	return kind > 0 && kind < RC_COUNT ? kind_names[kind] : "";
}

int
rcallout_kind(const char *word, size_t len)
{
	size_t i;

	for (i = 1; i < RC_COUNT; i++)
		if (strlen(kind_names[i]) == len &&
		    strncasecmp(word, kind_names[i], len) == 0)
			return (int)i;
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strlen(aliases[i].word) == len &&
		    strncasecmp(word, aliases[i].word, len) == 0)
			return aliases[i].kind;
	return RC_NOTE;
}

/* "[!type]" with an optional fold mark at s: its length (0: not a
 * callout head), the type word and the mark. */
static size_t
parse_head(const char *s, size_t len, size_t *wlen, char *fold)
{
	size_t i;

	*fold = 0;
	if (len < 4 || s[0] != '[' || s[1] != '!')
		return 0;
	for (i = 2; i < len && s[i] != ']'; i++)
		if (s[i] == '[' || s[i] == '\n' || s[i] == ' ' ||
		    i - 2 >= sizeof ((struct ctx *)0)->title_word - 1)
			return 0;
	if (i == len || i == 2)
		return 0;
	*wlen = i - 2;
	i++;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		*fold = s[i++];
	return i;
}

/* Is this quote an Obsidian callout? Its kind (0: a plain quote) and
 * fold mark. The head is read from the first paragraph's leading text
 * nodes, which cmark splits at '[' and ']'. */
int
rd_callout_head(cmark_node *quote, char *fold)
{
	cmark_node *p = cmark_node_first_child(quote), *t;
	char head[HEAD_MAX];
	const char *lit;
	size_t n = 0, k, wlen;

	*fold = 0;
	if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
		return 0;
	for (t = cmark_node_first_child(p); t &&
	    cmark_node_get_type(t) == CMARK_NODE_TEXT && n < sizeof head;
	    t = cmark_node_next(t)) {
		lit = cmark_node_get_literal(t);
		k = lit ? strlen(lit) : 0;
		if (k > sizeof head - n)
			k = sizeof head - n;
		memcpy(head + n, lit, k);
		n += k;
	}
	if (!parse_head(head, n, &wlen, fold))
		return 0;
	return rcallout_kind(head + 2, wlen);
}

/* The innermost quote is a plain one (its text in the quote style); a
 * callout's body is plain text. */
int
rd_quote_plain(const struct ctx *c)
{
	size_t k;

	for (k = c->depth; k > 0; k--)
		if (c->stack[k - 1].type == C_QUOTE)
			return c->stack[k - 1].callout == 0;
	return 0;
}

unsigned
rd_quote_bar_style(const struct ctx *c, const struct cont *ct)
{
	(void)c;
	return ct->callout ? ST_CALLOUT(ct->callout) : ST_QUOTE;
}

void
rd_enter_quote(struct ctx *c, cmark_node *n)
{
	struct rdoc *d = c->d;
	struct cont *ct;
	char fold;
	int kind = rd_callout_head(n, &fold), open;
	size_t idx;

	rd_block_start(c);	/* the blank line before has no bar */
	ct = rd_push(c, C_QUOTE, 2);
	ct->callout = kind;
	ct->node = n;
	if (!kind || !fold)
		return;
	idx = c->nfoldable++;
	open = fold == '+';
	if (idx < c->o->ntoggled && c->o->toggled && c->o->toggled[idx])
		open = !open;
	d->folds = xgrow(d->folds, &c->capfolds, d->nfolds + 1,
	    sizeof *d->folds);
	d->folds[d->nfolds].line = -1;
	d->folds[d->nfolds].open = open;
	c->fold_at = (int)d->nfolds++;
	ct->folded = !open;
}

/* At the start of a callout's first paragraph: take "[!type]-" off s
 * and open the title (icon, then the rest of the line strong in the
 * kind's style). Returns the bytes taken. */
size_t
rd_callout_title(struct ctx *c, const char *s, size_t len)
{
	struct cont *ct = rd_top(c);
	struct frame *f;
	size_t n, wlen;
	char fold;
	int kind;

	c->alert_ok = 0;
	if (!ct || ct->type != C_QUOTE || !ct->callout ||
	    (n = parse_head(s, len, &wlen, &fold)) == 0)
		return 0;
	kind = ct->callout;
	memcpy(c->title_word, s + 2, wlen);
	c->title_word[wlen] = '\0';
	rd_push_frame(c, ST_STRONG, -1);
	f = &c->frames[c->nframes - 1];
	f->style = (f->style & ~(ST_QUOTE | ST_CALLOUT_MASK)) |
	    ST_CALLOUT(kind);
	rd_add_text(c, kind_icons[kind], strlen(kind_icons[kind]), 0);
	rd_add_text(c, " ", 1, 0);
	c->title_frame = c->nframes;
	c->title_at = (int)c->cur->text.len;
	c->title_fold = fold;
	while (n < len && s[n] == ' ')
		n++;
	return n;
}

/* The title's line is over: the type's name when no title was written,
 * the fold marker, and back to the body's style. */
void
rd_callout_title_end(struct ctx *c)
{
	struct cont *ct = rd_top(c);
	size_t i;
	int empty = 1, open = ct && !ct->folded;

	if (!c->title_frame)
		return;
	for (i = (size_t)c->title_at; i < c->cur->text.len; i++)
		if (c->cur->text.ptr[i] != ' ')
			empty = 0;
	if (empty && c->cur->text.len > (size_t)c->title_at)
		c->cur->text.len = (size_t)c->title_at;	/* spaces only */
	if (empty) {
		char word[sizeof c->title_word];

		memcpy(word, c->title_word, sizeof word);
		for (i = 0; word[i]; i++)
			word[i] = (char)(i ? tolower((unsigned char)word[i]) :
			    toupper((unsigned char)word[i]));
		rd_add_text(c, word, strlen(word), 0);
	}
	if (c->title_fold)	/* U+25BE open, U+25B8 folded */
		rd_add_text(c, open ? " \xe2\x96\xbe" : " \xe2\x96\xb8", 4,
		    ST_MARKER);
	if (c->nframes == c->title_frame)
		c->nframes--;
	c->title_frame = 0;
}

/* A folded callout's title has been shown: leave the quote, its body
 * unseen. */
void
rd_skip_folded(struct ctx *c)
{
	struct cont *ct = rd_top(c);

	if (!ct || ct->type != C_QUOTE || !ct->folded || !c->it)
		return;
	cmark_iter_reset(c->it, ct->node, CMARK_EVENT_EXIT);
	c->nframes = 0;
	c->mark = 0;
	rd_pop(c);
	rd_block_end(c);
}

/* ---- inline marks ---- */

static int
id_char(int ch)
{
	return isalnum(ch) || ch == '-' || ch == '_';
}

/* Bytes at the end of s that are an Obsidian block id (" ^abc123"), with
 * the spaces before it; 0 when there is none. */
size_t
rd_block_id(const char *s, size_t len)
{
	size_t e = len, i;

	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	i = e;
	while (i > 0 && id_char((unsigned char)s[i - 1]))
		i--;
	if (i == e || i == 0 || s[i - 1] != '^')
		return 0;
	i--;
	if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t')
		return 0;
	while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
		i--;
	return len - i;
}

/* Is there a closing "==" after the text node's end, in the inline
 * nodes that follow it (one level into emphasis and links)? */
static int
mark_closes_later(cmark_node *n)
{
	cmark_node *k;
	const char *lit;

	for (; n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_TEXT) {
			lit = cmark_node_get_literal(n);
			if (lit && strstr(lit, "=="))
				return 1;
		}
		for (k = cmark_node_first_child(n); k; k = cmark_node_next(k))
			if (cmark_node_get_type(k) == CMARK_NODE_TEXT &&
			    (lit = cmark_node_get_literal(k)) &&
			    strstr(lit, "=="))
				return 1;
	}
	return 0;
}

/* s[i] starts "==": does it open or close a highlight (c->mark says
 * which is looked for)? Returns the bytes it takes (2), or 0 when it is
 * text. after is the node following this text run. */
size_t
rd_mark_toggle(struct ctx *c, const char *s, size_t len, size_t i,
    cmark_node *after)
{
	size_t k;

	if (i + 1 >= len || s[i] != '=' || s[i + 1] != '=')
		return 0;
	if (c->mark) {
		return i == 0 || s[i - 1] != ' ' ? 2 : 0;
	}
	if (i + 2 >= len || s[i + 2] == ' ' || s[i + 2] == '=' ||
	    (i > 0 && s[i - 1] == '='))
		return 0;
	for (k = i + 3; k + 1 < len; k++)
		if (s[k] == '=' && s[k + 1] == '=' && s[k - 1] != ' ')
			break;
	if (k + 1 >= len && !mark_closes_later(after))
		return 0;
	return 2;
}

/* ---- the source pass ---- */

/* The end of the line starting at i (its '\n', or len). */
size_t
rd_line_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n')
		i++;
	return i;
}

/* Is the line s[0, n) code: a fence line, or inside the fence *fence
 * (0: none) of length *flen opened before? Updates the fence. */
int
rd_fenced(const char *s, size_t n, char *fence, size_t *flen)
{
	if (*fence) {
		if (md_fence_close(s, n, *fence, *flen))
			*fence = 0;
		return 1;
	}
	return (*flen = md_fence_open(s, n, fence, NULL)) > 0;
}

/* A "$$" block at line [i, e): up to 3 spaces, then "$$". Returns the
 * end of the block (after its closing line) and writes it as a fenced
 * code block; 0 when the line does not open a closed block. */
static size_t
math_block(const char *s, size_t len, size_t i, size_t e, struct buf *out)
{
	size_t p = i, q, ce, k, body, bend, info = 0, ilen = 0;
	int run = 0, maxrun = 0;

	while (p < e && p - i < 3 && s[p] == ' ')
		p++;
	if (e - p < 2 || s[p] != '$' || s[p + 1] != '$')
		return 0;
	body = p + 2;
	q = e;
	while (q > body && (s[q - 1] == ' ' || s[q - 1] == '\r'))
		q--;
	if (q >= body + 3 && s[q - 1] == '$' && s[q - 2] == '$') {
		bend = q - 2;	/* $$ x $$ on one line */
		ce = e;
	} else {
		if (body < e && s[body] == ' ' && body + 1 < e &&
		    s[body + 1] == '{') {	/* Slidev: $$ {1|3} */
			info = body + 1;
			ilen = q - info;
			body = e;
		}
		for (ce = e; ce < len; ce = rd_line_end(s, len, ce + 1)) {
			k = rd_line_end(s, len, ce + 1);
			q = k;
			while (q > ce + 1 && (s[q - 1] == ' ' ||
			    s[q - 1] == '\r'))
				q--;
			if (q >= ce + 3 && s[q - 1] == '$' && s[q - 2] == '$')
				break;
		}
		if (ce >= len)
			return 0;
		bend = q - 2;
		ce = k;
	}
	for (k = body; k < bend; k++) {
		run = s[k] == '`' ? run + 1 : 0;
		if (run > maxrun)
			maxrun = run;
	}
	maxrun = maxrun < 3 ? 3 : maxrun + 1;
	for (k = 0; k < (size_t)maxrun; k++)
		buf_addc(out, '`');
	buf_adds(out, "math");
	if (ilen) {
		buf_addc(out, ' ');
		buf_add(out, s + info, ilen);
	}
	buf_addc(out, '\n');
	while (body < bend && (s[body] == ' ' || s[body] == '\n'))
		body++;
	q = bend;
	while (q > body && (s[q - 1] == ' ' || s[q - 1] == '\n' ||
	    s[q - 1] == '\r'))
		q--;
	buf_add(out, s + body, q - body);
	if (q > body)
		buf_addc(out, '\n');
	for (k = 0; k < (size_t)maxrun; k++)
		buf_addc(out, '`');
	return ce;
}

/* The end of the inline code span opened by the backtick run at i, or
 * i + run length when it does not close (the run is then text). */
static size_t
code_span_end(const char *s, size_t len, size_t i)
{
	size_t n = 0, k, m;

	while (i + n < len && s[i + n] == '`')
		n++;
	for (k = i + n; k < len; k++) {
		if (s[k] != '`')
			continue;
		for (m = 0; k + m < len && s[k + m] == '`'; m++)
			;
		if (m == n)
			return k + m;
		k += m - 1;
	}
	return i + n;
}

/* Copy the line [i, e) with %%comments%% left out; a comment may run on
 * to later lines (their line breaks are kept). Returns where copying
 * stopped (e, or past a comment's end). */
static size_t
strip_comments(const char *s, size_t len, size_t i, size_t e,
    struct buf *out)
{
	size_t k, close;
	const char *c;

	while (i < e) {
		if (s[i] == '`') {
			k = code_span_end(s, len, i);
			if (k > e)
				k = e;	/* spans lines: keep this line as is */
			buf_add(out, s + i, k - i);
			i = k;
			continue;
		}
		if (s[i] == '%' && i + 1 < e && s[i + 1] == '%') {
			c = memmem(s + i + 2, len - i - 2, "%%", 2);
			if (c) {
				close = (size_t)(c - s) + 2;
				for (k = i; k < close; k++)
					if (s[k] == '\n')
						buf_addc(out, '\n');
				i = close;
				if (i > e)
					e = rd_line_end(s, len, i);
				continue;
			}
		}
		buf_addc(out, s[i++]);
	}
	return e;
}

/*
 * Obsidian's text-level syntax, before cmark reads the note: closed
 * %%comments%% (inline or over lines) are left out, and a "$$" math
 * block becomes a ```math code block. Fenced code is copied as it is, and
 * so are code spans. Caller frees.
 */
char *
rd_obsidian_source(const char *md, size_t len, size_t *outlen)
{
	struct buf b = BUF_INIT;
	size_t i = 0, e, n, fence_len = 0, k;
	char fence = 0;

	if (!memmem(md, len, "%%", 2) && !memmem(md, len, "$$", 2)) {
		*outlen = len;
		return xstrndup(md, len);
	}
	while (i < len) {
		e = rd_line_end(md, len, i);
		n = e - i;
		if (rd_fenced(md + i, n, &fence, &fence_len)) {
			buf_add(&b, md + i, n);
		} else if ((k = math_block(md, len, i, e, &b)) > 0) {
			e = k;
		} else
			e = strip_comments(md, len, i, e, &b);
		if (e < len)
			buf_addc(&b, '\n');
		i = e + 1;
	}
	*outlen = b.len;
	return buf_take(&b);
}

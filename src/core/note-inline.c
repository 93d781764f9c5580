/*
 * note-inline.c: the inline half of the note scanner: per line, the code
 * spans and matching brackets, then links, wikilinks, tags, HTML and JSX
 * tags and entities read into plain text.
 */
#include "core/entity.h"
#include "core/note-int.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const human_attrs[] = {
	"title", "subtitle", "description", "alt", "label", NULL,
};

/* ------------------------------------------------------------------ */
/* Per-line tables: code spans and brackets                           */
/* ------------------------------------------------------------------ */

static int
pair_cmp(const void *a, const void *b)
{
	const struct bpair *x = a, *y = b;

	return x->open < y->open ? -1 : x->open > y->open;
}

/* The bytes the bracket matcher stops at. */
static const unsigned char bracket_byte[256] = {
	['['] = 1, [']'] = 1, ['\\'] = 1, ['`'] = 1,
};

/* Find code spans and matching brackets in [p, end), positions counted
 * from p. */
void
note_prep_line(struct scan *s, const char *p, const char *end)
{
	size_t n = (size_t)(end - p), i, j, maxlen = 0, sp, nst;
	const char *q;

	s->base = p;
	s->nspans = s->npairs = s->nruns = 0;
	s->wl_fail = s->brace_fail = NULL;
	s->quote_fail[0] = s->quote_fail[1] = s->quote_fail[2] = NULL;
	if (memchr(p, '`', n)) {
		for (i = 0; i < n; i = j) {
			q = memchr(p + i, '`', n - i);
			if (!q)
				break;
			i = (size_t)(q - p);
			for (j = i; j < n && p[j] == '`'; j++)
				;
			/* an escaped first backtick is a literal */
			sp = 0;
			while (sp < i && p[i - sp - 1] == '\\')
				sp++;
			if (sp % 2 == 1 && ++i == j)
				continue;
			s->runs = xgrow(s->runs, &s->runcap, s->nruns + 1,
			    sizeof *s->runs);
			s->runs[s->nruns].pos = i;
			s->runs[s->nruns].len = j - i;
			if (j - i > maxlen)
				maxlen = j - i;
			s->nruns++;
		}
		/* A run opens a span closed by the next run of its length. */
		s->bylen = xgrow(s->bylen, &s->bylencap, maxlen + 1,
		    sizeof *s->bylen);
		for (i = 0; i <= maxlen; i++)
			s->bylen[i] = SIZE_MAX;
		s->stack = xgrow(s->stack, &s->stackcap, s->nruns + 1,
		    sizeof *s->stack);
		for (i = s->nruns; i-- > 0;) {
			s->stack[i] = s->bylen[s->runs[i].len];
			s->bylen[s->runs[i].len] = i;
		}
		for (i = 0; i < s->nruns;) {
			j = s->stack[i];
			if (j == SIZE_MAX) {
				i++;
				continue;
			}
			s->spans = xgrow(s->spans, &s->spancap, s->nspans + 1,
			    sizeof *s->spans);
			s->spans[s->nspans].open = s->runs[i].pos;
			s->spans[s->nspans].len = s->runs[i].len;
			s->spans[s->nspans].close = s->runs[j].pos;
			s->nspans++;
			i = j + 1;
		}
	}
	if (!memchr(p, '[', n))
		return;
	nst = 0;
	j = 0;			/* next code span */
	for (i = 0; i < n; i++) {
		while (i < n && !bracket_byte[(unsigned char)p[i]])
			i++;
		if (i == n)
			break;
		if (j < s->nspans && i == s->spans[j].open) {
			i = s->spans[j].close + s->spans[j].len - 1;
			j++;
			continue;
		}
		if (p[i] == '\\') {
			i++;
			continue;
		}
		if (p[i] == '[') {
			s->stack = xgrow(s->stack, &s->stackcap, nst + 1,
			    sizeof *s->stack);
			s->stack[nst++] = i;
		} else if (p[i] == ']' && nst > 0) {
			s->pairs = xgrow(s->pairs, &s->paircap, s->npairs + 1,
			    sizeof *s->pairs);
			s->pairs[s->npairs].open = s->stack[--nst];
			s->pairs[s->npairs].close = i;
			s->npairs++;
		}
	}
	for (i = 1; i < s->npairs; i++)
		if (s->pairs[i - 1].open > s->pairs[i].open) {
			qsort(s->pairs, s->npairs, sizeof *s->pairs, pair_cmp);
			break;
		}
}

static const struct cspan *
span_at(const struct scan *s, size_t pos)
{
	size_t lo = 0, hi = s->nspans, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->spans[mid].open < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nspans && s->spans[lo].open == pos ? &s->spans[lo] :
	    NULL;
}

static size_t
pair_close(const struct scan *s, size_t pos)
{
	size_t lo = 0, hi = s->npairs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->pairs[mid].open < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->npairs && s->pairs[lo].open == pos ?
	    s->pairs[lo].close : SIZE_MAX;
}

/* ------------------------------------------------------------------ */
/* Inline                                                             */
/* ------------------------------------------------------------------ */

/* The characters note_inl() has to look at; everything else is copied. */
static const unsigned char special[256] = {
	['\\'] = 1, ['`'] = 1, ['!'] = 1, ['['] = 1, ['<'] = 1, ['#'] = 1,
	['*'] = 1, ['_'] = 1, ['~'] = 1, ['h'] = 1, ['|'] = 1, ['&'] = 1,
	['{'] = 1,
};

static int
prev_char(const struct scan *s, const char *p)
{
	return p > s->lstart ? (unsigned char)p[-1] : ' ';
}

/* After a Markdown link's "](": parse "dest \"title\")"; return the
 * byte after ')' and the destination, or NULL. */
static const char *
parse_dest(struct scan *s, const char *p, const char *end, const char **d,
    size_t *dn)
{
	const char *q;
	int depth = 0, k;
	char close;

	while (p < end && is_blank(*p))
		p++;
	if (p < end && *p == '<') {
		for (q = p + 1; q < end && *q != '>' && *q != '<'; q++)
			if (*q == '\\' && q + 1 < end)
				q++;
		if (q >= end || *q != '>')
			return NULL;
		*d = p + 1;
		*dn = (size_t)(q - p - 1);
		p = q + 1;
	} else {
		for (q = p; q < end && !is_blank(*q); q++) {
			if (*q == '\\' && q + 1 < end) {
				q++;
				continue;
			}
			if (*q == '(' && ++depth > MAX_PARENS)
				return NULL;
			else if (*q == ')' && depth-- == 0)
				break;
		}
		*d = p;
		*dn = (size_t)(q - p);
		p = q;
	}
	while (p < end && is_blank(*p))
		p++;
	if (p < end && (*p == '"' || *p == '\'' || *p == '(')) {
		close = *p == '(' ? ')' : *p;
		k = *p == '"' ? 0 : *p == '\'' ? 1 : 2;
		if (s->quote_fail[k] && p >= s->quote_fail[k])
			return NULL;
		for (q = p + 1; q < end && *q != close; q++)
			if (*q == '\\' && q + 1 < end)
				q++;
		if (q >= end) {
			s->quote_fail[k] = p;
			return NULL;
		}
		p = q + 1;
		while (p < end && is_blank(*p))
			p++;
	}
	if (p >= end || *p != ')')
		return NULL;
	return p + 1;
}

/* [text](dest) or ![alt](src) with '[' at p: the byte after it, or NULL
 * when it is not one. */
static const char *
md_link(struct scan *s, const char *p, const char *end, int image, int flags)
{
	size_t close = pair_close(s, (size_t)(p - s->base)), start;
	const char *rb, *after, *d;
	size_t dn;
	char *label;

	if (close == SIZE_MAX || s->depth >= MAX_DEPTH)
		return NULL;
	rb = s->base + close;
	if (rb + 1 >= end || rb[1] != '(')
		return NULL;
	after = parse_dest(s, rb + 2, end, &d, &dn);
	if (!after)
		return NULL;
	start = s->text.len;
	s->depth++;
	note_inl(s, p + 1, rb, flags & ~(INL_TAGS | INL_LINKS));
	s->depth--;
	if (!image && (flags & INL_LINKS)) {
		label = note_trimdup(s->text.ptr ? s->text.ptr + start : "",
		    s->text.len - start);
		if (!*label) {
			free(label);
			label = NULL;
		}
		note_link_dest(s, d, dn, label, s->line);
	} else if (image && (flags & INL_LINKS)) {
		note_image_dest(s, d, dn, s->line);
	}
	return after;
}

/* "[[" at p: the byte after "]]", or NULL when it is no wikilink. */
static const char *
wiki_at(struct scan *s, const char *p, const char *end, int embed, int flags)
{
	const char *q = p + 2;

	if (s->wl_fail && q >= s->wl_fail)
		return NULL;
	for (; q + 1 < end; q++) {
		if (q[0] == '[' && q[1] == '[')
			return NULL;
		if (q[0] == ']' && q[1] == ']')
			break;
	}
	if (q + 1 >= end) {
		s->wl_fail = p + 2;
		return NULL;
	}
	if (note_wikilink(s, p + 2, (size_t)(q - p - 2), embed, flags, s->line) < 0)
		return NULL;
	return q + 2;
}

static int
is_human_attr(const char *p, size_t n)
{
	const char *const *a;

	for (a = human_attrs; *a; a++)
		if (strlen(*a) == n && strncmp(*a, p, n) == 0)
			return 1;
	return 0;
}

/* Skip a {...} expression from p (after '{'), *depth already counting
 * it; strings inside are skipped. Returns where it stopped. */
static const char *
skip_braces(const char *p, const char *end, int *depth)
{
	char quote;

	while (p < end && *depth > 0) {
		if (*p == '"' || *p == '\'' || *p == '`') {
			quote = *p++;
			while (p < end && *p != quote) {
				if (*p == '\\')
					p++;
				p++;
			}
			if (p < end)
				p++;
			continue;
		}
		if (*p == '{')
			(*depth)++;
		else if (*p == '}')
			(*depth)--;
		p++;
	}
	return p > end ? end : p;
}

/* An HTML id= or name= value: an anchor links may reach (bounded: a
 * hostile note may hold millions). */
#define NOTE_IDS_MAX	4096
#define NOTE_ID_LEN	256

static void
add_id(struct scan *s, const char *v, size_t n)
{
	if (n == 0 || n > NOTE_ID_LEN || s->nids >= NOTE_IDS_MAX)
		return;
	s->ids = xgrow(s->ids, &s->idcap, s->nids + 1, sizeof *s->ids);
	s->ids[s->nids++] = xstrndup(v, n);
}

static void
emit_attr(struct scan *s, const char *v, size_t n)
{
	if (n == 0)
		return;
	if (s->text.len > 0 && s->text.ptr[s->text.len - 1] != ' ' &&
	    s->text.ptr[s->text.len - 1] != '\n')
		buf_addc(&s->text, ' ');
	buf_add(&s->text, v, n);
	buf_addc(&s->text, ' ');
}

/*
 * The attributes of an HTML/JSX tag from *pp. Returns 1 when the tag
 * closed (*pp after '>'), 0 when the line ended inside it, -1 when this
 * is not a tag after all.
 */
int
note_tag_attrs(struct scan *s, const char **pp, const char *end)
{
	const char *p = *pp, *name, *v;
	size_t nn;
	int human, anchor;
	char quote;

	if (s->tagbrace > 0) {
		p = skip_braces(p, end, &s->tagbrace);
		if (s->tagbrace > 0)
			return 0;
	}
	for (;;) {
		while (p < end && is_blank(*p))
			p++;
		if (p >= end) {
			*pp = p;
			return 0;
		}
		if (*p == '>') {
			*pp = p + 1;
			return 1;
		}
		if (*p == '/' && p + 1 < end && p[1] == '>') {
			*pp = p + 2;
			return 1;
		}
		if (*p == '{') {
			s->tagbrace = 1;
			p = skip_braces(p + 1, end, &s->tagbrace);
			if (s->tagbrace > 0) {
				*pp = p;
				return 0;
			}
			continue;
		}
		name = p;
		while (p < end && (is_alnum((unsigned char)*p) ||
		    strchr("_:.@-", *p)))
			p++;
		nn = (size_t)(p - name);
		if (nn == 0)
			return -1;
		human = is_human_attr(name, nn);
		anchor = (nn == 2 && (name[0] | 0x20) == 'i' &&
		    (name[1] | 0x20) == 'd') || (nn == 4 &&
		    strncmp(name, "name", 4) == 0);
		while (p < end && is_blank(*p))
			p++;
		if (p >= end || *p != '=')
			continue;
		p++;
		while (p < end && is_blank(*p))
			p++;
		if (p >= end)
			return -1;
		if (*p == '"' || *p == '\'') {
			quote = *p++;
			v = p;
			while (p < end && *p != quote)
				p++;
			if (p >= end)
				return -1;
			if (human)
				emit_attr(s, v, (size_t)(p - v));
			if (anchor)
				add_id(s, v, (size_t)(p - v));
			p++;
		} else if (*p == '{') {
			s->tagbrace = 1;
			v = p + 1;
			p = skip_braces(p + 1, end, &s->tagbrace);
			/* title={"text"} */
			if (human && s->tagbrace == 0 && p - v >= 3 &&
			    (*v == '"' || *v == '\'') && p[-2] == *v)
				emit_attr(s, v + 1, (size_t)(p - v - 3));
			if (s->tagbrace > 0) {
				*pp = p;
				return 0;
			}
		} else {
			v = p;
			while (p < end && !is_blank(*p) && *p != '>' &&
			    !(*p == '/' && p + 1 < end && p[1] == '>'))
				p++;
			if (human)
				emit_attr(s, v, (size_t)(p - v));
			if (anchor)
				add_id(s, v, (size_t)(p - v));
		}
	}
}

/* '<' at p: a comment, an autolink or a tag. The byte after it, or NULL
 * when '<' is text. Sets s->comment / s->tag when it goes on. */
static const char *
angle(struct scan *s, const char *p, const char *end, int flags)
{
	const char *q, *e;
	size_t sl;
	int r;

	if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		for (q = p + 4; q + 2 < end; q++)
			if (q[0] == '-' && q[1] == '-' && q[2] == '>')
				return q + 3;
		s->comment = 1;
		return end;
	}
	sl = note_scheme_len(p + 1, (size_t)(end - p - 1));
	if (sl) {
		for (q = p + 1; q < end && *q != '>' && *q != '<' &&
		    !is_blank(*q); q++)
			;
		if (q < end && *q == '>') {
			buf_add(&s->text, p + 1, (size_t)(q - p - 1));
			if (flags & INL_LINKS)
				note_add_link(s, LINK_EXTERNAL, xstrndup(p + 1,
				    (size_t)(q - p - 1)), NULL, NULL, s->line);
			return q + 1;
		}
		return NULL;
	}
	/* <user@example.com> */
	for (q = p + 1; q < end && (is_alnum((unsigned char)*q) ||
	    strchr(".!#$%&'*+/=?^_`{|}~-", *q)); q++)
		;
	if (q > p + 1 && q < end && *q == '@') {
		for (e = q + 1; e < end && (is_alnum((unsigned char)*e) ||
		    *e == '.' || *e == '-'); e++)
			;
		if (e > q + 1 && e < end && *e == '>') {
			buf_add(&s->text, p + 1, (size_t)(e - p - 1));
			if (flags & INL_LINKS)
				note_add_link(s, LINK_EXTERNAL, xasprintf("mailto:%.*s",
				    (int)(e - p - 1), p + 1), NULL, NULL,
				    s->line);
			return e + 1;
		}
	}
	q = p + 1;
	if (q < end && *q == '/')
		q++;
	if (q >= end || !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
		return NULL;
	while (q < end && (is_alnum((unsigned char)*q) || strchr("._:-", *q)))
		q++;
	if (q < end && !is_blank(*q) && *q != '>' && *q != '/')
		return NULL;
	s->tagbrace = 0;
	r = note_tag_attrs(s, &q, end);
	if (r < 0) {
		s->tagbrace = 0;
		return NULL;
	}
	if (r == 0) {
		s->tag = 1;
		return end;
	}
	return q;
}

/* '&' at p: an entity emitted as its character, or NULL. */
static const char *
entity(struct scan *s, const char *p, const char *end)
{
	size_t w = entity_decode(p, (size_t)(end - p), &s->text);

	return w ? p + w : NULL;
}

/* '#' at p, allowed here: an inline tag? The byte after it, or NULL. */
static const char *
inline_tag(struct scan *s, const char *p, const char *end)
{
	const char *q = p + 1;
	size_t w;
	uint32_t c;
	int digits = 1;
	struct buf t = BUF_INIT;

	while (q < end) {
		w = utf8_next(q, (size_t)(end - q), &c);
		if (w == 0)
			break;
		if (c < 0x80) {
			if (!is_alnum((int)c) && c != '_' && c != '/' &&
			    c != '-')
				break;
		} else if (!note_is_uletter(c)) {
			break;
		}
		if (c < '0' || c > '9')
			digits = 0;
		q += w;
	}
	if (q == p + 1 || digits)
		return NULL;
	buf_add(&t, p + 1, (size_t)(q - p - 1));
	note_add_tag(s, xstrdup(buf_str(&t)), s->line);	/* case kept */
	buf_free(&t);
	return q;
}

/* A bare http(s) URL at p: its end, or NULL. */
static const char *
bare_url(const char *p, const char *end)
{
	const char *q;
	int open = 0;

	if (end - p > 8 && memcmp(p, "https://", 8) == 0)
		q = p + 8;
	else if (end - p > 7 && memcmp(p, "http://", 7) == 0)
		q = p + 7;
	else
		return NULL;
	if (q >= end || is_blank(*q) || *q == '<')
		return NULL;
	for (; q < end && !is_blank(*q) && *q != '<'; q++) {
		if (*q == '(')
			open++;
		else if (*q == ')')
			open--;
	}
	while (q > p && (strchr(".,:;!?*_~'\"", q[-1]) ||
	    (q[-1] == ')' && open < 0))) {
		if (q[-1] == ')')
			open++;
		q--;
	}
	return q;
}

/* "![" at p: an embed ![[...]] or an image ![alt](src). The byte after
 * it, or NULL when it is neither. */
static const char *
embed_at(struct scan *s, const char *p, const char *end, int flags)
{
	if (p + 2 < end && p[2] == '[')
		return wiki_at(s, p + 1, end, 1, flags);
	return md_link(s, p + 1, end, 1, flags);
}

/* '[' at p: a [[wikilink]] or a [text](dest) link. The byte after it, or
 * NULL when it is neither. */
static const char *
link_at(struct scan *s, const char *p, const char *end, int flags)
{
	const char *q = NULL;

	if (p + 1 < end && p[1] == '[')
		q = wiki_at(s, p, end, 0, flags);
	if (!q)
		q = md_link(s, p, end, 0, flags);
	return q;
}

/* '#' at p: an inline tag, where flags allow tags and a blank or the
 * line's start comes before it? The byte after it, or NULL. */
static const char *
tag_here(struct scan *s, const char *p, const char *end, int flags)
{
	if ((flags & INL_TAGS) && (p == s->lstart ||
	    is_blank(prev_char(s, p))))
		return inline_tag(s, p, end);
	return NULL;
}

/* A run of c ('*', '_' or '~') at p: its length in *r; 1 when it is
 * emphasis markup (dropped from the text), 0 when it is literal text. */
static int
emph_run(const struct scan *s, const char *p, const char *end, int c,
    size_t *r)
{
	int prev, next;
	size_t n;

	for (n = 0; p + n < end && p[n] == c; n++)
		;
	*r = n;
	prev = prev_char(s, p);
	next = p + n < end ? (unsigned char)p[n] : ' ';
	return !((is_blank(prev) && is_blank(next)) ||
	    (c == '~' && n != 2) ||
	    (c == '_' && (is_alnum(prev) || prev >= 0x80) &&
	    (is_alnum(next) || next >= 0x80)));
}

/* 'h' at p: the end of a bare URL that starts there (recorded when flags
 * allow links), or NULL. */
static const char *
bare_link(struct scan *s, const char *p, const char *end, int flags)
{
	int prev = prev_char(s, p);
	const char *q;

	if (is_alnum(prev) || prev >= 0x80 || (q = bare_url(p, end)) == NULL)
		return NULL;
	if (flags & INL_LINKS)
		note_add_link(s, LINK_EXTERNAL, xstrndup(p, (size_t)(q - p)),
		    NULL, NULL, s->line);
	return q;
}

/* '{' at p: in MDX, the byte after the expression's closing '}'; NULL
 * when it is text (and, when none closes, so are the line's later ones). */
static const char *
mdx_expr(struct scan *s, const char *p, const char *end)
{
	const char *q;
	int depth = 1;

	if (!s->mdx || (s->brace_fail && p >= s->brace_fail))
		return NULL;
	q = skip_braces(p + 1, end, &depth);
	if (depth == 0)
		return q;
	s->brace_fail = p;	/* later ones are text too */
	return NULL;
}

/*
 * Inline Markdown in [p, end): emit its plain text, record links and
 * tags as flags allow.
 */
void
note_inl(struct scan *s, const char *p, const char *end, int flags)
{
	const char *run = p, *q;
	const struct cspan *sp;
	int c;
	size_t r, before;

#define FLUSH(to) do {							\
	if ((to) > run)							\
		buf_add(&s->text, run, (size_t)((to) - run));		\
} while (0)

	while (p < end) {
		c = (unsigned char)*p;
		if (!special[c]) {
			p++;
			continue;
		}
		switch (c) {
		case '\\':
			if (p + 1 < end && is_punct((unsigned char)p[1])) {
				FLUSH(p);
				run = p + 1;
				p += 2;
			} else if (p + 1 == end) {
				FLUSH(p);	/* a hard line break */
				run = ++p;
			} else {
				p++;
			}
			continue;
		case '`':
			sp = span_at(s, (size_t)(p - s->base));
			if (sp) {
				FLUSH(p);
				buf_add(&s->text, s->base + sp->open + sp->len,
				    sp->close - sp->open - sp->len);
				p = s->base + sp->close + sp->len;
				run = p;
				continue;
			}
			while (p < end && *p == '`')
				p++;
			continue;
		case '!':
			if (p + 1 >= end || p[1] != '[') {
				p++;
				continue;
			}
			FLUSH(p);
			run = p;
			q = embed_at(s, p, end, flags);
			if (q) {
				run = p = q;
				continue;
			}
			p++;
			continue;
		case '[':
			/* these emit text only when they succeed */
			FLUSH(p);
			run = p;
			q = link_at(s, p, end, flags);
			if (q) {
				run = p = q;
				continue;
			}
			p++;
			continue;
		case '<':
			FLUSH(p);
			run = p;
			before = s->text.len;
			q = angle(s, p, end, flags);
			if (q) {
				run = p = q;
				if (s->comment || s->tag)
					return;
				continue;
			}
			buf_truncate(&s->text, before);
			p++;
			continue;
		case '#':
			q = tag_here(s, p, end, flags);
			if (q) {
				p = q;	/* "#tag" stays in the text */
				continue;
			}
			p++;
			continue;
		case '*':
		case '_':
		case '~':
			if (emph_run(s, p, end, c, &r)) {
				FLUSH(p);
				run = p + r;
			}
			p += r;
			continue;
		case 'h':
			q = bare_link(s, p, end, flags);
			if (q) {
				p = q;
				continue;
			}
			p++;
			continue;
		case '|':
			if (flags & INL_PIPES) {
				FLUSH(p);
				buf_addc(&s->text, ' ');
				run = ++p;
				continue;
			}
			p++;
			continue;
		case '&':
			FLUSH(p);
			run = p;
			q = entity(s, p, end);
			if (q) {
				run = p = q;
				continue;
			}
			p++;
			continue;
		case '{':
			q = mdx_expr(s, p, end);
			if (q) {
				FLUSH(p);
				run = p = q;
				continue;
			}
			p++;
			continue;
		default:
			p++;
			continue;
		}
	}
	FLUSH(end);
#undef FLUSH
}

/*
 * query.c: the search language to an FTS5 expression and SQL filters (see
 * query.h for the rules). The input is first cleaned to valid UTF-8 with
 * control bytes as spaces, cut into tokens, then parsed by recursive
 * descent straight into FTS5 text, every term double-quoted.
 */
#include "core/query.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define QUERY_MAX_INPUT	65536	/* bytes read of the query text */
#define QUERY_MAX_TERMS	64
#define QUERY_MAX_DEPTH	16
#define QUERY_MAX_TERM	256	/* bytes */
#define QUERY_MAX_SUBS	8

enum tok_kind {
	T_WORD,		/* text: a bare word */
	T_PHRASE,	/* text: between double quotes */
	T_FILTER,	/* key:text */
	T_OPEN,
	T_CLOSE,
	T_OR,
	T_AND,
	T_NOT,
};

struct tok {
	enum tok_kind kind;
	char *text;		/* cleaned UTF-8 */
	const char *key;	/* T_FILTER: a static key name */
	int neg;		/* a '-' was written before it */
	int prefix;		/* a '*' followed it */
};

/* A parsed (sub)expression: positive terms ANDed, negative ones ORed. */
struct ex {
	struct buf pos;
	struct buf neg;
	int npos, nneg;
};

struct parser {
	struct tok *toks;
	size_t ntoks, at;
	int depth;
	int nterms;
	int any_or;
	int any_not;		/* a NOT went into a sub-expression */
	struct query *q;
};

static const struct {
	const char *name;
	int kind;		/* enum qf_kind, or -1 for title: */
} filter_keys[] = {
	{ "tag", QF_TAG },
	{ "type", QF_TYPE },
	{ "status", QF_STATUS },
	{ "lang", QF_LANG },
	{ "links", QF_LINKS },
	{ "from", QF_FROM },
	{ "title", -1 },
	{ "path", QF_PATH },
};

static int
is_cjk(uint32_t c)
{
	return (c >= 0x0e00 && c <= 0x0eff) ||	/* Thai, Lao */
	    (c >= 0x1000 && c <= 0x109f) ||	/* Myanmar */
	    (c >= 0x1780 && c <= 0x17ff) ||	/* Khmer */
	    (c >= 0x2e80 && c <= 0x2fdf) ||	/* radicals */
	    (c >= 0x3040 && c <= 0x31ff) ||	/* kana, bopomofo, jamo */
	    (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0xa960 && c <= 0xa97f) ||
	    (c >= 0xac00 && c <= 0xd7af) ||	/* Hangul */
	    (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xff66 && c <= 0xff9f) ||	/* halfwidth kana */
	    (c >= 0x20000 && c <= 0x3ffff);
}

/*
 * Would the unicode61 tokenizer keep c as part of a token? An
 * approximation of its rule (letters, digits, private use): ASCII
 * punctuation and the common punctuation and symbol blocks are
 * separators, everything else counts as a letter.
 */
static int
is_token_char(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
	if (c <= 0xbf)
		return c == 0xaa || c == 0xb2 || c == 0xb3 || c == 0xb5 ||
		    c == 0xb9 || c == 0xba || (c >= 0xbc && c <= 0xbe);
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if (c >= 0x0300 && c <= 0x036f)		/* combining marks */
		return 0;
	if (c >= 0x2000 && c <= 0x206f)		/* general punctuation */
		return 0;
	if (c >= 0x20a0 && c <= 0x20cf)		/* currency */
		return 0;
	if (c >= 0x2190 && c <= 0x2bff)		/* arrows .. symbols */
		return 0;
	if (c >= 0x3000 && c <= 0x303f)		/* CJK punctuation */
		return c == 0x3005 || c == 0x3006 || c == 0x3007;
	if (c >= 0xfe00 && c <= 0xfe0f)		/* variation selectors */
		return 0;
	if (c >= 0xfe30 && c <= 0xfe4f)
		return 0;
	if ((c >= 0xff01 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	    (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65))
		return 0;
	if (c == 0xfffd || c == 0xfeff)
		return 0;
	if (c >= 0x1f000 && c <= 0x1faff)	/* emoji */
		return 0;
	return 1;
}

int
query_has_cjk(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	uint32_t c;

	while (n > 0) {
		k = utf8_next((const char *)p, n, &c);
		if (k == 0)
			k = 1;
		else if (is_cjk(c))
			return 1;
		p += k;
		n -= k;
	}
	return 0;
}

void
query_cjk_runs(const char *s, struct buf *out)
{
	const char *p = s, *start, *end = s + strlen(s);
	int cjk;
	size_t k;
	uint32_t c;

	/* every character of those scripts takes 3 or 4 bytes */
	while (p < end && (unsigned char)*p < 0xe0)
		p++;
	if (p == end)
		return;
	p = s;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		start = p;
		cjk = 0;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r') {
			k = utf8_next(p,
			    (size_t)(end - p), &c);
			if (k == 0)
				k = 1;
			else if (is_cjk(c))
				cjk = 1;
			p += k;
		}
		if (cjk) {
			buf_add(out, start, (size_t)(p - start));
			buf_addc(out, '\n');
		}
	}
}

static int
has_token_char(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	uint32_t c;

	while (n > 0) {
		k = utf8_next((const char *)p, n, &c);
		if (k == 0)
			k = 1;
		else if (is_token_char(c))
			return 1;
		p += k;
		n -= k;
	}
	return 0;
}

/*
 * The input as valid UTF-8: invalid sequences, NUL and other control
 * characters (C0, DEL, C1) become spaces.
 */
static char *
clean_input(const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	struct buf b = BUF_INIT;
	uint32_t c;
	size_t k;

	if (len > QUERY_MAX_INPUT)
		len = QUERY_MAX_INPUT;
	buf_grow(&b, len);
	buf_add(&b, "", 0);	/* buf_grow alone leaves no NUL */
	while (len > 0) {
		k = utf8_next((const char *)p, len, &c);
		if (k == 0 || c < 0x20 || c == 0x7f ||
		    (c >= 0x80 && c <= 0x9f)) {
			buf_addc(&b, ' ');
			k = k ? k : 1;
		} else
			buf_add(&b, p, k);
		p += k;
		len -= k;
	}
	return buf_take(&b);
}

/* Copy at most QUERY_MAX_TERM bytes of s (n bytes), cut on a character. */
static char *
term_dup(const char *s, size_t n)
{
	if (n > QUERY_MAX_TERM) {
		n = QUERY_MAX_TERM;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return xstrndup(s, n);
}

static int
is_space(char c)
{
	return c == ' ';
}

static int
is_word_end(char c)
{
	return c == '\0' || c == ' ' || c == '"' || c == '(' || c == ')';
}

/* Read a phrase after its opening quote; an unbalanced one runs to the
 * end. Sets *prefix for a '*' right after the closing quote. */
static char *
lex_phrase(const char **pp, int *prefix)
{
	const char *p = *pp, *start = p;
	char *s;

	while (*p && *p != '"')
		p++;
	s = term_dup(start, (size_t)(p - start));
	if (*p == '"')
		p++;
	*prefix = 0;
	while (*p == '*') {
		*prefix = 1;
		p++;
	}
	*pp = p;
	return s;
}

static const char *
filter_key(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof filter_keys / sizeof filter_keys[0]; i++)
		if (strlen(filter_keys[i].name) == n &&
		    strncasecmp(filter_keys[i].name, w, n) == 0)
			return filter_keys[i].name;
	return NULL;
}

static void
tok_push(struct parser *ps, size_t *cap, struct tok *t)
{
	ps->toks = xgrow(ps->toks, cap, ps->ntoks + 1, sizeof *ps->toks);
	ps->toks[ps->ntoks++] = *t;
}

/* Cut the cleaned input into tokens. */
static void
lex(struct parser *ps, const char *s)
{
	const char *p = s, *start, *colon;
	size_t cap = 0, n;
	struct tok t;

	for (;;) {
		while (is_space(*p))
			p++;
		if (*p == '\0')
			break;
		memset(&t, 0, sizeof t);
		while (*p == '-' || *p == '+') {
			if (*p == '-')
				t.neg = !t.neg;
			p++;
		}
		if (*p == '\0' || is_space(*p))
			continue;	/* a lone '-' */
		if (*p == '(') {
			t.kind = T_OPEN;
			p++;
		} else if (*p == ')') {
			t.kind = T_CLOSE;
			p++;
			t.neg = 0;
		} else if (*p == '"') {
			p++;
			t.kind = T_PHRASE;
			t.text = lex_phrase(&p, &t.prefix);
		} else {
			start = p;
			while (!is_word_end(*p))
				p++;
			n = (size_t)(p - start);
			colon = memchr(start, ':', n);
			if (n == 2 && memcmp(start, "OR", 2) == 0 && !t.neg)
				t.kind = T_OR;
			else if (n == 3 && memcmp(start, "AND", 3) == 0 &&
			    !t.neg)
				t.kind = T_AND;
			else if (n == 3 && memcmp(start, "NOT", 3) == 0 &&
			    !t.neg)
				t.kind = T_NOT;
			else if (colon && (t.key = filter_key(start,
			    (size_t)(colon - start))) != NULL) {
				t.kind = T_FILTER;
				if (colon + 1 == p && *p == '"') {
					p++;
					t.text = lex_phrase(&p, &t.prefix);
				} else {
					t.text = term_dup(colon + 1,
					    (size_t)(p - colon - 1));
				}
			} else {
				t.kind = T_WORD;
				t.text = term_dup(start, n);
			}
			if (t.text) {
				n = strlen(t.text);
				while (n > 0 && t.text[n - 1] == '*') {
					t.text[--n] = '\0';
					t.prefix = 1;
				}
			}
		}
		tok_push(ps, &cap, &t);
	}
}

static void
quote_into(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

static void
ex_init(struct ex *e)
{
	struct buf z = BUF_INIT;

	e->pos = z;
	e->neg = z;
	e->npos = e->nneg = 0;
}

static void
ex_free(struct ex *e)
{
	buf_free(&e->pos);
	buf_free(&e->neg);
}

static void
ex_add(struct ex *e, int neg, const char *term)
{
	if (neg) {
		if (e->nneg++)
			buf_adds(&e->neg, " OR ");
		buf_adds(&e->neg, term);
	} else {
		if (e->npos++)
			buf_adds(&e->pos, " AND ");
		buf_adds(&e->pos, term);
	}
}

/* The expression as one FTS5 string (needs npos > 0). */
static char *
ex_full(const struct ex *e)
{
	if (e->nneg)
		return xasprintf("(%s) NOT (%s)", buf_str(&e->pos),
		    buf_str(&e->neg));
	return xstrdup(buf_str(&e->pos));
}

static void
add_filter(struct query *q, enum qf_kind kind, const char *value, int neg,
    int prefix)
{
	struct qfilter *f;
	size_t cap = q->nfilters;
	char *v, *s;

	if (q->nfilters >= QUERY_MAX_FILTERS || !*value)
		return;
	v = xstrdup(value);
	if (kind == QF_TAG || kind == QF_TYPE || kind == QF_STATUS ||
	    kind == QF_LANG) {
		for (s = v; *s; s++)
			if (*s >= 'A' && *s <= 'Z')
				*s = (char)(*s - 'A' + 'a');
	}
	if (kind == QF_TAG && v[0] == '#')
		memmove(v, v + 1, strlen(v));
	if (!*v) {
		free(v);
		return;
	}
	q->filters = xgrow(q->filters, &cap, q->nfilters + 1,
	    sizeof *q->filters);
	f = &q->filters[q->nfilters++];
	f->kind = kind;
	f->value = v;
	f->neg = neg;
	f->prefix = prefix && kind == QF_TAG;
	f->alt = -1;
}

/* Record the length of the prefix of a term written word* (its last
 * word, as the tokenizer would cut it) in q's prefix_min, prefix_max. */
static void
prefix_note(struct query *q, const char *text)
{
	const char *p = text;
	size_t n = strlen(text), k;
	int run = 0, last = 0;
	uint32_t c;

	while (n > 0) {
		k = utf8_next(p, n, &c);
		if (k == 0)
			k = 1;
		else if (is_token_char(c))
			last = ++run;
		else
			run = 0;
		p += k;
		n -= k;
	}
	if (last == 0)
		return;
	if (q->prefix_min == 0 || last < q->prefix_min)
		q->prefix_min = last;
	if (last > q->prefix_max)
		q->prefix_max = last;
}

/* One term (word, phrase or title:) into e, or into the filters. */
static void
parse_term(struct parser *ps, struct ex *e, const struct tok *t, int neg)
{
	struct buf b = BUF_INIT;

	if (!t->text || !has_token_char(t->text))
		return;
	if (ps->nterms >= QUERY_MAX_TERMS)
		return;
	ps->nterms++;
	if (query_has_cjk(t->text)) {
		add_filter(ps->q, QF_SUBSTR, t->text, neg, 0);
		return;
	}
	if (t->kind == T_FILTER)
		buf_adds(&b, "title : ");
	quote_into(&b, t->text);
	if (t->prefix) {
		buf_adds(&b, " *");
		prefix_note(ps->q, t->text);
	}
	ex_add(e, neg, buf_str(&b));
	buf_free(&b);
}

static void parse_or(struct parser *ps, struct ex *e);

static const struct tok *
peek(const struct parser *ps)
{
	return ps->at < ps->ntoks ? &ps->toks[ps->at] : NULL;
}

/* A group "( ... )" after its '(' was taken; merges into e. */
static void
parse_group(struct parser *ps, struct ex *e, int neg)
{
	const struct tok *t;
	struct ex sub;
	char *full;

	ex_init(&sub);
	ps->depth++;
	parse_or(ps, &sub);
	ps->depth--;
	t = peek(ps);
	if (t && t->kind == T_CLOSE)
		ps->at++;
	if (sub.npos > 0) {
		if (sub.nneg > 0 || neg)
			ps->any_not = 1;
		full = ex_full(&sub);
		if (neg)
			ex_add(e, 1, full);
		else {
			char *paren = xasprintf("(%s)", full);

			ex_add(e, 0, paren);
			free(paren);
		}
		free(full);
	} else if (sub.nneg > 0 && !neg) {
		/* (-a -b): its negations are ours */
		ex_add(e, 1, buf_str(&sub.neg));
		e->nneg += sub.nneg - 1;
	}
	ex_free(&sub);
}

/* Terms ANDed until OR, ')' or the end. */
static void
parse_and(struct parser *ps, struct ex *e)
{
	const struct tok *t;
	enum qf_kind kind;
	int neg = 0;
	size_t i;

	while ((t = peek(ps)) != NULL) {
		if (t->kind == T_OR)
			break;
		if (t->kind == T_CLOSE) {
			if (ps->depth > 0)
				break;
			ps->at++;	/* a stray ')' */
			continue;
		}
		ps->at++;
		switch (t->kind) {
		case T_AND:
			continue;
		case T_NOT:
			neg = !neg;
			continue;
		case T_OPEN:
			if (ps->depth >= QUERY_MAX_DEPTH)
				continue;	/* too deep: a plain '(' */
			parse_group(ps, e, neg ^ t->neg);
			break;
		case T_WORD:
		case T_PHRASE:
			parse_term(ps, e, t, neg ^ t->neg);
			break;
		case T_FILTER:
			if (strcmp(t->key, "title") == 0) {
				parse_term(ps, e, t, neg ^ t->neg);
				break;
			}
			for (i = 0; strcmp(filter_keys[i].name, t->key); i++)
				;
			kind = (enum qf_kind)filter_keys[i].kind;
			if (t->text && has_token_char(t->text))
				add_filter(ps->q, kind, t->text, neg ^ t->neg,
				    t->prefix);
			break;
		default:
			break;
		}
		neg = 0;
	}
}

/* The sides of a top-level OR, kept in case one holds a filter. */
struct sides {
	struct qalt *v;
	size_t *f0, *f1;	/* the filters each added: [f0, f1) */
	size_t n, cap, fcap0, fcap1;
	int any_filter;
};

/* Keep the side alt (its filters from f0 on) if it holds anything. */
static void
sides_add(struct parser *ps, struct sides *sd, const struct ex *alt,
    size_t f0)
{
	size_t f1 = ps->q->nfilters;
	struct qalt a;

	a.match = alt->npos > 0 ? ex_full(alt) : NULL;
	a.exclude = alt->npos == 0 && alt->nneg > 0 && f1 > f0 ?
	    xstrdup(buf_str(&alt->neg)) : NULL;
	if (!a.match && f1 == f0)
		return;		/* empty, or only -words: dropped */
	if (alt->nneg > 0)
		ps->any_not = 1;
	sd->v = xgrow(sd->v, &sd->cap, sd->n + 1, sizeof *sd->v);
	sd->f0 = xgrow(sd->f0, &sd->fcap0, sd->n + 1, sizeof *sd->f0);
	sd->f1 = xgrow(sd->f1, &sd->fcap1, sd->n + 1, sizeof *sd->f1);
	sd->v[sd->n] = a;
	sd->f0[sd->n] = f0;
	sd->f1[sd->n] = f1;
	sd->n++;
	if (f1 > f0)
		sd->any_filter = 1;
}

/* The sides become the query's alts when one holds a filter (returns 1);
 * else they are freed (returns 0). */
static int
sides_take(struct parser *ps, struct sides *sd)
{
	struct query *q = ps->q;
	size_t i, j;

	if (sd->any_filter) {
		for (i = 0; i < sd->n; i++)
			for (j = sd->f0[i]; j < sd->f1[i]; j++)
				q->filters[j].alt = (int)i;
		q->alts = sd->v;
		q->nalts = sd->n;
	} else {
		for (i = 0; i < sd->n; i++) {
			free(sd->v[i].match);
			free(sd->v[i].exclude);
		}
		free(sd->v);
	}
	free(sd->f0);
	free(sd->f1);
	return sd->any_filter;
}

/* and-groups separated by OR. At the top level, an OR with a filter on
 * a side becomes the query's alts (query.h) and leaves e empty. */
static void
parse_or(struct parser *ps, struct ex *e)
{
	const struct tok *t;
	struct ex alt;
	struct buf ors = BUF_INIT;
	struct buf negs = BUF_INIT;
	struct sides sd;
	int nalts = 0, nnegs = 0, first = 1, top = ps->depth == 0;
	size_t f0;
	char *full;

	memset(&sd, 0, sizeof sd);
	for (;;) {
		ex_init(&alt);
		f0 = ps->q->nfilters;
		parse_and(ps, &alt);
		t = peek(ps);
		if (first && (!t || t->kind != T_OR)) {
			*e = alt;	/* no OR: keep its structure */
			buf_free(&ors);
			return;
		}
		first = 0;
		if (top)
			sides_add(ps, &sd, &alt, f0);
		if (alt.npos > 0) {
			if (alt.nneg > 0)
				ps->any_not = 1;
			full = ex_full(&alt);
			buf_printf(&ors, "%s(%s)", nalts++ ? " OR " : "",
			    full);
			free(full);
		} else if (alt.nneg > 0) {
			buf_printf(&negs, "%s%s", nnegs ? " OR " : "",
			    buf_str(&alt.neg));
			nnegs += alt.nneg;
		}
		ex_free(&alt);
		if (!t || t->kind != T_OR)
			break;
		ps->at++;
		ps->any_or = 1;
	}
	ex_init(e);
	if (top && sides_take(ps, &sd)) {
		buf_free(&ors);
		buf_free(&negs);
	} else if (nalts > 0) {
		/* a OR -b: the negated branch is dropped */
		e->pos = ors;
		e->npos = 1;
		buf_free(&negs);
	} else {
		e->neg = negs;
		e->nneg = nnegs;
		buf_free(&ors);
	}
}

/* Positive words of a plain AND query, for the substring fallback. */
static void
collect_subs(struct parser *ps)
{
	struct query *q = ps->q;
	const struct tok *t;
	size_t i, cap = 0;
	int neg = 0;

	if (ps->any_or || !q->match)
		return;
	for (i = 0; i < ps->ntoks; i++) {
		t = &ps->toks[i];
		if (t->kind == T_NOT) {
			neg = 1;
			continue;
		}
		if (t->kind == T_OPEN || t->kind == T_CLOSE)
			goto fail;	/* keep the fallback simple */
		if ((t->kind == T_WORD || t->kind == T_PHRASE) && !neg &&
		    !t->neg && has_token_char(t->text) &&
		    !query_has_cjk(t->text)) {
			if (utf8_chars(t->text) < 3 ||
			    q->nsubs >= QUERY_MAX_SUBS)
				goto fail;
			q->subs = xgrow(q->subs, &cap, q->nsubs + 1,
			    sizeof *q->subs);
			q->subs[q->nsubs++] = xstrdup(t->text);
		}
		neg = 0;
	}
	return;
fail:
	for (i = 0; i < q->nsubs; i++)
		free(q->subs[i]);
	free(q->subs);
	q->subs = NULL;
	q->nsubs = 0;
}

/* The words of a query of positive words and phrases only, for the
 * notes named by them (filters may stand beside them). */
static void
collect_name(struct parser *ps)
{
	struct query *q = ps->q;
	const struct tok *t;
	struct buf b = BUF_INIT;
	size_t i;

	if (!q->match || q->negated || ps->any_or)
		return;
	for (i = 0; i < ps->ntoks; i++) {
		t = &ps->toks[i];
		if (t->kind == T_FILTER && strcmp(t->key, "title") != 0)
			continue;
		if ((t->kind != T_WORD && t->kind != T_PHRASE) || t->neg ||
		    !has_token_char(t->text) || query_has_cjk(t->text) ||
		    (t->prefix && i + 1 < ps->ntoks)) {
			buf_free(&b);
			return;
		}
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, t->text);
		q->name_prefix = t->prefix;
	}
	if (b.len)
		q->name = buf_take(&b);
	buf_free(&b);
}

/* Does t end a term, so that a word after it is ANDed with it? */
static int
ends_term(const struct tok *t)
{
	return t->kind == T_WORD || t->kind == T_PHRASE ||
	    t->kind == T_FILTER || t->kind == T_CLOSE;
}

static void
drop_tok(struct parser *ps, size_t at)
{
	free(ps->toks[at].text);
	memmove(&ps->toks[at], &ps->toks[at + 1],
	    (ps->ntoks - at - 1) * sizeof ps->toks[0]);
	ps->ntoks--;
}

/*
 * While typing, the last word is a prefix once it has three letters. A
 * shorter one after other words is left out until then: "cold s" shows
 * what "cold" finds, where a one- or two-letter prefix would make FTS5
 * read most of the index on every keystroke (and an exact "s" would find
 * nothing). Alone, a short word is searched as it is.
 */
struct query *
query_parse(const char *text, size_t len, int prefix_last)
{
	struct query *q = xcalloc(1, sizeof *q);
	struct parser ps;
	struct ex e;
	char *clean;
	size_t i;

	memset(&ps, 0, sizeof ps);
	ps.q = q;
	clean = clean_input(text ? text : "", text ? len : 0);
	lex(&ps, clean);
	free(clean);
	if (prefix_last) {
		for (i = ps.ntoks; i > 0; i--) {
			struct tok *t = &ps.toks[i - 1];

			if (t->kind == T_WORD ||
			    (t->kind == T_FILTER &&
			    strcmp(t->key, "title") == 0)) {
				if (t->neg)
					break;
				if (utf8_chars(t->text) >= 3)
					t->prefix = 1;
				else if (t->kind == T_WORD && i >= 2 &&
				    ends_term(&ps.toks[i - 2]))
					drop_tok(&ps, i - 1);
				break;
			}
			if (t->kind != T_CLOSE)
				break;
		}
	}
	parse_or(&ps, &e);
	/* Tokens left over after a top-level parse: only stray ')'. */
	if (e.npos > 0) {
		q->match = ex_full(&e);
		q->negated = ps.any_not || e.nneg > 0;
	}
	else if (e.nneg > 0)
		q->exclude = xstrdup(buf_str(&e.neg));
	ex_free(&e);
	collect_subs(&ps);
	collect_name(&ps);
	q->empty = !q->match && !q->exclude && q->nfilters == 0;
	for (i = 0; i < ps.ntoks; i++)
		free(ps.toks[i].text);
	free(ps.toks);
	return q;
}

void
query_free(struct query *q)
{
	size_t i;

	if (!q)
		return;
	free(q->match);
	free(q->exclude);
	free(q->name);
	for (i = 0; i < q->nfilters; i++)
		free(q->filters[i].value);
	free(q->filters);
	for (i = 0; i < q->nsubs; i++)
		free(q->subs[i]);
	free(q->subs);
	for (i = 0; i < q->nalts; i++) {
		free(q->alts[i].match);
		free(q->alts[i].exclude);
	}
	free(q->alts);
	free(q);
}

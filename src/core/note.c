/*
 * note.c: one note file parsed for the index: frontmatter, title, slug,
 * language, links, tags, headings, block ids and the plain text of the
 * body. The body goes through one hand-written line scanner (cmark is for
 * rendering, too slow to run on every note of a big vault) that knows
 * fenced, indented and inline code, HTML comments, MDX and JSX, so that
 * nothing inside code counts as a link or a tag.
 */
#include "core/note.h"
#include "core/buf.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Link text nested deeper than this is read as literal text. */
#define MAX_DEPTH 16
/* Parentheses nested deeper in a link destination: no link (CommonMark
 * allows implementations a limit of at least 32). */
#define MAX_PARENS 32

enum {
	INL_TAGS = 1 << 0,	/* #tags count here */
	INL_LINKS = 1 << 1,	/* links count here */
	INL_PIPES = 1 << 2,	/* a table row: '|' is syntax */
};

struct cspan {
	size_t open, len, close;	/* backtick runs of one code span */
};

struct bpair {
	size_t open, close;		/* matching '[' and ']' */
};

struct brun {
	size_t pos, len;
};

struct rawtag {
	char *tag;
	int line;
	size_t order;
};

struct scan {
	int mdx;
	struct buf text;
	int line;

	struct link *links;
	size_t nlinks, linkcap;
	struct heading *heads;
	size_t nheads, headcap;
	char **blocks;
	size_t nblocks, blockcap;
	struct rawtag *tags;
	size_t ntags, tagcap;

	/* block state */
	int fence;
	char fch;
	size_t flen, fcol, fbase;
	int fquote;
	int comment;		/* inside <!-- --> */
	int esm;		/* inside an MDX import/export block */
	int tag;		/* inside a multi-line HTML/JSX tag */
	int tagbrace;		/* its open { depth */
	int para;		/* a paragraph is open */
	int para_lines;
	int quote;		/* block quote depth of the last line */
	size_t *lists;		/* content columns of open list items */
	size_t nlists, listcap;

	/* the last paragraph line, for setext headings */
	size_t prev_start, prev_end, prev_tags, prev_links;
	int prev_line, prev_item;

	/* the line being read */
	const char *lstart;	/* the line's first byte */
	const char *base;	/* where positions below count from */
	struct cspan *spans;
	size_t nspans, spancap;
	struct bpair *pairs;
	size_t npairs, paircap;
	struct brun *runs;
	size_t nruns, runcap;
	size_t *stack, stackcap;
	size_t *bylen, bylencap;
	/* failed forward searches, so that no line costs quadratic time */
	const char *wl_fail;	/* no "]]" at or after this */
	const char *quote_fail[3];	/* no closing '"', '\'', ')' after */
	const char *brace_fail;	/* no '}' closing a '{' after this */
	int depth;
};

static const char *const attachment_exts[] = {
	"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif",
	"tiff", "avif", "heic", "pdf", "mp3", "mp4", "m4a", "wav", "ogg",
	"oga", "ogv", "webm", "mov", "avi", "mkv", "flac", "zip", "gz", "tgz",
	"csv", "xlsx", "xls", "docx", "doc", "pptx", "ppt", "canvas",
	"excalidraw", "drawio", "key", "numbers", "pages", NULL,
};

static const char *const human_attrs[] = {
	"title", "subtitle", "description", "alt", "label", NULL,
};

/* ------------------------------------------------------------------ */
/* UTF-8 and character classes                                       */
/* ------------------------------------------------------------------ */

/* Decode the sequence at s (n bytes left): its length, or 0 if invalid. */
static size_t
u8dec(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		if (n < 2 || (s[1] & 0xc0) != 0x80)
			return 0;
		*cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		c = ((uint32_t)(s[0] & 0x0f) << 12) |
		    ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		*cp = c;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		c = ((uint32_t)(s[0] & 0x07) << 18) |
		    ((uint32_t)(s[1] & 0x3f) << 12) |
		    ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		if (c < 0x10000 || c > 0x10ffff)
			return 0;
		*cp = c;
		return 4;
	}
	return 0;
}

static void
u8enc(struct buf *b, uint32_t c)
{
	char t[4];

	if (c < 0x80) {
		buf_addc(b, (int)c);
	} else if (c < 0x800) {
		t[0] = (char)(0xc0 | (c >> 6));
		t[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, t, 2);
	} else if (c < 0x10000) {
		t[0] = (char)(0xe0 | (c >> 12));
		t[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		t[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, t, 3);
	} else {
		t[0] = (char)(0xf0 | (c >> 18));
		t[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		t[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, t, 4);
	}
}

/* A letter or digit beyond ASCII (roughly: not punctuation, symbols,
 * spaces or emoji). */
static int
is_uletter(uint32_t c)
{
	if (c < 0x80)
		return 0;
	if (c < 0xc0)
		return c == 0xaa || c == 0xb5 || c == 0xba;
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if (c >= 0x2000 && c <= 0x2bff)
		return 0;
	if (c >= 0x3000 && c <= 0x303f)
		return 0;
	if (c >= 0xfe30 && c <= 0xfe4f)
		return 0;
	if ((c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
	    (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65))
		return 0;
	if (c == 0xfeff || c >= 0xfff0)
		return c >= 0x20000 && c < 0x40000;	/* CJK extensions */
	if (c >= 0x1f000 && c < 0x20000)
		return 0;
	return 1;
}

static uint32_t
lower_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xc0)
		return c;
	if (c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x100 && c <= 0x137)
		return c | 1;
	if (c >= 0x139 && c <= 0x148)
		return (c & 1) ? c + 1 : c;
	if (c >= 0x14a && c <= 0x177)
		return c | 1;
	if (c == 0x178)
		return 0xff;
	if (c >= 0x179 && c <= 0x17e)
		return (c & 1) ? c + 1 : c;
	if (c == 0x386)
		return 0x3ac;
	if (c >= 0x388 && c <= 0x38a)
		return c + 37;
	if (c == 0x38c)
		return 0x3cc;
	if (c == 0x38e || c == 0x38f)
		return c + 63;
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	return c;
}

static int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
is_punct(int c)
{
	return c > 0x20 && c < 0x7f && !is_alnum(c);
}

char *
fold_case(const char *s)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, w;
	uint32_t c;

	buf_grow(&b, n);
	for (i = 0; i < n; i += w) {
		w = u8dec(p + i, n - i, &c);
		if (w == 0) {
			buf_addc(&b, p[i]);
			w = 1;
		} else if (w == 1) {
			buf_addc(&b, (int)lower_cp(c));
		} else {
			u8enc(&b, lower_cp(c));
		}
	}
	return buf_take(&b);
}

/* Lowercase; letters and digits kept, runs of anything else to sep;
 * no sep at either end. */
static char *
slug_like(const char *s, int sep)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, w;
	uint32_t c;
	int pend = 0;

	buf_grow(&b, n);
	for (i = 0; i < n; i += w) {
		w = u8dec(p + i, n - i, &c);
		if (w == 0) {
			w = 1;
			c = '-';
		}
		if (is_alnum((int)c) || is_uletter(c)) {
			if (pend && b.len > 0)
				buf_addc(&b, sep);
			pend = 0;
			u8enc(&b, lower_cp(c));
		} else {
			pend = 1;
		}
	}
	return buf_take(&b);
}

char *
slugify(const char *s)
{
	char *r = slug_like(s, '-');

	if (*r)
		return r;
	free(r);
	return xstrdup("untitled");
}

char *
heading_anchor(const char *text)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), i, w;
	uint32_t c;

	for (i = 0; i < n; i += w) {
		w = u8dec(p + i, n - i, &c);
		if (w == 0) {
			w = 1;
			continue;
		}
		if (c == ' ')
			buf_addc(&b, '-');
		else if (is_alnum((int)c) || c == '-' || c == '_' ||
		    is_uletter(c))
			u8enc(&b, lower_cp(c));
	}
	return buf_take(&b);
}

/* ------------------------------------------------------------------ */
/* Paths                                                              */
/* ------------------------------------------------------------------ */

/* Length of the note extension ending name (".md" ...), or 0. */
static size_t
note_ext_len(const char *name)
{
	static const char *const exts[] = { ".md", ".markdown", ".mdx" };
	size_t n = strlen(name), i, l;

	for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		l = strlen(exts[i]);
		if (n > l && str_casecmp(name + n - l, exts[i]) == 0)
			return l;
	}
	return 0;
}

int
is_note_file(const char *name)
{
	return note_ext_len(path_base(name)) > 0;
}

/* The ISO 639-1 language codes, two letters each. */
static const char iso639[] =
    "aaabaeafakamanarasavayazbabebgbhbibmbnbobrbscacechcocrcscucvcy"
    "dadedvdzeeeleneoeseteufafffifjfofrfygagdglgngugvhahehihohrhthu"
    "hyhziaidieigiiikioisitiujajvkakgkikjkkklkmknkokrkskukvkwkylalb"
    "lglilnloltlulvmgmhmimkmlmnmrmsmtmynanbndnengnlnnnonrnvnyocojom"
    "orospapiplpsptqurmrnrorurwsascsdsesgsiskslsmsnsosqsrssstsusvsw"
    "tatetgthtitktltntotrtstttwtyugukuruzvevivowawoxhyiyozazhzu";

/* Is l[0..1] a language code? */
static int
is_lang(const char *l)
{
	size_t i;

	for (i = 0; iso639[i]; i += 2)
		if (iso639[i] == l[0] && iso639[i + 1] == l[1])
			return 1;
	return 0;
}

/* In base[0..n), the length of a ".xx" language suffix at the end, or 0
 * ("Node.js" has none: js is no language). */
static size_t
lang_suffix_len(const char *base, size_t n)
{
	if (n >= 4 && base[n - 3] == '.' && is_lang(base + n - 2))
		return 3;
	return 0;
}

char *
path_lang_suffix(const char *path)
{
	const char *base = path_base(path);
	size_t n = strlen(base), e = note_ext_len(base);

	n -= e;
	if (!lang_suffix_len(base, n))
		return NULL;
	return xstrndup(base + n - 2, 2);
}

char *
path_stem(const char *path)
{
	const char *base = path_base(path);
	size_t n = strlen(base);

	n -= note_ext_len(base);
	n -= lang_suffix_len(base, n);
	return xstrndup(base, n);
}

/* ------------------------------------------------------------------ */
/* Collecting                                                         */
/* ------------------------------------------------------------------ */

/*
 * A frontmatter value made fit for a title, tag or alias: blanks and line
 * breaks become spaces, other control characters go (YAML escapes can
 * make any), ends trimmed.
 */
static char *
field_text(const char *v, size_t n)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)v;
	size_t i, s, e;

	for (i = 0; i < n && p[i] >= 0x20 && p[i] != 0x7f && p[i] != 0xc2;
	    i++)
		;
	if (i == n) {
		for (s = 0; s < n && p[s] == ' '; s++)
			;
		for (e = n; e > s && p[e - 1] == ' '; e--)
			;
		return xstrndup(v + s, e - s);
	}
	buf_grow(&b, n);
	for (i = 0; i < n; i++) {
		if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
			buf_addc(&b, ' ');
		else if (p[i] < 0x20 || p[i] == 0x7f)
			continue;
		else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] < 0xa0)
			i++;		/* C1 */
		else
			buf_addc(&b, p[i]);
	}
	for (s = 0; s < b.len && b.ptr[s] == ' '; s++)
		;
	for (e = b.len; e > s && b.ptr[e - 1] == ' '; e--)
		;
	if (s > 0 || e < b.len) {
		char *t = xstrndup(b.ptr + s, e - s);

		buf_free(&b);
		return t;
	}
	return buf_take(&b);
}

static void
add_link(struct scan *s, enum link_kind kind, char *target, char *anchor,
    char *label, int line)
{
	struct link *l;

	s->links = xgrow(s->links, &s->linkcap, s->nlinks + 1,
	    sizeof *s->links);
	l = &s->links[s->nlinks++];
	l->kind = kind;
	l->target = target;
	l->anchor = anchor;
	l->label = label;
	l->line = line;
}

static void
add_tag(struct scan *s, char *tag, int line)
{
	s->tags = xgrow(s->tags, &s->tagcap, s->ntags + 1, sizeof *s->tags);
	s->tags[s->ntags].tag = tag;
	s->tags[s->ntags].line = line;
	s->tags[s->ntags].order = s->ntags;
	s->ntags++;
}

static void
add_heading(struct scan *s, int level, const char *text, size_t n, int line)
{
	struct heading *h;

	while (n > 0 && is_blank(text[n - 1]))
		n--;
	while (n > 0 && is_blank(*text)) {
		text++;
		n--;
	}
	s->heads = xgrow(s->heads, &s->headcap, s->nheads + 1,
	    sizeof *s->heads);
	h = &s->heads[s->nheads++];
	h->level = level;
	h->text = field_text(text, n);
	h->anchor = heading_anchor(h->text);
	h->line = line;
}

static void
add_block(struct scan *s, const char *id, size_t n)
{
	s->blocks = xgrow(s->blocks, &s->blockcap, s->nblocks + 1,
	    sizeof *s->blocks);
	s->blocks[s->nblocks++] = xstrndup(id, n);
}

static char *
trimdup(const char *p, size_t n)
{
	while (n > 0 && (is_blank(p[n - 1]) || p[n - 1] == '\n'))
		n--;
	while (n > 0 && is_blank(*p)) {
		p++;
		n--;
	}
	return xstrndup(p, n);
}

/* ------------------------------------------------------------------ */
/* Link targets                                                       */
/* ------------------------------------------------------------------ */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode; the text as written when the result would not be
 * clean UTF-8 without control characters. */
static char *
pct_decode(const char *p, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i, w;
	uint32_t c;

	if (!memchr(p, '%', n))
		return xstrndup(p, n);
	for (i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n && hexval(p[i + 1]) >= 0 &&
		    hexval(p[i + 2]) >= 0) {
			buf_addc(&b, hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
			i += 2;
		} else {
			buf_addc(&b, p[i]);
		}
	}
	for (i = 0; i < b.len; i += w) {
		w = u8dec((const unsigned char *)b.ptr + i, b.len - i, &c);
		if (w == 0 || c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
			buf_free(&b);
			return xstrndup(p, n);
		}
	}
	return buf_take(&b);
}

/* Does the last component of p[0..n) end in one of exts (or, with exts
 * NULL, in any extension that is not a note's)? */
static int
has_other_ext(const char *p, size_t n, const char *const *exts)
{
	size_t i = n, e, k;
	char ext[16];

	while (i > 0 && p[i - 1] != '.' && p[i - 1] != '/')
		i--;
	if (i == 0 || p[i - 1] != '.' || i == 1 || p[i - 2] == '/')
		return 0;
	e = n - i;
	if (e == 0 || e >= sizeof ext)
		return 0;
	for (k = 0; k < e; k++) {
		int c = (unsigned char)p[i + k];

		if (!is_alnum(c))
			return 0;
		ext[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	ext[e] = '\0';
	if (strcmp(ext, "md") == 0 || strcmp(ext, "markdown") == 0 ||
	    strcmp(ext, "mdx") == 0)
		return 0;
	if (!exts)
		return ext[0] >= 'a' && ext[0] <= 'z';
	for (; *exts; exts++)
		if (strcmp(ext, *exts) == 0)
			return 1;
	return 0;
}

static size_t
scheme_len(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || !((p[0] >= 'a' && p[0] <= 'z') ||
	    (p[0] >= 'A' && p[0] <= 'Z')))
		return 0;
	for (i = 1; i < n && i < 33; i++) {
		if (p[i] == ':')
			return i >= 2 ? i + 1 : 0;
		if (!is_alnum((unsigned char)p[i]) && p[i] != '+' &&
		    p[i] != '.' && p[i] != '-')
			return 0;
	}
	return 0;
}

/* Record a Markdown link destination d[0..n) with label (taken). */
static void
link_dest(struct scan *s, const char *d, size_t n, char *label, int line)
{
	const char *hash, *q;
	size_t pl;

	while (n > 0 && is_blank(*d)) {
		d++;
		n--;
	}
	while (n > 0 && is_blank(d[n - 1]))
		n--;
	if (n == 0) {
		free(label);
		return;
	}
	if (scheme_len(d, n) || (n >= 2 && d[0] == '/' && d[1] == '/')) {
		add_link(s, LINK_EXTERNAL, xstrndup(d, n), NULL, label, line);
		return;
	}
	hash = memchr(d, '#', n);
	pl = hash ? (size_t)(hash - d) : n;
	q = memchr(d, '?', pl);
	if (q)
		pl = (size_t)(q - d);
	if (pl == 0 && !hash) {
		free(label);
		return;
	}
	if (has_other_ext(d, pl, NULL)) {
		free(label);
		return;
	}
	add_link(s, LINK_MARKDOWN, pct_decode(d, pl),
	    hash && hash + 1 < d + n ? pct_decode(hash + 1,
	    (size_t)(d + n - hash - 1)) : NULL, label, line);
}

/* Record the inside of [[...]] (p[0..n)); emit its text. */
static int
wikilink(struct scan *s, const char *p, size_t n, int embed, int flags,
    int line)
{
	const char *bar = NULL, *hash;
	size_t tn, i;
	char *target, *anchor = NULL, *label = NULL;

	for (i = 0; i < n; i++)
		if (p[i] == '|') {
			bar = p + i;
			break;
		}
	tn = bar ? (size_t)(bar - p) : n;
	if (bar && tn > 0 && p[tn - 1] == '\\')
		tn--;			/* [[Note\|label]] inside a table */
	hash = memchr(p, '#', tn);
	target = trimdup(p, hash ? (size_t)(hash - p) : tn);
	if (hash)
		anchor = trimdup(hash + 1, tn - (size_t)(hash - p) - 1);
	if (bar)
		label = trimdup(bar + 1, n - (size_t)(bar - p) - 1);
	if (anchor && !*anchor) {
		free(anchor);
		anchor = NULL;
	}
	if (label && !*label) {
		free(label);
		label = NULL;
	}
	if (!*target && !anchor) {
		free(target);
		free(label);
		return -1;
	}
	if (has_other_ext(target, strlen(target), attachment_exts)) {
		/* An image or file, not a note. */
		if (!embed)
			buf_adds(&s->text, label ? label : target);
		free(target);
		free(anchor);
		free(label);
		return 0;
	}
	if (label)
		buf_adds(&s->text, label);
	else if (*target)
		buf_adds(&s->text, target);
	else if (anchor[0] != '^')
		buf_adds(&s->text, anchor);
	if (flags & INL_LINKS) {
		add_link(s, embed ? LINK_EMBED : LINK_WIKI, target, anchor,
		    label, line);
	} else {
		free(target);
		free(anchor);
		free(label);
	}
	return 0;
}

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
static void
prep_line(struct scan *s, const char *p, const char *end)
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

static void inl(struct scan *, const char *, const char *, int);

/* The characters inl() has to look at; everything else is copied. */
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
	inl(s, p + 1, rb, flags & ~(INL_TAGS | INL_LINKS));
	s->depth--;
	if (!image && (flags & INL_LINKS)) {
		label = trimdup(s->text.ptr ? s->text.ptr + start : "",
		    s->text.len - start);
		if (!*label) {
			free(label);
			label = NULL;
		}
		link_dest(s, d, dn, label, s->line);
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
	if (wikilink(s, p + 2, (size_t)(q - p - 2), embed, flags, s->line) < 0)
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
static int
tag_attrs(struct scan *s, const char **pp, const char *end)
{
	const char *p = *pp, *name, *v;
	size_t nn;
	int human;
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
	sl = scheme_len(p + 1, (size_t)(end - p - 1));
	if (sl) {
		for (q = p + 1; q < end && *q != '>' && *q != '<' &&
		    !is_blank(*q); q++)
			;
		if (q < end && *q == '>') {
			buf_add(&s->text, p + 1, (size_t)(q - p - 1));
			if (flags & INL_LINKS)
				add_link(s, LINK_EXTERNAL, xstrndup(p + 1,
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
				add_link(s, LINK_EXTERNAL, xasprintf("mailto:%.*s",
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
	r = tag_attrs(s, &q, end);
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

static const struct {
	const char *name;
	uint32_t cp;
} entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "ndash", 0x2013 },
	{ "mdash", 0x2014 }, { "hellip", 0x2026 }, { "copy", 0xa9 },
	{ "reg", 0xae }, { "trade", 0x2122 }, { "laquo", 0xab },
	{ "raquo", 0xbb }, { "euro", 0x20ac }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201c }, { "rdquo", 0x201d },
	{ "times", 0xd7 }, { "middot", 0xb7 }, { "deg", 0xb0 },
};

/* '&' at p: an entity emitted as its character, or NULL. */
static const char *
entity(struct scan *s, const char *p, const char *end)
{
	const char *q = p + 1;
	uint32_t cp = 0;
	size_t i, n;

	if (q < end && *q == '#') {
		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			for (q++, n = 0; q < end && hexval(*q) >= 0 && n < 7;
			    q++, n++)
				cp = cp * 16 + (uint32_t)hexval(*q);
		} else {
			for (n = 0; q < end && *q >= '0' && *q <= '9' && n < 8;
			    q++, n++)
				cp = cp * 10 + (uint32_t)(*q - '0');
		}
		if (n == 0 || q >= end || *q != ';')
			return NULL;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
		u8enc(&s->text, cp);
		return q + 1;
	}
	for (i = 0; i < sizeof entities / sizeof entities[0]; i++) {
		n = strlen(entities[i].name);
		if ((size_t)(end - q) > n && memcmp(q, entities[i].name, n) == 0 &&
		    q[n] == ';') {
			u8enc(&s->text, entities[i].cp);
			return q + n + 1;
		}
	}
	return NULL;
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
		w = u8dec((const unsigned char *)q, (size_t)(end - q), &c);
		if (w == 0)
			break;
		if (c < 0x80) {
			if (!is_alnum((int)c) && c != '_' && c != '/' &&
			    c != '-')
				break;
		} else if (!is_uletter(c)) {
			break;
		}
		if (c < '0' || c > '9')
			digits = 0;
		q += w;
	}
	if (q == p + 1 || digits)
		return NULL;
	buf_add(&t, p + 1, (size_t)(q - p - 1));
	add_tag(s, fold_case(buf_str(&t)), s->line);
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

/*
 * Inline Markdown in [p, end): emit its plain text, record links and
 * tags as flags allow.
 */
static void
inl(struct scan *s, const char *p, const char *end, int flags)
{
	const char *run = p, *q;
	const struct cspan *sp;
	int c, prev, next, depth;
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
			if (p + 2 < end && p[2] == '[')
				q = wiki_at(s, p + 1, end, 1, flags);
			else
				q = md_link(s, p + 1, end, 1, flags);
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
			q = NULL;
			if (p + 1 < end && p[1] == '[')
				q = wiki_at(s, p, end, 0, flags);
			if (!q)
				q = md_link(s, p, end, 0, flags);
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
			if ((flags & INL_TAGS) && (p == s->lstart ||
			    is_blank(prev_char(s, p)))) {
				q = inline_tag(s, p, end);
				if (q) {
					p = q;	/* "#tag" stays in the text */
					continue;
				}
			}
			p++;
			continue;
		case '*':
		case '_':
		case '~':
			for (r = 0; p + r < end && p[r] == c; r++)
				;
			prev = prev_char(s, p);
			next = p + r < end ? (unsigned char)p[r] : ' ';
			if ((is_blank(prev) && is_blank(next)) ||
			    (c == '~' && r != 2) ||
			    (c == '_' && (is_alnum(prev) || prev >= 0x80) &&
			    (is_alnum(next) || next >= 0x80))) {
				p += r;
				continue;
			}
			FLUSH(p);
			p += r;
			run = p;
			continue;
		case 'h':
			prev = prev_char(s, p);
			if (!is_alnum(prev) && prev < 0x80 &&
			    (q = bare_url(p, end)) != NULL) {
				if (flags & INL_LINKS)
					add_link(s, LINK_EXTERNAL, xstrndup(p,
					    (size_t)(q - p)), NULL, NULL,
					    s->line);
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
			if (!s->mdx || (s->brace_fail && p >= s->brace_fail)) {
				p++;
				continue;
			}
			depth = 1;
			q = skip_braces(p + 1, end, &depth);
			if (depth == 0) {
				FLUSH(p);
				run = p = q;
				continue;
			}
			s->brace_fail = p;	/* later ones are text too */
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

/* ------------------------------------------------------------------ */
/* Blocks                                                             */
/* ------------------------------------------------------------------ */

/* Columns of leading blanks (tabs to the next multiple of 4) from p,
 * starting at column col; *q is set to the first other byte. */
static size_t
indent_of(const char *p, const char *end, size_t col, const char **q)
{
	size_t c = col;

	while (p < end && is_blank(*p)) {
		c = *p == '\t' ? (c / 4 + 1) * 4 : c + 1;
		p++;
	}
	*q = p;
	return c - col;
}

/* Where the line's longest tail made of one of '-', '*', '_' and blanks
 * begins: no thematic break can start before it. */
static const char *
thematic_tail(const char *p, const char *end)
{
	const char *q = end;
	char c = 0;

	while (q > p) {
		if (is_blank(q[-1])) {
			q--;
		} else if ((q[-1] == '-' || q[-1] == '*' || q[-1] == '_') &&
		    (c == 0 || q[-1] == c)) {
			c = q[-1];
			q--;
		} else {
			break;
		}
	}
	return q;
}

static int
is_thematic(const char *p, const char *end)
{
	int n = 0;
	char c = *p;

	if (c != '-' && c != '*' && c != '_')
		return 0;
	for (; p < end; p++) {
		if (*p == c)
			n++;
		else if (!is_blank(*p))
			return 0;
	}
	return n >= 3;
}

/* A setext underline: a run of '=' or '-' then blanks. */
static int
is_setext(const char *p, const char *end)
{
	char c = *p;

	if (c != '=' && c != '-')
		return 0;
	while (p < end && *p == c)
		p++;
	while (p < end && is_blank(*p))
		p++;
	return p == end;
}

static int
is_table_rule(const char *p, const char *end)
{
	int pipe = 0, dash = 0;

	for (; p < end; p++) {
		if (*p == '|')
			pipe = 1;
		else if (*p == '-')
			dash = 1;
		else if (*p != ':' && !is_blank(*p))
			return 0;
	}
	return pipe && dash;
}

/* A list marker at p: its width in bytes, or 0. */
static size_t
list_marker(const char *p, const char *end)
{
	const char *q = p;

	if (p < end && (*p == '-' || *p == '*' || *p == '+'))
		q = p + 1;
	else {
		while (q < end && q - p < 9 && *q >= '0' && *q <= '9')
			q++;
		if (q == p || q >= end || (*q != '.' && *q != ')'))
			return 0;
		q++;
	}
	if (q < end && !is_blank(*q))
		return 0;
	return (size_t)(q - p);
}

/* "^id" at the end of [p, *end): record it and cut it off. */
static void
block_id(struct scan *s, const char *p, const char **end)
{
	const char *e = *end, *q;

	while (e > p && is_blank(e[-1]))
		e--;
	for (q = e; q > p && (is_alnum((unsigned char)q[-1]) || q[-1] == '-');
	    q--)
		;
	if (q == e || q == p || q[-1] != '^')
		return;
	q--;
	if (q > p && !is_blank(q[-1]))
		return;
	add_block(s, q + 1, (size_t)(e - q - 1));
	*end = q;
}

/* "[label]: dest" reference definition at p: 1 when it was one. */
static int
ref_def(struct scan *s, const char *p, const char *end)
{
	const char *q, *d;

	if (*p != '[' || p + 1 >= end || p[1] == '^')
		return 0;
	for (q = p + 1; q < end && *q != ']' && *q != '['; q++)
		if (*q == '\\')
			q++;
	if (q >= end || *q != ']' || q == p + 1 || q + 1 >= end || q[1] != ':')
		return 0;
	q += 2;
	while (q < end && is_blank(*q))
		q++;
	if (q >= end)
		return 0;
	if (*q == '<') {
		d = ++q;
		while (q < end && *q != '>')
			q++;
		if (q >= end)
			return 0;
		link_dest(s, d, (size_t)(q - d), NULL, s->line);
		return 1;
	}
	d = q;
	while (q < end && !is_blank(*q))
		q++;
	link_dest(s, d, (size_t)(q - d), NULL, s->line);
	return 1;
}

static void
drop_tags_of_line(struct scan *s, size_t from, int line)
{
	size_t i, k = from;

	for (i = from; i < s->ntags; i++) {
		if (s->tags[i].line == line)
			free(s->tags[i].tag);
		else
			s->tags[k++] = s->tags[i];
	}
	s->ntags = k;
}

static void
push_list(struct scan *s, size_t col)
{
	s->lists = xgrow(s->lists, &s->listcap, s->nlists + 1,
	    sizeof *s->lists);
	s->lists[s->nlists++] = col;
}

/* End a line of the text (the buffer was reserved: mostly no call). */
static void
endline(struct scan *s)
{
	struct buf *b = &s->text;

	if (b->len + 2 <= b->cap) {
		b->ptr[b->len++] = '\n';
		b->ptr[b->len] = '\0';
	} else {
		buf_addc(b, '\n');
	}
}

/* Text after a comment or tag ended mid-line: read as paragraph text. */
static void
rest_of_line(struct scan *s, const char *p, const char *end)
{
	if (p < end) {
		prep_line(s, p, end);
		inl(s, p, end, INL_TAGS | INL_LINKS);
	}
	endline(s);
}

static void
scan_line(struct scan *s, const char *line, const char *end)
{
	const char *p = line, *q, *t, *tail;
	size_t col, rel, base, w, h;
	int quote = 0, item = 0, flags;

	s->lstart = line;
	if (s->comment) {
		for (q = p; q + 2 < end; q++)
			if (q[0] == '-' && q[1] == '-' && q[2] == '>')
				break;
		if (q + 2 >= end) {
			endline(s);
			return;
		}
		s->comment = 0;
		rest_of_line(s, q + 3, end);
		return;
	}
	if (s->tag) {
		s->base = p;
		q = p;
		switch (tag_attrs(s, &q, end)) {
		case 0:
			endline(s);
			return;
		case 1:
			s->tag = 0;
			rest_of_line(s, q, end);
			return;
		default:
			s->tag = 0;
			s->tagbrace = 0;
			break;
		}
	}
	if (s->esm) {
		indent_of(p, end, 0, &q);
		if (q == end) {
			s->esm = 0;
		} else if (*p != '#' && *p != '<') {
			endline(s);
			return;
		}
		s->esm = 0;
	}

	/* block quote markers */
	for (;;) {
		if (indent_of(p, end, 0, &q) > 3 || q >= end || *q != '>')
			break;
		p = q + 1;
		if (p < end && is_blank(*p))
			p++;
		quote++;
	}

	if (s->fence) {
		col = indent_of(p, end, 0, &q);
		if (quote < s->fquote || (q < end && col < s->fbase)) {
			s->fence = 0;	/* its container ended */
		} else {
			if (col < s->fcol + 4 && q < end && *q == s->fch) {
				for (t = q; t < end && *t == s->fch; t++)
					;
				if ((size_t)(t - q) >= s->flen) {
					while (t < end && is_blank(*t))
						t++;
					if (t == end) {
						s->fence = 0;
						endline(s);
						return;
					}
				}
			}
			buf_add(&s->text, p, (size_t)(end - p));
			endline(s);
			return;
		}
	}
	if (quote != s->quote)
		s->nlists = 0;
	s->quote = quote;

	col = indent_of(p, end, 0, &q);
	if (q == end) {
		s->para = 0;
		s->para_lines = 0;
		endline(s);
		return;
	}
	while (s->nlists > 0 && col < s->lists[s->nlists - 1])
		s->nlists--;
	base = s->nlists ? s->lists[s->nlists - 1] : 0;
	rel = col - base;

	/* indented code */
	if (rel >= 4 && !s->para) {
		buf_add(&s->text, q, (size_t)(end - q));
		endline(s);
		return;
	}
	/* fenced code */
	if (rel <= 3 && (*q == '`' || *q == '~')) {
		for (t = q; t < end && *t == *q; t++)
			;
		if (t - q >= 3 && !(*q == '`' && memchr(t, '`',
		    (size_t)(end - t)))) {
			s->fence = 1;
			s->fch = *q;
			s->flen = (size_t)(t - q);
			s->fcol = col;
			s->fbase = base;
			s->fquote = quote;
			s->para = 0;
			endline(s);
			return;
		}
	}
	/* setext underline */
	if (rel <= 3 && s->para && s->para_lines == 1 && !s->prev_item &&
	    is_setext(q, end)) {
		drop_tags_of_line(s, s->prev_tags, s->prev_line);
		add_heading(s, *q == '=' ? 1 : 2, s->text.ptr + s->prev_start,
		    s->prev_end - s->prev_start, s->prev_line);
		s->para = 0;
		endline(s);
		return;
	}
	/* list items, thematic breaks */
	tail = thematic_tail(q, end);
	for (;;) {
		if (q >= tail && is_thematic(q, end)) {
			s->para = 0;
			endline(s);
			return;
		}
		w = list_marker(q, end);
		if (!w)
			break;
		t = q + w;
		h = indent_of(t, end, col + w, &t);
		if (t == end || h > 4 || h == 0)
			h = 1;
		push_list(s, col + w + h);
		q += w;
		if (q < end)
			q++;
		col += w + 1;
		col += indent_of(q, end, col, &q);
		s->para = 0;
		item = 1;
		if (q == end) {
			endline(s);
			return;
		}
		if (end - q >= 3 && q[0] == '[' && (q[1] == ' ' ||
		    q[1] == 'x' || q[1] == 'X') && q[2] == ']' &&
		    (end - q == 3 || is_blank(q[3]))) {
			q += 3;
			indent_of(q, end, 0, &q);
		}
	}
	/* ATX heading */
	if (*q == '#') {
		for (h = 0; q + h < end && q[h] == '#' && h < 7; h++)
			;
		if (h <= 6 && (q + h == end || is_blank(q[h]))) {
			const char *hs = q + h, *he = end;
			size_t start;

			while (hs < he && is_blank(*hs))
				hs++;
			while (he > hs && is_blank(he[-1]))
				he--;
			for (t = he; t > hs && t[-1] == '#'; t--)
				;
			if (t == hs || is_blank(t[-1]))
				he = t;
			while (he > hs && is_blank(he[-1]))
				he--;
			start = s->text.len;
			prep_line(s, hs, he);
			inl(s, hs, he, INL_LINKS);
			add_heading(s, (int)h, s->text.ptr ? s->text.ptr +
			    start : "", s->text.len - start, s->line);
			s->para = 0;
			endline(s);
			return;
		}
	}
	if (is_table_rule(q, end)) {
		endline(s);
		return;
	}
	/* MDX import/export */
	if (s->mdx && col == 0 && quote == 0 && !s->para &&
	    (str_starts(q, "import ") || str_starts(q, "export ") ||
	    str_starts(q, "import{") || str_starts(q, "export{"))) {
		s->esm = 1;
		endline(s);
		return;
	}
	if (!s->para && rel <= 3 && ref_def(s, q, end)) {
		endline(s);
		return;
	}
	/* footnote definition: drop the "[^x]:" */
	if (*q == '[' && q + 1 < end && q[1] == '^') {
		for (t = q + 2; t < end && *t != ']'; t++)
			;
		if (t + 1 < end && t[1] == ':')
			indent_of(t + 2, end, 0, &q);
	}
	t = end;
	block_id(s, q, &t);
	if (q >= t) {
		endline(s);
		return;
	}
	flags = INL_TAGS | INL_LINKS;
	{
		const char *l = t;

		while (l > q && is_blank(l[-1]))
			l--;
		if (*q == '|' || (l > q && l[-1] == '|'))
			flags |= INL_PIPES;
	}
	if (s->para) {
		s->para_lines++;
	} else {
		s->para = 1;
		s->para_lines = 1;
	}
	s->prev_start = s->text.len;
	s->prev_tags = s->ntags;
	s->prev_line = s->line;
	s->prev_item = item;
	prep_line(s, q, t);
	inl(s, q, t, flags);
	s->prev_end = s->text.len;
	endline(s);
}

/* Scan the body, clean text of len bytes; lines count from first_line. */
static void
scan_body(struct scan *s, const char *body, size_t len, int first_line)
{
	const char *p = body, *end = body + len, *nl;

	s->line = first_line;
	buf_grow(&s->text, len + 1);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		scan_line(s, p, nl);
		s->line++;
		p = nl + 1;
	}
}

static void
scan_free(struct scan *s)
{
	size_t i;

	for (i = 0; i < s->nlinks; i++) {
		free(s->links[i].target);
		free(s->links[i].anchor);
		free(s->links[i].label);
	}
	free(s->links);
	for (i = 0; i < s->nheads; i++) {
		free(s->heads[i].text);
		free(s->heads[i].anchor);
	}
	free(s->heads);
	for (i = 0; i < s->nblocks; i++)
		free(s->blocks[i]);
	free(s->blocks);
	for (i = 0; i < s->ntags; i++)
		free(s->tags[i].tag);
	free(s->tags);
	free(s->lists);
	free(s->spans);
	free(s->pairs);
	free(s->runs);
	free(s->stack);
	free(s->bylen);
	buf_free(&s->text);
}

/* ------------------------------------------------------------------ */
/* Cleaning                                                           */
/* ------------------------------------------------------------------ */

/* Bytes copied as they are: printable ASCII, tab, newline. */
static const unsigned char plain_byte[256] = {
	['\t'] = 1, ['\n'] = 1,
	[' '] = 1, ['!'] = 1, ['"'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1,
	['&'] = 1, ['\''] = 1, ['('] = 1, [')'] = 1, ['*'] = 1, ['+'] = 1,
	[','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1, ['1'] = 1,
	['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1,
	['>'] = 1, ['?'] = 1, ['@'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1,
	['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1,
	['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1,
	['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['['] = 1,
	['\\'] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1,
	['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1,
	['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1,
	['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,
	['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
};

/*
 * Copy data[0..len) into out as valid UTF-8 with '\n' line ends and no
 * control characters but tab and newline: CR and CRLF become '\n', NUL,
 * other C0, DEL and C1 are dropped, invalid bytes become U+FFFD. *nul and
 * *bad get the offset + 1 of the first NUL / invalid byte (0: none).
 */
static void
clean(const char *data, size_t len, struct buf *out, size_t *nul, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)data;
	size_t i = 0, run = 0, w;
	uint32_t c;

	buf_grow(out, len + 16);
	while (i < len) {
		/* eight printable ASCII bytes at a time */
		while (i + 8 <= len) {
			uint64_t x, d;

			memcpy(&x, p + i, 8);
			d = x ^ 0x7f7f7f7f7f7f7f7fULL;	/* DEL bytes to 0 */
			if ((x & 0x8080808080808080ULL) ||
			    ((x - 0x2020202020202020ULL) & ~x &
			    0x8080808080808080ULL) ||
			    ((d - 0x0101010101010101ULL) & ~d &
			    0x8080808080808080ULL))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if (plain_byte[p[i]]) {
			i++;
			continue;
		}
		if (i > run)
			buf_add(out, p + run, i - run);
		if (p[i] >= 0x80) {
			w = u8dec(p + i, len - i, &c);
			if (w == 0) {
				buf_add(out, "\xef\xbf\xbd", 3);
				if (!*bad)
					*bad = i + 1;
				w = 1;
			} else if (c >= 0x80 && c < 0xa0) {
				/* C1 control: dropped */
			} else {
				buf_add(out, p + i, w);
			}
			i += w;
		} else if (p[i] == '\r') {
			buf_addc(out, '\n');
			i++;
			if (i < len && p[i] == '\n')
				i++;
		} else {
			if (p[i] == '\0' && !*nul)
				*nul = i + 1;
			i++;
		}
		run = i;
	}
	if (i > run)
		buf_add(out, p + run, i - run);
}

/* Line breaks (LF, CRLF, lone CR) in data[0..n). */
static int
count_lines(const char *data, size_t n)
{
	const char *p = data, *end = data + n;
	int lines = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *cr = memchr(p, '\r', (size_t)((nl ? nl : end) - p));

		if (cr) {
			lines++;
			p = cr + 1;
			if (p < end && *p == '\n')
				p++;
			continue;
		}
		if (!nl)
			break;
		lines++;
		p = nl + 1;
	}
	return lines;
}

/* ------------------------------------------------------------------ */
/* The note                                                           */
/* ------------------------------------------------------------------ */

static void
warn(struct note *n, size_t *cap, char *msg)
{
	n->warnings = xgrow(n->warnings, cap, n->nwarnings + 1,
	    sizeof *n->warnings);
	n->warnings[n->nwarnings++] = msg;
}

static void
push_str(char ***v, size_t *n, size_t *cap, char *s)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/* Split a scalar at commas (and blanks too when blanks) into v. */
static void
split_add(char ***v, size_t *n, size_t *cap, const char *s, int blanks)
{
	const char *p = s, *q;

	while (*p) {
		for (q = p; *q && *q != ',' && !(blanks && is_blank(*q)); q++)
			;
		if (q > p) {
			char *t = field_text(p, (size_t)(q - p));

			if (*t)
				push_str(v, n, cap, t);
			else
				free(t);
		}
		p = *q ? q + 1 : q;
	}
}

/* The strings of a field: a list's items, or a scalar split at commas. */
static void
field_strings(const struct frontmatter *fm, const char *key, char ***v,
    size_t *n, size_t *cap, int blanks)
{
	const struct fm_field *f = fm_get(fm, key);
	size_t i;

	if (!f)
		return;
	if (f->kind == FM_SCALAR) {
		split_add(v, n, cap, f->value, blanks);
	} else if (f->kind == FM_LIST) {
		for (i = 0; i < f->nitems; i++) {
			char *t;

			if (blanks) {
				split_add(v, n, cap, f->items[i], blanks);
				continue;
			}
			t = field_text(f->items[i], strlen(f->items[i]));
			if (*t)
				push_str(v, n, cap, t);
			else
				free(t);
		}
	}
}

static int
tag_cmp(const void *a, const void *b)
{
	const struct rawtag *x = a, *y = b;
	int c = strcmp(x->tag, y->tag);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int
tag_order(const void *a, const void *b)
{
	const struct rawtag *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* Frontmatter tags then inline ones, lowercased, each once, in order. */
static void
set_tags(struct note *n, struct scan *s)
{
	char **fmt = NULL;
	size_t nf = 0, cap = 0, i, k;
	struct rawtag *all;
	size_t total;

	field_strings(n->fm, "tags", &fmt, &nf, &cap, 1);
	field_strings(n->fm, "tag", &fmt, &nf, &cap, 1);
	total = nf + s->ntags;
	all = xcalloc(total ? total : 1, sizeof *all);
	for (i = 0; i < nf; i++) {
		const char *t = fmt[i];

		while (*t == '#')
			t++;
		all[i].tag = fold_case(t);
		all[i].order = i;
		free(fmt[i]);
	}
	free(fmt);
	for (i = 0; i < s->ntags; i++) {
		all[nf + i].tag = s->tags[i].tag;
		all[nf + i].order = nf + i;
	}
	s->ntags = 0;
	qsort(all, total, sizeof *all, tag_cmp);
	for (i = 0, k = 0; i < total; i++) {
		if (!*all[i].tag || (k > 0 && strcmp(all[k - 1].tag,
		    all[i].tag) == 0)) {
			free(all[i].tag);
			continue;
		}
		all[k++] = all[i];
	}
	qsort(all, k, sizeof *all, tag_order);
	n->tags = xcalloc(k ? k : 1, sizeof *n->tags);
	for (i = 0; i < k; i++)
		n->tags[i] = all[i].tag;
	n->ntags = k;
	free(all);
}

/* The slugs of concepts: (a list, or a comma-separated string). */
static void
concept_links(struct scan *s, const struct fm_field *f)
{
	char **v = NULL, *t;
	size_t nv = 0, cap = 0, j, tl;

	if (f->kind == FM_SCALAR)
		split_add(&v, &nv, &cap, f->value, 0);
	else if (f->kind == FM_LIST)
		for (j = 0; j < f->nitems; j++)
			push_str(&v, &nv, &cap, field_text(f->items[j],
			    strlen(f->items[j])));
	for (j = 0; j < nv; j++) {
		t = v[j];
		tl = strlen(t);
		if (tl > 4 && str_starts(t, "[[") && str_ends(t, "]]")) {
			memmove(t, t + 2, tl - 4);
			t[tl - 4] = '\0';
		}
		if (*t)
			add_link(s, LINK_CONCEPT, t, NULL, NULL,
			    f->kind == FM_LIST && f->item_lines ?
			    f->item_lines[j] : f->line);
		else
			free(t);
	}
	free(v);
}

/* The [[wikilinks]] in a frontmatter value, at s->line. */
static void
value_links(struct scan *s, const char *value)
{
	char *v = field_text(value, strlen(value));
	size_t before = s->text.len, n = strlen(v);

	s->lstart = v;
	prep_line(s, v, v + n);
	inl(s, v, v + n, INL_LINKS);
	buf_truncate(&s->text, before);
	free(v);
}

/* Links from the frontmatter: concepts, and [[wikilinks]] in values. */
static void
fm_links(struct scan *s, const struct frontmatter *fm)
{
	size_t i, j;
	const struct fm_field *f;

	for (i = 0; i < fm->nfields; i++) {
		f = &fm->fields[i];
		if (strcmp(f->key, "concepts") == 0) {
			concept_links(s, f);
			continue;
		}
		s->line = f->line;
		if (f->kind == FM_SCALAR && strstr(f->value, "[[")) {
			value_links(s, f->value);
		} else if (f->kind == FM_LIST) {
			for (j = 0; j < f->nitems; j++) {
				if (!strstr(f->items[j], "[["))
					continue;
				s->line = f->item_lines ? f->item_lines[j] :
				    f->line;
				value_links(s, f->items[j]);
			}
		}
	}
	s->comment = s->tag = s->tagbrace = 0;
}

/* "en", "en-US", "EN_gb" -> "en"; NULL when it is no language code. */
static char *
norm_lang(const char *v)
{
	char l[3];

	if (!v || !((v[0] | 32) >= 'a' && (v[0] | 32) <= 'z') ||
	    !((v[1] | 32) >= 'a' && (v[1] | 32) <= 'z') ||
	    (v[2] && v[2] != '-' && v[2] != '_'))
		return NULL;
	l[0] = (char)(v[0] | 32);
	l[1] = (char)(v[1] | 32);
	l[2] = '\0';
	return is_lang(l) ? xstrdup(l) : NULL;
}

static char *
fm_trimmed(const struct frontmatter *fm, const char *key)
{
	const char *v = fm_scalar(fm, key);
	char *t;

	if (!v)
		return NULL;
	t = field_text(v, strlen(v));
	if (*t)
		return t;
	free(t);
	return NULL;
}

static char *
lower_known(struct note *n, size_t *wcap, const char *key,
    const char *const *known)
{
	const struct fm_field *f = fm_get(n->fm, key);
	char *v = fm_trimmed(n->fm, key), *l;
	const char *const *k;

	if (!v)
		return xstrdup("");
	l = str_lower(v);
	free(v);
	for (k = known; *k; k++)
		if (strcmp(*k, l) == 0)
			return l;
	warn(n, wcap, xasprintf("line %d: unknown %s \"%s\" (expected %s, "
	    "%s, %s%s%s)", f->line, key, l, known[0], known[1], known[2],
	    known[3] ? ", " : "", known[3] ? known[3] : ""));
	return l;
}

struct note *
note_parse(const char *path, const char *data, size_t len,
    const char *default_lang)
{
	static const char *const types[] = {
		"concept", "note", "experiment", "essay", NULL,
	};
	static const char *const statuses[] = {
		"seed", "growing", "evergreen", NULL,
	};
	struct note *n = xcalloc(1, sizeof *n);
	struct scan s;
	struct buf yb = BUF_INIT, bb = BUF_INIT;
	size_t yo, yl, bo = 0, nul = 0, bad = 0, wcap = 0, acap = 0, i;
	int has_fm;
	char *v, *key, *stem;
	const char *lv;

	memset(&s, 0, sizeof s);
	n->path = xstrdup(path);
	s.mdx = str_ends(path, ".mdx") || str_ends(path, ".MDX");
	has_fm = fm_locate(data, len, &yo, &yl, &bo);
	if (has_fm) {
		clean(data + yo, yl, &yb, &nul, &bad);
		if (nul)
			nul += yo;
		if (bad)
			bad += yo;
		n->fm = fm_parse_at(buf_str(&yb), yb.len, 2);
		if (n->fm->error)
			warn(n, &wcap, xstrdup(n->fm->error));
	} else {
		n->fm = xcalloc(1, sizeof *n->fm);
		if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
			bo = 3;
		if (len - bo >= 3 && memcmp(data + bo, "---", 3) == 0) {
			const char *nl = memchr(data + bo, '\n', len - bo);
			size_t ll = nl ? (size_t)(nl - data) - bo : len - bo;

			while (ll > 3 && (data[bo + ll - 1] == '\r' ||
			    is_blank(data[bo + ll - 1])))
				ll--;
			if (ll == 3 && nl)
				warn(n, &wcap, xstrdup("line 1: frontmatter "
				    "has no closing '---' line; read as text"));
		}
	}
	n->body_offset = bo;
	n->body_line = 1 + count_lines(data, bo);
	{
		size_t bn = 0, bd = 0;

		clean(data + bo, len - bo, &bb, &bn, &bd);
		if (bn && !nul)
			nul = bn + bo;
		if (bd && !bad)
			bad = bd + bo;
	}
	if (nul)
		warn(n, &wcap, xasprintf("line %d: NUL bytes removed",
		    1 + count_lines(data, nul - 1)));
	if (bad)
		warn(n, &wcap, xasprintf("line %d: invalid UTF-8 replaced "
		    "by U+FFFD", 1 + count_lines(data, bad - 1)));

	fm_links(&s, n->fm);
	scan_body(&s, buf_str(&bb), bb.len, n->body_line);
	buf_free(&yb);
	buf_free(&bb);

	/* language, title, slug */
	lv = fm_scalar(n->fm, "lang");
	n->lang = norm_lang(lv);
	if (!n->lang && lv && *lv)
		warn(n, &wcap, xasprintf("line %d: lang \"%s\" is not a "
		    "two-letter language code", fm_get(n->fm, "lang")->line,
		    lv));
	if (!n->lang)
		n->lang = path_lang_suffix(path);
	if (!n->lang)
		n->lang = norm_lang(default_lang ? default_lang : "en");
	if (!n->lang)
		n->lang = xstrdup("en");
	key = xasprintf("title_%s", n->lang);
	n->title = fm_trimmed(n->fm, key);
	free(key);
	if (!n->title)
		n->title = fm_trimmed(n->fm, "title");
	for (i = 0; !n->title && i < s.nheads; i++)
		if (s.heads[i].level == 1 && *s.heads[i].text)
			n->title = xstrdup(s.heads[i].text);
	stem = path_stem(path);
	if (!n->title)
		n->title = xstrdup(*stem ? stem : path_base(path));
	v = fm_trimmed(n->fm, "slug");
	n->slug = slugify(v ? v : stem);
	free(v);
	free(stem);
	key = xasprintf("summary_%s", n->lang);
	n->summary = fm_trimmed(n->fm, key);
	free(key);
	if (!n->summary)
		n->summary = fm_trimmed(n->fm, "summary");
	if (!n->summary)
		n->summary = xstrdup("");
	n->type = lower_known(n, &wcap, "type", types);
	n->status = lower_known(n, &wcap, "status", statuses);
	field_strings(n->fm, "aliases", &n->aliases, &n->naliases, &acap, 0);
	field_strings(n->fm, "alias", &n->aliases, &n->naliases, &acap, 0);

	set_tags(n, &s);
	n->links = s.links;
	n->nlinks = s.nlinks;
	n->headings = s.heads;
	n->nheadings = s.nheads;
	n->blocks = s.blocks;
	n->nblocks = s.nblocks;
	n->text = buf_take(&s.text);
	s.links = NULL;
	s.heads = NULL;
	s.blocks = NULL;
	s.nlinks = s.nheads = s.nblocks = 0;
	scan_free(&s);
	return n;
}

void
note_free(struct note *n)
{
	size_t i;

	if (!n)
		return;
	free(n->path);
	free(n->slug);
	free(n->lang);
	free(n->title);
	free(n->summary);
	free(n->type);
	free(n->status);
	for (i = 0; i < n->naliases; i++)
		free(n->aliases[i]);
	free(n->aliases);
	for (i = 0; i < n->ntags; i++)
		free(n->tags[i]);
	free(n->tags);
	links_free(n->links, n->nlinks);
	for (i = 0; i < n->nheadings; i++) {
		free(n->headings[i].text);
		free(n->headings[i].anchor);
	}
	free(n->headings);
	for (i = 0; i < n->nblocks; i++)
		free(n->blocks[i]);
	free(n->blocks);
	fm_free(n->fm);
	free(n->text);
	for (i = 0; i < n->nwarnings; i++)
		free(n->warnings[i]);
	free(n->warnings);
	free(n);
}

void
links_extract(const char *md, size_t len, int first_line, int mdx,
    struct link **out, size_t *n)
{
	struct scan s;
	struct buf b = BUF_INIT;
	size_t nul = 0, bad = 0;

	memset(&s, 0, sizeof s);
	s.mdx = mdx;
	clean(md, len, &b, &nul, &bad);
	scan_body(&s, buf_str(&b), b.len, first_line);
	buf_free(&b);
	*out = s.links;
	*n = s.nlinks;
	s.links = NULL;
	s.nlinks = 0;
	scan_free(&s);
}

void
links_free(struct link *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(l[i].target);
		free(l[i].anchor);
		free(l[i].label);
	}
	free(l);
}

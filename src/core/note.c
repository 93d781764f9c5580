/*
 * note.c: one note file parsed for the index: frontmatter, title, slug,
 * language, links, tags, headings, block ids and the plain text of the
 * body. The body goes through one hand-written line scanner (cmark is for
 * rendering, too slow to run on every note of a big vault) that knows
 * fenced, indented and inline code, HTML comments, MDX and JSX, so that
 * nothing inside code counts as a link or a tag.
 */
#include "core/note-int.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
			w = utf8_next(data + i, len - i, &c);
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
			char *t = note_field_text(p, (size_t)(q - p));

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
			t = note_field_text(f->items[i], strlen(f->items[i]));
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

/* Frontmatter tags then inline ones, lowercased, each once, in order; the
 * case of each as first written is kept for display. */
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
		all[i].shown = xstrdup(t);
		all[i].order = i;
		free(fmt[i]);
	}
	free(fmt);
	for (i = 0; i < s->ntags; i++) {
		all[nf + i].shown = s->tags[i].tag;
		all[nf + i].order = nf + i;
	}
	for (i = 0; i < total; i++)
		all[i].tag = fold_case(all[i].shown);
	s->ntags = 0;
	qsort(all, total, sizeof *all, tag_cmp);
	for (i = 0, k = 0; i < total; i++) {
		if (!*all[i].tag || (k > 0 && strcmp(all[k - 1].tag,
		    all[i].tag) == 0)) {
			free(all[i].tag);
			free(all[i].shown);
			continue;
		}
		all[k++] = all[i];
	}
	qsort(all, k, sizeof *all, tag_order);
	n->tags = xcalloc(k ? k : 1, sizeof *n->tags);
	n->tags_shown = xcalloc(k ? k : 1, sizeof *n->tags_shown);
	for (i = 0; i < k; i++) {
		n->tags[i] = all[i].tag;
		n->tags_shown[i] = all[i].shown;
	}
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
			push_str(&v, &nv, &cap, note_field_text(f->items[j],
			    strlen(f->items[j])));
	for (j = 0; j < nv; j++) {
		t = v[j];
		tl = strlen(t);
		if (tl > 4 && str_starts(t, "[[") && str_ends(t, "]]")) {
			memmove(t, t + 2, tl - 4);
			t[tl - 4] = '\0';
		}
		if (*t)
			note_add_link(s, LINK_CONCEPT, t, NULL, NULL,
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
	char *v = note_field_text(value, strlen(value));
	size_t before = s->text.len, n = strlen(v);

	s->lstart = v;
	note_prep_line(s, v, v + n);
	note_inl(s, v, v + n, INL_LINKS);
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

static char *
fm_trimmed(const struct frontmatter *fm, const char *key)
{
	const char *v = fm_scalar(fm, key);
	char *t;

	if (!v)
		return NULL;
	t = note_field_text(v, strlen(v));
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
	char *v, *key, *stem, *first;
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
	note_scan_body(&s, buf_str(&bb), bb.len, n->body_line);
	first = note_first_sentence(buf_str(&bb), bb.len);
	buf_free(&yb);
	buf_free(&bb);

	/* language, title, slug */
	lv = fm_scalar(n->fm, "lang");
	n->lang = note_norm_lang(lv);
	if (!n->lang && lv && *lv)
		warn(n, &wcap, xasprintf("line %d: lang \"%s\" is not a "
		    "two-letter language code", fm_get(n->fm, "lang")->line,
		    lv));
	if (!n->lang)
		n->lang = path_lang_suffix(path);
	if (!n->lang)
		n->lang = note_norm_lang(default_lang ? default_lang : "en");
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
	if (!n->summary)	/* Obsidian's (and many a site's) field */
		n->summary = fm_trimmed(n->fm, "description");
	if (!n->summary) {
		n->summary = first;
		first = NULL;
	}
	free(first);
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
	n->ids = s.ids;
	n->nids = s.nids;
	n->text = buf_take(&s.text);
	s.links = NULL;
	s.heads = NULL;
	s.blocks = NULL;
	s.ids = NULL;
	s.nlinks = s.nheads = s.nblocks = s.nids = 0;
	note_scan_free(&s);
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
	for (i = 0; i < n->ntags; i++) {
		free(n->tags[i]);
		free(n->tags_shown ? n->tags_shown[i] : NULL);
	}
	free(n->tags);
	free(n->tags_shown);
	links_free(n->links, n->nlinks);
	for (i = 0; i < n->nheadings; i++) {
		free(n->headings[i].text);
		free(n->headings[i].anchor);
	}
	free(n->headings);
	for (i = 0; i < n->nblocks; i++)
		free(n->blocks[i]);
	free(n->blocks);
	for (i = 0; i < n->nids; i++)
		free(n->ids[i]);
	free(n->ids);
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
	note_scan_body(&s, buf_str(&b), b.len, first_line);
	buf_free(&b);
	*out = s.links;
	*n = s.nlinks;
	s.links = NULL;
	s.nlinks = 0;
	note_scan_free(&s);
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

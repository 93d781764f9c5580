/*
 * note-name.c: the name rules of a note: UTF-8 decoding and case folding,
 * slugs and heading anchors, note file extensions, language suffixes and
 * codes, the stem of a path, and frontmatter values made fit for a title.
 */
#include "core/note-int.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* UTF-8 and character classes                                       */
/* ------------------------------------------------------------------ */

/* A letter or digit beyond ASCII (roughly: not punctuation, symbols,
 * spaces or emoji). */
int
note_is_uletter(uint32_t c)
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

char *
fold_case(const char *s)
{
	struct buf b = BUF_INIT;

	utf8_fold(&b, s, strlen(s));
	return buf_take(&b);
}

/* Lowercase; letters and digits kept, runs of anything else to sep;
 * no sep at either end. */
static char *
slug_like(const char *s, int sep)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s), i, w, k;
	uint32_t c;
	int pend = 0;

	buf_grow(&b, n);
	for (i = 0; i < n; i += w) {
		/* a run of ASCII letters and digits at once: most names are
		 * that, and resolving links slugs every target (5 % of a full
		 * index's writer at 10k notes, one buf_add a character) */
		for (w = 0; i + w < n && is_alnum((unsigned char)s[i + w]);
		    w++)
			;
		if (w > 0) {
			if (pend && b.len > 0)
				buf_addc(&b, sep);
			pend = 0;
			k = b.len;
			buf_add(&b, s + i, w);
			for (; k < b.len; k++)
				if (b.ptr[k] >= 'A' && b.ptr[k] <= 'Z')
					b.ptr[k] = (char)(b.ptr[k] + 32);
			continue;
		}
		w = utf8_next(s + i, n - i, &c);
		if (w == 0) {
			w = 1;
			c = '-';
		}
		if (is_alnum((int)c) || note_is_uletter(c)) {
			if (pend && b.len > 0)
				buf_addc(&b, sep);
			pend = 0;
			utf8_encode(&b, utf8_fold_cp(c));
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
	size_t n = strlen(text), i, w;
	uint32_t c;

	for (i = 0; i < n; i += w) {
		w = utf8_next(text + i, n - i, &c);
		if (w == 0) {
			w = 1;
			continue;
		}
		if (c == ' ')
			buf_addc(&b, '-');
		else if (is_alnum((int)c) || c == '-' || c == '_' ||
		    note_is_uletter(c))
			utf8_encode(&b, utf8_fold_cp(c));
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
/* Languages and frontmatter text                                     */
/* ------------------------------------------------------------------ */

/* "en", "en-US", "EN_gb" -> "en"; NULL when it is no language code. */
char *
note_norm_lang(const char *v)
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

/*
 * A frontmatter value made fit for a title, tag or alias: blanks and line
 * breaks become spaces, other control characters go (YAML escapes can
 * make any), ends trimmed.
 */
char *
note_field_text(const char *v, size_t n)
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

/* Does the headmatter line of n bytes at p set a key decks use? */
static int
deck_key_line(const char *p, size_t n)
{
	static const char *const keys[] = {
		"theme", "layout", "transition", "highlighter", "drawings",
		"mdc", "colorSchema", "aspectRatio", "canvasWidth", "fonts",
		"lineNumbers", "routerMode", "exportFilename", "addons",
		"themeConfig", "sub_title",
	};
	size_t i, k;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		k = strlen(keys[i]);
		if (n > k && strncmp(p, keys[i], k) == 0 && p[k] == ':')
			return 1;
	}
	return 0;
}

#define DECK_SNIFF	65536	/* bytes looked at */

int
note_is_deck(const char *path, const char *data, size_t len)
{
	const char *p = data, *end, *nl, *first;
	size_t n;
	int fm;

	if (strncmp(path, "slides/", 7) != 0 || !data)
		return 0;
	if (len > DECK_SNIFF)
		len = DECK_SNIFF;
	end = data + len;
	if (len >= 3 && (unsigned char)p[0] == 0xef &&
	    (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf)
		p += 3;
	if (end - p >= 7 && strncmp(p, "%title:", 7) == 0)
		return 1;
	fm = end - p >= 3 && strncmp(p, "---", 3) == 0 &&
	    (end - p == 3 || p[3] == '\n' || p[3] == '\r');
	for (first = p; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		if (n >= 16 && memmem(p, n, "<!-- end_slide", 14))
			return 1;
		if (fm && p != first && n >= 3 && strncmp(p, "---", 3) == 0)
			fm = 0;
		else if (fm && deck_key_line(p, n))
			return 1;
	}
	return 0;
}

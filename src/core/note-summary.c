/*
 * note-summary.c: a summary for a note whose frontmatter gives none: the
 * first sentence of its first paragraph, as plain text. Headings, code,
 * quotes and callouts, tables, lists, HTML, images and embeds are not a
 * paragraph; links keep their text, emphasis and code marks go.
 */
#include "core/note-int.h"
#include "core/util.h"

#include <ctype.h>
#include <string.h>

#define SUMMARY_MAX 200

static size_t
eol(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n')
		i++;
	return i;
}

/* Is the line [i, e) where a paragraph cannot start? */
static int
not_prose(const char *s, size_t i, size_t e)
{
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == e)
		return 1;
	if (strchr("#>|<-*+=%$^", s[i]) || (s[i] == '!' && i + 1 < e &&
	    s[i + 1] == '['))
		return 1;
	if (isdigit((unsigned char)s[i])) {	/* "1. item" */
		while (i < e && isdigit((unsigned char)s[i]))
			i++;
		return i + 1 < e && (s[i] == '.' || s[i] == ')') &&
		    s[i + 1] == ' ';
	}
	return 0;
}

/* The first paragraph (its lines joined by spaces), fenced code and
 * other blocks skipped. */
static void
first_paragraph(const char *s, size_t len, struct buf *out)
{
	size_t i = 0, e, k;
	char fence = 0;

	for (; i < len; i = e + 1) {
		e = eol(s, len, i);
		for (k = i; k < e && s[k] == ' '; k++)
			;
		if (e - k >= 3 && (s[k] == '`' || s[k] == '~') &&
		    s[k + 1] == s[k] && s[k + 2] == s[k]) {
			fence = fence ? (fence == s[k] ? 0 : fence) : s[k];
			continue;
		}
		if (fence || k - i >= 4)
			continue;	/* code */
		if (out->len && k == e)
			return;		/* the blank line after it */
		if (!out->len && not_prose(s, i, e))
			continue;
		if (out->len)
			buf_addc(out, ' ');
		buf_add(out, s + k, e - k);
	}
}

/* Markup off: [[a|b]] -> b, [[a]] -> a, [t](u) -> t, no * _ ` ==. */
static void
plain(const char *s, size_t len, struct buf *out)
{
	size_t i = 0, e, p;

	while (i < len) {
		if (s[i] == '[' && i + 1 < len && s[i + 1] == '[' &&
		    (e = (size_t)(strstr(s + i, "]]") ? strstr(s + i, "]]") -
		    s : 0)) > i) {
			for (p = e; p > i + 2 && s[p - 1] != '|'; p--)
				;
			if (p == i + 2)
				p = i + 2;
			buf_add(out, s + p, e - p);
			i = e + 2;
		} else if (s[i] == ']' && i + 1 < len && s[i + 1] == '(' &&
		    (e = (size_t)(memchr(s + i, ')', len - i) ?
		    (const char *)memchr(s + i, ')', len - i) - s : 0)) > i) {
			i = e + 1;	/* the URL of [text](url) */
		} else if (strchr("*_`[", s[i]) || (s[i] == '=' &&
		    i + 1 < len && s[i + 1] == '=')) {
			i += s[i] == '=' ? 2 : 1;
		} else
			buf_addc(out, s[i++]);
	}
}

char *
note_first_sentence(const char *body, size_t len)
{
	struct buf para = BUF_INIT, text = BUF_INIT;
	const char *t;
	size_t i, n, cut;

	first_paragraph(body, len, &para);
	plain(buf_str(&para), para.len, &text);
	buf_free(&para);
	t = buf_str(&text);
	n = text.len;
	for (i = 0; i < n; i++)
		if ((t[i] == '.' || t[i] == '!' || t[i] == '?') &&
		    (i + 1 == n || t[i + 1] == ' ')) {
			n = i + 1;
			break;
		}
	if (n > SUMMARY_MAX) {
		for (cut = SUMMARY_MAX; cut > 0 && t[cut] != ' '; cut--)
			;
		n = cut ? cut : SUMMARY_MAX;
		while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
			n--;	/* not inside a character */
		buf_truncate(&text, n);
		buf_adds(&text, "\xe2\x80\xa6");
		return buf_take(&text);
	}
	buf_truncate(&text, n);
	return buf_take(&text);
}

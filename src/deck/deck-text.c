/*
 * deck-text.c: a deck's text before it is cut into slides: normalised
 * (BOM, CRLF, NUL) and split into lines, the line tests the splitter and
 * the scanner share (blank, separators, comment commands), frontmatter,
 * and the warnings every part of the reader adds to.
 */
#include "deck/deck-int.h"
#include "core/buf.h"
#include "core/util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
dk_warn(struct deck *d, const char *file, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	size_t cap = d->nwarnings;
	va_list ap;

	buf_printf(&b, "%s:%d: ", file, line);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	d->warnings = xgrow(d->warnings, &cap, d->nwarnings + 1,
	    sizeof *d->warnings);
	d->warnings[d->nwarnings++] = buf_take(&b);
}

/* BOM, CRLF and lone CR, NUL (to U+FFFD); then the lines. */
void
dk_text_init(struct text *t, const char *data, size_t len, const char *name)
{
	struct buf b = BUF_INIT;
	size_t i, cap = 0;
	char *p;
	int no = 1;

	memset(t, 0, sizeof *t);
	t->name = name;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	buf_adds(&b, "");	/* terminated even when data is empty */
	buf_grow(&b, len + 1);
	for (i = 0; i < len; i++) {
		if (data[i] == '\r') {
			buf_addc(&b, '\n');
			if (i + 1 < len && data[i + 1] == '\n')
				i++;
		} else if (data[i] == '\0') {
			buf_adds(&b, "\xef\xbf\xbd");
		} else {
			buf_addc(&b, data[i]);
		}
	}
	t->data = buf_take(&b);
	for (p = t->data; *p;) {
		char *nl = strchr(p, '\n');

		t->lines = xgrow(t->lines, &cap, t->n + 1, sizeof *t->lines);
		t->lines[t->n].s = p;
		t->lines[t->n].n = nl ? (size_t)(nl - p) : strlen(p);
		t->lines[t->n].no = no++;
		t->n++;
		p = nl ? nl + 1 : p + strlen(p);
	}
}

void
dk_text_free(struct text *t)
{
	free(t->data);
	free(t->lines);
}

int
dk_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

/* s with blanks trimmed at both ends: *n adjusted, start returned. */
const char *
dk_trim(const char *s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)*s)) {
		s++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

int
dk_line_is(const struct line *l, const char *what)
{
	size_t n = l->n;

	while (n > 0 && isspace((unsigned char)l->s[n - 1]))
		n--;
	return n == strlen(what) && memcmp(l->s, what, n) == 0;
}

/* ---, ----...: a Slidev separator (no leading blanks). */
int
dk_dash_rule(const struct line *l)
{
	size_t i = 0, n = l->n;

	while (n > 0 && isspace((unsigned char)l->s[n - 1]))
		n--;
	while (i < n && l->s[i] == '-')
		i++;
	return i >= 3 && i == n;
}

/* The comment command on line l: "<!-- NAME -->" gives NAME's text. */
int
dk_comment_is(const struct line *l, const char *cmd)
{
	size_t n = l->n, k = strlen(cmd);
	const char *s = dk_trim(l->s, &n);

	if (n < 7 || memcmp(s, "<!--", 4) != 0 ||
	    memcmp(s + n - 3, "-->", 3) != 0)
		return 0;
	s += 4;
	n -= 7;
	s = dk_trim(s, &n);
	return n == k && memcmp(s, cmd, k) == 0;
}

/* Is lines [a, b) a YAML mapping (key: value lines)? */
int
dk_looks_like_yaml(const struct text *t, size_t a, size_t b)
{
	int keys = 0;
	size_t i, k;

	for (i = a; i < b; i++) {
		const char *s = t->lines[i].s;
		size_t n = t->lines[i].n;

		if (dk_blank(s, n) || s[0] == '#' || s[0] == ' ' ||
		    s[0] == '\t')
			continue;
		if (n >= 2 && s[0] == '-' && s[1] == ' ')
			continue;
		for (k = 0; k < n && (isalnum((unsigned char)s[k]) ||
		    s[k] == '_' || s[k] == '-' || s[k] == '.'); k++)
			;
		if (k == 0 || k >= n || s[k] != ':' ||
		    (k + 1 < n && s[k + 1] != ' ' && s[k + 1] != '\t'))
			return 0;
		keys++;
	}
	return keys > 0;
}

struct frontmatter *
dk_parse_fm(const struct text *t, size_t a, size_t b, struct deck *d)
{
	struct frontmatter *fm;

	if (a >= b)
		return fm_parse("", 0);
	fm = fm_parse(t->lines[a].s,
	    (size_t)(t->lines[b - 1].s + t->lines[b - 1].n - t->lines[a].s));
	if (fm->error)
		dk_warn(d, t->name, t->lines[a].no, "frontmatter: %s; fix the "
		    "YAML", fm->error);
	return fm;
}

/*
 * note-link.c: the link targets of the note scanner: a Markdown link
 * destination (external, another note, an attachment) and the inside of
 * a [[wikilink]], percent-decoded and recorded on the scan.
 */
#include "core/note-int.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const attachment_exts[] = {
	"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif",
	"tiff", "avif", "heic", "pdf", "mp3", "mp4", "m4a", "wav", "ogg",
	"oga", "ogv", "webm", "mov", "avi", "mkv", "flac", "zip", "gz", "tgz",
	"csv", "xlsx", "xls", "docx", "doc", "pptx", "ppt", "canvas",
	"excalidraw", "drawio", "key", "numbers", "pages", NULL,
};

/* ------------------------------------------------------------------ */
/* Link targets                                                       */
/* ------------------------------------------------------------------ */

int
note_hexval(int c)
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
		if (p[i] == '%' && i + 2 < n && note_hexval(p[i + 1]) >= 0 &&
		    note_hexval(p[i + 2]) >= 0) {
			buf_addc(&b, note_hexval(p[i + 1]) * 16 + note_hexval(p[i + 2]));
			i += 2;
		} else {
			buf_addc(&b, p[i]);
		}
	}
	for (i = 0; i < b.len; i += w) {
		w = note_u8dec((const unsigned char *)b.ptr + i, b.len - i, &c);
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

size_t
note_scheme_len(const char *p, size_t n)
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

/* Drop the blanks around *d[0..n): moves *d, returns the new length. */
static size_t
trim_blanks(const char **d, size_t n)
{
	while (n > 0 && is_blank(**d)) {
		(*d)++;
		n--;
	}
	while (n > 0 && is_blank((*d)[n - 1]))
		n--;
	return n;
}

/* Record a Markdown link destination d[0..n) with label (taken). */
void
note_link_dest(struct scan *s, const char *d, size_t n, char *label, int line)
{
	const char *hash, *q;
	size_t pl;

	n = trim_blanks(&d, n);
	if (n == 0) {
		free(label);
		return;
	}
	if (note_scheme_len(d, n) || (n >= 2 && d[0] == '/' && d[1] == '/')) {
		note_add_link(s, LINK_EXTERNAL, xstrndup(d, n), NULL, label, line);
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
		/* a file of the vault: check sees that it exists */
		note_add_link(s, LINK_ATTACHMENT, pct_decode(d, pl), NULL,
		    label, line);
		return;
	}
	note_add_link(s, LINK_MARKDOWN, pct_decode(d, pl),
	    hash && hash + 1 < d + n ? pct_decode(hash + 1,
	    (size_t)(d + n - hash - 1)) : NULL, label, line);
}

void
note_image_dest(struct scan *s, const char *d, size_t n, int line)
{
	const char *q;
	size_t pl;

	n = trim_blanks(&d, n);
	if (n == 0 || note_scheme_len(d, n) || (n >= 2 && d[0] == '/' &&
	    d[1] == '/'))
		return;
	pl = n;
	if ((q = memchr(d, '#', pl)) != NULL)
		pl = (size_t)(q - d);
	if ((q = memchr(d, '?', pl)) != NULL)
		pl = (size_t)(q - d);
	if (pl > 0)
		note_add_link(s, LINK_ATTACHMENT, pct_decode(d, pl), NULL,
		    NULL, line);
}

/* Record the inside of [[...]] (p[0..n)); emit its text. */
int
note_wikilink(struct scan *s, const char *p, size_t n, int embed, int flags,
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
	target = note_trimdup(p, hash ? (size_t)(hash - p) : tn);
	if (hash)
		anchor = note_trimdup(hash + 1, tn - (size_t)(hash - p) - 1);
	if (bar)
		label = note_trimdup(bar + 1, n - (size_t)(bar - p) - 1);
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
		free(anchor);
		if (flags & INL_LINKS) {
			note_add_link(s, LINK_ATTACHMENT, target, NULL, label,
			    line);
		} else {
			free(target);
			free(label);
		}
		return 0;
	}
	if (label)
		buf_adds(&s->text, label);
	else if (*target)
		buf_adds(&s->text, target);
	else if (anchor[0] != '^')
		buf_adds(&s->text, anchor);
	if (flags & INL_LINKS) {
		note_add_link(s, embed ? LINK_EMBED : LINK_WIKI, target, anchor,
		    label, line);
	} else {
		free(target);
		free(anchor);
		free(label);
	}
	return 0;
}

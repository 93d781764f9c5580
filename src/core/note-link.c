/*
 * note-link.c: the link targets of the note scanner: a Markdown link
 * destination (external, another note, an attachment) and the inside of
 * a [[wikilink]], percent-decoded and recorded on the scan.
 */
#include "core/note-int.h"
#include "core/entity.h"
#include "core/pct.h"
#include "core/wikilink.h"
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

/* Record a Markdown link destination d[0..n) with label (taken):
 * character references decoded first, as CommonMark (and so the
 * renderer) reads a destination, then percent-decoding. */
void
note_link_dest(struct scan *s, const char *d, size_t n, char *label, int line)
{
	struct buf dec = BUF_INIT;
	const char *hash;
	size_t pl;

	n = trim_blanks(&d, n);
	if (memchr(d, '&', n)) {
		entity_unescape(&dec, d, n);
		d = dec.ptr;
		n = dec.len;
	}
	if (n == 0) {
		free(label);
		goto fail;
	}
	if (note_scheme_len(d, n) || (n >= 2 && d[0] == '/' && d[1] == '/')) {
		note_add_link(s, LINK_EXTERNAL, xstrndup(d, n), NULL, label, line);
		goto fail;
	}
	hash = memchr(d, '#', n);
	pl = link_dest_path_len(d, n);
	if (pl == 0 && !hash) {
		free(label);
		goto fail;
	}
	if (has_other_ext(d, pl, NULL)) {
		/* a file of the vault: check sees that it exists */
		note_add_link(s, LINK_ATTACHMENT, pct_decode(d, pl), NULL,
		    label, line);
		goto fail;
	}
	note_add_link(s, LINK_MARKDOWN, pct_decode(d, pl),
	    hash && hash + 1 < d + n ? pct_decode(hash + 1,
	    (size_t)(d + n - hash - 1)) : NULL, label, line);
fail:
	buf_free(&dec);
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
	struct wikilink w;
	char *target, *anchor, *label;

	if (wikilink_split(p, n, &w) < 0)
		return -1;
	target = xstrndup(w.target, w.tlen);
	anchor = w.anchor ? xstrndup(w.anchor, w.alen) : NULL;
	label = w.label ? xstrndup(w.label, w.llen) : NULL;
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

/*
 * deck-note.c: any note as a deck (`stratus present NOTE`): a title
 * slide from its title and summary, a slide per `##` section, sections
 * longer than a screen split at a blank line outside code and tables.
 */
#include "deck/deck.h"
#include "core/buf.h"
#include "core/fence.h"
#include "core/frontmatter.h"
#include "core/util.h"

#include <string.h>

/* Add one section (its lines, heading first) as one or more slides. */
static void
add_section(struct buf *b, const char *s, size_t n, const char *heading,
    int max_lines)
{
	const char *p = s, *end = s + n, *nl;
	int lines = 0, in_fence = 0;
	size_t flen = 0, len;
	char fch = 0;

	buf_adds(b, "\n---\n\n");
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (in_fence) {
			if (md_fence_close(p, len, fch, flen))
				in_fence = 0;
		} else if ((flen = md_fence_open(p, len, &fch, NULL)) > 0) {
			in_fence = 1;
		} else if (len == 0 && lines >= max_lines && heading) {
			/* Split here; the next slide says where it is from. */
			buf_printf(b, "\n---\n\n%s (cont.)\n", heading);
			lines = 1;
			p += 1;
			continue;
		} else if (len >= 3 && strspn(p, "-*_ ") >= len) {
			/* A thematic break would end the slide. */
			p = nl ? nl + 1 : end;
			continue;
		}
		buf_add(b, p, len);
		buf_addc(b, '\n');
		lines += 1 + (int)(len / 72);	/* a long paragraph wraps */
		p = nl ? nl + 1 : end;
	}
}

char *
deck_from_note(const char *text, size_t len, const char *title,
    const char *summary, int max_lines)
{
	struct buf b = BUF_INIT, head = BUF_INIT;
	size_t yo, yl, body = 0, i, sec, ll;
	const char *p, *heading = NULL;
	int in_fence = 0, dropped_h1 = 0;
	size_t flen = 0;
	char fch = 0;

	if (fm_locate(text, len, &yo, &yl, &body) != 1)
		body = 0;
	buf_printf(&b, "# %s\n", title && *title ? title : "Untitled");
	if (summary && *summary)
		buf_printf(&b, "\n%s\n", summary);
	sec = body;
	for (i = body; i < len; i += ll + 1) {
		const char *nl;

		p = text + i;
		nl = memchr(p, '\n', len - i);
		ll = nl ? (size_t)(nl - p) : len - i;
		if (in_fence) {
			if (md_fence_close(p, ll, fch, flen))
				in_fence = 0;
			continue;
		}
		if ((flen = md_fence_open(p, ll, &fch, NULL)) > 0) {
			in_fence = 1;
			continue;
		}
		if (!dropped_h1 && ll > 2 && p[0] == '#' && p[1] == ' ') {
			/* The title slide shows the H1. */
			if (i > sec && strspn(text + sec, " \t\r\n") < i - sec)
				add_section(&b, text + sec, i - sec, NULL,
				    max_lines);
			dropped_h1 = 1;
			sec = i + ll + 1 > len ? len : i + ll + 1;
			continue;
		}
		if (ll > 3 && p[0] == '#' && p[1] == '#' && p[2] == ' ') {
			if (i > sec && strspn(text + sec, " \t\r\n") < i - sec)
				add_section(&b, text + sec, i - sec,
				    heading ? buf_str(&head) : NULL, max_lines);
			buf_reset(&head);
			buf_add(&head, p, ll);
			heading = buf_str(&head);
			sec = i;
		}
	}
	if (sec < len && strspn(text + sec, " \t\r\n") < len - sec)
		add_section(&b, text + sec, len - sec,
		    heading ? buf_str(&head) : NULL, max_lines);
	buf_free(&head);
	/* A NUL byte would end the deck text early: drop them. */
	for (i = 0, ll = 0; i < b.len; i++)
		if (b.ptr[i] != '\0')
			b.ptr[ll++] = b.ptr[i];
	buf_truncate(&b, ll);
	return buf_take(&b);
}

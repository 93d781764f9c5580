/*
 * deck.c: reading a deck, the public face of the module (deck.h). The
 * work is done behind deck-int.h: deck-text.c normalises the text,
 * deck-split.c detects the syntax (Slidev, presenterm, mdp) and cuts the
 * file into slides, deck-scan.c scans each slide into parts and
 * deck-steps.c says from which step each part shows. Here: loading,
 * freeing, and the queries the frame composer and the exporter ask.
 */
#include "deck/deck.h"
#include "deck/deck-int.h"
#include "core/buf.h"
#include "core/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_layouts[] = { "default", "cover", "intro",
    "section", "center", "statement", "fact", "quote", "end", "two-cols",
    "two-cols-header", "image", "image-left", "image-right", "iframe",
    "iframe-left", "iframe-right", "full", "none", NULL };

struct deck *
deck_parse(const char *data, size_t len, const char *name)
{
	struct deck *d;
	char *real = name ? path_real(name) : NULL;

	d = dk_parse(data, len, name, real);
	free(real);
	return d;
}

int
deck_load(const char *path, struct deck **out, char **cause)
{
	char *data;
	size_t len;

	if (read_file(path, DECK_MAX_BYTES, &data, &len, cause) < 0)
		return -1;
	*out = deck_parse(data, len, path);
	(*out)->path = xstrdup(path);
	free(data);
	return 0;
}

void
deck_free(struct deck *d)
{
	size_t i, j, k;

	if (!d)
		return;
	for (i = 0; i < d->nslides; i++) {
		struct slide *s = &d->slides[i];

		for (j = 0; j < s->nparts; j++) {
			free(s->parts[j].md);
			for (k = 0; k < s->parts[j].nhl; k++)
				free(s->parts[j].hl[k]);
			free(s->parts[j].hl);
		}
		free(s->parts);
		free(s->layout);
		fm_free(s->fm);
		free(s->title);
		free(s->notes);
		free(s->file);
	}
	free(d->slides);
	for (i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	fm_free(d->head);
	free(d->path);
	free(d->title);
	free(d->subtitle);
	free(d->author);
	free(d);
}

/* ---------------------------------------------------------------- */
/* Queries */

int
deck_part_visible(const struct deck_part *p, int step)
{
	return step >= p->from && step < p->until;
}

const char *
deck_part_highlight(const struct deck_part *p, int step)
{
	int k;

	if (p->nhl == 0)
		return NULL;
	k = step - p->hl_from;
	if (k < 0)
		k = 0;
	if ((size_t)k >= p->nhl)
		k = (int)p->nhl - 1;
	return p->hl[k];
}

int
deck_line_in_ranges(const char *ranges, int n)
{
	const char *p = ranges;
	long a, b;
	char *end;

	if (!ranges || !*ranges || strcmp(ranges, "all") == 0 ||
	    strcmp(ranges, "*") == 0)
		return 1;
	if (strcmp(ranges, "none") == 0 || strcmp(ranges, "hide") == 0)
		return 0;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!isdigit((unsigned char)*p))
			break;
		a = strtol(p, &end, 10);
		b = a;
		p = end;
		if (*p == '-' && isdigit((unsigned char)p[1])) {
			b = strtol(p + 1, &end, 10);
			p = end;
		}
		if (n >= a && n <= b)
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

size_t
deck_shown(const struct deck *d, size_t **idx)
{
	size_t i, n = 0;

	*idx = xcalloc(d->nslides + 1, sizeof **idx);
	for (i = 0; i < d->nslides; i++)
		if (!d->slides[i].hidden)
			(*idx)[n++] = i;
	return n;
}

char *
deck_step_markdown(const struct slide *s, enum deck_slot slot, int step)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < s->nparts; i++)
		if (s->parts[i].slot == slot &&
		    deck_part_visible(&s->parts[i], step))
			buf_adds(&b, s->parts[i].md);
	return buf_take(&b);
}

char *
deck_slide_text(const struct slide *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_adds(&b, s->title);
	buf_addc(&b, '\n');
	for (i = 0; i < s->nparts; i++) {
		buf_adds(&b, s->parts[i].md);
		buf_addc(&b, '\n');
	}
	buf_adds(&b, s->notes);
	return buf_take(&b);
}

long
deck_parse_duration(const char *s)
{
	long total = 0, v;
	const char *p = s;
	char *end;
	int any = 0;

	while (*p == ' ')
		p++;
	if (strchr(p, ':')) {	/* h:mm:ss or mm:ss */
		long parts[3];
		int n = 0;

		while (*p && n < 3) {
			if (!isdigit((unsigned char)*p))
				return -1;
			parts[n++] = strtol(p, &end, 10);
			p = end;
			if (*p == ':')
				p++;
			else if (*p)
				return -1;
		}
		if (*p || n < 2)
			return -1;
		return n == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] :
		    parts[0] * 60 + parts[1];
	}
	while (*p) {
		if (!isdigit((unsigned char)*p))
			return -1;
		v = strtol(p, &end, 10);
		if (v > 100000)
			return -1;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == 'h') {
			total += v * 3600;
			p++;
			if (strncmp(p, "ours", 4) == 0)
				p += 4;
			else if (strncmp(p, "our", 3) == 0)
				p += 3;
			else if (*p == 'r')
				p++;
		} else if (*p == 's') {
			total += v;
			p++;
			if (strncmp(p, "ec", 2) == 0)
				p += 2;
			if (strncmp(p, "onds", 4) == 0)
				p += 4;
			else if (*p == 's')
				p++;
		} else if (*p == 'm') {
			total += v * 60;
			p++;
			if (strncmp(p, "inutes", 6) == 0)
				p += 6;
			else if (strncmp(p, "inute", 5) == 0)
				p += 5;
			else if (strncmp(p, "ins", 3) == 0)
				p += 3;
			else if (strncmp(p, "in", 2) == 0)
				p += 2;
		} else if (*p == '\0') {
			total += v * 60;	/* a bare number: minutes */
		} else {
			return -1;
		}
		any = 1;
		while (*p == ' ')
			p++;
	}
	return any ? total : -1;
}

int
deck_layout_known(const char *name)
{
	size_t i;

	for (i = 0; known_layouts[i]; i++)
		if (strcmp(known_layouts[i], name) == 0)
			return 1;
	return 0;
}

char *
deck_default_path(void)
{
	return path_join(data_dir(), "slides/serverless-first.md");
}


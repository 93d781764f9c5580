/*
 * bigfont.c: the block-letter font of slide titles. Each glyph is five
 * rows of pixels ('#' on); two pixel rows make one terminal row through
 * the half blocks ▀ ▄ █, so a line of letters is three rows high.
 */
#include "deck/bigfont.h"
#include "core/util.h"

#include <ctype.h>
#include <string.h>

struct glyph {
	char c;
	const char *rows[5];
};

static const struct glyph font[] = {
	{ 'A', { ".##.", "#..#", "####", "#..#", "#..#" } },
	{ 'B', { "###.", "#..#", "###.", "#..#", "###." } },
	{ 'C', { ".###", "#...", "#...", "#...", ".###" } },
	{ 'D', { "###.", "#..#", "#..#", "#..#", "###." } },
	{ 'E', { "####", "#...", "###.", "#...", "####" } },
	{ 'F', { "####", "#...", "###.", "#...", "#..." } },
	{ 'G', { ".###", "#...", "#.##", "#..#", ".###" } },
	{ 'H', { "#..#", "#..#", "####", "#..#", "#..#" } },
	{ 'I', { "###", ".#.", ".#.", ".#.", "###" } },
	{ 'J', { "..##", "...#", "...#", "#..#", ".##." } },
	{ 'K', { "#..#", "#.#.", "##..", "#.#.", "#..#" } },
	{ 'L', { "#...", "#...", "#...", "#...", "####" } },
	{ 'M', { "#...#", "##.##", "#.#.#", "#...#", "#...#" } },
	{ 'N', { "#...#", "##..#", "#.#.#", "#..##", "#...#" } },
	{ 'O', { ".##.", "#..#", "#..#", "#..#", ".##." } },
	{ 'P', { "###.", "#..#", "###.", "#...", "#..." } },
	{ 'Q', { ".##.", "#..#", "#..#", "#.##", ".###" } },
	{ 'R', { "###.", "#..#", "###.", "#.#.", "#..#" } },
	{ 'S', { ".###", "#...", ".##.", "...#", "###." } },
	{ 'T', { "#####", "..#..", "..#..", "..#..", "..#.." } },
	{ 'U', { "#..#", "#..#", "#..#", "#..#", ".##." } },
	{ 'V', { "#...#", "#...#", "#...#", ".#.#.", "..#.." } },
	{ 'W', { "#...#", "#...#", "#.#.#", "##.##", "#...#" } },
	{ 'X', { "#...#", ".#.#.", "..#..", ".#.#.", "#...#" } },
	{ 'Y', { "#...#", ".#.#.", "..#..", "..#..", "..#.." } },
	{ 'Z', { "####", "...#", ".##.", "#...", "####" } },
	{ '0', { ".##.", "#.##", "#..#", "##.#", ".##." } },
	{ '1', { ".#.", "##.", ".#.", ".#.", "###" } },
	{ '2', { "###.", "...#", ".##.", "#...", "####" } },
	{ '3', { "###.", "...#", ".##.", "...#", "###." } },
	{ '4', { "#..#", "#..#", "####", "...#", "...#" } },
	{ '5', { "####", "#...", "###.", "...#", "###." } },
	{ '6', { ".##.", "#...", "###.", "#..#", ".##." } },
	{ '7', { "####", "...#", "..#.", ".#..", ".#.." } },
	{ '8', { ".##.", "#..#", ".##.", "#..#", ".##." } },
	{ '9', { ".##.", "#..#", ".###", "...#", ".##." } },
	{ ' ', { "..", "..", "..", "..", ".." } },
	{ '.', { ".", ".", ".", ".", "#" } },
	{ ',', { ".", ".", ".", "#", "#" } },
	{ ';', { ".", "#", ".", "#", "#" } },
	{ ':', { ".", "#", ".", "#", "." } },
	{ '!', { "#", "#", "#", ".", "#" } },
	{ '?', { "###.", "...#", ".##.", "....", ".#.." } },
	{ '\'', { "#", "#", ".", ".", "." } },
	{ '"', { "#.#", "#.#", "...", "...", "..." } },
	{ '-', { "...", "...", "###", "...", "..." } },
	{ '+', { "...", ".#.", "###", ".#.", "..." } },
	{ '=', { "...", "###", "...", "###", "..." } },
	{ '_', { "...", "...", "...", "...", "###" } },
	{ '*', { "...", "#.#", ".#.", "#.#", "..." } },
	{ '/', { "...#", "..#.", "..#.", ".#..", "#..." } },
	{ '(', { ".#", "#.", "#.", "#.", ".#" } },
	{ ')', { "#.", ".#", ".#", ".#", "#." } },
	{ '<', { "..#", ".#.", "#..", ".#.", "..#" } },
	{ '>', { "#..", ".#.", "..#", ".#.", "#.." } },
	{ '#', { ".#.#.", "#####", ".#.#.", "#####", ".#.#." } },
	{ '%', { "#...#", "...#.", "..#..", ".#...", "#...#" } },
	{ '&', { ".#..", "#.#.", ".#..", "#.#.", ".#.#" } },
};

static const struct glyph *
find(int c)
{
	size_t i;

	c = toupper(c);
	for (i = 0; i < sizeof font / sizeof font[0]; i++)
		if (font[i].c == c)
			return &font[i];
	return NULL;
}

int
bigfont_can(const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p; p++)
		if (*p >= 0x80 || !find(*p))
			return 0;
	return *text != '\0';
}

static int
span_width(const char *s, size_t n)
{
	size_t i;
	int w = 0;

	for (i = 0; i < n; i++) {
		const struct glyph *g = find((unsigned char)s[i]);

		w += (g ? (int)strlen(g->rows[0]) : 0) + (i + 1 < n);
	}
	return w;
}

int
bigfont_width(const char *text)
{
	return span_width(text, strlen(text));
}

/* One line of letters (n bytes of s) as three rows. */
static void
draw_line(const char *s, size_t n, struct buf *out)
{
	static const char *const cell[4] = { " ", "▄", "▀", "█" };
	size_t i, x;
	int r;

	for (r = 0; r < BIGFONT_ROWS; r++) {
		for (i = 0; i < n; i++) {
			const struct glyph *g = find((unsigned char)s[i]);
			size_t w = strlen(g->rows[0]);

			for (x = 0; x < w; x++) {
				int top = g->rows[2 * r][x] == '#';
				int bot = 2 * r + 1 < 5 &&
				    g->rows[2 * r + 1][x] == '#';

				buf_adds(out, cell[top * 2 + bot]);
			}
			if (i + 1 < n)
				buf_addc(out, ' ');
		}
		buf_addc(out, '\n');
	}
}

int
bigfont_draw(const char *text, int width, int max_rows, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	const char *p = text, *start, *brk;
	int rows = 0;

	if (!bigfont_can(text))
		return -1;
	while (*p == ' ')
		p++;
	while (*p) {
		/* the longest run of words that fits */
		start = p;
		brk = NULL;
		while (*p) {
			const char *e = p;

			while (*e && *e != ' ')
				e++;
			if (span_width(start, (size_t)(e - start)) > width)
				break;
			brk = e;
			p = e;
			while (*p == ' ')
				p++;
		}
		if (!brk) {
			buf_free(&tmp);
			return -1;	/* a word wider than the width */
		}
		if (rows)
			buf_addc(&tmp, '\n');
		rows += (rows ? 1 : 0) + BIGFONT_ROWS;
		if (rows > max_rows) {
			buf_free(&tmp);
			return -1;
		}
		draw_line(start, (size_t)(brk - start), &tmp);
	}
	buf_add(out, tmp.ptr ? tmp.ptr : "", tmp.len);
	buf_free(&tmp);
	return rows;
}

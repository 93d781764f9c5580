/*
 * picture.c: the terminal side of pictures (picture.h): which protocol
 * the terminal speaks (environment, then a device attributes query with
 * a timeout) and the painting of chafa's output over the boxes in the
 * lines curses has just shown. The only bytes written here are cursor
 * moves, kitty's "delete placements" and chafa's output for the pixels.
 */
#include "tui/picture.h"
#include "tui/screen.h"
#include "core/buf.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PAINTER_MAX 16

struct painter {
	enum image_proto proto;
	struct image_cache *cache;
	struct picture want[PAINTER_MAX], shown[PAINTER_MAX];
	size_t nwant, nshown;
	int redraw;		/* the next draw paints every picture */
};

/* Ask the terminal for its primary device attributes: does it list
 * sixel? Raw mode on /dev/tty for the length of the question. */
static int
query_sixel(int timeout_ms)
{
	struct termios old, raw;
	char reply[128];
	size_t n = 0;
	int fd, sixel = 0;
	double end;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (tcgetattr(fd, &old) < 0)
		goto fail;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) < 0)
		goto fail;
	if (write(fd, "\033[c", 3) == 3) {
		end = now_seconds() + timeout_ms / 1000.0;
		while (n < sizeof reply - 1) {
			struct pollfd pf = { fd, POLLIN, 0 };
			int left = (int)((end - now_seconds()) * 1000);
			ssize_t r;

			if (left <= 0 || poll(&pf, 1, left) <= 0)
				break;
			r = read(fd, reply + n, sizeof reply - 1 - n);
			if (r <= 0 && errno != EINTR)
				break;
			if (r > 0)
				n += (size_t)r;
			if (n && reply[n - 1] == 'c')
				break;
		}
		sixel = image_da1_sixel(reply, n);
	}
	/* a reply cut short must not become keys */
	tcflush(fd, TCIFLUSH);
	tcsetattr(fd, TCSANOW, &old);
fail:
	close(fd);
	return sixel;
}

enum image_proto
picture_detect(enum image_mode mode, int timeout_ms)
{
	enum image_proto p;

	if (mode == IMAGES_OFF)
		return PROTO_NONE;
	if (mode == IMAGES_SYMBOLS)
		return PROTO_SYMBOLS;
	p = image_proto_from_env(getenv("TERM"), getenv("TERM_PROGRAM"),
	    getenv("KITTY_WINDOW_ID") != NULL);
	if (p == PROTO_SYMBOLS && isatty(STDOUT_FILENO) &&
	    query_sixel(timeout_ms))
		p = PROTO_SIXEL;
	return p;
}

struct painter *
painter_new(enum image_proto proto)
{
	struct painter *pp = xcalloc(1, sizeof *pp);

	pp->proto = proto;
	pp->cache = image_cache_new();
	return pp;
}

void
painter_free(struct painter *pp)
{
	if (!pp)
		return;
	image_cache_free(pp->cache);
	free(pp);
}

enum image_proto
painter_proto(const struct painter *pp)
{
	return pp->proto;
}

void
painter_begin(struct painter *pp)
{
	pp->nwant = 0;
}

void
painter_add(struct painter *pp, const struct rline *rows, size_t nrows,
    int y, int x)
{
	size_t i, n;

	if (pp->proto == PROTO_NONE)
		return;
	n = picture_find(rows, nrows, pp->want + pp->nwant,
	    PAINTER_MAX - pp->nwant);
	for (i = pp->nwant; i < pp->nwant + n; i++) {
		pp->want[i].row += y;
		pp->want[i].col += x;
	}
	pp->nwant += n;
}

void
painter_prepare(struct painter *pp, struct screen *s)
{
	if (pp->nwant == pp->nshown && (pp->nwant == 0 ||
	    memcmp(pp->want, pp->shown, pp->nwant * sizeof *pp->want) == 0))
		return;
	if (pp->nshown) {
		/* cells under the old pictures: curses must repaint them */
		screen_redraw(s);
		if (pp->proto == PROTO_KITTY &&
		    write(STDOUT_FILENO, "\033_Ga=d\033\\", 8) < 0)
			(void)0;
	}
	pp->redraw = 1;
}

/* Write b to the terminal whole. */
static void
put(const struct buf *b)
{
	size_t at = 0;
	ssize_t r;

	while (at < b->len) {
		r = write(STDOUT_FILENO, b->ptr + at, b->len - at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;
		at += (size_t)r;
	}
}

void
painter_draw(struct painter *pp)
{
	struct buf b = BUF_INIT;
	size_t i, k;

	if (!pp->redraw)
		return;
	/* curses keeps its idea of the cursor and attributes: save them */
	buf_adds(&b, "\0337");
	for (i = 0; i < pp->nwant; i++) {
		const struct picture *pc = &pp->want[i];
		const char *path = image_interned(pc->id);
		const struct image_out *o;
		int ox, oy;

		/* inside the box's border */
		if (!path || pc->cols < 4 || pc->rows < 3)
			continue;
		o = image_cache_term(pp->cache, path, pp->proto, pc->cols - 2,
		    pc->rows - 2);
		if (!o)
			continue;
		ox = pc->col + 1 + (pc->cols - 2 - o->cols) / 2;
		oy = pc->row + 1 + (pc->rows - 2 - o->rows) / 2;
		for (k = 0; k < o->nlines; k++) {
			buf_printf(&b, "\033[%d;%dH", oy + (int)k + 1, ox + 1);
			buf_adds(&b, o->lines[k]);
		}
	}
	buf_adds(&b, "\0338");
	put(&b);
	buf_free(&b);
	memcpy(pp->shown, pp->want, pp->nwant * sizeof *pp->want);
	pp->nshown = pp->nwant;
	pp->redraw = 0;
}

void
painter_forget(struct painter *pp)
{
	if (pp)
		pp->redraw = 1;
}

/*
 * view-help.c: every key, generated from the one key table (keys.c) so
 * that it cannot drift from what the keys do.
 */
#include "tui/app.h"
#include "core/util.h"
#include "render/width.h"

#include <stdlib.h>
#include <string.h>

struct helpview {
	char **raw;		/* key_help()'s lines */
	size_t nraw;
	char **lines;		/* wrapped for width */
	size_t n, cap;
	int width;
	int top;
};

static void
add_line(struct helpview *v, char *s)
{
	v->lines = xgrow(v->lines, &v->cap, v->n + 1, sizeof *v->lines);
	v->lines[v->n++] = s;
}

/* Wrap the help text of binding lines to width, continuation lines
 * indented under it. */
static void
wrap(struct helpview *v, int width)
{
	size_t i, len, cut, next;
	int col;

	if (v->width == width)
		return;
	for (i = 0; i < v->n; i++)
		free(v->lines[i]);
	v->n = 0;
	v->width = width;
	for (i = 0; i < v->nraw; i++) {
		const char *s = v->raw[i], *help;
		struct buf b = BUF_INIT;

		if (text_width(s, strlen(s)) <= width || *s != ' ' ||
		    !(help = strstr(s + 2, "  "))) {
			add_line(v, xstrdup(s));
			continue;
		}
		while (*help == ' ')
			help++;
		col = text_width(s, (size_t)(help - s));
		if (width - col < 16) {
			add_line(v, xstrdup(s));
			continue;
		}
		len = strlen(help);
		cut = text_wrap(help, len, width - col - 1, &next);
		buf_add(&b, s, (size_t)(help - s));
		buf_add(&b, help, cut);
		add_line(v, buf_take(&b));
		while (next < len) {
			help += next;
			len -= next;
			cut = text_wrap(help, len, width - col - 1, &next);
			buf_printf(&b, "%*s", col, "");
			buf_add(&b, help, cut);
			add_line(v, buf_take(&b));
		}
	}
}

static void *
hv_init(struct app *a)
{
	struct helpview *v = xcalloc(1, sizeof *v);
	struct buf b = BUF_INIT;
	const char *p, *nl;
	size_t cap = 0;

	key_help(&b);
	for (p = buf_str(&b); *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		v->raw = xgrow(v->raw, &cap, v->nraw + 1, sizeof *v->raw);
		v->raw[v->nraw++] = xstrndup(p, (size_t)(nl - p));
		if (!*nl)
			break;
	}
	buf_free(&b);
	return v;
}

static void
hv_free(void *st)
{
	struct helpview *v = st;
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++)
		free(v->lines[i]);
	free(v->lines);
	for (i = 0; i < v->nraw; i++)
		free(v->raw[i]);
	free(v->raw);
	free(v);
}

static int
rows_of(const struct app *a)
{
	int n = app_body_rows(a) - 1;

	return n > 1 ? n : 1;
}

static void
clamp(const struct app *a, struct helpview *v)
{
	int max;

	wrap(v, a->cols - 1);
	max = (int)v->n - rows_of(a);

	if (v->top > max)
		v->top = max;
	if (v->top < 0)
		v->top = 0;
}

static void
hv_open(struct app *a, void *st, const struct place *p)
{
	struct helpview *v = st;

	v->top = p->top;
	clamp(a, v);
}

static void
hv_save(struct app *a, void *st, struct place *p)
{
	const struct helpview *v = st;

	p->top = v->top;
}

static enum keymap
hv_keymap(void *st)
{
	return KM_HELP;
}

static int
hv_key(struct app *a, void *st, enum action act, int key)
{
	struct helpview *v = st;

	if (act == ACT_CANCEL) {
		app_back(a);
		return 1;
	}
	if (!scroll_action(&v->top, act, rows_of(a) - 1, (int)v->n))
		return 0;
	clamp(a, v);
	return 1;
}

static void
hv_resize(struct app *a, void *st)
{
	clamp(a, st);
}

static void
hv_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct helpview *v = st;
	struct tline l = TLINE_INIT;
	int i;

	clamp(a, v);
	tl_adds(&l, " Keys", ST_STRONG);
	tl_adds(&l, "  (made from the key table; q or Esc closes)", ST_DIM);
	frame_set(f, top, &l, UI_TEXT);
	for (i = 0; i < n - 1 && v->top + i < (int)v->n; i++) {
		const char *s = v->lines[v->top + i];

		if (*s && *s != ' ') {
			tl_adds(&l, " ", 0);
			tl_adds(&l, s, ST_H2);
		} else if (*s) {
			/* "  KEYS<pad>help": the keys stand out. */
			const char *sp = s + 2;
			size_t k = 0;

			while (sp[k] && !(sp[k] == ' ' && sp[k + 1] == ' '))
				k++;
			tl_adds(&l, "  ", 0);
			tl_add(&l, sp, k, ST_CODE, -1);
			tl_adds(&l, sp + k, 0);
		}
		frame_set(f, top + 1 + i, &l, UI_TEXT);
	}
}

static void
hv_status(struct app *a, void *st, struct buf *out)
{
	const struct helpview *v = st;
	int end = v->top + rows_of(a);

	buf_printf(out, "%d/%zu", end < (int)v->n ? end : (int)v->n, v->n);
}

static void
hv_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
	struct helpview *v = st;

	if (w == M_WHEEL_UP)
		v->top -= 3;
	else if (w == M_WHEEL_DOWN)
		v->top += 3;
	clamp(a, v);
}

static int
hv_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	return 0;
}

static void
hv_reload(struct app *a, void *st)
{
}

const struct view_ops view_help = {
	.name = "Help",
	.init = hv_init,
	.free = hv_free,
	.open = hv_open,
	.save = hv_save,
	.keymap = hv_keymap,
	.key = hv_key,
	.resize = hv_resize,
	.draw = hv_draw,
	.status = hv_status,
	.mouse = hv_mouse,
	.focus = hv_focus,
	.reload = hv_reload,
};

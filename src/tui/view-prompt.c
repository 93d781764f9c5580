/*
 * view-prompt.c: the prompt overlay (app.h's struct prompt), one line
 * over the status bar that asks for a line of text, with choices Tab
 * cycles (a new note's title and template, a new name), or a yes or no
 * (create the note a link names? apply the rename?). It knows nothing of
 * what it asks for: Enter hands the answer to the asker's done().
 */
#include "tui/app.h"
#include "core/util.h"
#include "render/width.h"

#include <stdlib.h>
#include <string.h>

struct promptst {
	char *question;
	struct buf line;
	int confirm;
	char **choices;
	size_t nchoices, pick;
	char *choice_name;
	void (*done)(struct app *a, void *arg, const char *text,
	    const char *choice);
	void (*arg_free)(void *arg);
	void *arg;
};

static void *
pr_init(struct app *a)
{
	return xcalloc(1, sizeof(struct promptst));
}

/* Forget the question; its arg is freed when free_arg says so. */
static void
pr_clear(struct promptst *p, int free_arg)
{
	size_t i;

	if (free_arg && p->arg_free && p->arg)
		p->arg_free(p->arg);
	for (i = 0; i < p->nchoices; i++)
		free(p->choices[i]);
	free(p->choices);
	free(p->question);
	free(p->choice_name);
	buf_free(&p->line);
	memset(p, 0, sizeof *p);
}

static void
pr_free(void *st)
{
	if (!st)
		return;
	pr_clear(st, 1);
	free(st);
}

void
app_prompt(struct app *a, const struct prompt *q)
{
	struct promptst *p = a->ost[OV_PROMPT];
	size_t n = 0;

	pr_clear(p, 1);
	p->question = xstrdup(q->question ? q->question : "");
	buf_adds(&p->line, q->text ? q->text : "");
	p->confirm = q->confirm;
	while (q->choices && q->choices[n])
		n++;
	if (n) {
		p->choices = xcalloc(n, sizeof *p->choices);
		for (p->nchoices = 0; p->nchoices < n; p->nchoices++)
			p->choices[p->nchoices] =
			    xstrdup(q->choices[p->nchoices]);
		p->choice_name = xstrdup(q->choice_name ? q->choice_name :
		    "choice");
	}
	p->done = q->done;
	p->arg_free = q->arg_free;
	p->arg = q->arg;
	a->ov = OV_PROMPT;
	a->dirty = 1;
}

static void
pr_open(struct app *a, void *st, const struct place *pl)
{
	/* Opened by app_prompt(), never as a place. */
}

static void
pr_save(struct app *a, void *st, struct place *pl)
{
}

static enum keymap
pr_keymap(void *st)
{
	const struct promptst *p = st;

	return p->confirm ? KM_CONFIRM : KM_PROMPT;
}

/* Enter: close, then hand the answer over (done may ask again). */
static void
pr_accept(struct app *a, struct promptst *p)
{
	void (*done)(struct app *, void *, const char *, const char *) =
	    p->done;
	void (*arg_free)(void *) = p->arg_free;
	void *arg = p->arg;
	char *text = buf_take(&p->line);
	char *choice = p->nchoices ? xstrdup(p->choices[p->pick]) : NULL;

	p->arg = NULL;
	pr_clear(p, 0);
	a->ov = OV_NONE;
	if (done)
		done(a, arg, text, choice);
	if (arg_free && arg)
		arg_free(arg);
	free(text);
	free(choice);
}

static int
pr_key(struct app *a, void *st, enum action act, int key)
{
	struct promptst *p = st;

	if (input_edit(&p->line, act, key))
		return 1;
	switch (act) {
	case ACT_CHOICE:
		if (p->nchoices)
			p->pick = (p->pick + 1) % p->nchoices;
		return 1;
	case ACT_CANCEL:
		pr_clear(p, 1);
		a->ov = OV_NONE;
		app_msg(a, 0, "cancelled");
		return 1;
	case ACT_OPEN:
		if (!p->confirm && strspn(buf_str(&p->line), " \t") ==
		    p->line.len) {
			app_msg(a, 1, "type something first (Esc cancels)");
			return 1;
		}
		pr_accept(a, p);
		return 1;
	default:
		return 0;
	}
}

static void
pr_resize(struct app *a, void *st)
{
}

static void
pr_draw(struct app *a, void *st, struct frame *f, int top, int n)
{
	struct promptst *p = st;
	struct tline l = TLINE_INIT;
	struct buf tail = BUF_INIT;
	int r = top + n - 1, room, cx;

	if (n < 1)
		return;
	tl_adds(&l, " ", 0);
	tl_add_fit(&l, p->question, ST_STRONG, -1, a->cols - 2);
	if (p->confirm) {
		frame_set(f, r, &l, UI_PROMPT);
		return;
	}
	tl_adds(&l, " ", 0);
	if (p->nchoices)
		buf_printf(&tail, "   Tab %s: %s", p->choice_name,
		    p->choices[p->pick]);
	room = a->cols - l.width - text_width(buf_str(&tail), tail.len) - 2;
	if (room < 8)
		room = a->cols - l.width - 2;
	tl_add_fit(&l, buf_str(&p->line), 0, -1, room);
	cx = l.width;
	if (tail.len && l.width + text_width(buf_str(&tail), tail.len) <
	    a->cols)
		tl_adds(&l, buf_str(&tail), ST_DIM);
	f->cur_y = r;
	f->cur_x = cx;
	frame_set(f, r, &l, UI_PROMPT);
	buf_free(&tail);
}

static void
pr_status(struct app *a, void *st, struct buf *out)
{
}

static void
pr_mouse(struct app *a, void *st, enum mouse_what w, int y, int x)
{
}

static int
pr_focus(struct app *a, void *st, const char **slug, const char **lang)
{
	return 0;
}

static void
pr_reload(struct app *a, void *st)
{
}

const struct view_ops overlay_prompt = {
	.name = "Prompt",
	.init = pr_init,
	.free = pr_free,
	.open = pr_open,
	.save = pr_save,
	.keymap = pr_keymap,
	.key = pr_key,
	.resize = pr_resize,
	.draw = pr_draw,
	.status = pr_status,
	.mouse = pr_mouse,
	.focus = pr_focus,
	.reload = pr_reload,
};

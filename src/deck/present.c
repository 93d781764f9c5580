/*
 * present.c: the presenter. Keys are mapped to actions through the one
 * key table (tui/keys.c, keymap KM_PRESENT, which also writes the ?
 * help); the slide's own handlers are here, the other modes' (overview, search, help) are mode tables in
 * present-overview.c, present-search.c and present-help.c, looked up in
 * pres_modes[] as the explorer's views are; handlers change the state and
 * mark it dirty; one redraw per pass composes frames and paints them
 * (present-draw.c). The slide's links to notes are selected and opened
 * by present-links.c; while a note is open over the slide (tui/peek.h)
 * every key goes to it, and the clocks run on. poll() waits on the
 * keyboard, the deck's folder (tui/watch.h: saving the deck or a file it
 * takes text from reloads it in place) and the link to the other windows
 * on the same deck (link.h).
 */
#include "deck/present.h"
#include "deck/deck.h"
#include "deck/deck-int.h"
#include "deck/link.h"
#include "core/buf.h"
#include "core/util.h"
#include "render/theme.h"
#include "render/width.h"
#include "tui/peek.h"
#include "tui/picture.h"
#include "tui/screen.h"
#include "tui/watch.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

const struct pres_mode *const pres_modes[M_COUNT] = {
	[M_OVERVIEW] = &pres_overview_mode,
	[M_HELP] = &pres_help_mode,
	[M_SEARCH] = &pres_search_mode,
};

double
pres_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

enum action
pres_lookup(int key)
{
	return key_action(KM_PRESENT, key);
}

void
present_key_help(struct buf *out)
{
	key_help_keymap(KM_PRESENT, out);
}

/* ---------------------------------------------------------------- */
/* Position */

const struct slide *
pres_cur_slide(const struct pres *p)
{
	return &p->deck->slides[p->shown[p->cur]];
}

static void
share(struct pres *p)
{
	struct link_pos pos;

	if (!p->link || p->nshown == 0)
		return;
	pos.slide = (long)p->shown[p->cur];
	pos.step = p->step;
	pos.t0 = p->t0;
	link_send(p->link, &pos);
}

void
pres_go(struct pres *p, size_t cur, int step)
{
	if (p->nshown == 0)
		return;
	if (cur >= p->nshown)
		cur = p->nshown - 1;
	p->cur = cur;
	if (step >= pres_cur_slide(p)->nsteps)
		step = pres_cur_slide(p)->nsteps - 1;
	p->step = step < 0 ? 0 : step;
	p->scroll = 0;
	p->reveal = -1;
	p->dirty = 1;
	pres_links_reset(p);
	share(p);
}

static void
next_step(struct pres *p)
{
	if (p->scroll < p->max_scroll) {
		p->scroll += p->page > 1 ? p->page - 1 : 1;
		p->dirty = 1;
		return;
	}
	if (p->step + 1 < pres_cur_slide(p)->nsteps) {
		int before = p->step;

		pres_go(p, p->cur, p->step + 1);
		p->reveal = before;
	} else if (p->cur + 1 < p->nshown) {
		pres_go(p, p->cur + 1, 0);
	} else {
		snprintf(p->msg, sizeof p->msg, "end of the talk (slide %zu "
		    "of %zu)", p->nshown, p->nshown);
		p->dirty = 1;
	}
}

static void
prev_step(struct pres *p)
{
	if (p->scroll > 0) {
		p->scroll -= p->page > 1 ? p->page - 1 : 1;
		if (p->scroll < 0)
			p->scroll = 0;
		p->dirty = 1;
		return;
	}
	if (p->step > 0)
		pres_go(p, p->cur, p->step - 1);
	else if (p->cur > 0)
		pres_go(p, p->cur - 1, INT_MAX);
	else {
		snprintf(p->msg, sizeof p->msg, "start of the talk");
		p->dirty = 1;
	}
}

/* A peer moved: follow without telling anyone. */
static void
follow(struct pres *p, const struct link_pos *pos)
{
	size_t i, cur = 0;

	for (i = 0; i < p->nshown; i++)
		if ((long)p->shown[i] <= pos->slide)
			cur = i;
	p->cur = cur;
	p->step = pos->step;
	if (p->nshown && p->step >= pres_cur_slide(p)->nsteps)
		p->step = pres_cur_slide(p)->nsteps - 1;
	p->scroll = 0;
	if (pos->t0 > 0)
		p->t0 = pos->t0;
	pres_links_reset(p);
	p->dirty = 1;
}

static void
set_shown(struct pres *p)
{
	free(p->shown);
	p->nshown = deck_shown(p->deck, &p->shown);
}

static void
reload(struct pres *p)
{
	struct deck *d;
	char *cause = NULL;

	p->reload_at = 0;
	if (deck_load(p->o->path, &d, &cause) < 0) {
		snprintf(p->msg, sizeof p->msg, "not reloaded: %s", cause);
		free(cause);
		p->dirty = 1;
		return;
	}
	deck_free(p->deck);
	p->deck = d;
	pres_links_reset(p);
	set_shown(p);
	if (p->nshown == 0) {
		snprintf(p->msg, sizeof p->msg, "every slide is hidden");
		p->dirty = 1;
		return;
	}
	p->cur = p->cur < p->nshown ? p->cur : p->nshown - 1;
	if (p->step >= pres_cur_slide(p)->nsteps)
		p->step = pres_cur_slide(p)->nsteps - 1;
	if (p->ov_sel >= p->nshown)
		p->ov_sel = p->nshown - 1;
	snprintf(p->msg, sizeof p->msg, "reloaded %s", path_base(p->o->path));
	p->msg_at = 0;
	p->dirty = 1;
}

/* ---------------------------------------------------------------- */
/* Keys */

static void
key(struct pres *p, int key)
{
	enum action a = pres_lookup(key);

	p->msg[0] = '\0';
	p->msg_at = 0;
	if (pres_modes[p->mode] && pres_modes[p->mode]->key) {
		pres_modes[p->mode]->key(p, key, a);
		return;
	}
	if (p->blank) {
		p->blank = 0;
		p->dirty = 1;
		if (a == ACT_BLANK || a == ACT_QUIT)
			return;
	}
	if (key >= '0' && key <= '9') {
		if (p->ndigits < 6) {
			p->number = p->number * 10 + (key - '0');
			p->ndigits++;
		}
		p->dirty = 1;
		return;
	}
	if (a != ACT_OPEN && a != ACT_NONE && p->ndigits) {
		p->ndigits = 0;
		p->number = 0;
	}
	switch (a) {
	case ACT_NEXTSTEP:
		next_step(p);
		break;
	case ACT_OPEN:
		if (p->ndigits) {
			if (p->number < 1 || (size_t)p->number > p->nshown)
				snprintf(p->msg, sizeof p->msg, "no slide %ld: "
				    "the talk has 1-%zu", p->number, p->nshown);
			else
				pres_go(p, (size_t)p->number - 1, 0);
			p->ndigits = 0;
			p->number = 0;
			p->dirty = 1;
		} else if (p->lk.sel > 0) {
			pres_links_open(p);
		} else {
			next_step(p);
		}
		break;
	case ACT_NEXTLINK:
	case ACT_PREVLINK:
		pres_links_select(p, a == ACT_NEXTLINK ? 1 : -1);
		break;
	case ACT_PREVSTEP:
		prev_step(p);
		break;
	case ACT_NEXTSLIDE:
		if (p->cur + 1 < p->nshown)
			pres_go(p, p->cur + 1, 0);
		else
			snprintf(p->msg, sizeof p->msg, "no slide after %zu, "
			    "the last", p->nshown);
		p->dirty = 1;
		break;
	case ACT_PREVSLIDE:
		if (p->cur > 0)
			pres_go(p, p->cur - 1, 0);
		break;
	case ACT_TOP:
		pres_go(p, 0, 0);
		break;
	case ACT_BOTTOM:
		pres_go(p, p->nshown - 1, 0);
		break;
	case ACT_OVERVIEW:
		p->mode = M_OVERVIEW;
		p->ov_sel = p->cur;
		p->dirty = 1;
		break;
	case ACT_SEARCH:
		p->mode = M_SEARCH;
		buf_reset(&p->input);
		p->dirty = 1;
		break;
	case ACT_FINDNEXT:
		pres_search(p);
		break;
	case ACT_RELOAD:
		reload(p);
		break;
	case ACT_BLANK:
		p->blank = 1;
		p->dirty = 1;
		break;
	case ACT_TIMER:
		p->t0 = pres_wall();
		snprintf(p->msg, sizeof p->msg, "timer restarted");
		p->dirty = 1;
		share(p);
		break;
	case ACT_HELP:
		p->mode = M_HELP;
		p->dirty = 1;
		break;
	case ACT_QUIT:
		p->quit = 1;
		break;
	case ACT_CANCEL:
		p->ndigits = 0;
		p->number = 0;
		p->marking = 0;
		p->lk.sel = 0;
		p->dirty = 1;
		break;
	case ACT_NONE:
		if (key == FN(KEY_RESIZE)) {
			screen_resized(p->scr);
			p->dirty = 1;
		}
		break;
	default:	/* the explorer's actions: not in KM_PRESENT */
		break;
	}
}

/* A key or a mouse event for the note opened over the slide; leaving it
 * shows the slide again as it was (the timer ran on). */
static void
peek_input(struct pres *p, int k)
{
	int y = 0, x = 0;
	enum screen_mouse m;

	p->dirty = 1;
	if (k == FN(KEY_RESIZE)) {
		screen_resized(p->scr);
		peek_resize(p->peek, screen_rows(p->scr), screen_cols(p->scr));
	} else if (k == FN(KEY_MOUSE)) {
		m = screen_mouse(p->scr, &y, &x);
		peek_mouse(p->peek, m, y, x);
	} else if (!peek_key(p->peek, k)) {
		peek_free(p->peek);
		p->peek = NULL;
	}
}

/* A key or a mouse event from the screen. */
static void
input(struct pres *p, int k)
{
	int y, x;

	if (p->peek) {
		peek_input(p, k);
		return;
	}
	if (k != FN(KEY_MOUSE)) {
		key(p, k);
		return;
	}
	switch (screen_mouse(p->scr, &y, &x)) {
	case SMOUSE_CLICK:
	case SMOUSE_WHEEL_DOWN:
		key(p, p->mode == M_SLIDE ? ' ' : 0);
		break;
	case SMOUSE_WHEEL_UP:
		key(p, p->mode == M_SLIDE ? 'k' : 0);
		break;
	case SMOUSE_NONE:
		break;
	}
}

/* ---------------------------------------------------------------- */
/* The loop */

/* Watch the deck's folder through the explorer's watcher (tui/watch.h):
 * saving the deck, or a file it imports or includes, reloads it. Without
 * inotify the talk goes on and r still reloads. */
static void
watch_deck(struct pres *p)
{
	char *real = path_real(p->o->path), *dir, *why = NULL;

	p->watch = NULL;
	if (!real)
		return;
	dir = path_dir(real);
	free(real);
	if (watch_open(*dir ? dir : "/", &p->watch, &why) < 0) {
		snprintf(p->msg, sizeof p->msg, "no reload on save: %s", why);
		free(why);
		p->watch = NULL;
	}
	free(dir);
}

/* Files changed under the deck's folder: reload a moment later (an
 * editor's save is often several writes). */
static void
watch_changed(struct pres *p)
{
	int n = watch_read(p->watch);

	if (n > 0)
		p->reload_at = now_seconds() + 0.05;
	else if (n < 0) {
		watch_close(p->watch);
		p->watch = NULL;
		snprintf(p->msg, sizeof p->msg, "no reload on save any more; "
		    "r reloads");
		p->dirty = 1;
	}
}

static void
loop(struct pres *p)
{
	struct pollfd pfds[3 + LINK_MAX_FDS];
	struct link_pos mine, pos;
	int n, nl = 0, ch, fn, timeout;
	double now;

	while (!p->quit) {
		if (p->dirty) {
			p->dirty = 0;
			pres_draw(p);
		}
		if (p->lk.want_ix) {
			/* links shown: open the notes now the frame is up */
			pres_links_resolve(p);
			p->dirty = 1;
			continue;
		}
		n = 0;
		pfds[n].fd = STDIN_FILENO;
		pfds[n++].events = POLLIN;
		pfds[n].fd = p->watch ? watch_fd(p->watch) : -1;
		pfds[n++].events = POLLIN;
		pfds[n].fd = p->sfd;
		pfds[n++].events = POLLIN;
		if (p->link)
			nl = link_pollfds(p->link, pfds + n);
		now = pres_wall();
		timeout = 1000 - (int)((now - (long)now) * 1000) + 5;
		if (p->reload_at > 0)
			timeout = 60;
		if (poll(pfds, (nfds_t)(n + (p->link ? nl : 0)), timeout) < 0 &&
		    errno != EINTR)
			break;
		while (!p->quit && (ch = screen_getkey(p->scr, 0, &fn)) != -1)
			input(p, fn ? FN(ch) : ch);
		if (p->watch && (pfds[1].revents & POLLIN))
			watch_changed(p);
		if (p->sfd >= 0 && (pfds[2].revents & POLLIN))
			p->quit = 1;	/* cleaned up like q */
		if (p->reload_at > 0 && now_seconds() >= p->reload_at)
			reload(p);
		if (p->link && p->nshown) {
			mine.slide = (long)p->shown[p->cur];
			mine.step = p->step;
			mine.t0 = p->t0;
			if (link_service(p->link, pfds + n, nl, &mine, &pos))
				follow(p, &pos);
		}
		if ((long)pres_wall() != p->last_tick) {
			p->last_tick = (long)pres_wall();
			p->dirty = 1;	/* the clocks */
		}
	}
}

int
present_run(const struct present_opts *o, char **cause)
{
	struct pres p;
	char *why = NULL;
	int rc = -1;

	memset(&p, 0, sizeof p);
	p.reveal = -1;
	p.o = o;
	p.sfd = -1;
	p.theme = o->theme;
	if (!p.theme)
		p.theme = p.own_theme = theme_builtin();
	if (deck_load(o->path, &p.deck, cause) < 0)
		goto fail;
	set_shown(&p);
	if (p.nshown == 0) {
		fail(cause, "%s: every slide is hidden", o->path);
		goto fail;
	}
	if (o->start > 0)
		p.cur = (size_t)o->start - 1 < p.nshown ?
		    (size_t)o->start - 1 : p.nshown - 1;
	p.t0 = pres_wall();
	watch_deck(&p);
	if (link_open(o->path, &p.link, &why) < 0) {
		/* presenting alone works; say why there is no link */
		snprintf(p.msg, sizeof p.msg, "no presenter link: %s", why);
		free(why);
		p.link = NULL;
	}
	{
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGHUP);
		sigaddset(&set, SIGINT);
		sigprocmask(SIG_BLOCK, &set, NULL);
		p.sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	}
	/* every terminal answers the attributes query at once; the wait is
	 * for a loaded machine */
	p.painter = painter_new(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ?
	    picture_detect(o->images, 1000) : PROTO_NONE);
	if (screen_open(&p.scr, p.theme, cause) < 0)
		goto fail;
	p.dirty = 1;
	if (p.link && !link_is_hub(p.link) && o->start > 0)
		share(&p);
	pres_draw(&p);	/* the first frame, then the notes */
	p.dirty = 0;
	pres_links_warm(&p);
	loop(&p);
	screen_close(p.scr);
	rc = 0;
fail:
	pres_links_free(&p);
	link_close(p.link);
	watch_close(p.watch);
	if (p.sfd >= 0)
		close(p.sfd);
	free(p.shown);
	free(p.search);
	buf_free(&p.input);
	deck_free(p.deck);
	theme_free(p.own_theme);
	painter_free(p.painter);
	return rc;
}


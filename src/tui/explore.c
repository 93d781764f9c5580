/*
 * explore.c: the explorer's terminal loop. One poll() waits on the
 * keyboard, the inotify watch of the vault and a signalfd (SIGTERM,
 * SIGHUP, SIGINT); keys become actions for the app (app.h), changed
 * notes are re-indexed after a short quiet spell, and one frame is
 * composed and painted per pass, only when something is dirty. The
 * editor runs with curses suspended; on return the note is re-indexed.
 */
#include "tui/explore.h"
#include "tui/app.h"
#include "tui/picture.h"
#include "tui/screen.h"
#include "tui/watch.h"
#include "tui/worker.h"
#include "core/fresh.h"
#include "core/util.h"
#include "render/width.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define SETTLE_MS 120	/* quiet time after a change before re-indexing */
#define ASKS_MAX 64	/* commands waiting for their answer */

/* A command that asked for freshness (core/fresh.h), waiting for the
 * update that holds what had changed when it asked. */
struct ask {
	int fd;
	long update;		/* the updater's request number */
	int applied;		/* that update was made for it */
};

struct loop {
	struct app *a;
	struct index *ix;
	struct screen *scr;
	struct theme *own_theme;	/* when the caller gave none */
	struct watch *w;
	struct worker *searcher;	/* searches, off this thread */
	struct worker *updater;		/* index updates, off this thread */
	const char *update_why;		/* what the running update is for */
	long last_update;		/* the updater's last request number */
	struct fresh_server *srv;	/* serving freshness, or NULL */
	struct ask asks[ASKS_MAX];
	size_t nasks;
	int sigfd;
	sigset_t oldmask;
	int stderr_fd;		/* the real stderr, while ours is the log */
	double reindex_at;	/* when to re-index, 0: nothing pending */
	int alt_left, alt_right;	/* curses codes of kLFT3, kRIT3 */
	FILE *trace;
	double t0;
	double t_key;		/* when the last key came */
	int log_results;	/* search results came: log their latency */
	struct frame f;
	int frames;
	struct painter *painter;	/* pictures over the note's boxes */
};

/* The code curses gives an extended key capability, or 0. */
static int
ext_key(const char *cap)
{
	char *s = tigetstr(cap);
	int code;

	if (!s || s == (char *)-1)
		return 0;
	code = key_defined(s);
	return code > 0 ? code : 0;
}

/* A key from the screen in keys.h's form; 0 when none is waiting. */
static int
read_key(struct loop *l)
{
	int ch, fn, next;

	if ((ch = screen_getkey(l->scr, 0, &fn)) < 0)
		return 0;
	if (fn) {
		if (ch == KEY_RESIZE)
			return KX_RESIZE;
		if (ch == KEY_MOUSE)
			return KX_MOUSE;
		if (ch == KEY_ENTER)
			return '\n';
		if (l->alt_left && ch == l->alt_left)
			return KC_ALT | KC_FN | KEY_LEFT;
		if (l->alt_right && ch == l->alt_right)
			return KC_ALT | KC_FN | KEY_RIGHT;
		return KC_FN | ch;
	}
	if (ch == '\r')
		return '\n';
	if (ch == 0x7f || ch == 0x08)
		return KC_FN | KEY_BACKSPACE;
	if (ch == KC_ESC) {
		/* ESC then a function key at once: Alt and that key (as some
		 * terminals send Alt-Left). ESC then a character: two keys. */
		if ((next = screen_getkey(l->scr, 0, &fn)) < 0)
			return KC_ESC;
		if (fn)
			return KC_ALT | KC_FN | next;
		if (next == '[' || next == 'O') {
			/* An arrow the terminfo did not name (normal rather
			 * than application cursor mode). */
			static const char arrows[] = "ABCDHF";
			static const int codes[] = { KEY_UP, KEY_DOWN,
			    KEY_RIGHT, KEY_LEFT, KEY_HOME, KEY_END };
			const char *p;
			int c = screen_getkey(l->scr, 0, &fn);

			if (c > 0 && !fn && (p = strchr(arrows, c)) && *p)
				return KC_FN | codes[p - arrows];
			if (c >= 0)
				unget_wch((wchar_t)c);
		}
		unget_wch((wchar_t)next);
		return KC_ESC;
	}
	return ch;
}

static void
tlog(struct loop *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
tlog(struct loop *l, const char *fmt, ...)
{
	va_list ap;

	if (!l->trace)
		return;
	fprintf(l->trace, "%.3f ", (now_seconds() - l->t0) * 1000);
	va_start(ap, fmt);
	vfprintf(l->trace, fmt, ap);
	va_end(ap);
	fputc('\n', l->trace);
	fflush(l->trace);
}

static void
paint(struct loop *l)
{
	painter_begin(l->painter);
	app_compose(l->a, &l->f);
	/* an overlay cuts through boxes: the pictures wait until it closes */
	if (l->a->ov == OV_NONE)
		painter_add(l->painter, l->f.lines, (size_t)l->f.rows, 0, 0);
	painter_prepare(l->painter, l->scr);
	screen_paint(l->scr, &l->f);
	painter_draw(l->painter);
	l->frames++;
}

/* An update finished (here or in the updater): show what changed. */
static void
updated(struct loop *l, const char *why, const struct index_stats *st,
    const char *error)
{
	long n;

	if (error) {
		app_msg(l->a, 1, "re-indexing failed: %s", error);
		return;
	}
	n = st->added + st->changed + st->removed;
	tlog(l, "reindex %ld %.1f", n, st->seconds * 1000);
	if (n == 0 && strcmp(why, "edit") != 0) {
		if (strcmp(why, "updated since the last run") == 0)
			buf_reset(&l->a->msg);
		l->a->dirty = 1;
		return;
	}
	app_reload(l->a);
	if (n > 0)
		app_msg(l->a, 0, "%s: re-indexed %ld note%s (%ld new, %ld "
		    "changed, %ld removed)", why, n, n == 1 ? "" : "s",
		    st->added, st->changed, st->removed);
	else
		buf_reset(&l->a->msg);
}

/* Stop serving freshness: waiting commands are told no (they walk). */
static void
serve_stop(struct loop *l)
{
	size_t i;

	for (i = 0; i < l->nasks; i++)
		fresh_answer(l->asks[i].fd, NULL, "the explorer stopped "
		    "serving");
	l->nasks = 0;
	fresh_server_close(l->srv);
	l->srv = NULL;
}

/*
 * Bring the index up to date with what the watch saw (everything: all,
 * or without a watch): in the updater, or here. Returns -1 when it
 * failed here, else 0 (*st: what it applied here, when not NULL).
 */
static int
reindex(struct loop *l, const char *why, int all, struct index_stats *st)
{
	struct index_stats local;
	struct changes ch;
	char *cause = NULL;
	int rc;

	memset(&ch, 0, sizeof ch);
	l->reindex_at = 0;
	if (l->w && watch_read(l->w) < 0) {
		/* nothing tells what changes any more */
		watch_close(l->w);
		l->w = NULL;
		serve_stop(l);
	}
	if (l->w)
		watch_take(l->w, &ch);
	if (all || !l->w) {
		changes_clear(&ch);
		ch.all = 1;
	}
	if (l->updater) {
		l->update_why = why;
		l->last_update = worker_update(l->updater, &ch);
		return 0;
	}
	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	if ((rc = changes_apply(l->ix, &ch, st, &cause)) < 0 && !cause)
		cause = xstrdup("unknown error");
	changes_clear(&ch);
	updated(l, why, st, cause);
	free(cause);
	return rc;
}

/* Answer the commands whose update is in the index now. */
static void
asks_answer(struct loop *l)
{
	struct index_stats st, none;
	long done;
	size_t i, k;
	int failed = 0;

	if (!l->updater || l->nasks == 0)
		return;
	memset(&none, 0, sizeof none);
	done = worker_committed(l->updater, &failed, &st);
	for (i = k = 0; i < l->nasks; i++) {
		struct ask *a = &l->asks[i];

		if (a->update > done) {
			l->asks[k++] = *a;
			continue;
		}
		fresh_answer(a->fd, failed ? NULL : a->applied ? &st : &none,
		    "cannot update the index");
	}
	l->nasks = k;
}

/* Commands ask for freshness: their requests are read, so whatever was
 * written before they started is in the watch's queue; apply it and
 * answer each once it is in the index. */
static void
asks_take(struct loop *l)
{
	struct index_stats st;
	size_t first = l->nasks, i;
	long before = l->last_update;
	int fd, rc;

	while ((fd = fresh_accept(l->srv)) >= 0) {
		if (l->nasks == ASKS_MAX) {
			fresh_answer(fd, NULL, "too many waiting");
			continue;
		}
		l->asks[l->nasks].fd = fd;
		l->asks[l->nasks++].applied = 0;
	}
	if (!fresh_server_valid(l->srv)) {
		serve_stop(l);
		return;
	}
	if (l->nasks == first)
		return;
	rc = reindex(l, "changed on disk", 0, &st);
	if (!l->srv)
		return;		/* the watch broke: told no */
	if (!l->updater) {
		for (i = first; i < l->nasks; i++)
			fresh_answer(l->asks[i].fd, rc == 0 ? &st : NULL,
			    "cannot update the index");
		l->nasks = first;
		return;
	}
	for (i = first; i < l->nasks; i++) {
		l->asks[i].update = l->last_update;
		l->asks[i].applied = l->last_update != before;
	}
	asks_answer(l);
}

/* Serve freshness (core/fresh.h) unless another process does. */
static void
serve_start(struct loop *l)
{
	char *why = NULL;

	if (!l->srv && l->w && watch_exact(l->w) &&
	    fresh_serve(l->ix, &l->srv, NULL, &why) < 0)
		free(why);
}

/* Run $VISUAL or $EDITOR (else vi) on the vault-relative path. */
static void
edit(struct loop *l, const char *rel)
{
	const char *ed = getenv("VISUAL");
	char *path = path_join(l->a->vault, rel), *cmd;
	pid_t pid;
	int st = 0, serving;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	cmd = xasprintf("%s \"$1\"", ed);
	/* nobody would answer while the editor runs (a command it starts
	 * would wait out its timeout): the others walk meanwhile */
	serving = l->srv != NULL;
	serve_stop(l);
	screen_suspend(l->scr);
	pid = fork();
	if (pid == 0) {
		/* The editor gets the real stderr and the usual signals. */
		if (l->stderr_fd >= 0)
			dup2(l->stderr_fd, STDERR_FILENO);
		sigprocmask(SIG_SETMASK, &l->oldmask, NULL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	screen_resume(l->scr);
	painter_forget(l->painter);
	if (serving)
		serve_start(l);
	free(cmd);
	free(path);
	if (pid < 0)
		app_msg(l->a, 1, "cannot start the editor: %s",
		    strerror(errno));
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		app_msg(l->a, 1, "cannot run the editor “%s”: set $VISUAL "
		    "or $EDITOR", ed);
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		app_msg(l->a, 1, "the editor exited with status %d",
		    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	app_resize(l->a, screen_rows(l->scr), screen_cols(l->scr));
	reindex(l, "edit", 0, NULL);
}

static void
handle_key(struct loop *l, int key)
{
	enum screen_mouse what;
	int y = 0, x = 0;

	if (key == KX_RESIZE) {
		screen_resized(l->scr);
		painter_forget(l->painter);
		app_resize(l->a, screen_rows(l->scr), screen_cols(l->scr));
		return;
	}
	if (key == KX_MOUSE) {
		what = screen_mouse(l->scr, &y, &x);
		app_screen_mouse(l->a, (int)what, y, x);
		return;
	}
	if (key == KC_CTRL('l')) {
		screen_redraw(l->scr);
		painter_forget(l->painter);
		l->a->dirty = 1;
		return;
	}
	app_key(l->a, key);
}

static void
run(struct loop *l)
{
	struct pollfd pfd[6];
	int key, timeout, n, nfd, wfd_s = -1, wfd_u = -1, wi = -1, fi = -1;
	double t, t_in;

	/* The index was opened as it was: bring it up to date now. */
	reindex(l, "updated since the last run", 1, NULL);
	while (!l->a->quit) {
		if (l->a->edit_cmd.len) {
			char *rel = buf_take(&l->a->edit_cmd);

			edit(l, rel);
			free(rel);
			paint(l);
			continue;
		}
		timeout = -1;
		if (l->reindex_at > 0) {
			t = now_seconds();
			timeout = l->reindex_at <= t ? 0 :
			    (int)((l->reindex_at - t) * 1000) + 1;
		}
		nfd = 0;
		pfd[nfd].fd = STDIN_FILENO;
		pfd[nfd++].events = POLLIN;
		pfd[nfd].fd = l->sigfd;
		pfd[nfd++].events = POLLIN;
		wi = -1;
		if (l->w) {
			wi = nfd;
			pfd[nfd].fd = watch_fd(l->w);
			pfd[nfd++].events = POLLIN;
		}
		fi = -1;
		if (l->srv) {
			fi = nfd;
			pfd[nfd].fd = fresh_server_fd(l->srv);
			pfd[nfd++].events = POLLIN;
		}
		wfd_s = wfd_u = -1;
		if (l->searcher) {
			wfd_s = nfd;
			pfd[nfd].fd = worker_fd(l->searcher);
			pfd[nfd++].events = POLLIN;
		}
		if (l->updater) {
			wfd_u = nfd;
			pfd[nfd].fd = worker_fd(l->updater);
			pfd[nfd++].events = POLLIN;
		}
		n = poll(pfd, (nfds_t)nfd, timeout);
		t_in = now_seconds();
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && (pfd[1].revents & POLLIN)) {
			struct signalfd_siginfo si;

			/* SIGWINCH comes here too (blocked in every thread,
			 * so no thread's handler eats it): a resize. */
			while (read(l->sigfd, &si, sizeof si) ==
			    (ssize_t)sizeof si) {
				if (si.ssi_signo == SIGWINCH)
					handle_key(l, KX_RESIZE);
				else
					l->a->quit = 1;
			}
		}
		if (n > 0 && wfd_s >= 0 && (pfd[wfd_s].revents & POLLIN)) {
			struct worker_done d;

			if (worker_take(l->searcher, &d)) {
				/* (the snippets of rows below the screen
				 * are no new results) */
				if (!d.snippets) {
					tlog(l, "search %.3f", d.ms);
					l->log_results = 1;
				}
				app_search_done(l->a, &d);
				worker_done_clear(&d);
			}
		}
		if (n > 0 && wfd_u >= 0 && (pfd[wfd_u].revents & POLLIN)) {
			struct worker_done d;

			asks_answer(l);

			if (worker_take(l->updater, &d)) {
				updated(l, l->update_why ? l->update_why :
				    "changed on disk", &d.st, d.error);
				if (d.have_sum) {
					l->a->sum = d.sum;
					l->a->sumgen = l->a->gen;
				}
				worker_done_clear(&d);
			}
		}
		if (n > 0 && fi >= 0 && l->srv &&
		    (pfd[fi].revents & POLLIN))
			asks_take(l);
		if (n > 0 && wi >= 0 && l->w && (pfd[wi].revents & POLLIN)) {
			int got = watch_read(l->w);

			if (got != 0)
				l->reindex_at = now_seconds() +
				    SETTLE_MS / 1000.0;
		}
		/* Keys: everything waiting (curses may hold more than the
		 * descriptor shows), then one paint. */
		n = 0;
		while ((key = read_key(l)) != 0) {
			handle_key(l, key);
			n++;
			if (l->a->quit || l->a->edit_cmd.len)
				break;
		}
		if (l->reindex_at > 0 && now_seconds() >= l->reindex_at)
			reindex(l, "changed on disk", 0, NULL);
		if (n > 0)
			l->t_key = t_in;
		if (l->a->dirty && !l->a->quit) {
			paint(l);
			if (n > 0)
				tlog(l, "keys %d %.3f", n,
				    (now_seconds() - t_in) * 1000);
			if (l->log_results)
				tlog(l, "results %.3f",
				    (now_seconds() - l->t_key) * 1000);
		}
		l->log_results = 0;
	}
}

int
explore_run(const struct explore_opts *o, char **cause)
{
	struct loop l;
	sigset_t mask;
	const char *tr = getenv("STRATUS_EXPLORE_TRACE");
	char *why = NULL;
	int logfd;

	memset(&l, 0, sizeof l);
	l.t0 = now_seconds();
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return fail(cause, "explore needs a terminal; in a script, "
		    "use stratus search and stratus show");
	if (tr && *tr)
		l.trace = fopen(tr, "a");
	if (!o->theme)
		l.own_theme = theme_builtin();
	/* the terminal is asked what it draws before curses takes it */
	l.painter = painter_new(picture_detect((enum image_mode)o->images,
	    1000));
	if (screen_open(&l.scr, o->theme ? o->theme : l.own_theme,
	    cause) < 0) {
		if (l.trace)
			fclose(l.trace);
		theme_free(l.own_theme);
		painter_free(l.painter);
		return -1;
	}
	l.alt_left = ext_key("kLFT3");
	l.alt_right = ext_key("kRIT3");

	/* Warnings of re-indexing go to the log, not over the screen. */
	fflush(stderr);
	l.stderr_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	logfd = open(o->log ? o->log : "/dev/null",
	    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logfd >= 0) {
		dup2(logfd, STDERR_FILENO);
		close(logfd);
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGWINCH);
	sigprocmask(SIG_BLOCK, &mask, &l.oldmask);
	l.sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);

	l.ix = o->ix;
	l.a = app_new(o->ix, o->vault, o->theme, o->lang, o->query,
	    screen_rows(l.scr), screen_cols(l.scr));
	l.a->t_start = l.t0;
	l.a->pictures = painter_proto(l.painter) != PROTO_NONE;
	app_msg(l.a, 0, "bringing the index up to date…");
	/* The first frame first; then what it does not need. */
	paint(&l);
	tlog(&l, "first-frame");
	if (worker_start(o->ix, o->lang, 0, &l.searcher, &why) == 0 &&
	    worker_start(o->ix, o->lang, 1, &l.updater, &why) == 0) {
		l.a->searcher = l.searcher;
	} else {
		/* One thread it is: searches and updates in place. */
		worker_stop(l.searcher);
		l.searcher = NULL;
		free(why);
		why = NULL;
	}
	if (watch_open_vault(o->vault, &l.w, &why) < 0) {
		app_msg(l.a, 1, "%s", why);
		free(why);
		why = NULL;
	}
	/* While it runs, the explorer holds the index fresh for other
	 * commands too, unless another process does already. */
	serve_start(&l);
	run(&l);

	serve_stop(&l);
	worker_stop(l.searcher);
	worker_stop(l.updater);
	app_free(l.a);
	watch_close(l.w);
	frame_clear(&l.f);
	screen_close(l.scr);
	painter_free(l.painter);
	theme_free(l.own_theme);
	if (l.sigfd >= 0)
		close(l.sigfd);
	sigprocmask(SIG_SETMASK, &l.oldmask, NULL);
	if (l.stderr_fd >= 0) {
		dup2(l.stderr_fd, STDERR_FILENO);
		close(l.stderr_fd);
	}
	if (l.trace) {
		tlog(&l, "quit frames %d", l.frames);
		fclose(l.trace);
	}
	return 0;
}

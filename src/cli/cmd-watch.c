/*
 * cmd-watch.c: `stratus watch [--quiet]`, keep the index fresh while it
 * runs and serve that freshness (core/fresh.h): other commands ask it
 * instead of walking the vault. One poll() waits on the inotify watch,
 * the socket and a signalfd; changes are applied a moment after they
 * settle, and at once when a command asks.
 */
#include "cli/cli.h"
#include "core/fresh.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "tui/watch.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#define WATCH_SETTLE_MS 100	/* quiet after a change before applying */
#define WATCH_RETRY_MS 1000	/* another serves: try to take over */
#define WATCH_BATCH 64		/* commands answered by one update */

struct watcher {
	struct cli *c;
	struct watch *w;
	struct fresh_server *srv;
	struct changes pending;
	double apply_at;	/* when to apply what changed; 0: nothing */
	int quiet;
	int waiting_said;
};

static void
say_applied(struct watcher *wr, const struct index_stats *st)
{
	long n = st->added + st->changed + st->removed;
	char when[16];
	time_t t = time(NULL);

	if (wr->quiet || n == 0)
		return;
	strftime(when, sizeof when, "%H:%M:%S", localtime(&t));
	printf("%s re-indexed %ld note%s (%ld new, %ld changed, %ld "
	    "removed)\n", when, n, n == 1 ? "" : "s", st->added, st->changed,
	    st->removed);
	fflush(stdout);
}

/* Apply what the watch has seen up to now. 0 and *st, or -1 (said). */
static int
apply(struct watcher *wr, struct index_stats *st)
{
	char *cause = NULL;

	memset(st, 0, sizeof *st);
	wr->apply_at = 0;
	if (watch_read(wr->w) < 0) {
		errmsg("watch: the inotify watch of %s broke",
		    safe_name(wr->c->vault));
		return -1;
	}
	watch_take(wr->w, &wr->pending);
	if (changes_empty(&wr->pending))
		return 0;
	if (changes_apply(wr->c->ix, &wr->pending, st, &cause) < 0) {
		/* kept: tried again on the next change or ask */
		errmsg("watch: %s", cause);
		free(cause);
		return -1;
	}
	changes_clear(&wr->pending);
	say_applied(wr, st);
	return 0;
}

/* Commands are asking: take them all, apply once, answer each. */
static int
serve(struct watcher *wr)
{
	struct index_stats st;
	int fds[WATCH_BATCH], n = 0, fd, i, rc;

	while (n < WATCH_BATCH && (fd = fresh_accept(wr->srv)) >= 0)
		fds[n++] = fd;
	if (n == 0)
		return fresh_server_valid(wr->srv) ? 0 : -1;
	/* their requests are read: every write done before they started
	 * is in the inotify queue now */
	rc = apply(wr, &st);
	for (i = 0; i < n; i++)
		fresh_answer(fds[i], rc == 0 ? &st : NULL, "cannot update "
		    "the index");
	return 0;
}

/* Serve if no other process does. 0 serving or waiting, -1 (said). */
static int
take_over(struct watcher *wr)
{
	struct index_stats st;
	char *cause = NULL;
	long pid = 0;
	int rc;

	rc = fresh_serve(wr->c->ix, &wr->srv, &pid, &cause);
	if (rc < 0) {
		errmsg("watch: cannot serve: %s", cause);
		free(cause);
		return -1;
	}
	if (rc == 1) {
		if (!wr->waiting_said && !wr->quiet) {
			if (pid > 0)
				fprintf(stderr, "stratus: watch: stratus (pid "
				    "%ld) keeps %s fresh already; taking over "
				    "when it stops\n", pid,
				    safe_name(wr->c->vault));
			else
				fprintf(stderr, "stratus: watch: another "
				    "stratus keeps %s fresh already; taking "
				    "over when it stops\n",
				    safe_name(wr->c->vault));
		}
		wr->waiting_said = 1;
		return 0;
	}
	/* what changed while another served */
	if (apply(wr, &st) < 0)
		return -1;
	if (!wr->quiet)
		fprintf(stderr, "stratus: watching %s (%d folders): commands "
		    "ask here instead of walking it\n",
		    safe_name(wr->c->vault), watch_count(wr->w));
	return 0;
}

static int
loop(struct watcher *wr, int sigfd)
{
	struct pollfd pfd[3];
	struct index_stats st;
	int timeout, n;
	double t;

	for (;;) {
		timeout = wr->srv ? -1 : WATCH_RETRY_MS;
		if (wr->apply_at > 0) {
			t = now_seconds();
			n = wr->apply_at <= t ? 0 :
			    (int)((wr->apply_at - t) * 1000) + 1;
			if (timeout < 0 || n < timeout)
				timeout = n;
		}
		pfd[0].fd = sigfd;
		pfd[0].events = POLLIN;
		pfd[1].fd = watch_fd(wr->w);
		pfd[1].events = POLLIN;
		pfd[2].fd = fresh_server_fd(wr->srv);
		pfd[2].events = POLLIN;
		pfd[0].revents = pfd[1].revents = pfd[2].revents = 0;
		n = poll(pfd, wr->srv ? 3 : 2, timeout);
		if (n < 0 && errno != EINTR) {
			errmsg("watch: poll: %s", strerror(errno));
			return EXIT_RUNTIME;
		}
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			/* taken, so that unblocking it does not kill us */
			while (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si)
				;
			return EXIT_OK;
		}
		if (wr->srv && (pfd[2].revents & POLLIN) && serve(wr) < 0) {
			errmsg("watch: the index of %s was rebuilt by another "
			    "stratus (of another version?); stopping",
			    safe_name(wr->c->vault));
			return EXIT_RUNTIME;
		}
		if (pfd[1].revents & POLLIN) {
			n = watch_read(wr->w);
			if (n < 0) {
				errmsg("watch: the inotify watch of %s broke",
				    safe_name(wr->c->vault));
				return EXIT_RUNTIME;
			}
			if (n > 0)
				wr->apply_at = now_seconds() +
				    WATCH_SETTLE_MS / 1000.0;
		}
		if (wr->apply_at > 0 && now_seconds() >= wr->apply_at)
			apply(wr, &st);
		if (!wr->srv && take_over(wr) < 0)
			return EXIT_RUNTIME;
	}
}

static int
watch_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct watcher wr;
	sigset_t mask, old;
	char *cause = NULL;
	int ch, rc, sigfd;

	memset(&wr, 0, sizeof wr);
	wr.c = c;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (ch != 'q')
			return cli_usage(&cmd_watch, "bad option");
		wr.quiet = 1;
	}
	if (optind != argc)
		return cli_usage(&cmd_watch, "no arguments expected");
	if ((rc = cli_vault(c)) != 0)
		return rc;
	/* watched before the first walk: nothing changes unseen between */
	if (watch_open_vault(c->vault, &wr.w, &cause) < 0) {
		errmsg("watch: %s", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	if (!watch_exact(wr.w)) {
		errmsg("watch: %s is on a network or FUSE file system, whose "
		    "changes made elsewhere make no event here: not served",
		    safe_name(c->vault));
		watch_close(wr.w);
		return EXIT_RUNTIME;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, &old);
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	rc = EXIT_RUNTIME;
	if (sigfd < 0)
		errmsg("watch: signalfd: %s", strerror(errno));
	else if ((rc = cli_index(c)) == 0)
		rc = take_over(&wr) < 0 ? EXIT_RUNTIME : loop(&wr, sigfd);
	fresh_server_close(wr.srv);
	changes_clear(&wr.pending);
	watch_close(wr.w);
	if (sigfd >= 0)
		close(sigfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

const struct command cmd_watch = {
	.name = "watch",
	.usage = "watch [--quiet]",
	.summary = "keep the index fresh as notes change; commands skip "
	    "their walk",
	.help =
	    "Watches every folder of the vault (inotify) and applies each\n"
	    "change to the index as it happens, until SIGINT or SIGTERM.\n"
	    "Meanwhile every other command asks it (on a socket beside the\n"
	    "index) instead of walking the vault: it applies what changed\n"
	    "up to that moment, even a note saved an instant before, and\n"
	    "answers. Without a watcher (or with a dead, stuck or\n"
	    "different one) commands walk the vault as always. The explorer\n"
	    "serves the same way while it runs; one process serves a vault\n"
	    "at a time, and a second watch takes over when the first stops.\n\n"
	    "options:\n"
	    "  --quiet   say nothing but errors (else a line per update)\n\n"
	    "example:\n"
	    "  stratus watch --quiet &\n",
	.exec = watch_exec,
};

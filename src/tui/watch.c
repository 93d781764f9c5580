/* watch.c: recursive inotify watch of the vault's folders (see watch.h). */
#include "tui/watch.h"
#include "core/note.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#define WATCH_MASK (IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
    IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
#define WATCH_MAXDEPTH 64

struct wdir {
	int wd;
	char *path;		/* absolute */
};

struct watch {
	int fd;
	struct wdir *dirs;
	size_t ndirs, cap;
	int full;		/* ran out of watches once */
};

static int
skip_dir(const char *name)
{
	return name[0] == '.' || strcmp(name, "node_modules") == 0;
}

static struct wdir *
find_wd(struct watch *w, int wd)
{
	size_t i;

	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Watch path and the folders below it. */
static int
add_tree(struct watch *w, const char *path, int depth)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int wd;

	if (depth > WATCH_MAXDEPTH)
		return 0;
	wd = inotify_add_watch(w->fd, path, WATCH_MASK);
	if (wd < 0) {
		if (errno == ENOSPC)
			w->full = 1;
		return errno == ENOSPC ? -1 : 0;
	}
	if (!find_wd(w, wd)) {
		w->dirs = xgrow(w->dirs, &w->cap, w->ndirs + 1,
		    sizeof *w->dirs);
		w->dirs[w->ndirs].wd = wd;
		w->dirs[w->ndirs].path = xstrdup(path);
		w->ndirs++;
	} else {
		return 0;	/* already watched: a symlink loop */
	}
	if (!(d = opendir(path)))
		return 0;
	while ((de = readdir(d))) {
		char *sub;

		if (skip_dir(de->d_name))
			continue;
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		sub = path_join(path, de->d_name);
		if (de->d_type == DT_UNKNOWN &&
		    (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode))) {
			free(sub);
			continue;
		}
		if (add_tree(w, sub, depth + 1) < 0) {
			free(sub);
			closedir(d);
			return -1;
		}
		free(sub);
	}
	closedir(d);
	return 0;
}

int
watch_open(const char *root, struct watch **out, char **cause)
{
	struct watch *w = xcalloc(1, sizeof *w);

	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		free(w);
		return fail(cause, "live reload is off: inotify: %s",
		    strerror(errno));
	}
	if (add_tree(w, root, 0) < 0 || w->ndirs == 0) {
		int full = w->full;

		watch_close(w);
		return fail(cause, "live reload is off: %s", full ?
		    "out of inotify watches (raise "
		    "fs.inotify.max_user_watches)" : "cannot watch the vault");
	}
	*out = w;
	return 0;
}

void
watch_close(struct watch *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	if (w->fd >= 0)
		close(w->fd);
	free(w);
}

int
watch_fd(const struct watch *w)
{
	return w ? w->fd : -1;
}

int
watch_count(const struct watch *w)
{
	return w ? (int)w->ndirs : 0;
}

static void
drop_wd(struct watch *w, int wd)
{
	size_t i;

	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd) {
			free(w->dirs[i].path);
			w->dirs[i] = w->dirs[--w->ndirs];
			return;
		}
}

int
watch_read(struct watch *w)
{
	char ev[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *e;
	ssize_t n;
	char *p;
	int count = 0;

	for (;;) {
		n = read(w->fd, ev, sizeof ev);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return count;
		if (n <= 0)
			return -1;
		for (p = ev; p < ev + n; p += sizeof *e + e->len) {
			struct wdir *d;

			e = (const struct inotify_event *)p;
			if (e->mask & IN_Q_OVERFLOW) {
				count++;
				continue;
			}
			if (e->mask & IN_IGNORED) {
				drop_wd(w, e->wd);
				continue;
			}
			if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
				count++;
				continue;
			}
			if (e->len == 0 || !(d = find_wd(w, e->wd)))
				continue;
			if (e->mask & IN_ISDIR) {
				if (skip_dir(e->name))
					continue;
				if (e->mask & (IN_CREATE | IN_MOVED_TO)) {
					char *sub = path_join(d->path,
					    e->name);

					add_tree(w, sub, 1);
					free(sub);
				}
				count++;
				continue;
			}
			if (e->name[0] != '.' && is_note_file(e->name))
				count++;
		}
	}
}

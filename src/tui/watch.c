/* watch.c: recursive inotify watch of the vault's folders (see watch.h). */
#include "tui/watch.h"
#include "core/index.h"
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

/* IN_MODIFY and IN_ATTRIB too: a file written but not closed yet, or
 * touched, is what a walk would see changed. */
#define WATCH_MASK (IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | \
    IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | \
    IN_MOVE_SELF | IN_ONLYDIR)
#define WATCH_MAXDEPTH 64
#define CHANGES_MAX 4096	/* more paths changed: walk the whole vault */

struct wdir {
	int wd;
	char *path;		/* absolute */
};

struct watch {
	int fd;
	struct wdir *dirs;
	size_t ndirs, cap;
	int full;		/* ran out of watches once */
	int track;		/* keep the changes (a vault's watch) */
	int links;		/* a symbolic or hard link seen: walk all */
	int exact;		/* a local file system */
	size_t rootlen;
	struct changes pending;
};

/* --- changes ---------------------------------------------------------- */

static void
changes_add(struct changes *c, const char *path)
{
	size_t i;

	if (c->all)
		return;
	for (i = 0; i < c->n; i++)
		if (strcmp(c->paths[i], path) == 0)
			return;
	if (c->n >= CHANGES_MAX) {
		changes_clear(c);
		c->all = 1;
		return;
	}
	c->paths = xgrow(c->paths, &c->cap, c->n + 1, sizeof *c->paths);
	c->paths[c->n++] = xstrdup(path);
}

void
changes_merge(struct changes *into, struct changes *from)
{
	size_t i;

	if (from->all) {
		changes_clear(into);
		into->all = 1;
	}
	for (i = 0; i < from->n; i++)
		changes_add(into, from->paths[i]);
	changes_clear(from);
}

void
changes_clear(struct changes *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->paths[i]);
	free(c->paths);
	memset(c, 0, sizeof *c);
}

int
changes_empty(const struct changes *c)
{
	return !c->all && c->n == 0;
}

int
changes_apply(struct index *ix, const struct changes *c,
    struct index_stats *st, char **cause)
{
	if (c->all)
		return index_update(ix, 0, st, cause);
	return index_update_paths(ix, (const char *const *)c->paths, c->n,
	    st, cause);
}

/* --- the watch -------------------------------------------------------- */

/* The vault path of name in folder d ("" for the root itself). */
static char *
vault_path(const struct watch *w, const struct wdir *d, const char *name)
{
	const char *rel = d->path + w->rootlen;

	while (*rel == '/')
		rel++;
	if (!name)
		return xstrdup(rel);
	return *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
}

/* A note or folder that some other name in the vault may also show (a
 * symbolic link to one, or that may come to be one, a hard link to a
 * note): its changes make events under one name only. */
static void
note_links(struct watch *w, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISREG(st.st_mode) && st.st_nlink > 1 &&
	    is_note_file(path_base(path)))
		w->links = 1;
	/* dangling: its target may come later */
	if (S_ISLNK(st.st_mode) && (stat(path, &st) < 0 ||
	    S_ISDIR(st.st_mode) || is_note_file(path_base(path))))
		w->links = 1;
}

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
		if (w->track && !w->links && (de->d_type == DT_LNK ||
		    (de->d_type == DT_REG && is_note_file(de->d_name)))) {
			sub = path_join(path, de->d_name);
			note_links(w, sub);
			free(sub);
		}
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

static int
open_watch(const char *root, int track, struct watch **out, char **cause)
{
	struct watch *w = xcalloc(1, sizeof *w);

	w->track = track;
	w->rootlen = strlen(root);
	/* every change on a local file system makes an event here */
	w->exact = !(fs_kind(root) & FS_REMOTE);

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

int
watch_open(const char *root, struct watch **out, char **cause)
{
	return open_watch(root, 0, out, cause);
}

int
watch_open_vault(const char *root, struct watch **out, char **cause)
{
	return open_watch(root, 1, out, cause);
}

void
watch_close(struct watch *w)
{
	size_t i;

	if (!w)
		return;
	changes_clear(&w->pending);
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

/* Stop watching the folder at path and the folders below it (moved
 * away: its watches would go on naming it by its old path). */
static void
drop_tree(struct watch *w, const char *path)
{
	size_t i = 0, n = strlen(path);

	while (i < w->ndirs) {
		const char *q = w->dirs[i].path;

		if (strncmp(q, path, n) == 0 && (q[n] == '\0' ||
		    q[n] == '/')) {
			inotify_rm_watch(w->fd, w->dirs[i].wd);
			free(w->dirs[i].path);
			w->dirs[i] = w->dirs[--w->ndirs];
		} else
			i++;
	}
}

/* Keep the vault path of name in d as changed. */
static void
track(struct watch *w, const struct wdir *d, const char *name)
{
	char *rel;

	if (!w->track)
		return;
	rel = vault_path(w, d, name);
	changes_add(&w->pending, rel);
	free(rel);
}

/* One event of folder d: does it concern the vault's notes? */
static int
event(struct watch *w, struct wdir *d, const struct inotify_event *e)
{
	char *sub;

	if (e->mask & IN_ISDIR) {
		if (skip_dir(e->name))
			return 0;
		sub = path_join(d->path, e->name);
		if (e->mask & IN_MOVED_FROM)
			drop_tree(w, sub);
		/* watched before the walk of its path looks inside, so
		 * nothing written in it meanwhile is missed */
		if (e->mask & (IN_CREATE | IN_MOVED_TO))
			add_tree(w, sub, 1);
		free(sub);
		if (e->mask & (IN_CREATE | IN_MOVED_TO | IN_DELETE |
		    IN_MOVED_FROM))
			track(w, d, e->name);
		return 1;
	}
	if (e->name[0] == '.') {
		/* the ignore file changes what the whole walk takes */
		if (w->track && strcmp(e->name, ".stratusignore") == 0 &&
		    strlen(d->path) == w->rootlen) {
			changes_clear(&w->pending);
			w->pending.all = 1;
			return 1;
		}
		return 0;
	}
	if (e->mask & (IN_CREATE | IN_MOVED_TO)) {
		/* a symbolic link (to a note or a folder), a hard link */
		if (w->track && !w->links) {
			sub = path_join(d->path, e->name);
			note_links(w, sub);
			free(sub);
		}
	}
	if (!is_note_file(e->name)) {
		/* a name that a link to a folder may have had or have */
		if (e->mask & (IN_CREATE | IN_MOVED_TO | IN_DELETE |
		    IN_MOVED_FROM))
			track(w, d, e->name);
		return 0;
	}
	track(w, d, e->name);
	return 1;
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
				/* events were lost */
				changes_clear(&w->pending);
				w->pending.all = 1;
				count++;
				continue;
			}
			if (e->mask & IN_IGNORED) {
				drop_wd(w, e->wd);
				continue;
			}
			if (!(d = find_wd(w, e->wd)))
				continue;
			if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
				/* the vault itself went: its parent's event
				 * names the others */
				if (strlen(d->path) == w->rootlen) {
					changes_clear(&w->pending);
					w->pending.all = 1;
				}
				count++;
				continue;
			}
			if (e->len > 0)
				count += event(w, d, e);
		}
	}
}

void
watch_take(struct watch *w, struct changes *c)
{
	/* out of watches, some folders make no event; a link's other
	 * name none either: walk everything */
	if (w->full || (w->links && !changes_empty(&w->pending))) {
		changes_clear(&w->pending);
		w->pending.all = 1;
	}
	changes_merge(c, &w->pending);
}

int
watch_exact(const struct watch *w)
{
	return w && w->exact;
}

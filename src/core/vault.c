/*
 * vault.c: walk the vault folder for note files in path order. Folders are
 * opened relative to their parent (openat), so depth is no problem for
 * PATH_MAX; symlinks are followed, and a folder already open on the
 * current path (same device and inode) is a loop, reported and skipped.
 * .stratusignore at the root holds gitignore-style patterns.
 */
#include "core/vault.h"
#include "core/buf.h"
#include "core/note.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One .stratusignore pattern, split at '/'. */
struct pattern {
	char **seg;
	size_t nseg;
	int neg;		/* !pattern: include again */
	int dir_only;		/* pattern/: folders only */
	int anchored;		/* had a '/': matches from the root */
};

struct dirid {
	dev_t dev;
	ino_t ino;
};

struct walk {
	const char *root;
	vault_file_cb cb;
	vault_warn_cb warn;
	void *arg;
	struct pattern *pats;
	size_t npats;
	struct dirid *open;	/* folders on the current path */
	size_t nopen, opencap;
	int stop;
};

struct entry {
	char *name;
	char *key;		/* name, plus '/' for a folder: the sort key */
	int dir;
	int stated;
	struct stat st;
};

static void say(struct walk *, const char *, const char *, ...)
	__attribute__((format(printf, 3, 4)));

/* Report a problem with path through the warning callback. */
static void
say(struct walk *w, const char *path, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (!w->warn)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	w->warn(path, buf_str(&b), w->arg);
	buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* .stratusignore                                                     */
/* ------------------------------------------------------------------ */

static void
add_pattern(struct walk *w, size_t *cap, const char *line, size_t n)
{
	struct pattern pat;
	char *p, *s, *q;
	size_t segcap = 0;

	memset(&pat, 0, sizeof pat);
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\r'))
		n--;
	if (n == 0 || line[0] == '#')
		return;
	if (line[0] == '!') {
		pat.neg = 1;
		line++;
		n--;
	} else if (line[0] == '\\' && n > 1 && (line[1] == '#' ||
	    line[1] == '!')) {
		line++;
		n--;
	}
	if (n > 0 && line[n - 1] == '/') {
		pat.dir_only = 1;
		n--;
	}
	if (n == 0)
		return;
	p = xstrndup(line, n);
	pat.anchored = strchr(p, '/') != NULL;
	s = p;
	while (*s == '/')
		s++;
	while (*s) {
		q = strchr(s, '/');
		if (q)
			*q = '\0';
		if (*s) {
			pat.seg = xgrow(pat.seg, &segcap, pat.nseg + 1,
			    sizeof *pat.seg);
			pat.seg[pat.nseg++] = xstrdup(s);
		}
		if (!q)
			break;
		s = q + 1;
	}
	free(p);
	if (pat.nseg == 0) {
		free(pat.seg);
		return;
	}
	w->pats = xgrow(w->pats, cap, w->npats + 1, sizeof *w->pats);
	w->pats[w->npats++] = pat;
}

static void
load_ignore(struct walk *w)
{
	char *path = path_join(w->root, ".stratusignore"), *data, *cause = NULL;
	const char *p, *nl;
	size_t len, cap = 0;

	if (access(path, F_OK) != 0) {
		free(path);
		return;
	}
	if (read_file(path, 1 << 20, &data, &len, &cause) < 0) {
		say(w, ".stratusignore", "cannot be read (%s); nothing "
		    "ignored", cause);
		free(cause);
		free(path);
		return;
	}
	for (p = data; p < data + len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(data + len - p));
		if (!nl)
			nl = data + len;
		add_pattern(w, &cap, p, (size_t)(nl - p));
	}
	free(data);
	free(path);
}

/* Do the pattern segments seg[0..np) match the path parts part[0..nq)? */
static int
seg_match(char **seg, size_t np, char **part, size_t nq)
{
	size_t i;

	if (np == 0)
		return nq == 0;
	if (strcmp(seg[0], "**") == 0) {
		for (i = 0; i <= nq; i++)
			if (seg_match(seg + 1, np - 1, part + i, nq - i))
				return 1;
		return 0;
	}
	if (nq == 0 || fnmatch(seg[0], part[0], 0) != 0)
		return 0;
	return seg_match(seg + 1, np - 1, part + 1, nq - 1);
}

static int
ignored(const struct walk *w, const char *path, int dir)
{
	char *copy, **part = NULL, *s, *q;
	size_t npart = 0, cap = 0, i;
	int out = 0;

	if (w->npats == 0)
		return 0;
	copy = xstrdup(path);
	for (s = copy; s; s = q) {
		q = strchr(s, '/');
		if (q)
			*q++ = '\0';
		part = xgrow(part, &cap, npart + 1, sizeof *part);
		part[npart++] = s;
	}
	for (i = 0; i < w->npats; i++) {
		const struct pattern *p = &w->pats[i];
		int m;

		if (p->dir_only && !dir)
			continue;
		if (p->anchored)
			m = seg_match(p->seg, p->nseg, part, npart);
		else
			m = seg_match(p->seg, p->nseg, part + npart - 1, 1);
		if (m)
			out = !p->neg;
	}
	free(part);
	free(copy);
	return out;
}

/* ------------------------------------------------------------------ */
/* Walking                                                            */
/* ------------------------------------------------------------------ */

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static char *
child_path(const char *rel, const char *name)
{
	return *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
}

static void walk_dir(struct walk *, int, const char *);

/* Read a folder's entries worth visiting into *out. */
static size_t
read_entries(struct walk *w, int fd, const char *rel, DIR *d,
    struct entry **out)
{
	struct entry *v = NULL, e;
	struct dirent *de;
	size_t n = 0, cap = 0;
	char *path;

	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				say(w, *rel ? rel : ".", "stopped reading "
				    "this folder: %s", strerror(errno));
			break;
		}
		if (de->d_name[0] == '.' ||
		    strcmp(de->d_name, "node_modules") == 0)
			continue;
		memset(&e, 0, sizeof e);
		if (de->d_type == DT_DIR) {
			e.dir = 1;
		} else if (de->d_type == DT_REG) {
			if (!is_note_file(de->d_name))
				continue;
		} else {
			/* a symlink or unknown: what does it point at? */
			path = child_path(rel, de->d_name);
			if (fstatat(fd, de->d_name, &e.st, 0) < 0) {
				if (errno == ELOOP)
					say(w, path, "symbolic link loop: "
					    "skipped");
				else if (is_note_file(de->d_name))
					say(w, path, "%s: skipped",
					    errno == ENOENT ? "broken symbolic "
					    "link" : strerror(errno));
				free(path);
				continue;
			}
			free(path);
			e.stated = 1;
			e.dir = S_ISDIR(e.st.st_mode);
			if (!e.dir && !is_note_file(de->d_name))
				continue;
		}
		e.name = xstrdup(de->d_name);
		e.key = e.dir ? xasprintf("%s/", de->d_name) :
		    xstrdup(de->d_name);
		path = child_path(rel, e.name);
		if (ignored(w, path, e.dir)) {
			free(path);
			free(e.name);
			free(e.key);
			continue;
		}
		free(path);
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = e;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, entry_cmp);
	*out = v;
	return n;
}

static void
visit_dir(struct walk *w, int fd, const char *name, const char *path)
{
	struct stat st;
	size_t i;
	int cfd;

	cfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cfd < 0) {
		if (errno == ENOENT)
			say(w, path, "vanished during the walk");
		else if (errno == ELOOP)
			say(w, path, "symbolic link loop: skipped");
		else
			say(w, path, "folder cannot be read: %s",
			    strerror(errno));
		return;
	}
	if (fstat(cfd, &st) < 0) {
		say(w, path, "folder cannot be read: %s", strerror(errno));
		close(cfd);
		return;
	}
	for (i = 0; i < w->nopen; i++)
		if (w->open[i].dev == st.st_dev && w->open[i].ino == st.st_ino) {
			say(w, path, "symbolic link loop (a link back to a "
			    "folder above it): skipped");
			close(cfd);
			return;
		}
	w->open = xgrow(w->open, &w->opencap, w->nopen + 1, sizeof *w->open);
	w->open[w->nopen].dev = st.st_dev;
	w->open[w->nopen].ino = st.st_ino;
	w->nopen++;
	walk_dir(w, cfd, path);
	w->nopen--;
}

static void
visit_file(struct walk *w, int fd, struct entry *e, const char *path)
{
	struct vault_file f;
	char *abs;

	if (!e->stated && fstatat(fd, e->name, &e->st, 0) < 0) {
		if (errno == ENOENT)
			say(w, path, "vanished during the walk");
		else if (errno == ELOOP)
			say(w, path, "symbolic link loop: skipped");
		else
			say(w, path, "cannot be read: %s", strerror(errno));
		return;
	}
	if (S_ISDIR(e->st.st_mode))
		return;
	if (!S_ISREG(e->st.st_mode)) {
		say(w, path, "not a regular file: skipped");
		return;
	}
	if (faccessat(fd, e->name, R_OK, AT_EACCESS) < 0) {
		say(w, path, "cannot be read: %s", strerror(errno));
		return;
	}
	abs = path_join(w->root, path);
	f.path = path;
	f.abspath = abs;
	f.size = (int64_t)e->st.st_size;
	f.mtime_ns = (int64_t)e->st.st_mtim.tv_sec * 1000000000 +
	    e->st.st_mtim.tv_nsec;
	if (w->cb && w->cb(&f, w->arg) != 0)
		w->stop = 1;
	free(abs);
}

/* Walk the folder open on fd (taken) at vault-relative rel. */
static void
walk_dir(struct walk *w, int fd, const char *rel)
{
	struct entry *v;
	size_t n, i;
	DIR *d;
	char *path;

	d = fdopendir(fd);
	if (!d) {
		say(w, *rel ? rel : ".", "folder cannot be read: %s",
		    strerror(errno));
		close(fd);
		return;
	}
	n = read_entries(w, fd, rel, d, &v);
	for (i = 0; i < n; i++) {
		if (!w->stop) {
			path = child_path(rel, v[i].name);
			if (v[i].dir)
				visit_dir(w, fd, v[i].name, path);
			else
				visit_file(w, fd, &v[i], path);
			free(path);
		}
		free(v[i].name);
		free(v[i].key);
	}
	free(v);
	closedir(d);
}

int
vault_walk(const char *root, vault_file_cb cb, vault_warn_cb warn, void *arg,
    char **cause)
{
	struct walk w;
	struct stat st;
	size_t i, j;
	int fd;

	memset(&w, 0, sizeof w);
	w.root = root;
	w.cb = cb;
	w.warn = warn;
	w.arg = arg;
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(cause, "%s: %s (is the vault folder right?)", root,
		    strerror(errno));
	if (fstat(fd, &st) < 0) {
		close(fd);
		return fail(cause, "%s: %s", root, strerror(errno));
	}
	load_ignore(&w);
	w.open = xgrow(NULL, &w.opencap, 1, sizeof *w.open);
	w.open[0].dev = st.st_dev;
	w.open[0].ino = st.st_ino;
	w.nopen = 1;
	walk_dir(&w, fd, "");
	for (i = 0; i < w.npats; i++) {
		for (j = 0; j < w.pats[i].nseg; j++)
			free(w.pats[i].seg[j]);
		free(w.pats[i].seg);
	}
	free(w.pats);
	free(w.open);
	return 0;
}

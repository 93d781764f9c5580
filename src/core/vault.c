/*
 * vault.c: walk the vault folder for note files in path order, and the
 * pieces the parallel walk (vault-scan.c) shares with it. Folders are
 * opened relative to their parent (openat), so depth is no problem for
 * PATH_MAX; symlinks are followed when their target is inside the vault
 * (outside it only when vault_follow_external() says so: a note linked to
 * /etc/passwd or /proc/self/environ would put their text in the index),
 * and a folder already open on the current path (same device and inode)
 * is a loop, reported and skipped. .stratusignore at the root holds
 * gitignore-style patterns.
 */
#include "core/vault-int.h"
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

/* [core] follow_external_links: follow symlinks out of the vault. */
static int follow_external;

void
vw_say(struct walk *w, const char *path, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (!w->warn && !w->rec)
		return;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (w->rec)
		vscan_keep_warning(w->rec, path, buf_str(&b));
	else
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
		vw_say(w, ".stratusignore", "cannot be read (%s); nothing "
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

/*
 * The walk keeps one path buffer, w->path: the root, then the
 * vault-relative path of the folder or file being visited from
 * w->relstart on. A child is appended in place and cut off again, so a
 * file costs no path building and no allocation of its own.
 */
const char *
vw_rel(const struct walk *w)
{
	return buf_str(&w->path) + w->relstart;
}

size_t
vw_push(struct walk *w, const char *name, size_t len)
{
	size_t old = w->path.len;

	if (old > w->relstart)
		buf_addc(&w->path, '/');
	buf_add(&w->path, name, len);
	return old;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->key, y->key);
}

/* A child name in the folder's string store: its sort key. */
static void
entry_add(struct entries *es, const char *name, size_t len, int dir,
    const struct stat *st)
{
	struct entry *e;

	es->v = xgrow(es->v, &es->cap, es->n + 1, sizeof *es->v);
	e = &es->v[es->n++];
	e->off = es->names.len;
	e->len = len;
	e->dir = dir;
	e->st = -1;
	buf_add(&es->names, name, len);
	if (dir)
		buf_addc(&es->names, '/');
	buf_addc(&es->names, '\0');
	if (st) {
		es->sts = xgrow(es->sts, &es->stcap, es->nst + 1,
		    sizeof *es->sts);
		es->sts[es->nst] = *st;
		e->st = (long)es->nst++;
	}
}

void
vw_entries_free(struct entries *es)
{
	free(es->v);
	free(es->sts);
	buf_free(&es->names);
	memset(es, 0, sizeof *es);
}

void
vault_follow_external(int on)
{
	follow_external = on;
}

/*
 * Does the symlink name in the current folder (fd) lead out of the vault?
 * Its target, resolved, must be the root or below it; one that cannot be
 * resolved counts as outside.
 */
static int
link_leaves(struct walk *w, const char *name, size_t len)
{
	size_t old, n;
	char *real;
	int out;

	if (follow_external || !w->real_root)
		return 0;
	old = vw_push(w, name, len);
	real = realpath(buf_str(&w->path), NULL);
	buf_truncate(&w->path, old);
	if (!real)
		return 1;
	n = strlen(w->real_root);
	out = !(strncmp(real, w->real_root, n) == 0 &&
	    (real[n] == '\0' || real[n] == '/' || strcmp(w->real_root, "/") == 0));
	free(real);
	return out;
}

void
vw_read_entries(struct walk *w, int fd, DIR *d, struct entries *es)
{
	struct dirent *de;
	struct stat st;
	size_t i, len, old;
	int dir, ign;
	/* the .md files of templates/ at the root are what `stratus new`
	 * makes notes from, not notes */
	int templates = strcmp(vw_rel(w), "templates") == 0;

	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				vw_say(w, *vw_rel(w) ? vw_rel(w) : ".",
				    "stopped reading this folder: %s",
				    strerror(errno));
			break;
		}
		if (de->d_name[0] == '.' ||
		    strcmp(de->d_name, "node_modules") == 0)
			continue;
		len = strlen(de->d_name);
		if (de->d_type == DT_DIR) {
			dir = 1;
		} else if (de->d_type == DT_REG) {
			if (!is_note_file(de->d_name) || templates)
				continue;
			dir = 0;
		} else {
			/* a symlink or unknown: what does it point at? */
			if (fstatat(fd, de->d_name, &st, 0) < 0) {
				int err = errno;

				old = vw_push(w, de->d_name, len);
				if (err == ELOOP)
					vw_say(w, vw_rel(w), "symbolic link "
					    "loop: skipped");
				else if (is_note_file(de->d_name))
					vw_say(w, vw_rel(w), "%s: skipped",
					    err == ENOENT ? "broken symbolic "
					    "link" : strerror(err));
				buf_truncate(&w->path, old);
				continue;
			}
			dir = S_ISDIR(st.st_mode);
			if (!dir && (!is_note_file(de->d_name) || templates))
				continue;
			if (link_leaves(w, de->d_name, len)) {
				old = vw_push(w, de->d_name, len);
				vw_say(w, vw_rel(w), "symbolic link out of "
				    "the vault: skipped ([core] "
				    "follow_external_links = true follows it)");
				buf_truncate(&w->path, old);
				continue;
			}
			entry_add(es, de->d_name, len, dir, &st);
			continue;
		}
		entry_add(es, de->d_name, len, dir, NULL);
	}
	/* the names are in place: point the keys at them */
	for (i = 0; i < es->n; i++)
		es->v[i].key = es->names.ptr + es->v[i].off;
	if (w->npats > 0) {
		for (i = 0; i < es->n; i++) {
			old = vw_push(w, es->v[i].key, es->v[i].len);
			ign = ignored(w, vw_rel(w), es->v[i].dir);
			buf_truncate(&w->path, old);
			if (ign)
				es->v[i].key = NULL;
		}
		for (i = len = 0; i < es->n; i++)
			if (es->v[i].key)
				es->v[len++] = es->v[i];
		es->n = len;
	}
	if (es->n > 1)
		qsort(es->v, es->n, sizeof *es->v, entry_cmp);
}

int
vw_dir_open(int fd, const char *name, struct stat *st, char **why)
{
	int cfd;

	cfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cfd < 0) {
		if (errno == ENOENT)
			*why = xstrdup("vanished during the walk");
		else if (errno == ELOOP)
			*why = xstrdup("symbolic link loop: skipped");
		else
			*why = xasprintf("folder cannot be read: %s",
			    strerror(errno));
		return -1;
	}
	if (fstat(cfd, st) < 0) {
		*why = xasprintf("folder cannot be read: %s", strerror(errno));
		close(cfd);
		return -1;
	}
	return cfd;
}

static void walk_dir(struct walk *, int);

/* Push the folder open on fd, whose stat is st, on the loop stack: 0, or
 * -1 (said) when it is already on it. */
static int
open_push(struct walk *w, const struct stat *st)
{
	size_t i;

	for (i = 0; i < w->nopen; i++)
		if (w->open[i].dev == st->st_dev &&
		    w->open[i].ino == st->st_ino) {
			vw_say(w, vw_rel(w), "symbolic link loop (a link back "
			    "to a folder above it): skipped");
			return -1;
		}
	w->open = xgrow(w->open, &w->opencap, w->nopen + 1, sizeof *w->open);
	w->open[w->nopen].dev = st->st_dev;
	w->open[w->nopen].ino = st->st_ino;
	w->nopen++;
	return 0;
}

/* Visit the folder name (a child of the current path) of fd. */
static void
visit_dir(struct walk *w, int fd, const char *name)
{
	struct stat st;
	char *why = NULL;
	int cfd;

	if ((cfd = vw_dir_open(fd, name, &st, &why)) < 0) {
		vw_say(w, vw_rel(w), "%s", why);
		free(why);
		return;
	}
	if (open_push(w, &st) < 0) {
		close(cfd);
		return;
	}
	walk_dir(w, cfd);
	w->nopen--;
}

/*
 * Can the file be read? Its owner's permission bits say so for its
 * owner (access control lists keep them as the owner's entry), which
 * saves a system call for nearly every file; anything else asks.
 */
static int
readable(const struct walk *w, int fd, const char *name,
    const struct stat *st)
{
	if (st->st_uid == w->euid && (st->st_mode & S_IRUSR))
		return 0;
	return faccessat(fd, name, R_OK, AT_EACCESS);
}

int
vw_file_check(const struct walk *w, int fd, const char *name,
    const struct stat *have, struct stat *st, char **why)
{
	if (have)
		*st = *have;
	else if (fstatat(fd, name, st, 0) < 0) {
		if (errno == ENOENT)
			*why = xstrdup("vanished during the walk");
		else if (errno == ELOOP)
			*why = xstrdup("symbolic link loop: skipped");
		else
			*why = xasprintf("cannot be read: %s",
			    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st->st_mode))
		return 1;
	if (!S_ISREG(st->st_mode)) {
		*why = xstrdup("not a regular file: skipped");
		return -1;
	}
	if (readable(w, fd, name, st) < 0) {
		*why = xasprintf("cannot be read: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Visit the file name (a child of the current path) of fd. */
static void
visit_file(struct walk *w, int fd, const char *name, const struct stat *have)
{
	struct vault_file f;
	struct stat st;
	char *why = NULL;
	int rc = vw_file_check(w, fd, name, have, &st, &why);

	if (rc < 0) {
		vw_say(w, vw_rel(w), "%s", why);
		free(why);
	}
	if (rc != 0)
		return;
	f.path = vw_rel(w);
	f.abspath = buf_str(&w->path);
	f.size = (int64_t)st.st_size;
	f.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
	    st.st_mtim.tv_nsec;
	f.ctime_ns = (int64_t)st.st_ctim.tv_sec * 1000000000 +
	    st.st_ctim.tv_nsec;
	f.ino = (int64_t)st.st_ino;
	if (w->cb && w->cb(&f, w->arg) != 0)
		w->stop = 1;
}

/* Walk the folder open on fd (taken) at the current path. */
static void
walk_dir(struct walk *w, int fd)
{
	struct entries es;
	struct entry *e;
	size_t i, old;
	DIR *d;

	d = fdopendir(fd);
	if (!d) {
		vw_say(w, *vw_rel(w) ? vw_rel(w) : ".", "folder cannot be "
		    "read: %s", strerror(errno));
		close(fd);
		return;
	}
	memset(&es, 0, sizeof es);
	vw_read_entries(w, fd, d, &es);
	for (i = 0; i < es.n && !w->stop; i++) {
		e = &es.v[i];
		old = vw_push(w, e->key, e->len);
		/* the name as the path's last part, NUL-terminated */
		if (e->dir)
			visit_dir(w, fd, w->path.ptr + w->path.len - e->len);
		else
			visit_file(w, fd, w->path.ptr + w->path.len - e->len,
			    e->st >= 0 ? &es.sts[e->st] : NULL);
		buf_truncate(&w->path, old);
	}
	vw_entries_free(&es);
	closedir(d);
}

int
vw_init(struct walk *w, const char *root, int *fd, struct stat *st,
    char **cause)
{
	size_t rl = strlen(root);

	w->root = root;
	w->euid = geteuid();
	*fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return fail(cause, "%s: %s (is the vault folder right?)", root,
		    strerror(errno));
	if (fstat(*fd, st) < 0) {
		close(*fd);
		return fail(cause, "%s: %s", root, strerror(errno));
	}
	load_ignore(w);
	w->real_root = realpath(root, NULL);
	/* as path_join(root, rel) would make it */
	buf_add(&w->path, root, rl);
	if (rl > 0 && root[rl - 1] != '/')
		buf_addc(&w->path, '/');
	w->relstart = w->path.len;
	return 0;
}

void
vw_done(struct walk *w)
{
	size_t i, j;

	for (i = 0; i < w->npats; i++) {
		for (j = 0; j < w->pats[i].nseg; j++)
			free(w->pats[i].seg[j]);
		free(w->pats[i].seg);
	}
	free(w->pats);
	free(w->real_root);
	free(w->open);
	buf_free(&w->path);
}

/*
 * From the root open on fd (taken), go down the parts of under as the
 * walk would reach them: each must be a folder it visits (not hidden,
 * not node_modules, not ignored, not a link out of the vault, not a
 * loop, not the root's templates/); then visit the last part, a folder
 * or a note file, with what the walk would say about it. Nothing is
 * visited when under names nothing the walk would.
 */
static void
walk_under(struct walk *w, int fd, const char *under)
{
	const char *p = under, *slash;
	struct stat st, lst;
	char *name = NULL;
	size_t len;
	int last, dir, cfd;

	for (;; p = slash + 1) {
		free(name);
		name = NULL;
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		last = !slash || !slash[1];
		if (len == 0 || p[0] == '.')
			break;
		name = xstrndup(p, len);
		if (strcmp(name, "node_modules") == 0 ||
		    fstatat(fd, name, &lst, AT_SYMLINK_NOFOLLOW) < 0)
			break;
		if (fstatat(fd, name, &st, 0) < 0) {
			int err = errno;

			vw_push(w, name, len);
			if (err == ELOOP)
				vw_say(w, vw_rel(w), "symbolic link loop: "
				    "skipped");
			else if (last && is_note_file(name))
				vw_say(w, vw_rel(w), "%s: skipped",
				    err == ENOENT ? "broken symbolic link" :
				    strerror(err));
			break;
		}
		dir = S_ISDIR(st.st_mode);
		if (!dir && (!last || !is_note_file(name) ||
		    strcmp(vw_rel(w), "templates") == 0))
			break;
		if (S_ISLNK(lst.st_mode) && link_leaves(w, name, len)) {
			vw_push(w, name, len);
			vw_say(w, vw_rel(w), "symbolic link out of the vault: "
			    "skipped ([core] follow_external_links = true "
			    "follows it)");
			break;
		}
		vw_push(w, name, len);
		if (w->npats > 0 && ignored(w, vw_rel(w), dir))
			break;
		if (last) {
			if (dir)
				visit_dir(w, fd, name);
			else
				visit_file(w, fd, name, &st);
			break;
		}
		cfd = openat(fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0)
			break;
		close(fd);
		fd = cfd;
		if (fstat(fd, &st) < 0 || open_push(w, &st) < 0)
			break;
	}
	free(name);
	close(fd);
}

/* Walk root, or only what is at the npaths vault paths (paths NULL:
 * all). */
static int
walk_root(const char *root, const char *const *paths, size_t npaths,
    vault_file_cb cb, vault_warn_cb warn, void *arg, char **cause)
{
	struct walk w;
	struct stat st;
	size_t i;
	int fd;

	memset(&w, 0, sizeof w);
	w.cb = cb;
	w.warn = warn;
	w.arg = arg;
	if (vw_init(&w, root, &fd, &st, cause) < 0)
		return -1;
	w.open = xgrow(NULL, &w.opencap, 1, sizeof *w.open);
	w.open[0].dev = st.st_dev;
	w.open[0].ino = st.st_ino;
	w.nopen = 1;
	if (paths) {
		for (i = 0; i < npaths && !w.stop; i++) {
			int dfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);

			if (dfd < 0)
				continue;
			buf_truncate(&w.path, w.relstart);
			w.nopen = 1;
			walk_under(&w, dfd, paths[i]);
		}
		close(fd);
	} else
		walk_dir(&w, fd);
	vw_done(&w);
	return 0;
}

int
vault_walk(const char *root, vault_file_cb cb, vault_warn_cb warn, void *arg,
    char **cause)
{
	return walk_root(root, NULL, 0, cb, warn, arg, cause);
}

int
vault_walk_paths(const char *root, const char *const *paths, size_t n,
    vault_file_cb cb, vault_warn_cb warn, void *arg, char **cause)
{
	return walk_root(root, paths, n, cb, warn, arg, cause);
}

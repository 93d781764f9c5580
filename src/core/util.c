/* util.c: allocation, messages, files, paths and string helpers. */
#include "core/util.h"
#include "core/sanitize.h"
#include "core/buf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory (%zu bytes)", n);
	return q;
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 8;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	if (size && c > SIZE_MAX / size)
		die("array size overflow");
	*cap = c;
	return xrealloc(p, c * size);
}

void
mem_give_back(void)
{
	malloc_trim(0);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_take(&b);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("stratus: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_RUNTIME);
}

/* One line on stderr: prefix and the message, sanitised as a name (file
 * names in it may hold escape sequences, newlines, invalid UTF-8). */
static void
say_line(const char *prefix, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, out = BUF_INIT;

	buf_vprintf(&msg, fmt, ap);
	buf_adds(&out, prefix);
	name_sanitize_buf(&out, msg.ptr ? msg.ptr : "", msg.len);
	buf_addc(&out, '\n');
	fwrite(out.ptr, 1, out.len, stderr);
	buf_free(&msg);
	buf_free(&out);
}

void
warnmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_line("stratus: warning: ", fmt, ap);
	va_end(ap);
}

void
errmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say_line("stratus: ", fmt, ap);
	va_end(ap);
}

int
fail(char **cause, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (!cause)
		return -1;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(*cause);
	*cause = buf_take(&b);
	return -1;
}

int
read_file(const char *path, size_t max, char **data, size_t *len, char **cause)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(cause, "%s: %s", path, strerror(errno));
	b.max = max;
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail(cause, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
		if (b.overflow) {
			fail(cause, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
	}
	close(fd);
	*len = b.len;
	*data = buf_take(&b);
	return 0;
fail:
	close(fd);
	buf_free(&b);
	return -1;
}

int
mkdir_p(const char *path, char **cause)
{
	char *p = xstrdup(path), *s;
	struct stat st;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			fail(cause, "%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST) {
		fail(cause, "%s: %s", p, strerror(errno));
		free(p);
		return -1;
	}
	if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fail(cause, "%s: not a folder", p);
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

void
db_remove(const char *path)
{
	char *p;

	unlink(path);
	p = xasprintf("%s-wal", path);
	unlink(p);
	free(p);
	/* (a journal left by a first load that crashed: it would be played
	 * back into the next file of that name) */
	p = xasprintf("%s-journal", path);
	unlink(p);
	free(p);
	p = xasprintf("%s-shm", path);
	unlink(p);
	free(p);
}

int
fs_kind(const char *path)
{
	static const struct {
		unsigned long magic;	/* linux/magic.h's and the kernel's */
		int kind;
	} fs[] = {
		{ 0x6969, FS_REMOTE },		/* NFS */
		{ 0x517b, FS_REMOTE },		/* SMB */
		{ 0xff534d42, FS_REMOTE },	/* CIFS */
		{ 0xfe534d42, FS_REMOTE },	/* SMB2 */
		{ 0x65735546, FS_REMOTE },	/* FUSE (sshfs, ntfs-3g...) */
		{ 0x01021997, FS_REMOTE },	/* 9p (WSL's Windows drives) */
		{ 0x786f4256, FS_REMOTE },	/* VirtualBox shared folders */
		{ 0x5346414f, FS_REMOTE },	/* AFS */
		{ 0x6b414653, FS_REMOTE },	/* kAFS */
		{ 0x61756673, FS_REMOTE },	/* aufs (layers changed under it) */
		{ 0x47504653, FS_REMOTE },	/* GPFS */
		{ 0x00c36400, FS_REMOTE },	/* Ceph */
		{ 0x4d44, FS_COARSE },		/* FAT (vfat, msdos) */
		{ 0x2011bab0, FS_COARSE },	/* exFAT */
	};
	struct statfs sf;
	size_t i;

	if (statfs(path, &sf) < 0)
		return FS_REMOTE;
	for (i = 0; i < sizeof fs / sizeof fs[0]; i++)
		if ((unsigned long)sf.f_type == fs[i].magic)
			return fs[i].kind;
	return 0;
}

static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
write_file_atomic(const char *path, const void *data, size_t len, char **cause)
{
	return write_file_atomic_mode(path, data, len, -1, cause);
}

int
write_file_atomic_mode(const char *path, const void *data, size_t len,
    int mode, char **cause)
{
	char *dir = xstrdup(path), *slash, *tmp;
	int fd, dfd;

	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, cause) < 0) {
			free(dir);
			return -1;
		}
	} else {
		free(dir);
		dir = xstrdup(slash ? "/" : ".");
	}
	tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    mode >= 0 ? (mode_t)(mode & 0600) : 0644);
	if (fd < 0) {
		fail(cause, "%s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (mode >= 0 && fchmod(fd, (mode_t)(mode & 07777)) < 0) {
		fail(cause, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto fail;
	}
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		fail(cause, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto fail;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		fail(cause, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto fail;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(dir);
	return 0;
fail:
	free(tmp);
	free(dir);
	return -1;
}

char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	if (la == 0)
		return xstrdup(b);
	if (a[la - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

char *
path_real(const char *path)
{
	return realpath(path, NULL);
}

char *
path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup("");
	return xstrndup(path, (size_t)(slash - path));
}

const char *
path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static char *
xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var), *home;

	if (v && v[0] == '/')
		return path_join(v, "stratus");
	home = getenv("HOME");
	if (!home || !*home)
		home = "/tmp";
	return xasprintf("%s/%s/stratus", home, fallback);
}

char *
xdg_cache_dir(void)
{
	return xdg_dir("XDG_CACHE_HOME", ".cache");
}

char *
vault_cache_file(const char *vault, const char *ext, char **cause)
{
	char *dir = xdg_cache_dir(), *file = NULL;

	if (mkdir_p(dir, cause) == 0)
		file = xasprintf("%s/%016llx.%s", dir,
		    (unsigned long long)hash64(vault, strlen(vault)), ext);
	free(dir);
	return file;
}

char *
xdg_config_dir(void)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *
self_dir(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	return path_dir(self);
}

const char *
data_dir(void)
{
	static char *dir;
	struct stat st;
	const char *env = getenv("STRATUS_DATADIR");
	char *bin;

	if (dir)
		return dir;
	if (env && *env)
		return dir = xstrdup(env);
	/* An installed binary in PREFIX/bin finds PREFIX/share/stratus. */
	if ((bin = self_dir()) != NULL) {
		char *prefix = path_dir(bin), *share;

		share = path_join(prefix, "share/stratus");
		free(bin);
		free(prefix);
		if (stat(share, &st) == 0 && S_ISDIR(st.st_mode))
			return dir = share;
		free(share);
	}
	if (stat(STRATUS_SRCDIR "/content", &st) == 0)
		return dir = xstrdup(STRATUS_SRCDIR);
	return dir = xstrdup(STRATUS_DATADIR);
}

uint64_t
hash64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

uint64_t
hash_mem(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (i < len) {
		w = 0;
		memcpy(&w, p + i, len - i);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

int
parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

long
env_int(const char *name, long min, long max, long dflt)
{
	long v;

	return parse_int(getenv(name), min, max, &v) == 0 ? v : dflt;
}

int
str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int
str_ends(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

char *
str_lower(const char *s)
{
	char *p = xstrdup(s), *q;

	for (q = p; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

int
str_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = tolower((unsigned char)*a);
		int cb = tolower((unsigned char)*b);

		if (ca != cb || !ca)
			return ca - cb;
	}
}

int
want_color(int fd)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	return isatty(fd);
}

double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

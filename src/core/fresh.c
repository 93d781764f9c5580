/* fresh.c: freshness served on a Unix socket beside the index (see
 * fresh.h): the client a command runs and the socket side of a server. */
#include "core/fresh.h"
#include "core/buf.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define FRESH_PROTO 1		/* bump on any change to the lines */
#define FRESH_LINE_MAX 8192	/* a request: a vault path and a little */
#define FRESH_READ_MS 500	/* a connected command sends at once */

struct fresh_server {
	int fd;			/* listening */
	int lock_fd;		/* <db>.serve, flocked */
	char *sock;		/* <db>.sock */
	char *want;		/* the request this index answers */
	dev_t dev;		/* of the database file served */
	ino_t ino;
	int valid;
};

/*
 * The address of the socket at path. A path too long for sun_path (108
 * bytes) goes through the folder open on *dirfd: /proc/self/fd/N/NAME.
 * 0, or -1 when it cannot be made.
 */
static int
sock_addr(const char *path, struct sockaddr_un *a, int *dirfd)
{
	char *dir, *name;
	int n;

	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	*dirfd = -1;
	if (strlen(path) < sizeof a->sun_path) {
		memcpy(a->sun_path, path, strlen(path) + 1);
		return 0;
	}
	dir = path_dir(path);
	*dirfd = open(*dir ? dir : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (*dirfd < 0)
		return -1;
	name = xasprintf("/proc/self/fd/%d/%s", *dirfd, path_base(path));
	n = (int)strlen(name);
	if ((size_t)n >= sizeof a->sun_path) {
		free(name);
		close(*dirfd);
		*dirfd = -1;
		return -1;
	}
	memcpy(a->sun_path, name, (size_t)n + 1);
	free(name);
	return 0;
}

/* The one request line that ix's server answers. */
static char *
request_line(struct index *ix)
{
	return xasprintf("stratus-fresh %d %d %s %s\n", FRESH_PROTO,
	    index_schema(), index_lang(ix), index_vault(ix));
}

/* Read a line of at most FRESH_LINE_MAX bytes from fd (non-blocking)
 * within ms. 0 and b filled (without '\n'), or -1. */
static int
read_line(int fd, struct buf *b, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	double end = now_seconds() + ms / 1000.0;
	char chunk[512], *nl;
	ssize_t n;
	int left;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n > 0) {
			buf_add(b, chunk, (size_t)n);
			if ((nl = memchr(b->ptr, '\n', b->len)) != NULL) {
				buf_truncate(b, (size_t)(nl - b->ptr));
				return 0;
			}
			if (b->len > FRESH_LINE_MAX)
				return -1;
			continue;
		}
		if (n == 0)
			return -1;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -1;
		left = (int)((end - now_seconds()) * 1000);
		if (left <= 0)
			return -1;
		if (poll(&p, 1, left) < 0 && errno != EINTR)
			return -1;
	}
}

/* Write all of s to fd (a socket: no SIGPIPE). 0 or -1. */
static int
write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = send(fd, s, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Is the process at the other end of fd our user? */
static int
same_user(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof cr;

	return getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 &&
	    cr.uid == geteuid();
}

static int
timeout_ms(int ms)
{
	if (ms > 0)
		return ms;
	return (int)env_int("STRATUS_FRESH_TIMEOUT_MS", 1, 3600000,
	    FRESH_TIMEOUT_MS);
}

int
fresh_ask(struct index *ix, int ms, struct fresh_reply *r, char **why)
{
	struct sockaddr_un a;
	struct buf b = BUF_INIT;
	char *sock = xasprintf("%s.sock", index_path(ix)), *req = NULL;
	const char *p;
	int fd = -1, dirfd = -1, rc = -1;

	memset(r, 0, sizeof *r);
	if (sock_addr(sock, &a, &dirfd) < 0) {
		fail(why, "%s: no address for it", sock);
		goto out;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fail(why, "socket: %s", strerror(errno));
		goto out;
	}
	/* never blocks: listening, refused (dead), or a full backlog */
	if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
		fail(why, "no watcher serves this index (%s)",
		    strerror(errno));
		goto out;
	}
	if (!same_user(fd)) {
		fail(why, "%s: served by another user", sock);
		goto out;
	}
	req = request_line(ix);
	if (write_all(fd, req, strlen(req)) < 0 ||
	    read_line(fd, &b, timeout_ms(ms)) < 0) {
		fail(why, "the watcher did not answer in time");
		goto out;
	}
	p = buf_str(&b);
	if (sscanf(p, "ok %ld %ld %ld %ld", &r->added, &r->changed,
	    &r->removed, &r->pid) == 4) {
		rc = 0;
		goto out;
	}
	fail(why, "the watcher said: %s", str_starts(p, "no ") ? p + 3 : p);
out:
	if (fd >= 0)
		close(fd);
	if (dirfd >= 0)
		close(dirfd);
	buf_free(&b);
	free(req);
	free(sock);
	return rc;
}

/* Take <db>.serve: 0 (and our pid written in it), 1 when another holds
 * it (*pid read from it), -1. */
static int
serve_lock(struct fresh_server *s, const char *db, long *pid, char **cause)
{
	char *p = xasprintf("%s.serve", db), num[32];
	ssize_t n;
	int len;

	s->lock_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lock_fd < 0) {
		fail(cause, "%s: %s", p, strerror(errno));
		free(p);
		return -1;
	}
	free(p);
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		n = pread(s->lock_fd, num, sizeof num - 1, 0);
		num[n > 0 ? n : 0] = '\0';
		num[strcspn(num, "\n")] = '\0';
		if (pid && parse_int(num, 1, 1L << 30, pid) < 0)
			*pid = 0;
		return 1;
	}
	len = snprintf(num, sizeof num, "%ld\n", (long)getpid());
	if (ftruncate(s->lock_fd, 0) < 0 ||
	    pwrite(s->lock_fd, num, (size_t)len, 0) < 0)
		return 0;	/* the pid is for messages only */
	return 0;
}

int
fresh_serve(struct index *ix, struct fresh_server **out, long *pid,
    char **cause)
{
	struct fresh_server *s = xcalloc(1, sizeof *s);
	struct sockaddr_un a;
	struct stat st;
	mode_t old;
	int rc, dirfd = -1;

	*out = NULL;
	if (pid)
		*pid = 0;
	s->fd = -1;
	if ((rc = serve_lock(s, index_path(ix), pid, cause)) != 0) {
		fresh_server_close(s);
		return rc;
	}
	s->sock = xasprintf("%s.sock", index_path(ix));
	if (stat(index_path(ix), &st) < 0) {
		fail(cause, "%s: %s", index_path(ix), strerror(errno));
		goto fail;
	}
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	s->valid = 1;
	s->want = request_line(ix);
	if (sock_addr(s->sock, &a, &dirfd) < 0) {
		fail(cause, "%s: no address for it", s->sock);
		goto fail;
	}
	/* the lock is ours: a socket there is a dead server's */
	unlink(s->sock);
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	old = umask(077);
	rc = s->fd < 0 ? -1 : bind(s->fd, (struct sockaddr *)&a, sizeof a);
	umask(old);
	if (dirfd >= 0)
		close(dirfd);
	if (rc < 0 || listen(s->fd, 64) < 0) {
		fail(cause, "%s: %s", s->sock, strerror(errno));
		goto fail;
	}
	*out = s;
	return 0;
fail:
	fresh_server_close(s);
	return -1;
}

void
fresh_server_close(struct fresh_server *s)
{
	if (!s)
		return;
	if (s->fd >= 0) {
		unlink(s->sock);
		close(s->fd);
	}
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s->sock);
	free(s->want);
	free(s);
}

int
fresh_server_fd(const struct fresh_server *s)
{
	return s ? s->fd : -1;
}

int
fresh_server_valid(struct fresh_server *s)
{
	struct stat st;

	if (s->valid && (stat(s->sock, &st) < 0 || !S_ISSOCK(st.st_mode)))
		s->valid = 0;	/* our socket was removed: nobody finds us */
	if (s->valid) {
		char *db = xstrndup(s->sock, strlen(s->sock) - 5);

		if (stat(db, &st) < 0 || st.st_dev != s->dev ||
		    st.st_ino != s->ino)
			s->valid = 0;
		free(db);
	}
	return s->valid;
}

int
fresh_accept(struct fresh_server *s)
{
	struct buf b = BUF_INIT;
	int fd;

	fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	if (!same_user(fd) || read_line(fd, &b, FRESH_READ_MS) < 0) {
		buf_free(&b);
		close(fd);
		return -1;
	}
	buf_addc(&b, '\n');
	if (strcmp(buf_str(&b), s->want) != 0) {
		buf_free(&b);
		fresh_answer(fd, NULL, "another vault, schema, language or "
		    "version");
		return -1;
	}
	buf_free(&b);
	if (!fresh_server_valid(s)) {
		fresh_answer(fd, NULL, "the index was rebuilt by another "
		    "stratus");
		return -1;
	}
	return fd;
}

void
fresh_answer(int fd, const struct index_stats *st, const char *why)
{
	char *line;

	if (fd < 0)
		return;
	if (st)
		line = xasprintf("ok %ld %ld %ld %ld\n", st->added,
		    st->changed, st->removed, (long)getpid());
	else
		line = xasprintf("no %s\n", why ? why : "cannot");
	write_all(fd, line, strlen(line));
	free(line);
	close(fd);
}

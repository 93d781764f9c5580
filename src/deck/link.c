/*
 * link.c: the presentation link (see link.h): one Unix stream socket per
 * deck, a hub that relays "pos" lines between every window presenting
 * it, and a takeover when the hub quits.
 */
#include "deck/link.h"
#include "core/buf.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

struct peer {
	int fd;
	struct buf in;
};

struct link {
	char *path;
	int hub;		/* listening */
	int fd;			/* the listener, or the connection to the hub */
	struct buf in;		/* partial line from the hub */
	struct peer peers[LINK_MAX_FDS - 1];
	int npeers;
};

static int
private_dir(const char *dir, char **cause)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return fail(cause, "%s: %s", dir, strerror(errno));
	if (lstat(dir, &st) < 0)
		return fail(cause, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() ||
	    (st.st_mode & 077) != 0)
		return fail(cause, "%s: not a private folder of ours; remove "
		    "it", dir);
	return 0;
}

char *
link_path(const char *deck_path, char **cause)
{
	const char *rt = getenv("XDG_RUNTIME_DIR");
	char *real = path_real(deck_path), *dir, *p;
	uint64_t h;

	if (!real)
		real = xstrdup(deck_path);
	h = hash64(real, strlen(real));
	free(real);
	if (rt && rt[0] == '/')
		dir = path_join(rt, "stratus");
	else
		dir = xasprintf("/tmp/stratus-%ld", (long)getuid());
	if (private_dir(dir, cause) < 0) {
		free(dir);
		return NULL;
	}
	p = xasprintf("%s/present-%016" PRIx64 ".sock", dir, h);
	free(dir);
	if (strlen(p) >= sizeof ((struct sockaddr_un *)0)->sun_path) {
		fail(cause, "%s: socket path too long; set XDG_RUNTIME_DIR "
		    "to a shorter folder", p);
		free(p);
		return NULL;
	}
	return p;
}

static int
sock_addr(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, path, strlen(path) + 1);
	return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
}

/* Connect to a hub, else become it. */
static int
join(struct link *l, char **cause)
{
	struct sockaddr_un sa;
	int fd, tries;

	for (tries = 0; tries < 3; tries++) {
		if ((fd = sock_addr(l->path, &sa)) < 0)
			return fail(cause, "socket: %s", strerror(errno));
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
			l->fd = fd;
			l->hub = 0;
			if (write(fd, "hello\n", 6) < 0) {
				close(fd);
				l->fd = -1;
				continue;
			}
			return 0;
		}
		if (errno == ECONNREFUSED)
			unlink(l->path);	/* a hub that died */
		if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
		    listen(fd, 8) == 0) {
			chmod(l->path, 0600);
			l->fd = fd;
			l->hub = 1;
			return 0;
		}
		close(fd);
	}
	return fail(cause, "%s: cannot connect or listen", l->path);
}

int
link_open(const char *deck_path, struct link **out, char **cause)
{
	struct link *l = xcalloc(1, sizeof *l);

	l->fd = -1;
	if (!(l->path = link_path(deck_path, cause)) || join(l, cause) < 0) {
		free(l->path);
		free(l);
		return -1;
	}
	*out = l;
	return 0;
}

static void
drop_peer(struct link *l, int i)
{
	close(l->peers[i].fd);
	buf_free(&l->peers[i].in);
	l->peers[i] = l->peers[--l->npeers];
}

void
link_close(struct link *l)
{
	if (!l)
		return;
	while (l->npeers > 0)
		drop_peer(l, 0);
	if (l->fd >= 0) {
		close(l->fd);
		if (l->hub)
			unlink(l->path);
	}
	buf_free(&l->in);
	free(l->path);
	free(l);
}

int
link_is_hub(const struct link *l)
{
	return l->hub;
}

int
link_pollfds(const struct link *l, struct pollfd *pfds)
{
	int i, n = 0;

	pfds[n].fd = l->fd;
	pfds[n].events = POLLIN;
	pfds[n++].revents = 0;
	for (i = 0; i < l->npeers; i++) {
		pfds[n].fd = l->peers[i].fd;
		pfds[n].events = POLLIN;
		pfds[n++].revents = 0;
	}
	return n;
}

static void
send_line(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;		/* a stuck peer misses a move */
		s += k;
		n -= (size_t)k;
	}
}

static void
format(struct buf *b, const struct link_pos *p)
{
	buf_printf(b, "pos %ld %d %.3f\n", p->slide, p->step, p->t0);
}

void
link_send(struct link *l, const struct link_pos *pos)
{
	struct buf b = BUF_INIT;
	int i;

	format(&b, pos);
	if (!l->hub)
		send_line(l->fd, b.ptr, b.len);
	else
		for (i = 0; i < l->npeers; i++)
			send_line(l->peers[i].fd, b.ptr, b.len);
	buf_free(&b);
}

/* Take the complete lines out of in; handle each. Returns 1 when one
 * was a move (into *pos). from: the peer index it came from, -1 hub. */
static int
lines(struct link *l, struct buf *in, int from, const struct link_pos *mine,
    struct link_pos *pos)
{
	char *nl, *line = in->ptr;
	int moved = 0, i;

	while (line && (nl = memchr(line, '\n', in->len - (size_t)(line -
	    in->ptr)))) {
		struct link_pos p;

		*nl = '\0';
		if (strcmp(line, "hello") == 0 && l->hub && from >= 0) {
			struct buf b = BUF_INIT;

			format(&b, mine);
			send_line(l->peers[from].fd, b.ptr, b.len);
			buf_free(&b);
		} else if (sscanf(line, "pos %ld %d %lf", &p.slide, &p.step,
		    &p.t0) == 3 && p.slide >= 0 && p.step >= 0) {
			*pos = p;
			moved = 1;
			if (l->hub) {	/* relay to the others */
				*nl = '\n';
				for (i = 0; i < l->npeers; i++)
					if (i != from)
						send_line(l->peers[i].fd, line,
						    (size_t)(nl - line + 1));
			}
		}
		line = nl + 1;
	}
	if (line) {
		size_t rest = in->len - (size_t)(line - in->ptr);

		memmove(in->ptr, line, rest);
		buf_truncate(in, rest);
	}
	return moved;
}

static int
read_into(int fd, struct buf *in)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0)
			return -1;
		buf_add(in, chunk, (size_t)n);
		if (in->len > 65536)
			return -1;	/* no line is that long */
	}
}

int
link_service(struct link *l, const struct pollfd *pfds, int n,
    const struct link_pos *mine, struct link_pos *pos)
{
	int i, moved = 0, fd;

	if (n > 0 && (pfds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
		if (l->hub) {
			fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
			if (fd >= 0 && l->npeers < LINK_MAX_FDS - 1) {
				memset(&l->peers[l->npeers], 0,
				    sizeof l->peers[0]);
				l->peers[l->npeers++].fd = fd;
			} else if (fd >= 0) {
				close(fd);
			}
		} else if (read_into(l->fd, &l->in) < 0) {
			/* the hub went away: take over */
			close(l->fd);
			l->fd = -1;
			buf_reset(&l->in);
			if (join(l, NULL) < 0)
				l->fd = -1;
			else if (!l->hub)
				return 0;
		} else {
			moved |= lines(l, &l->in, -1, mine, pos);
		}
	}
	/* peers, from the last so that a drop does not skip one */
	for (i = n - 1; i >= 1 && l->hub; i--) {
		int k;

		for (k = 0; k < l->npeers; k++)
			if (l->peers[k].fd == pfds[i].fd)
				break;
		if (k == l->npeers || !(pfds[i].revents & (POLLIN | POLLHUP |
		    POLLERR)))
			continue;
		if (read_into(l->peers[k].fd, &l->peers[k].in) < 0) {
			moved |= lines(l, &l->peers[k].in, k, mine, pos);
			drop_peer(l, k);
			continue;
		}
		moved |= lines(l, &l->peers[k].in, k, mine, pos);
	}
	return moved;
}

/* notepart.c: a note's body read a part at a time (see notepart.h). */
#include "core/notepart.h"
#include "core/frontmatter.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Frontmatter is looked for in the first NOTEPART_HEAD bytes (the
 * reader refuses more than 4 MiB of it). */
#define NOTEPART_HEAD ((size_t)5 << 20)

/* Read up to n bytes at off into a new NUL-terminated string. */
static char *
read_at(int fd, off_t off, size_t n, size_t *got)
{
	char *p = xmalloc(n + 1);
	ssize_t r;

	*got = 0;
	while (*got < n) {
		r = pread(fd, p + *got, n - *got, off + (off_t)*got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		*got += (size_t)r;
	}
	p[*got] = '\0';
	return p;
}

/*
 * Where the part that starts at start ends: the end of the file when the
 * rest fits in NOTEPART_SIZE, else after the last blank line (else line
 * break, else whole character) in the second half of those bytes.
 */
static off_t
part_end(int fd, off_t start, off_t size)
{
	size_t got, i, cut = 0;
	char *b;

	if (size - start <= NOTEPART_SIZE)
		return size;
	b = read_at(fd, start, (size_t)NOTEPART_SIZE, &got);
	for (i = got; i > got / 2 && !cut; i--)
		if (b[i - 1] == '\n' && i >= 2 && b[i - 2] == '\n')
			cut = i;
	for (i = got; i > got / 2 && !cut; i--)
		if (b[i - 1] == '\n')
			cut = i;
	if (!cut)
		for (cut = got; cut > 1 && ((unsigned char)b[cut] & 0xc0) ==
		    0x80; cut--)
			;
	free(b);
	return start + (off_t)(cut ? cut : got);
}

int
notepart_read(const char *path, long part, struct notepart *p, char **cause)
{
	size_t got, yoff, ylen, boff = 0;
	off_t start, end;
	struct stat st;
	long k;
	char *head;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fail(cause, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(p, 0, sizeof *p);
	p->size = st.st_size;
	p->part = part;
	head = read_at(fd, 0, st.st_size < (off_t)NOTEPART_HEAD ?
	    (size_t)st.st_size : NOTEPART_HEAD, &got);
	if (fm_locate(head, got, &yoff, &ylen, &boff) == 0)
		boff = 0;
	free(head);
	start = (off_t)boff;
	end = part_end(fd, start, st.st_size);
	for (k = 1; k < part && end < st.st_size; k++) {
		start = end;
		end = part_end(fd, start, st.st_size);
	}
	if (k < part) {
		close(fd);
		return fail(cause, "%s has %ld part%s", path, k,
		    k == 1 ? "" : "s");
	}
	p->data = read_at(fd, start, (size_t)(end - start), &p->len);
	p->last = end >= st.st_size;
	close(fd);
	return 0;
}


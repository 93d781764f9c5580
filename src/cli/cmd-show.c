/*
 * cmd-show.c: `stratus show [--width N] [--part N] NOTE`, a note rendered
 * to stdout. A note larger than SHOW_PART is shown a part at a time (a
 * 100 MB note took 34 s and 821 MB at once): only that part is read and
 * rendered, with a notice naming the next.
 */
#include "cli/cli.h"
#include "core/frontmatter.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "render/render.h"
#include "render/theme.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* The note's own outgoing links, as the index resolved them. */
struct show_links {
	struct linkrow *rows;
	size_t n;
};

static int
show_resolve(void *arg, const char *target)
{
	const struct show_links *l = arg;
	size_t i, tlen;
	const char *hash = strchr(target, '#');

	tlen = hash ? (size_t)(hash - target) : strlen(target);
	if (tlen == 0)
		return 1;	/* [[#Heading]]: this note */
	for (i = 0; i < l->n; i++) {
		const char *t = l->rows[i].target;

		if (strlen(t) == tlen && strncmp(t, target, tlen) == 0)
			return l->rows[i].resolved;
	}
	return 1;
}

static int
terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) &&
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Bytes of the body rendered at once; frontmatter looked for in the first
 * SHOW_HEAD bytes (the reader refuses more than 4 MiB of it). */
#define SHOW_PART ((off_t)1 << 20)
#define SHOW_HEAD ((size_t)5 << 20)

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
 * rest fits in SHOW_PART, else after the last blank line (else line break,
 * else whole character) in the second half of the SHOW_PART bytes.
 */
static off_t
part_end(int fd, off_t start, off_t size)
{
	size_t got, i, cut = 0;
	char *p;

	if (size - start <= SHOW_PART)
		return size;
	p = read_at(fd, start, (size_t)SHOW_PART, &got);
	for (i = got; i > got / 2 && !cut; i--)
		if (p[i - 1] == '\n' && i >= 2 && p[i - 2] == '\n')
			cut = i;
	for (i = got; i > got / 2 && !cut; i--)
		if (p[i - 1] == '\n')
			cut = i;
	if (!cut)
		for (cut = got; cut > 1 && ((unsigned char)p[cut] & 0xc0) ==
		    0x80; cut--)
			;
	free(p);
	return start + (off_t)(cut ? cut : got);
}

/*
 * Read part `part` (from 1) of the body of the note file at abs into
 * *data (*len bytes); *last says whether it is the last part, *size is
 * the file's size. Returns 0, or -1
 * with *cause (also when the note has fewer parts).
 */
static int
read_part(const char *abs, long part, char **data, size_t *len,
    int *last, off_t *size, char **cause)
{
	size_t got, yoff, ylen, boff = 0;
	off_t start, end;
	struct stat st;
	long k;
	char *head;
	int fd = open(abs, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fail(cause, "%s: %s", abs, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*size = st.st_size;
	head = read_at(fd, 0, st.st_size < (off_t)SHOW_HEAD ?
	    (size_t)st.st_size : SHOW_HEAD, &got);
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
		return fail(cause, "%s has %ld part%s", abs, k,
		    k == 1 ? "" : "s");
	}
	*data = read_at(fd, start, (size_t)(end - start), len);
	*last = end >= st.st_size;
	close(fd);
	return 0;
}

static int
show_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"width", required_argument, NULL, 'w'},
		{"part", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	struct show_links links = {0};
	struct render_opts ro = {0};
	struct doc d = {0};
	struct rdoc *rd;
	struct theme *theme;
	struct buf out = BUF_INIT;
	size_t len;
	char *cause = NULL, *data = NULL, *abs;
	long width = 0, part = 1;
	int ch, rc, last = 1;
	off_t size = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "w:p:", opts, NULL)) != -1) {
		if (ch == 'p') {
			if (parse_int(optarg, 1, 1000000, &part) < 0)
				return cli_usage(&cmd_show, "--part takes a "
				    "number from 1");
		} else if (ch != 'w' || parse_int(optarg, 20, 1000,
		    &width) < 0)
			return cli_usage(&cmd_show,
			    "--width takes a number from 20 to 1000");
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_show, "which note?");
	if ((rc = cli_index(c)) != 0)
		return rc;
	if ((rc = cli_note(c, argv[optind], &d)) != 0)
		return rc;
	abs = path_join(c->vault, d.path);
	if (read_part(abs, part, &data, &len, &last, &size, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		free(abs);
		doc_clear(&d);
		return part > 1 ? EXIT_PROBLEMS : EXIT_RUNTIME;
	}
	index_links(c->ix, d.id, &links.rows, &links.n);
	ro.width = width ? (int)width : terminal_width();
	ro.resolve = show_resolve;
	ro.arg = &links;
	rd = render_markdown(data, len, &ro);
	/* Styled only on a terminal (the theme keeps to bold, underline and
	 * the like under NO_COLOR); piped, the text is plain. */
	theme = isatty(STDOUT_FILENO) ? cli_load_theme(c) : NULL;
	rdoc_write(rd, &out, theme);
	theme_free(theme);
	fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);
	if (!last)
		printf("\n[part %ld of a %.1f MB note; the next: stratus show "
		    "--part %ld %s]\n", part, (double)size / 1e6, part + 1,
		    safe_name(argv[optind]));
	else if (part > 1)
		printf("\n[part %ld, the last, of a %.1f MB note]\n", part,
		    (double)size / 1e6);
	rdoc_free(rd);
	buf_free(&out);
	linkrows_free(links.rows, links.n);
	free(data);
	free(abs);
	doc_clear(&d);
	return EXIT_OK;
}

const struct command cmd_show = {
	.name = "show",
	.usage = "show [--width N] [--part N] NOTE",
	.summary = "a note rendered to stdout (colour only on a terminal)",
	.help =
	    "NOTE is a path, slug, title or alias, found the way a\n"
	    "[[wikilink]] would be. Piped, the output is plain text with\n"
	    "headings, lists, tables and code laid out.\n\n"
	    "options:\n"
	    "  --width N   wrap at N columns (default: the terminal, or 80)\n"
	    "  --part N    of a note over 1 MiB, part N (each about 1 MiB,\n"
	    "              cut at a blank line); part 1 is the default\n\n"
	    "examples:\n"
	    "  stratus show serverless\n"
	    "  stratus show 'Cold starts' | less -R\n",
	.exec = show_exec,
};

/*
 * cmd-show.c: `stratus show [--width N] [--part N] NOTE`, a note rendered
 * to stdout. A note larger than a part (core/notepart.h) is shown a part
 * at a time, with a notice naming the next.
 */
#include "cli/cli.h"
#include "core/notepart.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "render/embed.h"
#include "render/render.h"
#include "render/theme.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The note's own link targets (index_link_targets(): sorted, each once)
 * for a binary search: a note of 50,000 links took 16 s looking each up
 * in a list. */
struct show_links {
	struct linktarget *t;
	size_t n;
};

/* Is the first link to target (up to a '#') resolved? Unknown: yes. */
static int
show_resolve(void *arg, const char *target)
{
	const struct show_links *l = arg;
	const char *hash = strchr(target, '#');
	size_t tlen = hash ? (size_t)(hash - target) : strlen(target);
	size_t lo = 0, hi = l->n;

	if (tlen == 0)
		return 1;	/* [[#Heading]]: this note */
	/* the first entry not below target[0..tlen) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strncmp(l->t[mid].target, target, tlen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < l->n && strncmp(l->t[lo].target, target, tlen) == 0 &&
	    l->t[lo].target[tlen] == '\0')
		return l->t[lo].resolved;
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
	struct embed_src es = {0};
	struct doc d = {0};
	struct rdoc *rd;
	struct theme *theme;
	struct buf out = BUF_INIT;
	struct notepart np;
	char *cause = NULL, *abs;
	long width = 0, part = 1;
	int ch, rc;

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
	if (notepart_read(abs, part, &np, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		free(abs);
		doc_clear(&d);
		return part > 1 ? EXIT_PROBLEMS : EXIT_RUNTIME;
	}
	index_link_targets(c->ix, d.id, &links.t, &links.n);
	ro.width = width ? (int)width : terminal_width();
	ro.resolve = show_resolve;
	ro.arg = &links;
	es.ix = c->ix;
	es.vault = c->vault;
	es.lang = d.lang;
	ro.embed = embed_note;
	ro.embed_arg = &es;
	rd = render_markdown(np.data, np.len, &ro);
	/* Styled only on a terminal (the theme keeps to bold, underline and
	 * the like under NO_COLOR); piped, the text is plain. */
	theme = isatty(STDOUT_FILENO) ? cli_load_theme(c) : NULL;
	rdoc_write(rd, &out, theme);
	theme_free(theme);
	fwrite(out.ptr ? out.ptr : "", 1, out.len, stdout);
	if (!np.last)
		printf("\n[part %ld of a %.1f MB note; the next: stratus show "
		    "--part %ld %s]\n", part, (double)np.size / 1e6, part + 1,
		    safe_name(argv[optind]));
	else if (part > 1)
		printf("\n[part %ld, the last, of a %.1f MB note]\n", part,
		    (double)np.size / 1e6);
	rdoc_free(rd);
	buf_free(&out);
	linktargets_free(links.t, links.n);
	free(np.data);
	free(abs);
	doc_clear(&d);
	return EXIT_OK;
}

const struct command cmd_show = {
	.name = "show",
	.usage = "show [--width N] [--part N] NOTE",
	.summary = "a note rendered to stdout (colour only on a terminal)",
	.help =
	    "NOTE is a vault path (with or without extension: osx/route),\n"
	    "slug, title or alias, found the way a [[wikilink]] would be;\n"
	    "a name several notes answer to lists them (status 1). Piped,\n"
	    "the output is plain text with headings, lists, tables and\n"
	    "code laid out. Obsidian's syntax is read: callouts (folded\n"
	    "ones show their title), embeds ![[note#Heading]] shown inline\n"
	    "in a frame, ==highlights==; %%comments%% and ^block ids are\n"
	    "hidden.\n\n"
	    "options:\n"
	    "  --width N   wrap at N columns (default: the terminal, or 80)\n"
	    "  --part N    of a note over 1 MiB, part N (each about 1 MiB,\n"
	    "              cut at a blank line); part 1 is the default\n\n"
	    "examples:\n"
	    "  stratus show serverless\n"
	    "  stratus show 'Cold starts' | less -R\n",
	.exec = show_exec,
};

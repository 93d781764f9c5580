/*
 * cmd-deck.c: `stratus deck print [--width W] [--height H] DECK`, every
 * step of every slide as plain text (frames separated by form feeds),
 * the handout form; and `stratus deck check DECK...`, the deck checks of
 * `stratus check` for given files.
 */
#include "cli/cli.h"
#include "core/util.h"
#include "deck/check.h"
#include "deck/deck.h"
#include "deck/frame.h"
#include "render/width.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
deck_print(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"width", required_argument, NULL, 'w'},
		{"height", required_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	struct frame_opts o;
	struct buf out = BUF_INIT;
	struct deck *d;
	char *dpath = NULL;
	struct slide_frame f;
	long w = 80, h = 24;
	size_t i;
	int ch, step, first = 1, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "w:H:", opts, NULL)) != -1) {
		if (ch == 'w' && parse_int(optarg, FRAME_MIN_W, 1000, &w) == 0)
			continue;
		if (ch == 'H' && parse_int(optarg, FRAME_MIN_H, 1000, &h) == 0)
			continue;
		return cli_usage(&cmd_deck, "--width takes 20 to 1000 and "
		    "--height 6 to 1000");
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_deck, "deck print takes one DECK");
	if ((rc = cli_deck_path(c, argv[optind], &dpath)) != 0)
		return rc;
	rc = cli_load_deck(dpath, &d);
	free(dpath);
	if (rc != 0)
		return rc;
	memset(&o, 0, sizeof o);
	o.width = (int)w;
	o.height = (int)h;
	o.elapsed = -1;
	for (i = 0; i < d->nslides; i++) {
		if (d->slides[i].hidden)
			continue;
		for (step = 0; step < d->slides[i].nsteps; step++) {
			if (!first)
				buf_addc(&out, '\f');
			first = 0;
			slide_frame_compose(d, i, step, &o, &f);
			slide_frame_write(&f, &out);
			slide_frame_clear(&f);
			if (out.len > 1 << 20) {
				fwrite(out.ptr, 1, out.len, stdout);
				buf_reset(&out);
			}
		}
	}
	fwrite(buf_str(&out), 1, out.len, stdout);
	buf_free(&out);
	deck_free(d);
	return EXIT_OK;
}

static int
deck_checks(int argc, char **argv)
{
	char **problems = NULL, *cause = NULL;
	size_t n = 0, i;
	int k, rc = EXIT_OK;

	if (argc < 2)
		return cli_usage(&cmd_deck, "deck check takes one DECK or more");
	for (k = 1; k < argc; k++)
		if (deck_check(argv[k], &problems, &n, &cause) < 0) {
			errmsg("%s", cause);
			free(cause);
			cause = NULL;
			rc = EXIT_RUNTIME;
		}
	for (i = 0; i < n; i++) {
		printf("%s\n", problems[i]);
		free(problems[i]);
	}
	free(problems);
	if (rc == EXIT_OK && n > 0)
		rc = EXIT_PROBLEMS;
	return rc;
}

static int
deck_exec(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage(&cmd_deck, "print or check?");
	if (strcmp(argv[1], "print") == 0)
		return deck_print(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return deck_checks(argc - 1, argv + 1);
	return cli_usage(&cmd_deck, "unknown deck command '%s'", argv[1]);
}

const struct command cmd_deck = {
	.name = "deck",
	.usage = "deck print [--width W] [--height H] DECK | deck check DECK...",
	.summary = "a deck's frames as text, or its problems",
	.help =
	    "deck print writes every step of every slide as plain text, the\n"
	    "frames separated by form feeds (a handout; the same frames the\n"
	    "presenter draws).\n\n"
	    "  --width W    columns of a frame (default 80)\n"
	    "  --height H   rows of a frame (default 24)\n\n"
	    "deck check reports unknown layouts, unclosed fences, comments and\n"
	    "components, broken imports and slides that overflow 80x24;\n"
	    "exit 1 when there is any.\n\n"
	    "  stratus deck print --width 100 --height 30 talk.md | less\n"
	    "See stratus-present(1).\n",
	.exec = deck_exec,
};

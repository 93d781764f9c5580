/*
 * cmd-present.c: `stratus present [--presenter] [--start N] [DECK]`, a
 * deck full-screen (default: the bundled talk), or its presenter view.
 */
#include "cli/cli.h"
#include "core/util.h"
#include "deck/deck.h"
#include "deck/present.h"
#include "render/theme.h"
#include "render/width.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int
present_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"presenter", no_argument, NULL, 'p'},
		{"start", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	struct present_opts o = {0};
	struct theme *theme = NULL;
	char *cause = NULL, *path = NULL;
	int ch, rc = EXIT_OK;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "ps:", opts, NULL)) != -1) {
		if (ch == 'p')
			o.presenter = 1;
		else if (ch == 's' && parse_int(optarg, 1, 100000, &o.start) == 0)
			continue;
		else
			return cli_usage(&cmd_present, "--start takes a slide "
			    "number from 1");
	}
	if (argc - optind > 1)
		return cli_usage(&cmd_present, "one DECK at most");
	if ((rc = cli_check_theme(c)) != 0)
		return rc;
	if (optind >= argc)
		path = deck_default_path();
	else if ((rc = cli_deck_path(c, argv[optind], &path)) != 0)
		return rc;
	o.path = path;
	theme = cli_load_theme(c);
	o.theme = theme;
	if (present_run(&o, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		rc = EXIT_RUNTIME;
	}
	theme_free(theme);
	free(path);
	return rc;
}

const struct command cmd_present = {
	.name = "present",
	.usage = "present [--presenter] [--start N] [DECK|NOTE]",
	.summary = "present a slide deck full-screen",
	.help =
	    "Presents DECK (Slidev, presenterm or mdp Markdown; default: the\n"
	    "bundled talk slides/serverless-first.md) full-screen. A NOTE of\n"
	    "the vault (path, slug, title or alias) is shown as slides: its\n"
	    "title and summary, then a slide per ## section.\n\n"
	    "  --presenter  the presenter view: current slide, next step,\n"
	    "               notes, timers. It follows and drives every other\n"
	    "               window presenting the same deck.\n"
	    "  --start N    begin on slide N\n\n"
	    "Keys: Space/Right next step, Left previous, Down/Up next/previous\n"
	    "slide, g/G first/last, a number then Enter jumps, o overview,\n"
	    "/ search, r reload, b blank, t timer, ? help, q quit.\n"
	    "Saving the deck file reloads it in place.\n\n"
	    "See stratus-present(1).\n",
	.exec = present_exec,
};

/*
 * cmd-export.c: `stratus export --html FILE DECK`, the deck as one
 * self-contained HTML file, and `stratus export --pdf FILE [--steps]
 * DECK`, a PDF of its frames (see deck/export.h).
 */
#include "cli/cli.h"
#include "core/util.h"
#include "deck/deck.h"
#include "deck/export.h"
#include "render/theme.h"
#include "render/width.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int
export_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"html", required_argument, NULL, 'o'},
		{"pdf", required_argument, NULL, 'p'},
		{"steps", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	struct buf out = BUF_INIT;
	struct theme *theme = NULL;
	struct deck *d;
	char *dpath = NULL;
	const char *html = NULL, *pdf = NULL;
	char *cause = NULL;
	int ch, rc, steps = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:p:s", opts, NULL)) != -1) {
		if (ch == 'o')
			html = optarg;
		else if (ch == 'p')
			pdf = optarg;
		else if (ch == 's')
			steps = 1;
		else
			return cli_usage(&cmd_export, "unknown option");
	}
	if (!html && !pdf)
		return cli_usage(&cmd_export, "--html FILE or --pdf FILE is "
		    "needed");
	if (optind != argc - 1)
		return cli_usage(&cmd_export, "export takes one DECK");
	if ((rc = cli_deck_path(c, argv[optind], &dpath)) != 0)
		return rc;
	rc = cli_load_deck(dpath, &d);
	free(dpath);
	if (rc != 0)
		return rc;
	theme = cli_load_theme(c);
	if (html) {
		deck_export_html(d, theme, EXPORT_WIDTH, EXPORT_HEIGHT, &out);
		if (write_file_atomic(html, out.ptr, out.len, &cause) < 0) {
			errmsg("%s", cause);
			free(cause);
			cause = NULL;
			rc = EXIT_RUNTIME;
		}
		cli_media_warn();
	}
	if (pdf && deck_export_pdf(d, theme, EXPORT_WIDTH, EXPORT_HEIGHT,
	    steps, pdf, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		rc = EXIT_RUNTIME;
	}
	buf_free(&out);
	theme_free(theme);
	deck_free(d);
	return rc;
}

const struct command cmd_export = {
	.name = "export",
	.usage = "export (--html FILE | --pdf FILE [--steps]) DECK",
	.summary = "a deck as one self-contained HTML file or a PDF",
	.help =
	    "Writes every step of every slide of DECK to FILE as HTML: inline\n"
	    "CSS and script, nothing fetched from the network. In a browser,\n"
	    "arrow keys and Space navigate, n shows the presenter notes, and\n"
	    "printing gives one slide per page (print to PDF for a handout).\n\n"
	    "  --html FILE  where to write (replaced atomically)\n"
	    "  --pdf FILE   a PDF instead (or as well): one page per slide at\n"
	    "               its last step, the frames the terminal shows, in\n"
	    "               the theme's colours, pictures included\n"
	    "  --steps      with --pdf: a page for every step\n\n"
	    "  stratus export --html talk.html slides/serverless-first.md\n"
	    "  stratus export --pdf talk.pdf slides/serverless-first.md\n"
	    "See stratus-present(1).\n",
	.exec = export_exec,
};

/* cmd-index.c: `stratus index [--full]`, bring the index up to date. */
#include "cli/cli.h"
#include "core/fresh.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int
index_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"full", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	struct index_opts o = {0};
	struct index_stats st = {0};
	struct fresh_reply r;
	char *cause = NULL;
	int ch, full = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "f", opts, NULL)) != -1) {
		if (ch != 'f')
			return cli_usage(&cmd_index, "bad option");
		full = 1;
	}
	if (optind != argc)
		return cli_usage(&cmd_index, "no arguments expected");
	if ((rc = cli_vault(c)) != 0)
		return rc;
	o.vault = c->vault;
	o.default_lang = config_get(c->cfg, "core", "lang");
	o.progress = -1;
	if (index_open(&o, &c->ix, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	if (!full && fresh_ask(c->ix, 0, &r, NULL) == 0) {
		printf("%s: up to date, kept so by stratus (pid %ld): "
		    "%ld added, %ld changed, %ld removed\n",
		    safe_name(c->vault), r.pid, r.added, r.changed,
		    r.removed);
		return EXIT_OK;
	}
	if (index_update(c->ix, full, &st, &cause) < 0) {
		errmsg("%s", cause ? cause : "indexing failed");
		free(cause);
		return EXIT_RUNTIME;
	}
	printf("%s: %ld notes; %ld added, %ld changed, %ld removed, "
	    "%ld unchanged", safe_name(c->vault), st.files, st.added, st.changed,
	    st.removed, st.unchanged);
	if (st.warnings)
		printf(", %ld warning%s", st.warnings,
		    st.warnings == 1 ? "" : "s");
	printf(" (%.3f s)\n", st.seconds);
	return EXIT_OK;
}

const struct command cmd_index = {
	.name = "index",
	.usage = "index [--full]",
	.summary = "bring the index up to date and say what changed",
	.help =
	    "The index is a cache of the vault in SQLite (under\n"
	    "$XDG_CACHE_HOME/stratus/). Every command updates it before it\n"
	    "answers, so this is only needed to see what changed or to\n"
	    "rebuild. While stratus watch (or the explorer) keeps the index\n"
	    "fresh, it is asked instead of walking the vault, and this says\n"
	    "what it applied.\n\n"
	    "options:\n"
	    "  --full   re-read every file, not only changed ones\n\n"
	    "example:\n"
	    "  stratus index --full\n",
	.exec = index_exec,
};

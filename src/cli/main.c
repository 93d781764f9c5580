/*
 * main.c: stratus's entry point. Global options, then one subcommand from
 * the table below (each lives in src/cli/cmd-NAME.c).
 */
#include "cli/cli.h"
#include "core/util.h"
#include "core/vault.h"
#include "render/width.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct command *const cli_commands[] = {
	&cmd_index, &cmd_search, &cmd_show, &cmd_links, &cmd_backlinks,
	&cmd_graph, &cmd_tags, &cmd_check, &cmd_init, &cmd_explore,
	&cmd_present, &cmd_deck, &cmd_export, &cmd_sync, &cmd_new,
	&cmd_capture, &cmd_mv, &cmd_watch, &cmd_related, NULL,
};

/* What `stratus` with no command runs. */
static const char *default_command = "explore";

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: stratus [--vault DIR] [--theme NAME] "
	    "[COMMAND [ARGS]]\n\n"
	    "A terminal explorer, presenter and sync client for a Markdown "
	    "knowledge base.\n\ncommands:\n");
	for (i = 0; cli_commands[i]; i++)
		fprintf(f, "  %-10s %s\n", cli_commands[i]->name,
		    cli_commands[i]->summary);
	fprintf(f, "\noptions:\n"
	    "  --vault DIR    the notes (default: $STRATUS_VAULT, the config,"
	    " then the\n                 bundled notes)\n"
	    "  --theme NAME   dark, light, high-contrast or your own "
	    "(default: dark)\n"
	    "  --version      print the version\n"
	    "  --help         this text; `stratus COMMAND --help` for "
	    "one command\n\n"
	    "See stratus(1).\n");
}

static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli c = {0};
	const struct command *cmd;
	char *cause = NULL, *fallback[] = {NULL, NULL};
	int i, rc;

	setlocale(LC_ALL, "");
	/* Display widths need a UTF-8 LC_CTYPE, C.UTF-8 when the user's
	 * locale is not one: notes are UTF-8 whatever the terminal says. */
	width_locale_init();
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--version") == 0) {
			printf("stratus %s\n", STRATUS_VERSION);
			return EXIT_OK;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--vault") == 0 && i + 1 < argc) {
			c.vault_arg = argv[++i];
		} else if (str_starts(a, "--vault=")) {
			c.vault_arg = a + 8;
		} else if (strcmp(a, "--theme") == 0 && i + 1 < argc) {
			c.theme_arg = argv[++i];
		} else if (str_starts(a, "--theme=")) {
			c.theme_arg = a + 8;
		} else {
			fprintf(stderr, "stratus: unknown option %s\n", a);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i < argc) {
		cmd = cli_find(argv[i]);
		if (!cmd) {
			fprintf(stderr, "stratus: unknown command '%s' "
			    "(see stratus --help)\n", argv[i]);
			return EXIT_USAGE;
		}
		argc -= i;
		argv += i;
	} else {
		cmd = cli_find(default_command);
		fallback[0] = (char *)cmd->name;
		argc = 1;
		argv = fallback;
	}
	if (wants_help(argc, argv)) {
		cli_help(cmd);
		return EXIT_OK;
	}
	if (config_load(NULL, &c.cfg, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	vault_follow_external(config_bool(c.cfg, "core",
	    "follow_external_links"));
	rc = cmd->exec(&c, argc, argv);
	index_close(c.ix);
	config_free(c.cfg);
	free(c.vault);
	fflush(stdout);
	return rc;
}

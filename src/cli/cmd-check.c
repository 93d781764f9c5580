/*
 * cmd-check.c: `stratus check [--json]`: broken and ambiguous links,
 * orphans, frontmatter errors and bad files. Exit 1 when any.
 */
#include "cli/cli.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const problem_names[] = {
	[PROB_BROKEN] = "broken-link", [PROB_AMBIGUOUS] = "ambiguous-link",
	[PROB_ORPHAN] = "orphan", [PROB_FRONTMATTER] = "frontmatter",
	[PROB_FILE] = "file",
};

static int
check_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct problem *p = NULL;
	size_t n = 0, i;
	int ch, json = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (ch != 'j')
			return cli_usage(&cmd_check, "bad option");
		json = 1;
	}
	if (optind != argc)
		return cli_usage(&cmd_check, "no arguments expected");
	if ((rc = cli_index(c)) != 0)
		return rc;
	if (index_check(c->ix, &p, &n) < 0) {
		errmsg("cannot check the vault");
		return EXIT_RUNTIME;
	}
	if (json) {
		cJSON *arr = cJSON_CreateArray();

		for (i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "kind",
			    problem_names[p[i].kind]);
			cJSON_AddStringToObject(o, "path", p[i].path);
			cJSON_AddNumberToObject(o, "line", p[i].line);
			cJSON_AddStringToObject(o, "message", p[i].message);
			cJSON_AddItemToArray(arr, o);
		}
		cli_print_json(arr);
	} else {
		for (i = 0; i < n; i++)
			printf("%s:%d: %s: %s\n", p[i].path, p[i].line,
			    problem_names[p[i].kind], p[i].message);
		if (n)
			fprintf(stderr, "stratus: %zu problem%s\n", n,
			    n == 1 ? "" : "s");
	}
	problems_free(p, n);
	return n ? EXIT_PROBLEMS : EXIT_OK;
}

const struct command cmd_check = {
	.name = "check",
	.usage = "check [--json]",
	.summary = "broken and ambiguous links, orphans, frontmatter errors",
	.help =
	    "One line per problem, as FILE:LINE: KIND: what is wrong.\n"
	    "Kinds: broken-link (resolves to no note), ambiguous-link\n"
	    "(several notes tie), orphan (no link in or out), frontmatter\n"
	    "(broken YAML, bad field), file (unreadable or not text).\n"
	    "Exit status 1 when there is any problem.\n\n"
	    "options:\n"
	    "  --json   an array of {kind, path, line, message}\n\n"
	    "example:\n"
	    "  stratus --vault ~/notes check\n",
	.exec = check_exec,
};

/*
 * cmd-check.c: `stratus check [--json]`: broken and ambiguous links,
 * orphans, frontmatter errors and bad files. Exit 1 when any.
 */
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "deck/check.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const problem_names[] = {
	[PROB_BROKEN] = "broken-link", [PROB_AMBIGUOUS] = "ambiguous-link",
	[PROB_ORPHAN] = "orphan", [PROB_FRONTMATTER] = "frontmatter",
	[PROB_FILE] = "file", [PROB_DECK] = "deck",
};

/*
 * The decks checked with the notes: slides/ inside the vault, else the
 * slides/ beside it (stratus's own layout: content/ and slides/).
 */
static char *
decks_dir(const char *vault)
{
	char *in = path_join(vault, "slides"), *parent, *beside;
	struct stat st;

	if (stat(in, &st) == 0 && S_ISDIR(st.st_mode))
		return in;
	free(in);
	parent = path_dir(vault);
	beside = path_join(parent, "slides");
	free(parent);
	if (stat(beside, &st) == 0 && S_ISDIR(st.st_mode))
		return beside;
	free(beside);
	return NULL;
}

/* path as the vault sees it: "slides/x.md", or "../slides/x.md" for the
 * folder beside it, like every other problem's path. */
static char *
vault_relative(const char *vault, const char *path)
{
	size_t lv = strlen(vault);
	char *parent;
	size_t lp;

	if (strncmp(path, vault, lv) == 0 && path[lv] == '/')
		return xstrdup(path + lv + 1);
	parent = path_dir(vault);
	lp = strlen(parent);
	if (lp && strncmp(path, parent, lp) == 0 && path[lp] == '/') {
		free(parent);
		return xasprintf("../%s", path + lp + 1);
	}
	free(parent);
	return xstrdup(path);
}

/* Deck problems come as "file:line: message"; fold them into the list. */
static void
add_deck_problems(const char *vault, const char *dir, struct problem **p,
    size_t *n)
{
	char **lines = NULL, *cause = NULL;
	size_t nlines = 0, i, cap = *n;

	if (deck_check_dir(dir, &lines, &nlines, &cause) < 0) {
		warnmsg("%s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < nlines; i++) {
		char *colon = strchr(lines[i], ':'), *end = NULL;
		struct problem *q;
		long line = 0;

		*p = xgrow(*p, &cap, *n + 1, sizeof **p);
		q = &(*p)[(*n)++];
		memset(q, 0, sizeof *q);
		q->kind = PROB_DECK;
		if (colon)
			line = strtol(colon + 1, &end, 10);
		if (colon && end && end != colon + 1 && *end == ':') {
			char *abs = xstrndup(lines[i],
			    (size_t)(colon - lines[i]));

			q->path = vault_relative(vault, abs);
			free(abs);
			q->line = (int)line;
			q->message = xstrdup(end[1] == ' ' ? end + 2 : end + 1);
		} else {
			q->path = xstrdup(dir);
			q->message = xstrdup(lines[i]);
		}
		free(lines[i]);
	}
	free(lines);
}

static int
check_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct problem *p = NULL;
	size_t n = 0, i;
	char *decks;
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
	if ((decks = decks_dir(c->vault)) != NULL) {
		add_deck_problems(c->vault, decks, &p, &n);
		free(decks);
	}
	if (json) {
		/* printed as it goes: 80k problems would be 150 MB of tree */
		struct jout j = JOUT_INIT;

		jout_array(&j);
		for (i = 0; i < n; i++) {
			jout_object(&j);
			jout_str(&j, "kind", problem_names[p[i].kind]);
			jout_str(&j, "path", p[i].path);
			jout_int(&j, "line", p[i].line);
			jout_str(&j, "message", p[i].message);
			jout_close(&j);
		}
		jout_close(&j);
	} else {
		for (i = 0; i < n; i++)
			printf("%s:%d: %s: %s\n", safe_name(p[i].path),
			    p[i].line, problem_names[p[i].kind],
			    safe_name(p[i].message));
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
	    "Kinds: broken-link (resolves to no note, or to a heading or\n"
	    "^block its note lacks), ambiguous-link\n"
	    "(several notes tie), orphan (no link in or out), frontmatter\n"
	    "(broken YAML, bad field), file (unreadable or not text), deck\n"
	    "(a deck in slides/ with an unknown layout, an unterminated\n"
	    "fence or component, or a slide that overflows 80x24).\n"
	    "Exit status 1 when there is any problem.\n\n"
	    "options:\n"
	    "  --json   an array of {kind, path, line, message}\n\n"
	    "example:\n"
	    "  stratus --vault ~/notes check\n",
	.exec = check_exec,
};

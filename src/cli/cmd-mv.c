/*
 * cmd-mv.c: `stratus mv NOTE NEWNAME`, a note (and its translations)
 * renamed with every link to it rewritten, all or nothing (core/rename).
 */
#include "cli/cli.h"
#include "core/note.h"
#include "core/rename.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line by line (a rewrite never adds or removes a line). */
static void
print_diff(const struct rename_plan *p)
{
	size_t i;

	for (i = 0; i < p->nops; i++) {
		const char *a = p->old[i], *b = p->ops[i].content;
		int line = 1;

		if (p->ops[i].from)
			printf("rename %s -> %s\n", p->ops[i].from,
			    p->ops[i].path);
		if (strcmp(a, b) == 0)
			continue;
		printf("--- a/%s\n+++ b/%s\n", p->ops[i].from ?
		    p->ops[i].from : p->ops[i].path, p->ops[i].path);
		while (*a || *b) {
			size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

			if (la != lb || memcmp(a, b, la) != 0)
				printf("@@ -%d +%d @@\n-%.*s\n+%.*s\n", line,
				    line, (int)la, a, (int)lb, b);
			a += la + (a[la] ? 1 : 0);
			b += lb + (b[lb] ? 1 : 0);
			line++;
		}
	}
}

static int
mv_exec(struct cli *c, int argc, char **argv)
{
	struct rename_plan p = {0};
	struct doc d = {0};
	const char *note = NULL, *name = NULL;
	char *newstem = NULL, *cause = NULL;
	int i, dry = 0, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0 ||
		    strcmp(argv[i], "-n") == 0)
			dry = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage(&cmd_mv, "unknown option %s", argv[i]);
		else if (!note)
			note = argv[i];
		else if (!name)
			name = argv[i];
		else
			return cli_usage(&cmd_mv, "NOTE and NEWNAME only");
	}
	if (!note || !name)
		return cli_usage(&cmd_mv, "which NOTE, and its NEWNAME?");
	if (!(newstem = rename_stem(name, &cause))) {
		rc = cli_usage(&cmd_mv, "NEWNAME: %s", cause);
		goto fail;
	}
	if ((rc = cli_vault(c)) != 0)
		goto fail;
	if ((rc = rename_recover(c->vault, &cause)) != 0) {
		if (rc < 0) {
			errmsg("%s", cause);
			rc = EXIT_RUNTIME;
			goto fail;
		}
		warnmsg("finished an interrupted rename");
	}
	if ((rc = cli_index(c)) != 0 || (rc = cli_note(c, note, &d)) != 0)
		goto fail;
	if ((rc = rename_plan(c->ix, c->vault, &d, newstem, &p,
	    &cause)) != 0) {
		errmsg("%s", cause);
		rc = rc == RENAME_EXISTS ? EXIT_PROBLEMS : EXIT_RUNTIME;
		goto fail;
	}
	if (dry) {
		print_diff(&p);
		printf("%zu files, %ld links (dry run: nothing written)\n",
		    p.nops, p.links);
		goto fail;
	}
	if (rename_apply(c->vault, p.ops, p.nops, &cause) < 0) {
		errmsg("%s", cause);
		rc = EXIT_RUNTIME;
		goto fail;
	}
	cli_refresh(c, NULL);
	printf("renamed %s to %s; %ld links rewritten in %zu files\n", d.path,
	    p.nops ? p.ops[0].path : newstem, p.links, p.nops);
fail:
	rename_plan_free(&p);
	doc_clear(&d);
	free(newstem);
	free(cause);
	return rc;
}

const struct command cmd_mv = {
	"mv", "mv [--dry-run] NOTE NEWNAME",
	"rename a note and rewrite every link to it",
	"Renames NOTE's file (and its translations: x.md and x.es.md become\n"
	"NEWNAME.md and NEWNAME.es.md) in its folder and rewrites every link\n"
	"to it in the vault, keeping each link's style: [[x]], [[x#H|label]],\n"
	"![[x]], [t](../d/x.md#a), [t](x%20y.md), concepts: [x]. Links by\n"
	"title or alias stay as written. Nothing is written unless every link\n"
	"can be rewritten; a rename interrupted half-way is finished by the\n"
	"next stratus mv (it is journalled in the vault's .stratus/).\n\n"
	"  --dry-run, -n   print the renames and a diff, write nothing\n",
	mv_exec,
};

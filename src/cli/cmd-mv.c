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
#include <sys/stat.h>

struct mv_plan {
	struct rename_op *ops;
	size_t nops;
	char **old;		/* old text of each op, for the diff */
	long links;
};

static void
plan_free(struct mv_plan *p)
{
	size_t i;

	for (i = 0; i < p->nops; i++) {
		free(p->ops[i].path);
		free(p->ops[i].from);
		free(p->ops[i].content);
		free(p->old[i]);
	}
	free(p->ops);
	free(p->old);
}

/* The new vault path of a file renamed from oldstem to newstem: its
 * folder and its language suffix and extension kept. */
static char *
new_path(const char *path, const char *newstem)
{
	char *stem = path_stem(path), *dir = path_dir(path), *r;
	const char *base = path_base(path);

	if (strcmp(dir, ".") == 0 || !*dir)
		r = xasprintf("%s%s", newstem, base + strlen(stem));
	else
		r = xasprintf("%s/%s%s", dir, newstem, base + strlen(stem));
	free(stem);
	free(dir);
	return r;
}

/* Add the op for file path (vault-relative) with its rewritten links. */
static int
plan_file(struct cli *c, struct mv_plan *p, const char *path,
    const char *to, const struct linkrow *rows, size_t nrows,
    const struct linkrow *own, size_t nown, const char *key,
    const char *oldstem, const char *oldslug, const char *newstem,
    const char *newslug)
{
	struct rename_link *links = xcalloc(nrows + nown + 1, sizeof(*links));
	char *abs = path_join(c->vault, path), *text = NULL, *out = NULL;
	char *cause = NULL;
	size_t i, n = 0, len;
	int changed = 0, rc = -1;

	for (i = 0; i < nrows; i++)
		if (rows[i].other.path && strcmp(rows[i].other.path, path) == 0) {
			links[n].line = rows[i].line;
			links[n].kind = rows[i].kind;
			links[n].target = rows[i].target;
			n++;
		}
	/* The note's own links to itself (another language, a heading). */
	for (i = 0; i < nown; i++)
		if (own[i].resolved && own[i].other.key &&
		    strcmp(own[i].other.key, key) == 0 &&
		    own[i].kind != LINK_CONCEPT && *own[i].target) {
			links[n].line = own[i].line;
			links[n].kind = own[i].kind;
			links[n].target = own[i].target;
			n++;
		}
	if (read_file(abs, 0, &text, &len, &cause) < 0 ||
	    rename_rewrite(text, links, n, oldstem, oldslug, newstem, newslug,
	    &out, &changed, &cause) < 0) {
		errmsg("%s: %s; nothing renamed", path, cause);
		goto fail;
	}
	if (changed || to) {
		p->ops = xrealloc(p->ops, (p->nops + 1) * sizeof(*p->ops));
		p->old = xrealloc(p->old, (p->nops + 1) * sizeof(*p->old));
		p->ops[p->nops].path = xstrdup(to ? to : path);
		p->ops[p->nops].from = to ? xstrdup(path) : NULL;
		p->ops[p->nops].content = out;
		p->ops[p->nops].len = strlen(out);
		p->old[p->nops] = text;
		p->nops++;
		p->links += (long)n;
		out = text = NULL;
	}
	rc = 0;
fail:
	free(cause);
	free(links);
	free(abs);
	free(text);
	free(out);
	return rc;
}

/* Is path already in the plan (renamed or rewritten)? */
static int
planned(const struct mv_plan *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->nops; i++)
		if ((p->ops[i].from && strcmp(p->ops[i].from, path) == 0) ||
		    (!p->ops[i].from && strcmp(p->ops[i].path, path) == 0))
			return 1;
	return 0;
}

/* Line by line (a rewrite never adds or removes a line). */
static void
print_diff(const struct mv_plan *p)
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

/* Plan the renames of d's files and the rewrites of every linking file. */
static int
make_plan(struct cli *c, const struct doc *d, const char *newstem,
    struct mv_plan *p)
{
	struct doc *tr = NULL;
	struct linkrow *rows = NULL, *own;
	size_t ntr = 0, nrows = 0, nown, i;
	int k;
	char *oldstem = path_stem(d->path), *oldslug = slugify(oldstem);
	char *newslug, *to, *abs;
	int rc = EXIT_RUNTIME;
	struct stat st;

	/* A slug: in the frontmatter stays; one from the file name follows. */
	newslug = strcmp(d->slug, oldslug) == 0 ?
	    slugify(newstem) : xstrdup(d->slug);
	if (index_translations(c->ix, d->key, &tr, &ntr) < 0 ||
	    index_backlinks(c->ix, d->key, NULL, &rows, &nrows) < 0)
		goto fail;
	for (i = 0; i < ntr; i++) {
		to = new_path(tr[i].path, newstem);
		abs = path_join(c->vault, to);
		if (stat(abs, &st) == 0 && str_casecmp(to, tr[i].path) != 0) {
			errmsg("%s exists already; nothing renamed", to);
			free(abs);
			free(to);
			rc = EXIT_PROBLEMS;
			goto fail;
		}
		free(abs);
		own = NULL;
		nown = 0;
		index_links(c->ix, tr[i].id, &own, &nown);
		k = plan_file(c, p, tr[i].path, to, rows, nrows, own, nown,
		    d->key, oldstem, d->slug, newstem, newslug);
		linkrows_free(own, nown);
		free(to);
		if (k < 0)
			goto fail;
	}
	for (i = 0; i < nrows; i++) {
		const char *src = rows[i].other.path;

		if (!src || planned(p, src))
			continue;
		if (plan_file(c, p, src, NULL, rows, nrows, NULL, 0, d->key,
		    oldstem, d->slug, newstem, newslug) < 0)
			goto fail;
	}
	rc = 0;
fail:
	docs_free(tr, ntr);
	linkrows_free(rows, nrows);
	free(oldstem);
	free(oldslug);
	free(newslug);
	return rc;
}

static int
mv_exec(struct cli *c, int argc, char **argv)
{
	struct mv_plan p = {0};
	struct doc d = {0};
	struct index_stats st;
	const char *note = NULL, *name = NULL;
	char *newstem = NULL, *cause = NULL;
	int i, dry = 0, rc;
	size_t e;

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
	e = str_ends(name, ".md") ? 3 : 0;
	newstem = xstrndup(name, strlen(name) - e);
	if (!*newstem || newstem[0] == '.' || strpbrk(newstem, "/\\\t\n")) {
		rc = cli_usage(&cmd_mv, "NEWNAME is a file name in the same "
		    "folder, without '/'");
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
	if ((rc = make_plan(c, &d, newstem, &p)) != 0)
		goto fail;
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
	index_update(c->ix, 0, &st, NULL);
	printf("renamed %s to %s; %ld links rewritten in %zu files\n", d.path,
	    p.nops ? p.ops[0].path : newstem, p.links, p.nops);
fail:
	plan_free(&p);
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

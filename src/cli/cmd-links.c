/*
 * cmd-links.c: `stratus links NOTE` (outgoing) and `stratus backlinks
 * NOTE` (incoming), as text or --json.
 */
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
	[LINK_WIKI] = "wikilink", [LINK_EMBED] = "embed",
	[LINK_MARKDOWN] = "markdown", [LINK_CONCEPT] = "concept",
	[LINK_EXTERNAL] = "external", [LINK_ATTACHMENT] = "attachment",
};

static const char *
kind_name(enum link_kind k)
{
	if ((size_t)k < sizeof kind_names / sizeof kind_names[0] &&
	    kind_names[k])
		return kind_names[k];
	return "link";
}

static void
row_json(struct jout *j, const struct linkrow *r)
{
	jout_object(j);
	if (r->resolved) {
		jout_str(j, "path", r->other.path);
		jout_str(j, "slug", r->other.slug);
		jout_str(j, "title", r->other.title);
	} else {
		jout_null(j, "path");
		jout_null(j, "slug");
		jout_null(j, "title");
	}
	jout_int(j, "line", r->line);
	jout_str(j, "kind", kind_name(r->kind));
	jout_str(j, "target", r->target);
	if (r->anchor)
		jout_str(j, "anchor", r->anchor);
	jout_bool(j, "resolved", r->resolved);
	if (r->ambiguous)
		jout_bool(j, "ambiguous", 1);
	jout_close(j);
}

/* outgoing: the line is in the note itself; incoming: in the other note. */
static void
row_print(const struct linkrow *r, const char *self_path, int outgoing)
{
	const char *where = outgoing ? self_path : r->other.path;

	if (r->resolved)
		printf("%s:%d: %s (%s)", safe_name(where), r->line,
		    safe_name(r->other.title), safe_name(r->other.path));
	else
		printf("%s:%d: %s (%s)", safe_name(where), r->line,
		    safe_name(r->target), r->kind == LINK_EXTERNAL ?
		    "external" : r->kind == LINK_ATTACHMENT ? "attachment" :
		    "not yet written");
	if (r->anchor)
		printf(" #%s", safe_name(r->anchor));
	if (r->ambiguous)
		printf(" [ambiguous]");
	printf("\n");
	if (!outgoing && r->context && *r->context)
		printf("    %s\n", safe_name(r->context));
}

/* How the rows of one command are printed as they come. */
struct links_out {
	struct jout j;
	int json, outgoing;
	const char *self;	/* the note's path */
	size_t n;
};

static int
links_row(void *arg, struct linkrow *r)
{
	struct links_out *o = arg;

	if (o->json)
		row_json(&o->j, r);
	else
		row_print(r, o->self, o->outgoing);
	o->n++;
	return 0;
}

static int
links_run(struct cli *c, const struct command *cmd, int argc, char **argv,
    int outgoing)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct links_out o = { JOUT_INIT, 0, outgoing, NULL, 0 };
	struct doc d = {0};
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (ch != 'j')
			return cli_usage(cmd, "bad option");
		o.json = 1;
	}
	if (optind != argc - 1)
		return cli_usage(cmd, "which note?");
	if ((rc = cli_index(c)) != 0)
		return rc;
	if ((rc = cli_note(c, argv[optind], &d)) != 0)
		return rc;
	/* Printed as read: a note of 50,000 links took 115 MB as rows and
	 * a JSON tree. */
	o.self = d.path;
	if (o.json)
		jout_array(&o.j);
	rc = outgoing ? index_links_each(c->ix, d.id, links_row, &o) :
	    index_backlinks_each(c->ix, d.key, d.lang, links_row, &o);
	if (o.json)
		jout_close(&o.j);
	if (rc < 0) {
		errmsg("%s: cannot read links", d.path);
		doc_clear(&d);
		return EXIT_RUNTIME;
	}
	doc_clear(&d);
	return o.n ? EXIT_OK : EXIT_PROBLEMS;
}

static int
links_exec(struct cli *c, int argc, char **argv)
{
	return links_run(c, &cmd_links, argc, argv, 1);
}

static int
backlinks_exec(struct cli *c, int argc, char **argv)
{
	return links_run(c, &cmd_backlinks, argc, argv, 0);
}

const struct command cmd_links = {
	.name = "links",
	.usage = "links [--json] NOTE",
	.summary = "the links going out of a note",
	.help =
	    "Each link with its line, the note it resolves to, or 'not yet\n"
	    "written' when it resolves to none. Exit status 1 when the note\n"
	    "has no links.\n\n"
	    "options:\n"
	    "  --json   an array of {path, slug, title, line, kind, target,\n"
	    "           resolved}; path, slug and title are null when the\n"
	    "           link is unresolved\n\n"
	    "example:\n"
	    "  stratus links aws-lambda\n",
	.exec = links_exec,
};

const struct command cmd_backlinks = {
	.name = "backlinks",
	.usage = "backlinks [--json] NOTE",
	.summary = "the notes linking to a note, with each line",
	.help =
	    "Every link into the note (in any of its languages), with the\n"
	    "linking note, the line and its text. Exit status 1 when none.\n\n"
	    "options:\n"
	    "  --json   an array of {path, slug, title, line, kind}\n\n"
	    "example:\n"
	    "  stratus backlinks 'Cold starts'\n",
	.exec = backlinks_exec,
};

/*
 * cmd-sync.c: `stratus sync` (pull and push with the cloud graph),
 * `stratus sync status` and `stratus sync resolve NOTE --keep WHICH`.
 */
#include "cli/cli.h"
#include "core/util.h"
#include "sync/sync.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
base_opts(struct cli *c, struct sync_opts *o)
{
	memset(o, 0, sizeof *o);
	o->vault = c->vault;
	o->cfg = c->cfg;
	o->default_lang = config_get(c->cfg, "core", "lang");
	o->push = o->pull = 1;
	o->allow_delete = config_bool(c->cfg, "remote", "allow_delete");
	o->progress = isatty(STDERR_FILENO);
	o->out = stdout;
}

static int
sync_status_exec(struct cli *c, int argc)
{
	struct sync_opts o;
	char *cause = NULL;
	long conflicts = 0;
	int rc;

	if (argc != 2)
		return cli_usage(&cmd_sync, "status takes no arguments");
	if ((rc = cli_vault(c)) != 0)
		return rc;
	base_opts(c, &o);
	if (sync_status(&o, &conflicts, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	return conflicts ? EXIT_PROBLEMS : EXIT_OK;
}

static int
sync_resolve_exec(struct cli *c, int argc, char **argv)
{
	struct sync_opts o;
	const char *note = NULL, *keep = NULL;
	char *cause = NULL;
	int i, rc;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--keep") == 0 && i + 1 < argc)
			keep = argv[++i];
		else if (str_starts(argv[i], "--keep="))
			keep = argv[i] + 7;
		else if (argv[i][0] != '-' && !note)
			note = argv[i];
		else
			return cli_usage(&cmd_sync, "resolve: unexpected %s",
			    argv[i]);
	}
	if (!note || !keep || (strcmp(keep, "local") != 0 &&
	    strcmp(keep, "remote") != 0))
		return cli_usage(&cmd_sync, "resolve needs NOTE and "
		    "--keep local or --keep remote");
	if ((rc = cli_vault(c)) != 0)
		return rc;
	base_opts(c, &o);
	if (sync_resolve(&o, note, strcmp(keep, "remote") == 0,
	    &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

static int
sync_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"dry-run", no_argument, NULL, 'n'},
		{"pull-only", no_argument, NULL, 'p'},
		{"push-only", no_argument, NULL, 'P'},
		{"allow-delete", no_argument, NULL, 'd'},
		{"api", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	struct sync_opts o;
	struct sync_result res;
	const char *api = NULL;
	char *cause = NULL;
	int ch, rc, pull_only = 0, push_only = 0, allow = 0, dry = 0;

	if (argc >= 2 && strcmp(argv[1], "status") == 0)
		return sync_status_exec(c, argc);
	if (argc >= 2 && strcmp(argv[1], "resolve") == 0)
		return sync_resolve_exec(c, argc, argv);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			dry = 1;
			break;
		case 'p':
			pull_only = 1;
			break;
		case 'P':
			push_only = 1;
			break;
		case 'd':
			allow = 1;
			break;
		case 'a':
			api = optarg;
			break;
		default:
			return cli_usage(&cmd_sync, "bad option");
		}
	}
	if (optind != argc)
		return cli_usage(&cmd_sync, "unexpected %s", argv[optind]);
	if (pull_only && push_only)
		return cli_usage(&cmd_sync, "--pull-only and --push-only "
		    "exclude each other");
	/* a config with only [remote] api is a read-only mirror */
	if (!api && !config_get(c->cfg, "remote", "table") &&
	    config_get(c->cfg, "remote", "api") && !push_only) {
		api = config_get(c->cfg, "remote", "api");
		pull_only = 1;
	}
	if (api && push_only)
		return cli_usage(&cmd_sync, "--api is read-only: it goes "
		    "with --pull-only");
	if (api && !pull_only)
		return cli_usage(&cmd_sync, "--api URL mirrors the public "
		    "graph read-only: add --pull-only");
	if ((rc = cli_vault(c)) != 0)
		return rc;
	base_opts(c, &o);
	o.dry_run = dry;
	o.push = !pull_only;
	o.pull = !push_only;
	o.allow_delete |= allow;
	o.api = api;
	if (sync_run(&o, &res, &cause) < 0) {
		errmsg("sync: %s", cause ? cause : "failed");
		free(cause);
		return EXIT_RUNTIME;
	}
	if (!dry)
		printf("sync: pushed %ld, pulled %ld, deleted %ld, moved to "
		    "trash %ld, unchanged-but-recorded %ld, deletes held "
		    "%ld, conflicts %ld (%ld requests, %ld retries, "
		    "%ld unchanged bodies not downloaded, %.2f s)\n",
		    res.pushed, res.pulled, res.deleted, res.trashed,
		    res.adopted, res.held, res.conflicts, res.requests,
		    res.retries, res.bodies_skipped, res.seconds);
	if (res.need_embeddings)
		printf("sync: %ld node%s need%s embeddings: run the backend's "
		    "backfill (scripts/backfill-embeddings.ts); until then "
		    "its semantic search scores %s 0\n", res.need_embeddings,
		    res.need_embeddings == 1 ? "" : "s",
		    res.need_embeddings == 1 ? "s" : "",
		    res.need_embeddings == 1 ? "it" : "them");
	if (res.held)
		printf("sync: %ld note%s deleted here: the nodes stay in the "
		    "cloud until you run stratus sync --allow-delete\n",
		    res.held, res.held == 1 ? " was" : "s were");
	return res.conflicts ? EXIT_PROBLEMS : EXIT_OK;
}

const struct command cmd_sync = {
	.name = "sync",
	.usage = "sync [--dry-run] [--pull-only|--push-only] "
	    "[--allow-delete] [--api URL] | sync status | "
	    "sync resolve NOTE --keep local|remote",
	.summary = "sync the notes with the cloud knowledge graph",
	.help =
	    "Pulls the nodes changed in the cloud into notes and pushes the\n"
	    "notes created, edited or deleted here, as stratus-sync(7)\n"
	    "describes. The [remote] section of the config file names the\n"
	    "table, the bucket and the region; credentials come from\n"
	    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or ~/.aws/credentials.\n"
	    "Spanish is the cloud's primary language ([remote] primary_lang);\n"
	    "new nodes are private ([remote] default_visibility); wikilinks\n"
	    "go as they are or as links ([remote] wikilinks = markdown).\n\n"
	    "options:\n"
	    "  --dry-run        print the plan, change nothing\n"
	    "  --pull-only      only bring cloud changes here\n"
	    "  --push-only      only send local changes to the cloud\n"
	    "  --allow-delete   delete the nodes of notes deleted here\n"
	    "                   (or [remote] allow_delete = true)\n"
	    "  --api URL        with --pull-only: mirror the public graph\n"
	    "                   through the read API, no AWS credentials\n"
	    "                   (STRATUS_API_TOKEN adds private nodes)\n\n"
	    "subcommands:\n"
	    "  status                          last sync, local changes, "
	    "conflicts\n"
	    "  resolve NOTE --keep local|remote  close a conflict\n\n"
	    "exit status: 0 in step, 1 conflicts remain, 3 a failure.\n\n"
	    "examples:\n"
	    "  stratus sync --dry-run\n"
	    "  stratus sync resolve aws-lambda --keep local\n",
	.exec = sync_exec,
};

/* cmd-explore.c: `stratus explore [--images=MODE] [QUERY]` (and `stratus`
 * alone). */
#include "cli/cli.h"
#include "core/util.h"
#include "render/image-term.h"
#include "render/theme.h"
#include "tui/explore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Open the index as it is: the explorer draws its first frame from it and
 * brings it up to date right after, off the main thread. Only an empty
 * index (the first run) is filled first, with progress, before the
 * screen is taken.
 */
static int
open_index(struct cli *c)
{
	struct index_opts o = {0};
	struct index_stats st;
	char *cause = NULL;
	int rc;

	if ((rc = cli_vault(c)) != 0)
		return rc;
	o.vault = c->vault;
	o.default_lang = config_get(c->cfg, "core", "lang");
	o.progress = -1;
	if (index_open(&o, &c->ix, &cause) < 0)
		goto fail;
	if (index_empty(c->ix) && index_update(c->ix, 0, &st, &cause) < 0)
		goto fail;
	return 0;
fail:
	errmsg("%s", cause ? cause : "cannot open the index");
	free(cause);
	return EXIT_RUNTIME;
}

static int
explore_exec(struct cli *c, int argc, char **argv)
{
	struct explore_opts o = {0};
	struct theme *theme = NULL;
	struct buf query = BUF_INIT;
	char *cause = NULL, *cache, *log = NULL;
	const char *images = config_get(c->cfg, "core", "images");
	enum image_mode mode = IMAGES_AUTO;
	int i, rc, dashdash = 0;

	for (i = 1; i < argc; i++) {
		if (!dashdash && strcmp(argv[i], "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (!dashdash && strncmp(argv[i], "--images=", 9) == 0) {
			images = argv[i] + 9;
			continue;
		}
		if (!dashdash && strcmp(argv[i], "--images") == 0 &&
		    i + 1 < argc) {
			images = argv[++i];
			continue;
		}
		if (!dashdash && argv[i][0] == '-' && argv[i][1]) {
			buf_free(&query);
			return cli_usage(&cmd_explore, "unknown option %s (a "
			    "query starting with - goes after --)", argv[i]);
		}
		if (query.len)
			buf_addc(&query, ' ');
		buf_adds(&query, argv[i]);
	}
	if (images && image_mode_parse(images, &mode) < 0) {
		buf_free(&query);
		return cli_usage(&cmd_explore, "--images (or [core] images) "
		    "is auto, symbols or off");
	}
	if ((rc = cli_check_theme(c)) != 0 || (rc = open_index(c)) != 0) {
		buf_free(&query);
		return rc;
	}
	theme = cli_load_theme(c);
	cache = xdg_cache_dir();
	if (mkdir_p(cache, NULL) == 0)
		log = path_join(cache, "explore.log");
	free(cache);
	o.ix = c->ix;
	o.vault = c->vault;
	o.theme = theme;
	o.lang = config_get(c->cfg, "core", "lang");
	o.query = query.len ? buf_str(&query) : NULL;
	o.log = log;
	o.images = (int)mode;
	rc = EXIT_OK;
	if (explore_run(&o, &cause) < 0) {
		errmsg("explore: %s", cause);
		free(cause);
		rc = EXIT_RUNTIME;
	}
	cli_media_warn();
	theme_free(theme);
	buf_free(&query);
	free(log);
	return rc;
}

const struct command cmd_explore = {
	.name = "explore",
	.usage = "explore [--images=MODE] [QUERY]",
	.summary = "the explorer: search, read and follow the notes full screen",
	.help =
	    "Opens a full-screen view of the vault (what `stratus` alone\n"
	    "does): search as you type, notes rendered with their links,\n"
	    "backlinks, the graph around a note, tags, quick open (Ctrl-P),\n"
	    "translations, and $VISUAL/$EDITOR on the note. Notes changed\n"
	    "on disk while it runs are re-indexed. Press ? inside for every\n"
	    "key. QUERY starts the search with it.\n\n"
	    "  --images=MODE  pictures in notes: auto (kitty, iTerm2 or\n"
	    "               sixel when the terminal has it, else Unicode\n"
	    "               symbols), symbols, or off (\"[image: alt]\");\n"
	    "               default [core] images or auto. Remote URLs are\n"
	    "               never fetched.\n\n"
	    "Warnings about notes met while it runs go to\n"
	    "$XDG_CACHE_HOME/stratus/explore.log.\n\n"
	    "examples:\n"
	    "  stratus\n"
	    "  stratus explore 'cold start'\n"
	    "  stratus --vault ~/notes explore tag:aws\n",
	.exec = explore_exec,
};

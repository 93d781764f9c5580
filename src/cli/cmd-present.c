/*
 * cmd-present.c: `stratus present [--presenter] [--start N] [--images=MODE]
 * [DECK]`, a
 * deck full-screen (default: the bundled talk), or its presenter view.
 */
#include "cli/cli.h"
#include "core/util.h"
#include "deck/deck.h"
#include "deck/present.h"
#include "render/image-term.h"
#include "render/theme.h"
#include "render/width.h"

#include "core/note.h"

#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DECK_LIST_MAX	1000
#define DECK_SNIFF_MAX	(4 << 20)

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * With no DECK: the decks in the vault's own slides/ folder (files that
 * are decks by their headmatter), listed with their titles. Returns how
 * many were listed (0: none, present the bundled talk).
 */
static size_t
list_vault_decks(struct cli *c)
{
	char *dir, *p, *rel, *data, *cause = NULL, *names[DECK_LIST_MAX];
	size_t n = 0, i, len, shown = 0;
	struct dirent *e;
	struct deck *d;
	DIR *dp;

	if (cli_vault(c) != 0 || !c->vault)
		return 0;
	dir = path_join(c->vault, "slides");
	if (!(dp = opendir(dir))) {
		free(dir);
		return 0;
	}
	while ((e = readdir(dp)) != NULL && n < DECK_LIST_MAX)
		if (e->d_name[0] != '.' && is_note_file(e->d_name))
			names[n++] = xstrdup(e->d_name);
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		p = path_join(dir, names[i]);
		rel = xasprintf("slides/%s", names[i]);
		if (read_file(p, DECK_SNIFF_MAX, &data, &len, &cause) == 0) {
			if (note_is_deck(rel, data, len)) {
				d = deck_parse(data, len, names[i]);
				if (!shown++)
					printf("decks in %s:\n", dir);
				printf("  %s  %s\n", rel, d ? d->title : "");
				deck_free(d);
			}
			free(data);
		}
		free(cause);
		cause = NULL;
		free(rel);
		free(p);
		free(names[i]);
	}
	if (shown)
		printf("stratus present DECK presents one.\n");
	free(dir);
	return shown;
}

/* Where a deck's links to notes are looked up (present_opts.notes). */
struct deck_notes {
	struct cli *c;		/* the command's: the chosen vault */
	const char *deck;	/* the deck file */
	int from_note;		/* made from a note of c's vault */
	char *bundled;		/* the bundled notes, for a bundled deck */
	struct cli own;		/* their index, when they are not c's */
};

/* Is path inside folder dir (both real paths)? */
static int
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/*
 * The index of the deck's vault, opened and brought up to date while the
 * presenter already shows the first slide: the chosen vault (--vault,
 * $STRATUS_VAULT, the config; that of `present NOTE`) when the deck is in
 * it or was made from one of its notes; the bundled notes for a deck
 * shipped with stratus (the bundled talk); else the chosen vault. Its
 * warnings would write over the slide: stderr is muted meanwhile.
 */
static int
deck_notes(void *arg, struct index **ix, char **cause)
{
	struct deck_notes *dn = arg;
	struct cli *c = dn->c;
	char *real = path_real(dn->deck), *data = path_real(data_dir());
	char *slides = data ? path_join(data, "slides") : NULL;
	int err, null, rc;

	fflush(stderr);
	err = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (err >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	if (null >= 0)
		close(null);
	if (!dn->from_note && real && slides && under(real, slides) &&
	    (cli_vault(c) != 0 || !under(real, c->vault))) {
		dn->bundled = path_join(data, "content");
		if (!c->vault || strcmp(c->vault, dn->bundled) != 0) {
			dn->own.cfg = c->cfg;
			dn->own.vault_arg = dn->bundled;
			c = &dn->own;
		}
	}
	rc = cli_index(c);
	fflush(stderr);
	if (err >= 0) {
		dup2(err, STDERR_FILENO);
		close(err);
	}
	free(real);
	free(data);
	free(slides);
	if (rc != 0)
		return fail(cause, "vault not indexed; stratus index says why");
	*ix = c->ix;
	return 0;
}

static int
present_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"presenter", no_argument, NULL, 'p'},
		{"start", required_argument, NULL, 's'},
		{"images", required_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	enum image_mode mode = IMAGES_AUTO;
	const char *images = config_get(c->cfg, "core", "images");
	struct present_opts o = {0};
	struct deck_notes dn = {0};
	struct theme *theme = NULL;
	char *cause = NULL, *path = NULL;
	int ch, rc = EXIT_OK;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "ps:", opts, NULL)) != -1) {
		if (ch == 'p')
			o.presenter = 1;
		else if (ch == 'i')
			images = optarg;
		else if (ch == 's' && parse_int(optarg, 1, 100000, &o.start) == 0)
			continue;
		else
			return cli_usage(&cmd_present, "--start takes a slide "
			    "number from 1");
	}
	if (argc - optind > 1)
		return cli_usage(&cmd_present, "one DECK at most");
	if ((rc = cli_check_theme(c)) != 0)
		return rc;
	if (optind == argc && list_vault_decks(c) > 0)
		return EXIT_OK;
	if (images && image_mode_parse(images, &mode) < 0)
		return cli_usage(&cmd_present, "--images (or [core] images) "
		    "is auto, symbols or off");
	o.images = (int)mode;
	if (optind >= argc)
		path = deck_default_path();
	else if ((rc = cli_deck_path(c, argv[optind], &path)) != 0)
		return rc;
	o.path = path;
	dn.c = c;
	dn.deck = path;
	dn.from_note = optind < argc && strcmp(path, argv[optind]) != 0;
	o.notes = deck_notes;
	o.notes_arg = &dn;
	o.lang = config_get(c->cfg, "core", "lang");
	theme = cli_load_theme(c);
	o.theme = theme;
	if (present_run(&o, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		rc = EXIT_RUNTIME;
	}
	cli_media_warn();
	theme_free(theme);
	free(path);
	index_close(dn.own.ix);
	free(dn.own.vault);
	free(dn.bundled);
	return rc;
}

const struct command cmd_present = {
	.name = "present",
	.usage = "present [--presenter] [--start N] [--images=MODE] "
	    "[DECK|NOTE]",
	.summary = "present a slide deck full-screen",
	.help =
	    "Presents DECK (Slidev, presenterm or mdp Markdown) full-screen.\n"
	    "Without DECK: lists the decks in the vault's slides/ folder,\n"
	    "or, when it has none, presents the bundled talk\n"
	    "slides/serverless-first.md. A NOTE of the vault (path, slug,\n"
	    "title or alias) is shown as slides: its title and summary,\n"
	    "then a slide per ## section.\n\n"
	    "  --presenter  the presenter view: current slide, next step,\n"
	    "               notes, timers. It follows and drives every other\n"
	    "               window presenting the same deck.\n"
	    "  --start N    begin on slide N\n"
	    "  --images=MODE  pictures: auto (kitty, iTerm2 or sixel when the\n"
	    "               terminal has it, else Unicode symbols), symbols,\n"
	    "               or off (alt text in a box); default [core] images\n"
	    "               or auto. Remote URLs are never fetched.\n\n"
	    "Keys: Space/Right next step, Left previous, Down/Up next/previous\n"
	    "slide, g/G first/last, a number then Enter jumps, o overview,\n"
	    "/ search, r reload, b blank, t timer, ? help, q quit.\n"
	    "Tab/Shift-Tab select a link to a note on the slide, Enter opens\n"
	    "it over the slide in the explorer's note view; q or Backspace\n"
	    "there comes back to the same step, the timer still running.\n"
	    "Links resolve in the deck's vault (the bundled talk's in the\n"
	    "bundled notes).\n"
	    "Saving the deck file reloads it in place.\n\n"
	    "See stratus-present(1).\n",
	.exec = present_exec,
};

/* cli.c: the pieces every subcommand shares (see cli.h). */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/fresh.h"
#include "core/sanitize.h"
#include "core/note.h"
#include "core/rename.h"
#include "core/util.h"
#include "render/media.h"
#include "render/theme.h"
#include "deck/deck.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct command *
cli_find(const char *name)
{
	size_t i;

	for (i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

int
cli_vault(struct cli *c)
{
	const char *want = c->vault_arg, *from = "--vault";
	char *bundled = NULL;
	struct stat st;

	if (c->vault)
		return 0;
	if (!want) {
		want = getenv("STRATUS_VAULT");
		from = "$STRATUS_VAULT";
	}
	if (!want || !*want) {
		want = config_get(c->cfg, "core", "vault");
		from = "the config's [core] vault";
	}
	if (!want || !*want) {
		bundled = path_join(data_dir(), "content");
		want = bundled;
		from = "the bundled notes";
	}
	if (stat(want, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    !(c->vault = path_real(want))) {
		errmsg("vault %s (from %s) is not a readable folder", want,
		    from);
		free(bundled);
		return EXIT_RUNTIME;
	}
	free(bundled);
	return 0;
}

int
cli_refresh(struct cli *c, char **cause)
{
	struct index_stats st;
	struct fresh_reply r;

	if (fresh_ask(c->ix, 0, &r, NULL) == 0)
		return 0;
	return index_update(c->ix, 0, &st, cause);
}

int
cli_index(struct cli *c)
{
	struct index_opts o = {0};
	char *cause = NULL;
	int rc;

	if (c->ix)
		return 0;
	if ((rc = cli_vault(c)) != 0)
		return rc;
	/* A `stratus mv` killed half-way is finished before anything reads
	 * the vault. */
	if (rename_recover(c->vault, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	o.vault = c->vault;
	o.default_lang = config_get(c->cfg, "core", "lang");
	o.progress = -1;
	if (index_open(&o, &c->ix, &cause) < 0 ||
	    cli_refresh(c, &cause) < 0) {
		errmsg("%s", cause ? cause : "cannot open the index");
		free(cause);
		return EXIT_RUNTIME;
	}
	return 0;
}

int
cli_note(struct cli *c, const char *name, struct doc *d)
{
	char *cause = NULL;

	if (index_find_note(c->ix, name, d, &cause) == 0)
		return 0;
	errmsg("%s", cause);
	free(cause);
	doc_clear(d);
	return EXIT_PROBLEMS;
}

int
cli_usage(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "stratus %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: stratus %s\n(see stratus %s --help)\n",
	    cmd->usage, cmd->name);
	return EXIT_USAGE;
}

void
cli_help(const struct command *cmd)
{
	printf("usage: stratus %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->help && *cmd->help)
		printf("\n%s", cmd->help);
}

const char *
cli_theme(const struct cli *c)
{
	const char *t = c->theme_arg;

	if (!t || !*t)
		t = getenv("STRATUS_THEME");
	if (!t || !*t)
		t = config_get(c->cfg, "core", "theme");
	if (!t || !*t)
		t = "dark";
	return t;
}

int
cli_load_deck(const char *path, struct deck **out)
{
	char *cause = NULL;
	size_t i;

	if (deck_load(path, out, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	for (i = 0; i < (*out)->nwarnings; i++)
		warnmsg("%s", (*out)->warnings[i]);
	return 0;
}

int
cli_deck_path(struct cli *c, const char *arg, char **path)
{
	struct doc d = {0};
	struct stat st;
	char *abs = NULL, *text = NULL, *deck = NULL, *dir = NULL, *name, *p;
	char *cause = NULL;
	size_t len;
	int rc;

	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		*path = xstrdup(arg);
		return 0;
	}
	if ((rc = cli_index(c)) != 0 || (rc = cli_note(c, arg, &d)) != 0) {
		errmsg("%s: neither a deck file nor a note", arg);
		/* A path that names no file is the I/O failure it was. */
		if (rc == EXIT_PROBLEMS && (strchr(arg, '/') ||
		    is_note_file(arg)))
			rc = EXIT_RUNTIME;
		goto fail;
	}
	rc = EXIT_RUNTIME;
	abs = path_join(c->vault, d.path);
	if (read_file(abs, 0, &text, &len, &cause) < 0)
		goto fail;
	deck = deck_from_note(text, len, d.title, d.summary, 12);
	/* Written to the cache, never into the vault. */
	dir = xdg_cache_dir();
	/* by note key, '/' made '+': two notes of one name, two decks */
	name = xasprintf("%s/note-decks/%s.%s.md", dir, d.key, d.lang);
	for (p = name + strlen(dir) + 12; *p; p++)
		if (*p == '/')
			*p = '+';
	free(dir);
	dir = NULL;
	if (write_file_atomic(name, deck, strlen(deck), &cause) < 0) {
		free(name);
		goto fail;
	}
	*path = name;
	rc = 0;
fail:
	if (cause)
		errmsg("%s", cause);
	free(cause);
	free(abs);
	free(text);
	free(deck);
	doc_clear(&d);
	return rc;
}

struct theme *
cli_load_theme(const struct cli *c)
{
	struct theme *t = NULL;
	char *cause = NULL;

	if (theme_load(cli_theme(c), &t, &cause) < 0) {
		warnmsg("%s; using the built-in look", cause);
		free(cause);
		t = theme_builtin();
	}
	return t;
}

int
cli_check_theme(const struct cli *c)
{
	struct theme *t = NULL;
	char *cause = NULL;

	if (!c->theme_arg || !*c->theme_arg)
		return 0;
	if (theme_load(c->theme_arg, &t, &cause) < 0) {
		errmsg("--theme: %s (bundled: dark, light, high-contrast)",
		    cause);
		free(cause);
		return EXIT_USAGE;
	}
	theme_free(t);
	return 0;
}

void
cli_print_json(struct cJSON *v)
{
	char *s = cJSON_Print(v);
	struct buf b = BUF_INIT;

	if (s) {
		json_sanitize_buf(&b, s, strlen(s));
		buf_addc(&b, '\n');
		fwrite(b.ptr, 1, b.len, stdout);
		buf_free(&b);
		cJSON_free(s);
	}
	cJSON_Delete(v);
}

void
cli_media_warn(void)
{
	const char *e = media_error();

	if (e)
		warnmsg("%s; pictures were left as their alt text", e);
}

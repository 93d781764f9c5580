/*
 * cli.h: what every subcommand shares: the global options, the config, the
 * vault and its index, and the command table entry type (one file per
 * command, src/cli/cmd-NAME.c, each defining a const struct command).
 */
#ifndef STRATUS_CLI_H
#define STRATUS_CLI_H

#include "core/buf.h"
#include "core/config.h"
#include "core/index.h"

struct cli {
	const char *vault_arg;	/* --vault */
	const char *theme_arg;	/* --theme */
	struct config *cfg;
	char *vault;		/* absolute path, once chosen */
	struct index *ix;	/* once opened */
};

struct command {
	const char *name;
	const char *usage;	/* after "stratus ": "search [--json] QUERY" */
	const char *summary;	/* one line for the command list */
	const char *help;	/* the rest of --help: options, examples */
	/* argv[0] is the command name; getopt-style parsing from argv[1]. */
	int (*exec)(struct cli *c, int argc, char **argv);
};

extern const struct command *const cli_commands[];
/* The commands, one per src/cli/cmd-NAME.c. */
extern const struct command cmd_index, cmd_search, cmd_show, cmd_links,
    cmd_backlinks, cmd_graph, cmd_tags, cmd_check, cmd_init, cmd_explore,
    cmd_present, cmd_deck, cmd_export, cmd_sync, cmd_new, cmd_capture,
    cmd_mv, cmd_watch, cmd_related;
const struct command *cli_find(const char *name);

/* Choose the vault (--vault, $STRATUS_VAULT, config, bundled content/).
 * Returns 0, or prints why not and returns EXIT_RUNTIME. */
int cli_vault(struct cli *c);
/* Choose the vault, open its index and bring it up to date: a watcher
 * that serves it does (fresh.h), else this process walks the vault. 0
 * or an exit status (the reason printed). The index stays open in
 * c->ix. */
int cli_index(struct cli *c);
/* Bring c's open index up to date again, as cli_index() does (after a
 * command wrote notes). 0, or -1 with *cause (NULL: not wanted). */
int cli_refresh(struct cli *c, char **cause);
/* Find NOTE (path, slug, alias or title) as a wikilink would. 0 and d
 * filled (doc_clear it), or EXIT_PROBLEMS with the closest titles
 * printed. */
int cli_note(struct cli *c, const char *name, struct doc *d);
/* Print "stratus CMD: message" and the usage line; returns EXIT_USAGE. */
int cli_usage(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print the full --help text of a command to stdout. */
void cli_help(const struct command *cmd);
/* The theme name: --theme, $STRATUS_THEME, config, "dark". */
const char *cli_theme(const struct cli *c);
/* Load that theme; when it cannot be, warn and use the built-in look.
 * Never NULL; the caller theme_free()s it. */
struct theme;
struct theme *cli_load_theme(const struct cli *c);
/* Before a full-screen command starts curses: a --theme that cannot be
 * loaded is an error said on stderr (the screen would hide a warning).
 * Returns 0, or EXIT_USAGE after saying why. */
int cli_check_theme(const struct cli *c);
/* Load the deck at path into *out (the caller's, deck_free) and print its
 * warnings to stderr. Returns 0, or prints why not and returns
 * EXIT_RUNTIME. */
struct deck;
int cli_load_deck(const char *path, struct deck **out);
/* The deck file for arg: arg itself when it is a file, else the note it
 * names made into a deck (deck_from_note) in the cache. 0 and *path
 * (the caller frees it), or an exit status with the reason printed. */
int cli_deck_path(struct cli *c, const char *arg, char **path);
/* Print a cJSON value to stdout (formatted) and free it. */
struct cJSON;
void cli_print_json(struct cJSON *v);
/* When pictures could not be drawn for want of stratus-media.so (or a
 * library it needs), say so on stderr, once, at the end of a command
 * that shows or exports them. */
void cli_media_warn(void);

/* JSON printed as it is made (json-out.c), exactly as cli_print_json()
 * would print the same tree, in constant memory: open and close objects
 * and arrays, add members; closing the outermost prints the last bytes.
 * Start from JOUT_INIT. */
#define JOUT_DEPTH_MAX	8
struct jout {
	struct buf b;
	int depth, after_key;
	int obj[JOUT_DEPTH_MAX];
	long count[JOUT_DEPTH_MAX];
};
#define JOUT_INIT	{ BUF_INIT, 0, 0, {0}, {0} }
void jout_object(struct jout *j);
void jout_array(struct jout *j);
void jout_close(struct jout *j);
/* A member of the object open: a key alone (an object or array value
 * opened next), a string (NULL: ""), an integer, null or a boolean. */
void jout_key(struct jout *j, const char *key);
void jout_str(struct jout *j, const char *key, const char *v);
void jout_int(struct jout *j, const char *key, long v);
void jout_null(struct jout *j, const char *key);
void jout_bool(struct jout *j, const char *key, int v);

#endif

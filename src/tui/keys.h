/*
 * keys.h: the one key table (the explorer's and the presenter's). Every binding is a row {key,
 * keymap, action, help}; input is looked up here and turned into an
 * action, and the help view and the status-bar hints are generated from
 * the same rows, so they cannot drift from what the keys do.
 *
 * A key is an int: a Unicode code point for a character (control
 * characters included: Ctrl-P is 0x10), KC_FN|code for a curses function
 * key (KEY_UP...), and KC_ALT added for Alt (ESC-prefixed) keys.
 */
#ifndef STRATUS_KEYS_H
#define STRATUS_KEYS_H

#include <stddef.h>

#include "core/buf.h"

#define KC_FN 0x2000000
#define KC_ALT 0x1000000
#define KC_CTRL(c) ((c) & 0x1f)
#define KC_ESC 27

/* Keys curses has no code for, made up here (in the KC_FN range). */
enum {
	KX_MOUSE = KC_FN | 0x10000,	/* a mouse event (see struct app) */
	KX_RESIZE = KC_FN | 0x10001,
};

/*
 * Where a binding applies. KM_ANY rows apply in every keymap that has no
 * row of its own for the key, except that in a text-input keymap
 * (KM_SEARCH, KM_QUICKOPEN, KM_FIND, KM_PROMPT) printable characters are
 * text. A view may decline an action of its own row (n, next match, in
 * a note nothing was found in): the key then does what KM_ANY says.
 */
enum keymap {
	KM_ANY,
	KM_SEARCH,	/* the query line of the search view */
	KM_RESULTS,	/* the result list of the search view */
	KM_NOTE,
	KM_BACKLINKS,
	KM_RELATED,
	KM_GRAPH,
	KM_TAGS,
	KM_QUICKOPEN,
	KM_LANG,
	KM_HELP,
	KM_FIND,	/* the find-in-note prompt */
	KM_PROMPT,	/* a line to type: a new note's title, a new name */
	KM_CONFIRM,	/* a yes/no question */
	KM_PRESENT,	/* the presenter (stratus present): its rows only */
	KM_COUNT
};

enum action {
	ACT_NONE,
	ACT_TEXT,		/* a printable character for a text input */
	ACT_QUIT,
	ACT_HELP,
	ACT_SEARCH,
	ACT_QUICKOPEN,
	ACT_BACKLINKS,
	ACT_RELATED,
	ACT_GRAPH,
	ACT_TAGS,
	ACT_LANG,
	ACT_EDIT,
	ACT_BACK,
	ACT_FORWARD,
	ACT_REDRAW,
	ACT_UP,
	ACT_DOWN,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_PAGEUP,
	ACT_PAGEDOWN,
	ACT_TOP,
	ACT_BOTTOM,
	ACT_OPEN,		/* Enter: open, follow, recentre */
	ACT_NEXTLINK,
	ACT_PREVLINK,
	ACT_FIND,
	ACT_FINDNEXT,
	ACT_FINDPREV,
	ACT_DEPTH,
	ACT_CANCEL,	/* Esc in an input or an overlay */
	ACT_FOCUS,	/* search: between the query and the results */
	ACT_DELCHAR,	/* text input: delete the character before */
	ACT_DELWORD,
	ACT_CLEAR,	/* text input: clear the line */
	ACT_NEW,	/* make a new note */
	ACT_RENAME,	/* rename the note (and rewrite the links to it) */
	ACT_CHOICE,	/* a prompt: the next of its choices */
	/* The presenter's own (KM_PRESENT). */
	ACT_NEXTSTEP,	/* next step (a tall slide scrolls first) */
	ACT_PREVSTEP,
	ACT_NEXTSLIDE,
	ACT_PREVSLIDE,
	ACT_OVERVIEW,
	ACT_RELOAD,
	ACT_BLANK,
	ACT_TIMER,
	ACT_ACTION_COUNT
};

struct keybind {
	int key;
	enum keymap km;
	enum action action;
	const char *help;	/* what it does, for the help view */
	int hint;		/* KB_HINT: also shown in the status bar;
				 * KB_UNLISTED: works, left out of the help */
};

#define KB_HINT 1
#define KB_UNLISTED 2

extern const struct keybind key_table[];
extern const size_t key_table_len;

/* The keymap's name as the help view titles it. */
const char *keymap_name(enum keymap km);
/* Is km one where printable characters are text? */
int keymap_is_text(enum keymap km);
/* Printable: a character that a text input takes. */
int key_is_printable(int key);

/* The action key has in keymap km (ACT_TEXT for text, ACT_NONE for none). */
enum action key_action(enum keymap km, int key);

/* What key does in keymap km when the view declines the action of km's
 * own row for it: its KM_ANY action, or ACT_NONE (in a modal keymap). */
enum action key_fallback(enum keymap km, int key);

/* The text-input edits of ACT_DELCHAR and ACT_DELWORD, on the line the
 * user types (search query, quick-open pattern, find-in-note text):
 * delete the last UTF-8 character, or the last word and the spaces after
 * it. An empty line stays empty. */
void input_del_char(struct buf *line);
void input_del_word(struct buf *line);

/* The edit of a text input that act is (ACT_TEXT typing key,
 * ACT_DELCHAR, ACT_DELWORD, ACT_CLEAR), made on line: 1, or 0 when act
 * is none of them. */
int input_edit(struct buf *line, enum action act, int key);

/* The key's name as shown to the user: "j", "Ctrl-P", "Alt-Left". */
void keyname_add(int key, struct buf *out);

/*
 * The help, one line per action and keymap: "  j, Down   move down",
 * under a heading line per keymap ("Note", "Everywhere"...). Each line
 * is appended to out followed by '\n'; headings start at column 0 and
 * bindings are indented. The same key rows, so it cannot drift.
 */
void key_help(struct buf *out);
/* The same for keymap km alone, without its heading, the keys column as
 * wide as its widest entry: the presenter's help (KM_PRESENT). */
void key_help_keymap(enum keymap km, struct buf *out);

/* The status-bar hints of keymap km: "Enter open  b backlinks ...". */
void key_hints(enum keymap km, struct buf *out);
/* The hints that fit in cols columns, whole (a hint is never cut): the
 * keymap's own first, then help and quit, then the rest in table order;
 * shown in table order. */
void key_hints_fit(enum keymap km, int cols, struct buf *out);

#endif

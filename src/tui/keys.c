/* keys.c: the one key table (explorer and presenter), its lookup and the
 * help made from it. */
#include "tui/keys.h"
#include "render/width.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#define F(k) (KC_FN | (k))
#define HELP_COL_MAX 26	/* widest keys column of the help */
#define ALT(k) (KC_ALT | (k))

/*
 * The bindings. Within a keymap, rows with the same action are listed
 * together and only the first carries the help text; the order is the
 * order of the help view and of the status-bar hints.
 */
const struct keybind key_table[] = {
	/* Everywhere (every keymap without a row of its own for the key). */
	{ '?', KM_ANY, ACT_HELP, "help: every key (this screen)", 1 },
	{ F(KEY_F(1)), KM_ANY, ACT_HELP, NULL, 0 },
	{ 's', KM_ANY, ACT_SEARCH, "search the notes", 1 },
	{ KC_CTRL('p'), KM_ANY, ACT_QUICKOPEN,
	    "quick open: jump to a note by title, alias or slug", 1 },
	{ ':', KM_ANY, ACT_QUICKOPEN, NULL, 0 },
	{ 'b', KM_ANY, ACT_BACKLINKS, "backlinks: the notes linking here", 1 },
	{ 'r', KM_ANY, ACT_RELATED,
	    "related: notes sharing links, tags or words with the note", 1 },
	{ 'g', KM_ANY, ACT_GRAPH, "graph: the note's neighbourhood", 1 },
	{ 'v', KM_ANY, ACT_GRAPH, NULL, 1 },
	{ 't', KM_ANY, ACT_TAGS, "tags and their notes", 1 },
	{ 'L', KM_ANY, ACT_LANG, "switch the note to another language", 0 },
	{ 'e', KM_ANY, ACT_EDIT, "edit the note in $VISUAL or $EDITOR", 1 },
	{ 'n', KM_ANY, ACT_NEW,
	    "new note: type its title (Tab picks the template), then edit it",
	    0 },
	{ 'R', KM_ANY, ACT_RENAME,
	    "rename the note; every link to it is rewritten", 0 },
	{ F(KEY_BACKSPACE), KM_ANY, ACT_BACK, "back", 0 },
	{ 'h', KM_ANY, ACT_BACK, NULL, 0 },
	{ ALT(F(KEY_LEFT)), KM_ANY, ACT_BACK, NULL, 0 },
	{ KC_ESC, KM_ANY, ACT_BACK, NULL, 0 },
	{ 'l', KM_ANY, ACT_FORWARD, "forward", 0 },
	{ ALT(F(KEY_RIGHT)), KM_ANY, ACT_FORWARD, NULL, 0 },
	{ 'j', KM_ANY, ACT_DOWN, "move down", 0 },
	{ F(KEY_DOWN), KM_ANY, ACT_DOWN, NULL, 0 },
	{ 'k', KM_ANY, ACT_UP, "move up", 0 },
	{ F(KEY_UP), KM_ANY, ACT_UP, NULL, 0 },
	{ F(KEY_NPAGE), KM_ANY, ACT_PAGEDOWN, "page down", 0 },
	{ ' ', KM_ANY, ACT_PAGEDOWN, NULL, 0 },
	{ KC_CTRL('f'), KM_ANY, ACT_PAGEDOWN, NULL, 0 },
	{ F(KEY_PPAGE), KM_ANY, ACT_PAGEUP, "page up", 0 },
	{ KC_CTRL('b'), KM_ANY, ACT_PAGEUP, NULL, 0 },
	{ F(KEY_HOME), KM_ANY, ACT_TOP, "to the top", 0 },
	{ F(KEY_END), KM_ANY, ACT_BOTTOM, "to the bottom", 0 },
	{ '\n', KM_ANY, ACT_OPEN, "open the selected note", 1 },
	{ KC_CTRL('l'), KM_ANY, ACT_REDRAW, "redraw the screen", 0 },
	{ 'q', KM_ANY, ACT_QUIT, "quit", 1 },
	{ KC_CTRL('c'), KM_ANY, ACT_QUIT, NULL, 0 },

	/* The search view's query line: characters are the query. */
	{ '\n', KM_SEARCH, ACT_OPEN, "open the selected result", 1 },
	{ F(KEY_DOWN), KM_SEARCH, ACT_DOWN, "next result", 0 },
	{ KC_CTRL('n'), KM_SEARCH, ACT_DOWN, NULL, 0 },
	{ F(KEY_UP), KM_SEARCH, ACT_UP, "previous result", 0 },
	{ '\t', KM_SEARCH, ACT_FOCUS,
	    "to the results, where the letter keys act on the selected note",
	    1 },
	{ KC_ESC, KM_SEARCH, ACT_CANCEL,
	    "clear the query; on an empty query, to the results", 0 },
	{ F(KEY_BACKSPACE), KM_SEARCH, ACT_DELCHAR, "delete a character", 0 },
	{ KC_CTRL('w'), KM_SEARCH, ACT_DELWORD, "delete a word", 0 },
	{ KC_CTRL('u'), KM_SEARCH, ACT_CLEAR, "clear the query", 0 },

	/* The search view's result list. */
	{ '\t', KM_RESULTS, ACT_FOCUS, "back to the query line", 1 },
	{ '/', KM_RESULTS, ACT_FOCUS, NULL, 0 },
	{ 'i', KM_RESULTS, ACT_FOCUS, NULL, 0 },

	/* The note view. */
	{ 'g', KM_NOTE, ACT_TOP, "to the top", 0 },
	{ F(KEY_HOME), KM_NOTE, ACT_TOP, NULL, 0 },
	{ 'G', KM_NOTE, ACT_BOTTOM, "to the bottom", 0 },
	{ F(KEY_END), KM_NOTE, ACT_BOTTOM, NULL, 0 },
	{ '\t', KM_NOTE, ACT_NEXTLINK, "select the next link", 1 },
	{ F(KEY_BTAB), KM_NOTE, ACT_PREVLINK, "select the previous link", 0 },
	{ '\n', KM_NOTE, ACT_OPEN,
	    "follow the selected link (to its heading, if it names one); "
	    "none selected: fold or unfold the callout on screen", 1 },
	{ '/', KM_NOTE, ACT_FIND, "find in the note", 1 },
	{ 'n', KM_NOTE, ACT_FINDNEXT,
	    "next match (before a find: a new note)", 0 },
	{ 'N', KM_NOTE, ACT_FINDPREV, "previous match", 0 },

	/* The backlinks view. */
	{ '\n', KM_BACKLINKS, ACT_OPEN, "go to the linking note", 1 },
	/* The related view. */
	{ '\n', KM_RELATED, ACT_OPEN, "open the related note", 1 },

	/* The graph view. */
	{ F(KEY_LEFT), KM_GRAPH, ACT_LEFT, "select the node to the left", 0 },
	{ F(KEY_RIGHT), KM_GRAPH, ACT_RIGHT, "select the node to the right",
	    0 },
	{ '\n', KM_GRAPH, ACT_OPEN,
	    "recentre on the selected node; on the centre, open it", 1 },
	{ 'd', KM_GRAPH, ACT_DEPTH, "depth 1 or 2", 1 },
	{ 'o', KM_GRAPH, ACT_OPEN, NULL, 0 },

	/* The tags view. */
	{ '\n', KM_TAGS, ACT_OPEN, "list the tag's notes; open a note", 1 },

	/* Quick open (a text input over the current view). */
	{ '\n', KM_QUICKOPEN, ACT_OPEN, "open the selected note", 1 },
	{ KC_ESC, KM_QUICKOPEN, ACT_CANCEL, "close", 1 },
	{ F(KEY_DOWN), KM_QUICKOPEN, ACT_DOWN, "next match", 0 },
	{ KC_CTRL('n'), KM_QUICKOPEN, ACT_DOWN, NULL, 0 },
	{ F(KEY_UP), KM_QUICKOPEN, ACT_UP, "previous match", 0 },
	{ KC_CTRL('p'), KM_QUICKOPEN, ACT_UP, NULL, 0 },
	{ F(KEY_BACKSPACE), KM_QUICKOPEN, ACT_DELCHAR, "delete a character",
	    0 },
	{ KC_CTRL('w'), KM_QUICKOPEN, ACT_DELWORD, "delete a word", 0 },
	{ KC_CTRL('u'), KM_QUICKOPEN, ACT_CLEAR, "clear", 0 },

	/* The language picker. */
	{ '\n', KM_LANG, ACT_OPEN, "show the note in that language", 1 },
	{ F(KEY_DOWN), KM_LANG, ACT_DOWN, "next language", 0 },
	{ 'j', KM_LANG, ACT_DOWN, NULL, 0 },
	{ F(KEY_UP), KM_LANG, ACT_UP, "previous language", 0 },
	{ 'k', KM_LANG, ACT_UP, NULL, 0 },
	{ KC_ESC, KM_LANG, ACT_CANCEL, "close", 1 },
	{ 'q', KM_LANG, ACT_CANCEL, NULL, 0 },
	{ 'L', KM_LANG, ACT_CANCEL, NULL, 0 },

	/* Find in the note (a prompt on the last line). */
	{ '\n', KM_FIND, ACT_OPEN, "find", 1 },
	{ KC_ESC, KM_FIND, ACT_CANCEL, "cancel", 1 },
	{ F(KEY_BACKSPACE), KM_FIND, ACT_DELCHAR, "delete a character", 0 },
	{ KC_CTRL('w'), KM_FIND, ACT_DELWORD, "delete a word", 0 },
	{ KC_CTRL('u'), KM_FIND, ACT_CLEAR, "clear", 0 },

	/* A prompt (a line over the status bar). */
	{ '\n', KM_PROMPT, ACT_OPEN, "accept", 1 },
	{ '\t', KM_PROMPT, ACT_CHOICE, "the next template (a new note)", 0 },
	{ KC_ESC, KM_PROMPT, ACT_CANCEL, "cancel", 1 },
	{ F(KEY_BACKSPACE), KM_PROMPT, ACT_DELCHAR, "delete a character", 0 },
	{ KC_CTRL('w'), KM_PROMPT, ACT_DELWORD, "delete a word", 0 },
	{ KC_CTRL('u'), KM_PROMPT, ACT_CLEAR, "clear", 0 },

	/* A question (create the note? apply the rename?). */
	{ 'y', KM_CONFIRM, ACT_OPEN, "yes", 1 },
	{ '\n', KM_CONFIRM, ACT_OPEN, NULL, 0 },
	{ 'n', KM_CONFIRM, ACT_CANCEL, "no", 1 },
	{ KC_ESC, KM_CONFIRM, ACT_CANCEL, NULL, 0 },

	/* The help view. */
	{ 'j', KM_HELP, ACT_DOWN, "scroll down", 0 },
	{ F(KEY_DOWN), KM_HELP, ACT_DOWN, NULL, 0 },
	{ 'k', KM_HELP, ACT_UP, "scroll up", 0 },
	{ F(KEY_UP), KM_HELP, ACT_UP, NULL, 0 },
	{ F(KEY_NPAGE), KM_HELP, ACT_PAGEDOWN, "page down", 0 },
	{ ' ', KM_HELP, ACT_PAGEDOWN, NULL, 0 },
	{ F(KEY_PPAGE), KM_HELP, ACT_PAGEUP, "page up", 0 },
	{ 'g', KM_HELP, ACT_TOP, "to the top", 0 },
	{ F(KEY_HOME), KM_HELP, ACT_TOP, NULL, 0 },
	{ 'G', KM_HELP, ACT_BOTTOM, "to the bottom", 0 },
	{ F(KEY_END), KM_HELP, ACT_BOTTOM, NULL, 0 },
	{ 'q', KM_HELP, ACT_CANCEL, "close the help", 1 },
	{ KC_ESC, KM_HELP, ACT_CANCEL, NULL, 0 },
	{ '?', KM_HELP, ACT_CANCEL, NULL, 0 },
	{ F(KEY_BACKSPACE), KM_HELP, ACT_CANCEL, NULL, 0 },
	{ 'h', KM_HELP, ACT_CANCEL, NULL, 0 },

	/* The presenter (stratus present): only these rows, no KM_ANY. */
	{ ' ', KM_PRESENT, ACT_NEXTSTEP,
	    "next step (scrolls a tall slide first)", 0 },
	{ F(KEY_RIGHT), KM_PRESENT, ACT_NEXTSTEP, NULL, 0 },
	{ 'l', KM_PRESENT, ACT_NEXTSTEP, NULL, 0 },
	{ 'j', KM_PRESENT, ACT_NEXTSTEP, NULL, 0 },
	{ F(KEY_NPAGE), KM_PRESENT, ACT_NEXTSTEP, NULL, 0 },
	{ '\n', KM_PRESENT, ACT_OPEN,
	    "open Tab's link, else next step or slide 0-9", 0 },
	{ '\r', KM_PRESENT, ACT_OPEN, NULL, KB_UNLISTED },
	{ F(KEY_ENTER), KM_PRESENT, ACT_OPEN, NULL, KB_UNLISTED },
	{ F(KEY_LEFT), KM_PRESENT, ACT_PREVSTEP, "previous step", 0 },
	{ 'h', KM_PRESENT, ACT_PREVSTEP, NULL, 0 },
	{ 'k', KM_PRESENT, ACT_PREVSTEP, NULL, 0 },
	{ F(KEY_PPAGE), KM_PRESENT, ACT_PREVSTEP, NULL, 0 },
	{ F(KEY_BACKSPACE), KM_PRESENT, ACT_PREVSTEP, NULL, 0 },
	{ 0x7f, KM_PRESENT, ACT_PREVSTEP, NULL, KB_UNLISTED },
	{ KC_CTRL('h'), KM_PRESENT, ACT_PREVSTEP, NULL, KB_UNLISTED },
	{ F(KEY_DOWN), KM_PRESENT, ACT_NEXTSLIDE, "next slide, skipping steps",
	    0 },
	{ ']', KM_PRESENT, ACT_NEXTSLIDE, NULL, 0 },
	{ F(KEY_UP), KM_PRESENT, ACT_PREVSLIDE, "previous slide", 0 },
	{ '[', KM_PRESENT, ACT_PREVSLIDE, NULL, 0 },
	{ 'g', KM_PRESENT, ACT_TOP, "first slide", 0 },
	{ F(KEY_HOME), KM_PRESENT, ACT_TOP, NULL, 0 },
	{ 'G', KM_PRESENT, ACT_BOTTOM, "last slide", 0 },
	{ F(KEY_END), KM_PRESENT, ACT_BOTTOM, NULL, 0 },
	{ 'o', KM_PRESENT, ACT_OVERVIEW,
	    "overview: pick a slide (arrows, Enter)", 0 },
	{ '\t', KM_PRESENT, ACT_NEXTLINK,
	    "select the next link to a note (Esc: none)", 0 },
	{ F(KEY_BTAB), KM_PRESENT, ACT_PREVLINK, "select the previous link",
	    0 },
	{ '/', KM_PRESENT, ACT_SEARCH, "search the slides", 0 },
	{ 'n', KM_PRESENT, ACT_FINDNEXT, "next match", 0 },
	{ 'r', KM_PRESENT, ACT_RELOAD,
	    "reload the deck (saving it reloads too)", 0 },
	{ 'b', KM_PRESENT, ACT_BLANK, "blank the screen", 0 },
	{ 't', KM_PRESENT, ACT_TIMER, "restart the timer", 0 },
	{ '?', KM_PRESENT, ACT_HELP, "this help", 0 },
	{ KC_ESC, KM_PRESENT, ACT_CANCEL,
	    "close a screen, forget a number, unmark", 0 },
	{ 'q', KM_PRESENT, ACT_QUIT, "quit; on help, overview, blank: close it",
	    0 },
};

const size_t key_table_len = sizeof key_table / sizeof key_table[0];

static const char *const km_names[KM_COUNT] = {
	[KM_ANY] = "Everywhere (unless a view below binds the key)",
	[KM_SEARCH] = "Search: the query line (letters type the query)",
	[KM_RESULTS] = "Search: the results",
	[KM_NOTE] = "Note",
	[KM_BACKLINKS] = "Backlinks",
	[KM_RELATED] = "Related",
	[KM_GRAPH] = "Graph",
	[KM_TAGS] = "Tags",
	[KM_QUICKOPEN] = "Quick open (letters type the pattern)",
	[KM_LANG] = "Language",
	[KM_HELP] = "Help",
	[KM_FIND] = "Find in the note (letters type the text)",
	[KM_PROMPT] = "A prompt: new note, rename (letters type the text)",
	[KM_CONFIRM] = "A question",
	[KM_PRESENT] = "The presenter",
};

/* The order of the help's sections. */
static const enum keymap help_order[] = {
	KM_ANY, KM_SEARCH, KM_RESULTS, KM_NOTE, KM_BACKLINKS, KM_RELATED,
	KM_GRAPH, KM_TAGS, KM_QUICKOPEN, KM_LANG, KM_FIND, KM_PROMPT,
	KM_CONFIRM, KM_HELP,
};

const char *
keymap_name(enum keymap km)
{
	return (km >= 0 && km < KM_COUNT) ? km_names[km] : "";
}

int
keymap_is_text(enum keymap km)
{
	return km == KM_SEARCH || km == KM_QUICKOPEN || km == KM_FIND ||
	    km == KM_PROMPT;
}

/* Modal keymaps take only their own rows (and Ctrl-C). */
static int
keymap_is_modal(enum keymap km)
{
	return km == KM_QUICKOPEN || km == KM_LANG || km == KM_FIND ||
	    km == KM_HELP || km == KM_PROMPT || km == KM_CONFIRM;
}

int
key_is_printable(int key)
{
	if (key & (KC_FN | KC_ALT))
		return 0;
	if (key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0))
		return 0;
	return key <= 0x10ffff;
}

enum action
key_action(enum keymap km, int key)
{
	size_t i;

	for (i = 0; i < key_table_len; i++)
		if (key_table[i].km == km && key_table[i].key == key)
			return key_table[i].action;
	if (km == KM_PRESENT)
		return ACT_NONE;
	if (keymap_is_text(km) && key_is_printable(key))
		return ACT_TEXT;
	for (i = 0; i < key_table_len; i++) {
		if (key_table[i].km != KM_ANY || key_table[i].key != key)
			continue;
		if (keymap_is_modal(km) && (key_table[i].action != ACT_QUIT ||
		    key_is_printable(key)))
			continue;
		return key_table[i].action;
	}
	return ACT_NONE;
}

enum action
key_fallback(enum keymap km, int key)
{
	if (km == KM_PRESENT || keymap_is_modal(km) || keymap_is_text(km))
		return ACT_NONE;
	return key_action(KM_ANY, key);
}

void
input_del_char(struct buf *line)
{
	size_t n = line->len;

	while (n > 0) {
		n--;
		if (((unsigned char)line->ptr[n] & 0xc0) != 0x80)
			break;
	}
	buf_truncate(line, n);
}

void
input_del_word(struct buf *line)
{
	size_t n = line->len;

	while (n > 0 && line->ptr[n - 1] == ' ')
		n--;
	while (n > 0 && line->ptr[n - 1] != ' ')
		n--;
	buf_truncate(line, n);
}

int
input_edit(struct buf *line, enum action act, int key)
{
	switch (act) {
	case ACT_TEXT:
		utf8_encode(line, (uint32_t)key);
		return 1;
	case ACT_DELCHAR:
		input_del_char(line);
		return 1;
	case ACT_DELWORD:
		input_del_word(line);
		return 1;
	case ACT_CLEAR:
		buf_reset(line);
		return 1;
	default:
		return 0;
	}
}

static const struct {
	int code;
	const char *name;
} fn_names[] = {
	{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" },
	{ KEY_RIGHT, "Right" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
	{ KEY_NPAGE, "PgDn" }, { KEY_PPAGE, "PgUp" },
	{ KEY_BACKSPACE, "Backspace" }, { KEY_BTAB, "Shift-Tab" },
	{ KEY_DC, "Delete" }, { KEY_IC, "Insert" }, { KEY_ENTER, "Enter" },
};

void
keyname_add(int key, struct buf *out)
{
	size_t i;
	int code;

	if (key & KC_ALT) {
		buf_adds(out, "Alt-");
		key &= ~KC_ALT;
	}
	if (key & KC_FN) {
		code = key & ~KC_FN;
		for (i = 0; i < sizeof fn_names / sizeof fn_names[0]; i++)
			if (fn_names[i].code == code) {
				buf_adds(out, fn_names[i].name);
				return;
			}
		if (code >= KEY_F(1) && code <= KEY_F(63)) {
			buf_printf(out, "F%d", code - KEY_F0);
			return;
		}
		buf_printf(out, "key-%d", code);
		return;
	}
	switch (key) {
	case ' ':
		buf_adds(out, "Space");
		return;
	case '\t':
		buf_adds(out, "Tab");
		return;
	case '\n':
		buf_adds(out, "Enter");
		return;
	case KC_ESC:
		buf_adds(out, "Esc");
		return;
	case 0x7f:
		buf_adds(out, "Backspace");
		return;
	default:
		break;
	}
	if (key >= 1 && key < 0x20) {
		buf_printf(out, "Ctrl-%c", 'A' + key - 1);
		return;
	}
	if (key_is_printable(key))
		utf8_encode(out, (uint32_t)key);
	else
		buf_printf(out, "key-%d", key);
}

/* The help rows of keymap km. Pass 0 widens *col to the widest keys
 * column (at most colmax), pass 1 writes: a key list too long for the
 * column gets a line of its own. */
static void
help_rows(enum keymap km, int pass, int colmax, int *col, struct buf *out)
{
	struct buf keys = BUF_INIT;
	size_t i, j;
	int w;

	for (i = 0; i < key_table_len; i++) {
		const struct keybind *k = &key_table[i];

		if (k->km != km || !k->help)
			continue;
		buf_reset(&keys);
		for (j = 0; j < key_table_len; j++) {
			if (key_table[j].km != km ||
			    key_table[j].action != k->action ||
			    (key_table[j].hint & KB_UNLISTED))
				continue;
			if (keys.len)
				buf_adds(&keys, ", ");
			keyname_add(key_table[j].key, &keys);
		}
		w = 2 + text_width(buf_str(&keys), keys.len) + 2;
		if (pass == 0) {
			if (w > *col && w <= colmax)
				*col = w;
			continue;
		}
		buf_printf(out, "  %s", buf_str(&keys));
		if (w > *col) {
			buf_addc(out, '\n');
			w = 0;
		} else
			w -= 2;
		buf_printf(out, "%*s%s\n", *col - w, "", k->help);
	}
	buf_free(&keys);
}

void
key_help(struct buf *out)
{
	size_t s;
	int col = 0, pass;

	for (pass = 0; pass < 2; pass++)
	for (s = 0; s < sizeof help_order / sizeof help_order[0]; s++) {
		enum keymap km = help_order[s];

		if (pass)
			buf_printf(out, "%s\n", km_names[km]);
		help_rows(km, pass, HELP_COL_MAX, &col, out);
		if (pass)
			buf_addc(out, '\n');
	}
}

void
key_help_keymap(enum keymap km, struct buf *out)
{
	int col = 0;

	help_rows(km, 0, INT_MAX, &col, out);
	help_rows(km, 1, INT_MAX, &col, out);
}

/* The short label of an action in the status bar. */
static const char *
hint_label(enum keymap km, enum action a)
{
	if (a == ACT_FOCUS)
		return km == KM_SEARCH ? "results" : "query";
	switch (a) {
	case ACT_HELP: return "help";
	case ACT_SEARCH: return "search";
	case ACT_QUICKOPEN: return "open…";
	case ACT_BACKLINKS: return "backlinks";
	case ACT_RELATED: return "related";
	case ACT_GRAPH: return "graph";
	case ACT_TAGS: return "tags";
	case ACT_EDIT: return "edit";
	case ACT_OPEN: return km == KM_CONFIRM ? "yes" :
	    km == KM_PROMPT ? "accept" : "open";
	case ACT_QUIT: return "quit";
	case ACT_NEXTLINK: return "links";
	case ACT_FIND: return "find";
	case ACT_DEPTH: return "depth";
	case ACT_CANCEL: return km == KM_CONFIRM ? "no" :
	    km == KM_PROMPT ? "cancel" : "close";
	case ACT_CHOICE: return "template";
	case ACT_NEW: return "new";
	case ACT_RENAME: return "rename";
	default: return "";
	}
}

/* A status-bar hint: "KEY label", and how much it matters (0: the
 * keymap's own, 1: help and quit, 2: the rest). */
struct hint {
	char text[64];
	int width, prio, keep;
};

/* The hints of keymap km in table order. */
static size_t
hint_list(enum keymap km, struct hint *h, size_t max)
{
	int shown[ACT_ACTION_COUNT] = {0};
	struct buf one = BUF_INIT;
	size_t pass, i, n = 0;

	for (pass = 0; pass < 2; pass++) {
		enum keymap want = pass == 0 ? km : KM_ANY;

		if (pass == 1 && km == KM_ANY)
			break;
		for (i = 0; i < key_table_len && n < max; i++) {
			const struct keybind *k = &key_table[i];

			if (k->km != want || !(k->hint & KB_HINT) ||
			    shown[k->action])
				continue;
			/* Only keys that do this here (not shadowed). */
			if (key_action(km, k->key) != k->action)
				continue;
			shown[k->action] = 1;
			buf_reset(&one);
			keyname_add(k->key, &one);
			buf_printf(&one, " %s", hint_label(km, k->action));
			snprintf(h[n].text, sizeof h[n].text, "%s",
			    buf_str(&one));
			h[n].width = text_width(h[n].text, strlen(h[n].text));
			h[n].prio = pass == 0 && km != KM_ANY ? 0 :
			    k->action == ACT_HELP || k->action == ACT_QUIT ?
			    1 : 2;
			h[n].keep = 0;
			n++;
		}
	}
	buf_free(&one);
	return n;
}

void
key_hints_fit(enum keymap km, int cols, struct buf *out)
{
	struct hint h[ACT_ACTION_COUNT];
	size_t n = hint_list(km, h, ACT_ACTION_COUNT), i;
	int used = 0, prio, w;

	for (prio = 0; prio <= 2; prio++)
		for (i = 0; i < n; i++) {
			w = h[i].width + (used ? 2 : 0);
			if (h[i].prio != prio || used + w > cols)
				continue;
			h[i].keep = 1;
			used += w;
		}
	for (i = 0; i < n; i++)
		if (h[i].keep) {
			if (out->len)
				buf_adds(out, "  ");
			buf_adds(out, h[i].text);
		}
}

void
key_hints(enum keymap km, struct buf *out)
{
	struct hint h[ACT_ACTION_COUNT];
	size_t n = hint_list(km, h, ACT_ACTION_COUNT), i;

	for (i = 0; i < n; i++) {
		if (out->len)
			buf_adds(out, "  ");
		buf_adds(out, h[i].text);
	}
}

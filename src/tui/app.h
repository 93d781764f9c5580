/*
 * app.h: the explorer's one application struct and the contract between
 * it and its views (internal to src/tui).
 *
 * The loop only marks things dirty: a key becomes an action through the
 * key table (keys.h), the current view (or the overlay above it) handles
 * it by changing its own state, and one compose per pass draws every row
 * of a frame (line.h) that the screen painter then paints. Nothing here
 * needs a terminal: the tests drive an app with app_key() and read the
 * frame from app_compose().
 *
 * Each view is a table of functions (struct view_ops) over a state only
 * its own file touches. Navigation goes through places (struct place):
 * opening a view saves where the current one was on the back stack, so
 * Backspace and Alt-Left return there and Alt-Right goes forward again.
 */
#ifndef STRATUS_APP_H
#define STRATUS_APP_H

#include <stdio.h>

#include "core/buf.h"
#include "core/index.h"
#include "render/theme.h"
#include "tui/keys.h"
#include "tui/line.h"

enum view_id {
	V_SEARCH,
	V_NOTE,
	V_BACKLINKS,
	V_GRAPH,
	V_TAGS,
	V_HELP,
	V_RELATED,
	V_COUNT
};

enum overlay_id {
	OV_NONE = -1,
	OV_QUICKOPEN,
	OV_LANG,
	OV_PROMPT,
	OV_COUNT
};

/* Where a view was: enough to open it again. Strings are owned. */
struct place {
	enum view_id view;
	char *slug;		/* the note, or NULL */
	char *lang;		/* its language, or NULL for the default */
	char *arg;		/* search query; tag; heading anchor to show */
	char *link_to;		/* note view: select the first link to this
				 * slug */
	int top;		/* first row shown */
	int sel;		/* selected item or link (-1: none) */
	int depth;		/* graph depth */
	int focus;		/* search: 1 on the results */
};

void place_clear(struct place *p);
void place_copy(struct place *dst, const struct place *src);

/* Mouse events handed to views (after curses decoded them). */
enum mouse_what {
	M_CLICK,
	M_WHEEL_UP,
	M_WHEEL_DOWN,
};

struct app;
struct worker;
struct worker_done;

struct view_ops {
	const char *name;	/* the tab's name: "Search", "Note"... */
	void *(*init)(struct app *a);
	void (*free)(void *st);
	/* Show the place p (navigation, back or forward). */
	void (*open)(struct app *a, void *st, const struct place *p);
	/* Fill p with where the view is now (p is zeroed). */
	void (*save)(struct app *a, void *st, struct place *p);
	/* The keymap in force (it can change with focus). */
	enum keymap (*keymap)(void *st);
	/* Handle an action; key is the raw key (for ACT_TEXT). Returns 1 when
	 * handled, 0 to let the app handle it. */
	int (*key)(struct app *a, void *st, enum action act, int key);
	/* The screen size changed: drop what depends on it. */
	void (*resize)(struct app *a, void *st);
	/* Draw rows [top, top + n) of the frame (and, for overlays, on top
	 * of what is there). */
	void (*draw)(struct app *a, void *st, struct frame *f, int top, int n);
	/* The right-hand side of the status bar ("12/40 lines"). */
	void (*status)(struct app *a, void *st, struct buf *out);
	/* A mouse event at frame row y, column x. */
	void (*mouse)(struct app *a, void *st, enum mouse_what w, int y,
	    int x);
	/* The note under the cursor: its slug and lang (borrowed), or 0. */
	int (*focus)(struct app *a, void *st, const char **slug,
	    const char **lang);
	/* The index changed on disk: read again what is shown. */
	void (*reload)(struct app *a, void *st);
	/* Background work the view asked for is done (may be NULL). */
	void (*done)(struct app *a, void *st, struct worker_done *d);
};

extern const struct view_ops view_related;
extern const struct view_ops view_search, view_note, view_backlinks,
    view_graph, view_tags, view_help, overlay_quickopen, overlay_lang,
    overlay_prompt;

/*
 * A prompt (view-prompt.c): a line over the status bar that asks for text
 * (a title, a name) or a yes or no. Enter calls done with what was typed
 * and the choice picked; Esc cancels. Either way arg_free(arg) follows
 * (when not NULL). The strings are copied.
 */
struct prompt {
	const char *question;	/* "New note:", "Create it?" */
	const char *text;	/* the line as it starts, or NULL */
	int confirm;		/* a yes/no question: no text typed */
	const char *const *choices;	/* Tab cycles them (NULL-ended),
					 * or NULL */
	const char *choice_name;	/* what a choice is: "template" */
	void (*done)(struct app *a, void *arg, const char *text,
	    const char *choice);
	void (*arg_free)(void *arg);
	void *arg;
};
/* Ask p over the current view. */
void app_prompt(struct app *a, const struct prompt *p);


struct app {
	struct index *ix;
	char *vault;
	const struct theme *theme;
	char *lang;		/* the preferred language */
	int rows, cols;
	int too_small;
	int quit;
	int dirty;		/* the frame must be composed again */

	enum view_id cur;
	void *vst[V_COUNT];
	enum overlay_id ov;
	void *ost[OV_COUNT];

	struct place *back, *fwd;
	size_t nback, nfwd, capback, capfwd;

	struct buf msg;		/* the status-bar message, or empty */
	int msg_error;

	struct buf edit_cmd;	/* set by a view: run the editor on it */
	struct worker *searcher;	/* searches off the main thread, or
					 * NULL: they run in place */
	long gen;		/* bumped each time the index changed */
	struct graph_summary sum;	/* the whole graph's counts, */
	long sumgen;			/* for this gen (-1: none yet) */
	FILE *trace;		/* STRATUS_EXPLORE_TRACE timings, or NULL */
	double t_start;
	int pictures;		/* a painter draws pictures: notes leave
				 * boxes for them (render/image.h) */
	int leave_on_back;	/* Back with nothing behind quits: the
				 * explorer opened over another screen
				 * (peek.h) */
};

/* Smallest usable screen. */
#define APP_MIN_COLS 40
#define APP_MIN_ROWS 10
/* Results a search keeps (search stays quick at 100k notes). */
#define APP_SEARCH_LIMIT 200

/*
 * A new explorer over an open, up-to-date index, at a screen of rows x
 * cols, showing the search view with query (NULL: empty).
 */
struct app *app_new(struct index *ix, const char *vault,
    const struct theme *theme, const char *lang, const char *query,
    int rows, int cols);
void app_free(struct app *a);
/* Handle one key (keys.h codes, KX_RESIZE excluded). */
void app_key(struct app *a, int key);
/* A mouse event at row y, column x of the screen. */
void app_mouse(struct app *a, enum mouse_what w, int y, int x);
/* The same for an event as screen_mouse() (screen.h) reported it: what
 * is an enum screen_mouse; SMOUSE_NONE does nothing. */
void app_screen_mouse(struct app *a, int what, int y, int x);
/* The screen is now rows x cols. */
void app_resize(struct app *a, int rows, int cols);
/* The index changed (live reload, editor): re-read what is shown. */
void app_reload(struct app *a);
/* Compose the whole screen into f (f is cleared and set up first). */
void app_compose(struct app *a, struct frame *f);
/* A search made through a->searcher is done: hand it to the search view
 * (d is emptied). */
void app_search_done(struct app *a, struct worker_done *d);

/* For views. */
/* Go to a place, saving the current one for Back. */
void app_go(struct app *a, const struct place *p);
/* Open a note (slug, lang NULL for the preferred one), optionally at a
 * heading anchor. */
void app_open_note(struct app *a, const char *slug, const char *lang,
    const char *anchor);
void app_back(struct app *a);
void app_forward(struct app *a);
/* Open or close an overlay. */
void app_overlay(struct app *a, enum overlay_id ov);
/* A message for the status bar (error: shown in the error style). */
void app_msg(struct app *a, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Ask the loop to run the editor on vault-relative path when it can. */
void app_request_edit(struct app *a, const char *path);
/* Bring the index up to date now and re-read what is shown (after the
 * explorer itself wrote notes). 0, or -1 with a message shown. */
int app_index_now(struct app *a);

/* Notes written from the explorer (note-make.c): n asks for a title and
 * a template and makes the note as `stratus new` does, R renames the
 * note (slug, lang) as `stratus mv` does; following a link to a note
 * not written yet offers to make it beside the linking note (from, in
 * its language), titled text. Each opens the note it made. */
void app_new_note(struct app *a);
void app_rename_note(struct app *a, const char *slug, const char *lang);
void app_create_linked(struct app *a, const struct doc *from,
    const char *target, int wiki, const char *text);

/* Rows available to a full view between the tab bar and the status bar. */
int app_body_rows(const struct app *a);
/* The document of slug in lang (NULL: the preferred language), 0 or -1. */
int app_doc(struct app *a, const char *slug, const char *lang,
    struct doc *d);

/* Keep *sel in [0, n) and *top so that rows [*sel * per, +per) show in
 * a window of h rows over n items of per rows each. */
void list_clamp(int *sel, int *top, int n, int per, int h);
/* Move the selection *sel of a list of n rows for act (down, up, a page
 * of page rows down or up, top, bottom); 1 when act is one of those. */
int list_move(enum action act, int *sel, int n, int page);
/* A click on screen row y of a list whose first item is drawn on row
 * first, per rows an item, from item top, of n items: -1 when it is on no
 * item, 1 when on the selected one (to open), else 0 with *sel set. */
int list_click(int y, int first, int per, int top, int n, int *sel);
/* Apply a scroll action of a text pane to *top, its first line shown:
 * ACT_UP and ACT_DOWN by one line, ACT_PAGEUP and ACT_PAGEDOWN by page
 * lines, ACT_TOP to 0, ACT_BOTTOM to last. Returns 1 when act is one of
 * these (the caller then clamps *top), else 0 with *top untouched. */
int scroll_action(int *top, enum action act, int page, int last);

#endif

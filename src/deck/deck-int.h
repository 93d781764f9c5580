/*
 * deck-int.h: the deck module's private interface, shared by the files
 * that read a deck (deck-text.c, deck-steps.c, deck-scan.c, deck-import.c,
 * deck-split.c, deck.c) and by the presenter's files (present.c,
 * present-draw.c, present-links.c and the mode files present-overview.c,
 * present-search.c, present-help.c). One section per file, as SQLite's fts5Int.h; deck.h
 * and present.h stay the public face.
 */
#ifndef STRATUS_DECK_INT_H
#define STRATUS_DECK_INT_H

#include "deck/deck.h"
#include "core/buf.h"
#include "render/theme.h"
#include "tui/keys.h"

#include <stddef.h>

struct htag;
struct hattr;

#define DECK_MAX_BYTES (64u << 20)
#define IMPORT_DEPTH 8
#define MAX_GROUPS 32
#define MAX_OPEN 64

struct line {
	const char *s;
	size_t n;
	int no;			/* 1-based */
};

struct text {
	char *data;
	struct line *lines;
	size_t n;
	const char *name;
};

enum { G_CLICK, G_CLICKS, G_ELEM, G_SWITCH };

struct group {
	int kind;
	char *elem;		/* G_ELEM: the element's name */
	int nest;		/* G_ELEM: same-name elements open inside */
	int from, until;
	int depth;		/* G_CLICKS: deepest level stepped, 0 all */
	int item_from;		/* G_CLICKS: the current item's step, -1 */
	int indents[16];	/* G_CLICKS: indents of open list levels */
	int nind;
	int blank;		/* G_CLICKS: the last line was blank */
	int base;		/* G_SWITCH: the click count at <v-switch> */
	int last;		/* G_SWITCH: the highest step of a template */
	size_t part;		/* G_SWITCH: the last template's first part */
	int part_from;		/* G_SWITCH: its step, -1 before one */
	int line;
};

/* The state of scanning one slide's lines into parts. */
struct scan {
	struct deck *d;
	struct slide *s;
	const char *file;
	size_t partcap;
	struct buf md;		/* the part being filled */
	enum deck_slot slot;	/* its properties */
	int from, until, center;
	int clicks;		/* the click counter (relative positions) */
	int maxstep;		/* the highest absolute step used */
	int base;		/* step of content outside groups (pause) */
	struct group g[MAX_GROUPS];
	int ng;
	int incremental;
	struct group inc;	/* list tracking of incremental_lists */
	enum deck_slot cur_slot;
	int cur_center;
	int line_center;	/* mdp: this line is -> centred <- (1) or
				 * -> right-aligned -> (2) */
	int mdp_prev;		/* mdp: the line before was blank 0, code 1,
				 * text 2 */
	int has_title;
	struct buf notes;
	char *last_comment;
	char *open[MAX_OPEN];	/* components not closed yet */
	int openline[MAX_OPEN];
	int nopen;
	int lineno;
};

/**************************************************************************
** Interface to code in deck-text.c
*/

/* Add the warning "file:line: ..." to d. */
void dk_warn(struct deck *d, const char *file, int line, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* t from data: BOM dropped, CRLF and lone CR to LF, NUL to U+FFFD, then
 * cut into lines; name is borrowed. Free with dk_text_free(). */
void dk_text_init(struct text *t, const char *data, size_t len,
    const char *name);
void dk_text_free(struct text *t);

/* Are the n bytes at s all blank? */
int dk_blank(const char *s, size_t n);

/* s with blanks trimmed at both ends: *n adjusted, start returned. */
const char *dk_trim(const char *s, size_t *n);

/* s (NUL-terminated, changed) with blanks trimmed at both ends. */
char *dk_trim_z(char *s);

/* Is l exactly what, trailing blanks aside? */
int dk_line_is(const struct line *l, const char *what);

/* ---, ----...: a Slidev separator (no leading blanks). */
int dk_dash_rule(const struct line *l);

/* The comment command on line l: "<!-- NAME -->" gives NAME's text. */
int dk_comment_is(const struct line *l, const char *cmd);

/* Is lines [a, b) a YAML mapping (key: value lines)? */
int dk_looks_like_yaml(const struct text *t, size_t a, size_t b);

/* The frontmatter in lines [a, b) (empty when a >= b); a YAML error is
 * warned about on d. */
struct frontmatter *dk_parse_fm(const struct text *t, size_t a, size_t b,
    struct deck *d);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in deck-steps.c
*/

/* A new part of kind on the slide, with the scan's current slot,
 * visibility and alignment. */
struct deck_part *dk_new_part(struct scan *sc, enum deck_part_kind kind);

/* End the part being filled; with sep, make sure it ends with a blank
 * line so that the next part starts a new block. */
void dk_flush(struct scan *sc, int sep);

/* Before text goes in: start a new part when the visibility, slot or
 * alignment changed. */
void dk_ready(struct scan *sc);

/* Add the n bytes at s to the part being filled. */
void dk_put(struct scan *sc, const char *s, size_t n);

/* Close the innermost group. */
void dk_pop_group(struct scan *sc);

/* A tag of the v-click family or with a v-click attribute; alone: the
 * tag is the only thing on its line. Returns 1 when it was one (and its
 * text must not be shown). */
int dk_group_tag(struct scan *sc, const struct htag *t, int alone);

/* After the tag text of a self-closing v-click element went out. */
void dk_group_selfclosed(struct scan *sc, const struct htag *t, int alone);

/* Keep count of components opened and closed, for warnings. */
void dk_balance(struct scan *sc, const struct htag *t);

/* List item marker at s? Returns the marker's width, 0 when none. */
size_t dk_list_marker(const char *s, size_t n);

/* One step per list item (and per paragraph outside lists, unless
 * lists_only): the bookkeeping of <v-clicks> and incremental_lists for a
 * content line. */
void dk_item_line(struct scan *sc, struct group *g, const char *s,
    size_t n, int lists_only);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in deck-scan.c
*/

/* A new empty slide at the end of d (cap: d->slides' capacity). */
struct slide *dk_new_slide(struct deck *d, size_t *cap);

/* Layout, hidden flag and title from the slide's frontmatter; first: it
 * is the deck's first slide. */
void dk_apply_fm(struct deck *d, struct slide *s, int first);

/* Scan lines [a, b) of t into s's parts, steps and notes. */
void dk_scan_body(struct deck *d, struct slide *s, const struct text *t,
    size_t a, size_t b);

/* The state of scanning lines, shared with the files that deck-import.c
 * includes. */
struct dk_lines {
	struct buf cbuf, joined;
	size_t flen;		/* the open fence's length, 0 when none */
	char fch;
	int fence_line;
	int numbered;		/* its lines numbered (+line_numbers): the
				 * next number, 0 when not */
	int digits;
	int in_comment;
	int depth;		/* of includes */
	char *files[IMPORT_DEPTH + 1];	/* real paths of the files being
					 * included, the deck's first */
};


/* A code fence opening line s (n bytes, its info string at info): its
 * highlight ranges split off. */
void dk_fence_open(struct scan *sc, const char *s, size_t n, size_t info);

/* A line inside a code fence, kept as it is. Returns 1 when it closes
 * the fence that opened with flen times fch. */
int dk_fenced_line(struct scan *sc, const char *l, size_t n, char fch,
    size_t flen);

/* Scan lines [a, b) of t into the slide of sc, with the line state ls. */
void dk_scan_lines(struct scan *sc, const struct text *t, size_t a,
    size_t b, struct dk_lines *ls);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in deck-import.c
*/

/* presenterm's <!-- include: file.md --> on line l: the file's lines
 * scanned in its place (a missing file or a cycle warned about). Returns
 * 1 when l was such a line. */
int dk_include_line(struct scan *sc, const char *l, size_t n,
    struct dk_lines *ls);

/* Slidev's <<< @/snippets/x.ts [lang] {ranges} on line l: that file as a
 * code block. Returns 1 when l was such a line. */
int dk_snippet_line(struct scan *sc, const char *l, size_t n);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in deck-split.c
*/

/* The deck in data: syntax detected, cut into slides, each scanned; name
 * is the file's name for messages (NULL: "<deck>"), real its real path
 * for src: import cycles (or NULL). */
struct deck *dk_parse(const char *data, size_t len, const char *name,
    const char *real);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in present.c
*/

struct present_opts;
struct theme;
struct link;
struct screen;
struct watch;
struct index;
struct peek;
struct slide_frame;

/* A link to a note on the slide on screen (frame.h's frame_link) and,
 * once looked up, the note it leads to. */
struct pres_link {
	char *target, *anchor;	/* as written; anchor may be NULL */
	int wiki;
	int found;		/* 1 a note, 0 none, -1 not looked up yet */
	char *key, *lang, *title;	/* found: the note's */
};

/* The note links of the current slide at its step (present-links.c). */
struct pres_links {
	struct pres_link *v;
	size_t n;
	int valid;		/* v is for slide, step of the deck shown */
	size_t slide;
	int step;
	int sel;		/* 1-based into v, 0: none selected */
	struct index *ix;	/* the notes (present_opts.notes), or NULL */
	int ix_tried;		/* notes() was called (ix or ix_why set) */
	char *ix_why;		/* why there is no ix */
	int want_ix;		/* a draw showed links not looked up yet */
};

enum mode { M_SLIDE, M_OVERVIEW, M_HELP, M_SEARCH, M_COUNT };

/* A curses function key (KEY_*), kept apart from code points. */
#define FN(k) (KC_FN | (k))


/* How long a message stays in the footer. */
#define MSG_SECONDS 3

/* The presenter's state; present.c changes it, present-draw.c paints it. */
struct pres {
	const struct present_opts *o;
	const struct theme *theme;
	struct theme *own_theme;
	struct deck *deck;
	size_t *shown;		/* indexes of the shown slides */
	size_t nshown;
	size_t cur;		/* into shown */
	int step;
	int scroll, max_scroll, page;
	int reveal;		/* the step before a step forward, whose new
				 * lines the next draw scrolls into view; -1 */
	double t0;		/* timer start, seconds since the epoch */
	enum mode mode;
	int blank;
	size_t ov_sel;
	int ov_top;
	struct buf input;	/* the search being typed */
	char *search;		/* the last search */
	int marking;		/* its matches are marked (until Esc) */
	long number;		/* digits typed before Enter */
	int ndigits;
	char msg[200];		/* shown in the footer for MSG_SECONDS */
	double msg_at;		/* when it was first drawn, 0: not yet */
	int dirty, quit;
	int rows, cols;
	struct link *link;
	struct watch *watch;	/* the deck's folder, or NULL */
	double reload_at;	/* 0: none pending */
	long last_tick;
	struct screen *scr;
	int sfd;		/* signalfd: TERM, HUP, INT end the show */
	struct painter *painter;	/* pictures over their boxes */
	struct pres_links lk;	/* note links of the slide on screen */
	struct peek *peek;	/* a note opened from a link, over the
				 * slide, or NULL */
};


/* Seconds since the epoch, wall clock. */
double pres_wall(void);

/* The slide on screen. */
const struct slide *pres_cur_slide(const struct pres *p);

/* The action of key in the key table (ACT_NONE when unbound). */
enum action pres_lookup(int key);

/* Go to shown slide cur (clamped) at step (clamped), scroll reset, and
 * tell the other windows. */
void pres_go(struct pres *p, size_t cur, int step);

/*
 * A mode of the presenter other than the slide itself (as the explorer's
 * view_ops): its keys, its screen (NULL: the slide is drawn) and what it
 * paints on the last row (NULL: nothing). pres_modes[] is indexed by
 * enum mode; M_SLIDE's entry is NULL (present.c handles its keys).
 */
struct pres_mode {
	void (*key)(struct pres *p, int key, enum action a);
	void (*draw)(struct pres *p);
	void (*prompt)(struct pres *p);
};

extern const struct pres_mode *const pres_modes[M_COUNT];

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in present-overview.c
*/

extern const struct pres_mode pres_overview_mode;

/* How many columns of slide titles the overview has. */
int pres_ov_cols(const struct pres *p);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in present-search.c
*/

extern const struct pres_mode pres_search_mode;

/* Find the last search in a slide after the current one (wrapping) and go
 * there; the footer says where, or that nothing matched. */
void pres_search(struct pres *p);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in present-help.c
*/

extern const struct pres_mode pres_help_mode;

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in present-links.c
*/

/* The links of the current slide and step from f, a frame of it (taken
 * out of f), unless p has them already. */
void pres_links_take(struct pres *p, struct slide_frame *f);
/* Forget them: the slide, the step or the deck changed (and with them
 * the selection). */
void pres_links_reset(struct pres *p);
/* Tab, Shift-Tab: select the next (dir 1) or previous (-1) link of the
 * slide as it shows now; the footer names it. */
void pres_links_select(struct pres *p, int dir);
/* Enter on the selected link: its note opened over the slide (p->peek),
 * or the footer says why not. */
void pres_links_open(struct pres *p);
/* Look the links up (opening the notes' index the first time); 0, or -1
 * when there is no index to look them up in. */
int pres_links_resolve(struct pres *p);
/* After the first frame of the presenter view: when a shown slide has
 * something like a link, open the notes now rather than at the first
 * slide that lists them, in the middle of the talk. */
void pres_links_warm(struct pres *p);
/* Free the links, the peek and the notes' index. */
void pres_links_free(struct pres *p);

/**************************************************************************
** End of interface
*/

/**************************************************************************
** Interface to code in present-draw.c
*/

/* Paint the whole screen for p's state: the slide (or the presenter
 * view, overview or help) and the prompt or message line; rows, cols,
 * scroll, max_scroll and page are updated from the screen. */
void pres_draw(struct pres *p);

/* Paint s (cut to w columns) at row y, column x, in base's colours. */
void pres_paint_text(struct pres *p, int y, int x, int w, const char *s,
    enum ui_elem base);

/**************************************************************************
** End of interface
*/

#endif

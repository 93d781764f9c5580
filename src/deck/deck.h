/*
 * deck.h: a slide deck as data. One Markdown file (Slidev, presenterm or
 * mdp syntax, detected) becomes a struct deck: its title, author and
 * duration, and its slides, each cut into parts (Markdown per slot) that
 * carry the step from which they are visible. Composing a frame (frame.h)
 * and every user of a deck (presenter, print, export, check) read only
 * this model; nothing here draws.
 *
 * A struct deck owns every string it points to; deck_free() releases it.
 * Parsing never fails on content: what is wrong becomes a warning
 * ("file:line: what"), and the deck is still usable.
 */
#ifndef STRATUS_DECK_H
#define STRATUS_DECK_H

#include <limits.h>
#include <stddef.h>

#include "core/frontmatter.h"

enum deck_syntax {
	DECK_SLIDEV,		/* headmatter, --- separators, <v-click>... */
	DECK_PRESENTERM,	/* <!-- end_slide --> and comment commands */
	DECK_MDP,		/* %title, dash rules after a blank line */
};

/* Where a part goes on the slide. Slidev's two-cols default slot is
 * LEFT; two-cols-header and presenterm columns put MAIN above them and
 * presenterm's reset_layout puts what follows in BOTTOM. */
enum deck_slot {
	SLOT_MAIN,
	SLOT_LEFT,
	SLOT_RIGHT,
	SLOT_BOTTOM,
	DECK_NSLOTS,
};

enum deck_part_kind {
	PART_MD,	/* Markdown (HTML and components already turned
			 * into Markdown text by render_html_to_md()) */
	PART_TITLE,	/* the slide's title heading, as Markdown */
	PART_SPACE,	/* lines empty lines (presenterm new_lines) */
	PART_MIDDLE,	/* what follows is centred vertically */
};

#define STEP_NEVER INT_MAX

struct deck_part {
	enum deck_part_kind kind;
	enum deck_slot slot;
	char *md;		/* PART_MD, PART_TITLE; "" otherwise */
	int lines;		/* PART_SPACE */
	int from;		/* first step that shows it */
	int until;		/* first step that hides it again, STEP_NEVER */
	int center;		/* 1: centred lines (mdp -> <-, alignment),
				 * 2: right-aligned (mdp -> ->) */
	/*
	 * A code fence with line highlights {2,3|5-7|all}: md is the fence,
	 * hl[i] the ranges shown at step hl_from + i (the last one stays).
	 */
	char **hl;
	size_t nhl;
	int hl_from;
	int toc;		/* Slidev's <Toc>: md lists the titles of the
				 * shown slides */
};

struct slide {
	char *layout;		/* lowercase: "default", "cover", "two-cols"... */
	struct frontmatter *fm;	/* per-slide frontmatter (never NULL) */
	char *title;		/* plain text; "" when the slide has none */
	struct deck_part *parts;
	size_t nparts;
	char *notes;		/* presenter notes, Markdown; "" when none */
	int nsteps;		/* >= 1 */
	int hidden;		/* hide: or disabled: true */
	int cols[2];		/* column widths ratio (presenterm) {1, 1} */
	char *file;		/* the file it comes from (src: imports) */
	int line;		/* 1-based line of its first byte there */
};

struct deck {
	char *path;		/* as given; NULL for text parsed from memory */
	enum deck_syntax syntax;
	char *title;		/* never NULL: headmatter, first title, file */
	char *subtitle;		/* "" when none */
	char *author;		/* "" when none */
	long duration_s;	/* 0 when the headmatter gives none */
	struct frontmatter *head;	/* headmatter (never NULL) */
	struct slide *slides;	/* every slide, hidden ones included */
	size_t nslides;
	char **warnings;	/* "file:line: what is wrong" */
	size_t nwarnings;
};

/*
 * Read and parse the deck at path (src: imports resolved relative to each
 * file). Returns 0 and *out, or -1 and *cause when path cannot be read.
 */
int deck_load(const char *path, struct deck **out, char **cause);
/* Parse len bytes of deck text (any bytes). name labels warnings and
 * anchors src: imports (NULL: "<deck>", imports from the current
 * folder). Never NULL. */
struct deck *deck_parse(const char *data, size_t len, const char *name);
/* Deck text for a note (text, len bytes, frontmatter and all): a title
 * slide of title and summary, then a slide per `##` section (text before
 * the first one its own slide), a section longer than max_lines split at
 * a blank line outside code, "HEADING (cont.)" atop the rest; code,
 * tables and embeds kept, thematic breaks and NUL bytes dropped. Caller
 * frees. */
char *deck_from_note(const char *text, size_t len, const char *title,
    const char *summary, int max_lines);
void deck_free(struct deck *d);

/* The bundled talk, shown when no deck is named. Caller frees. */
char *deck_default_path(void);

/* Is the part visible at step? (code highlights aside) */
int deck_part_visible(const struct deck_part *p, int step);
/* The highlight ranges of a code part at step, or NULL when it has none. */
const char *deck_part_highlight(const struct deck_part *p, int step);
/*
 * Does 1-based line n of a code block fall in ranges ("2,3", "5-7",
 * "all", "*", "none", "hide")? NULL ranges: every line.
 */
int deck_line_in_ranges(const char *ranges, int n);

/* The indexes of the slides that are shown (not hidden), in order; the
 * caller frees *idx. Returns the count. */
size_t deck_shown(const struct deck *d, size_t **idx);
/* The Markdown of one slot at step: its visible parts, in order. */
char *deck_step_markdown(const struct slide *s, enum deck_slot slot,
    int step);
/* Plain text of a slide for search: title, parts and notes. Caller frees. */
char *deck_slide_text(const struct slide *s);
/* Parse a duration: "30", "30min", "45m", "1h30m", "90s", "1:30:00".
 * Returns seconds, or -1. */
long deck_parse_duration(const char *s);
/* Is name one of the layouts the presenter draws? */
int deck_layout_known(const char *name);

#endif

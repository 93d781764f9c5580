/*
 * note-int.h: the private interface between the files of the note parser
 * (note.c, note-name.c, note-link.c, note-inline.c, note-scan.c,
 * note-summary.c): the scanner's state and what each file lends the
 * others. Only these files include it; callers use note.h, which the
 * split leaves unchanged.
 */
#ifndef STRATUS_NOTE_INT_H
#define STRATUS_NOTE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/note.h"

/* Link text nested deeper than this is read as literal text. */
#define MAX_DEPTH 16
/* Parentheses nested deeper in a link destination: no link (CommonMark
 * allows implementations a limit of at least 32). */
#define MAX_PARENS 32

enum {
	INL_TAGS = 1 << 0,	/* #tags count here */
	INL_LINKS = 1 << 1,	/* links count here */
	INL_PIPES = 1 << 2,	/* a table row: '|' is syntax */
};

struct cspan {
	size_t open, len, close;	/* backtick runs of one code span */
};

struct bpair {
	size_t open, close;		/* matching '[' and ']' */
};

struct brun {
	size_t pos, len;
};

struct rawtag {
	char *tag;		/* as written (set_tags() folds it) */
	char *shown;		/* set_tags(): as written, tag folded */
	int line;
	size_t order;
};

struct scan {
	int mdx;
	struct buf text;
	int line;

	struct link *links;
	size_t nlinks, linkcap;
	struct heading *heads;
	size_t nheads, headcap;
	char **blocks;
	size_t nblocks, blockcap;
	char **ids;		/* HTML id= / name= values: anchors */
	size_t nids, idcap;
	struct rawtag *tags;
	size_t ntags, tagcap;

	/* block state */
	int fence;
	char fch;
	size_t flen, fbase;
	int fquote;
	int comment;		/* inside <!-- --> */
	int esm;		/* inside an MDX import/export block */
	int tag;		/* inside a multi-line HTML/JSX tag */
	int tagbrace;		/* its open { depth */
	int para;		/* a paragraph is open */
	int para_lines;
	int quote;		/* block quote depth of the last line */
	size_t *lists;		/* content columns of open list items */
	size_t nlists, listcap;

	/* the last paragraph line, for setext headings */
	size_t prev_start, prev_end, prev_tags, prev_links;
	int prev_line, prev_item;

	/* the line being read */
	const char *lstart;	/* the line's first byte */
	const char *base;	/* where positions below count from */
	struct cspan *spans;
	size_t nspans, spancap;
	struct bpair *pairs;
	size_t npairs, paircap;
	struct brun *runs;
	size_t nruns, runcap;
	size_t *stack, stackcap;
	size_t *bylen, bylencap;
	/* failed forward searches, so that no line costs quadratic time */
	const char *wl_fail;	/* no "]]" at or after this */
	const char *quote_fail[3];	/* no closing '"', '\'', ')' after */
	const char *brace_fail;	/* no '}' closing a '{' after this */
	int depth;
};

/* ASCII character classes, used by every file of the parser. */
static inline int
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static inline int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static inline int
is_punct(int c)
{
	return c > 0x20 && c < 0x7f && !is_alnum(c);
}

/**************************************************************************
 * Interface to code in note-name.c.
 */

/* A letter or digit beyond ASCII (roughly: not punctuation, symbols,
 * spaces or emoji)? */
int note_is_uletter(uint32_t c);
/* "en", "en-US", "EN_gb" -> "en" (the caller's); NULL when it is no
 * language code. */
char *note_norm_lang(const char *v);
/* v[0..n) made fit for a title, tag or alias (the caller's): blanks and
 * line breaks to spaces, other control characters dropped, ends trimmed. */
char *note_field_text(const char *v, size_t n);

/*
 * End of interface to code in note-name.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in note-link.c.
 */

/* The length of a URI scheme with its ':' ("https:") at p[0..n), or 0. */
size_t note_scheme_len(const char *p, size_t n);

/* Record a Markdown link destination d[0..n) at line, with label (taken,
 * may be NULL); nothing for an empty one or an attachment. */
/* Record an image source d[0..n) as an attachment when it is a file of
 * the vault (not a URL). */
void note_image_dest(struct scan *s, const char *d, size_t n, int line);
void note_link_dest(struct scan *s, const char *d, size_t n, char *label,
    int line);
/* Record the inside of [[...]] (p[0..n)) at line when flags has
 * INL_LINKS, and emit its text: 0, or -1 when it is no wikilink. */
int note_wikilink(struct scan *s, const char *p, size_t n, int embed,
    int flags, int line);

/*
 * End of interface to code in note-link.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in note-inline.c.
 */

/* Find the code spans and matching brackets of [p, end) for note_inl();
 * call it before each line (or value) read. */
void note_prep_line(struct scan *s, const char *p, const char *end);
/* Inline Markdown in [p, end): emit its plain text, record links and
 * tags as flags (INL_*) allow. */
void note_inl(struct scan *s, const char *p, const char *end, int flags);
/* The attributes of an HTML/JSX tag from *pp: 1 when the tag closed (*pp
 * after '>'), 0 when the line ended inside it, -1 when it is no tag. */
int note_tag_attrs(struct scan *s, const char **pp, const char *end);

/*
 * End of interface to code in note-inline.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in note-scan.c.
 */

/* Record a link on the scan; target, anchor and label are taken. */
void note_add_link(struct scan *s, enum link_kind kind, char *target,
    char *anchor, char *label, int line);
/* Record an inline tag (taken) seen at line. */
void note_add_tag(struct scan *s, char *tag, int line);
/* A copy of p[0..n) without blanks at either end (nor a final newline). */
char *note_trimdup(const char *p, size_t n);
/* Scan the body, clean text of len bytes; lines count from first_line. */
void note_scan_body(struct scan *s, const char *body, size_t len,
    int first_line);
/* Free everything the scan holds (a zeroed struct scan is empty). */
void note_scan_free(struct scan *s);

/*
 * End of interface to code in note-scan.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in note-summary.c.
 */

/* The first sentence of the body's first paragraph (len bytes of clean
 * Markdown), its markup taken off, at most SUMMARY_MAX bytes (cut at a
 * word, with "…"); "" when the body has no paragraph. Caller frees. */
char *note_first_sentence(const char *body, size_t len);

/*
 * End of interface to code in note-summary.c.
 **************************************************************************/

#endif

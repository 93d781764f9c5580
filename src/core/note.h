/*
 * note.h: one Markdown file of the vault, parsed: frontmatter, title, slug,
 * language, links, tags, headings and the plain text that the index holds.
 *
 * A struct note owns every string it points to; note_free() releases them.
 * Parsing never fails on content: broken YAML, invalid UTF-8 or NUL bytes
 * give a note with warnings (note->warnings), never an error.
 */
#ifndef STRATUS_NOTE_H
#define STRATUS_NOTE_H

#include <stddef.h>

#include "core/frontmatter.h"

enum link_kind {
	LINK_WIKI,	/* [[Note]], [[Note|label]], [[Note#Heading]], [[#H]] */
	LINK_EMBED,	/* ![[Note]] */
	LINK_MARKDOWN,	/* [t](other.md), [t](/concepts/aws-lambda) */
	LINK_CONCEPT,	/* a slug in frontmatter concepts: */
	LINK_EXTERNAL,	/* http(s)://, mailto: ... kept, never a graph edge */
	LINK_ATTACHMENT, /* ![[clip.mp4]], ![](img/x.png): a file, not a note
			 * (kinds below LINK_EXTERNAL are links to notes) */
};

struct link {
	enum link_kind kind;
	char *target;	/* decoded, without anchor; "" for [[#Heading]] */
	char *anchor;	/* "Heading" or "^block-id", or NULL */
	char *label;	/* the text shown, or NULL */
	int line;	/* 1-based line in the file */
};

struct heading {
	int level;	/* 1..6 */
	char *text;	/* plain text */
	char *anchor;	/* GitHub-style: lowercase, spaces to '-' */
	int line;
};

struct note {
	char *path;	/* vault-relative, '/'-separated */
	char *slug;
	char *lang;	/* two letters */
	char *title;
	char *summary;	/* may be "" */
	char *type;	/* concept, note, experiment, essay; "" when absent */
	char *status;	/* seed, growing, evergreen; "" when absent */
	char **aliases;
	size_t naliases;
	char **tags;	/* frontmatter and inline, lowercased, unique */
	char **tags_shown;	/* each as first written ("AWS/Lambda") */
	size_t ntags;
	struct link *links;
	size_t nlinks;
	struct heading *headings;
	size_t nheadings;
	char **blocks;	/* block ids defined by a trailing "^id", without
			 * the caret (a link anchor "^id" names one) */
	size_t nblocks;
	char **ids;	/* HTML anchors: the id= of any element and the
			 * name= of <a>, outside code (a link anchor "x"
			 * names one as it names a heading) */
	size_t nids;
	struct frontmatter *fm;	/* every field, known and unknown */
	size_t body_offset;	/* byte offset of the body after frontmatter */
	int body_line;		/* line number of the body's first line */
	char *text;	/* plain text of the body for the index */
	char **warnings;	/* "line 3: ..." messages; nwarnings of them */
	size_t nwarnings;
};

/*
 * Parse data (len bytes, need not be NUL-terminated or valid UTF-8) read
 * from the vault-relative path. default_lang applies when neither the
 * frontmatter nor the file name says. Never fails; returns a new note.
 */
struct note *note_parse(const char *path, const char *data, size_t len,
    const char *default_lang);
void note_free(struct note *n);

/*
 * The links of a Markdown body (no frontmatter) of len bytes, numbered
 * from first_line; mdx: read it as MDX. Fills *out (links_free) and *n.
 * The same scanner as note_parse(): for tests, fuzzing and previews.
 */
void links_extract(const char *md, size_t len, int first_line, int mdx,
    struct link **out, size_t *n);
void links_free(struct link *l, size_t n);

/*
 * Is the file at the vault-relative path a slide deck, not a note? Only
 * files in the vault's slides/ folder are, when they read as a deck by
 * their start: a Slidev headmatter (a deck key such as theme:, layout:,
 * transition:, highlighter:), a presenterm one (sub_title:) or an
 * "<!-- end_slide -->" command, or mdp's "%title:" header.
 */
int note_is_deck(const char *path, const char *data, size_t len);

/* Slug of a file name or title: lowercase, runs of other chars to '-'. */
char *slugify(const char *s);
/* "a.es.md" -> "es"; NULL when there is no language suffix. */
char *path_lang_suffix(const char *path);
/* Is this a note file by its extension (.md, .markdown, .mdx)? */
int is_note_file(const char *name);
/* GitHub-style heading anchor for text. */
char *heading_anchor(const char *text);
/* The file name without its note extension and language suffix:
 * "a/serverless.es.md" -> "serverless". */
char *path_stem(const char *path);
/* Case-folded copy of UTF-8 text, through the full Unicode table
 * (utf8_fold(): "ĐIỆN TOÁN" and "Điện toán" fold alike), for
 * case-insensitive matching. Caller frees. */
char *fold_case(const char *s);

#endif

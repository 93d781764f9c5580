/*
 * template.h: new notes from templates. A template is Markdown with
 * placeholders, Obsidian's spelling: {{title}}, {{slug}}, {{type}},
 * {{date}}, {{time}} and {{date:FORMAT}} (YYYY, MM, DD, HH, mm, ss).
 * Inside the frontmatter a value that YAML would misread is written as a
 * double-quoted scalar, so a title like `A: "b"` stays one string.
 *
 * A vault's own templates/TYPE.md wins over the shipped one of that type.
 */
#ifndef STRATUS_TEMPLATE_H
#define STRATUS_TEMPLATE_H

#include <stddef.h>
#include <time.h>

struct template_vars {
	const char *title;
	const char *slug;
	const char *type;
	time_t when;		/* {{date}}, {{time}} */
};

/* The shipped template of a type (concept, note, experiment, essay,
 * daily, inbox), or NULL when there is none. */
const char *template_builtin(const char *type);
/* The types a new note can be made from: the shipped note, concept,
 * experiment and essay, then the vault's own templates/TYPE.md in name
 * order (daily and inbox left out: they have their own commands).
 * NULL-terminated; free it with strv_free(). */
char **template_types(const char *vault);
void strv_free(char **v);
/* The template for type: vault/templates/TYPE.md when it exists, else
 * the shipped one. Returns 0 and a malloc'd text in *out, or -1 with
 * *cause (an unknown type, an unreadable file). */
int template_load(const char *vault, const char *type, char **out,
    char **cause);
/* tmpl with every known placeholder replaced; unknown ones are kept as
 * written. Never NULL; the caller frees it. */
char *template_expand(const char *tmpl, const struct template_vars *v);
/* Format t (local time) by FORMAT's tokens YYYY MM DD HH mm ss; other
 * characters are copied. The caller frees the result. */
char *template_date(const char *format, time_t t);
/* Create path with data, failing if it exists (also when another process
 * made it meanwhile): written to a temporary file, fsynced, then linked
 * into place. Missing folders are made. 0, or -1 with *cause; errno
 * EEXIST when the file was there. */
int file_create_new(const char *path, const char *data, size_t len,
    char **cause);

/* Is dir, given by a user, a folder inside the vault: relative, without
 * a ".." part? */
int note_dir_ok(const char *dir);

/* A new note: vault/DIR/STEM[.LANG].md from the template of TYPE. */
struct note_spec {
	const char *type;	/* the template ("note", "concept"...) */
	const char *dir;	/* vault-relative folder; NULL or "": the root */
	const char *title;
	const char *stem;	/* the file name; NULL: slugify(title) */
	const char *lang;	/* a language suffix ("es"), or NULL */
};

/* What note_create() can fail with (0 is success). */
#define NOTE_FAILED	(-1)	/* could not write it: a runtime error */
#define NOTE_EXISTS	(-2)	/* the file is there already */
#define NOTE_BAD	(-3)	/* the title, type or folder cannot be used */

/* Make the note s describes, never over an existing file: 0 with *path
 * (absolute, the caller's to free), or one of the NOTE_ errors with
 * *cause; *path is also set for NOTE_EXISTS. The one maker of notes for
 * `stratus new` and the explorer. */
int note_create(const char *vault, const struct note_spec *s, char **path,
    char **cause);

#endif

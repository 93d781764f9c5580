/*
 * note-make.c: the explorer writing notes (app.h). n asks for a title
 * and a template and makes the note with note_create(), as `stratus new`
 * does; following a link to a note not written yet offers to make that
 * note beside the linking one, in its language; R asks for a new name,
 * plans the rename with rename_plan() as `stratus mv` does, shows what
 * will change and applies it under the journal. Each then brings the
 * index up to date and shows the note; a new note opens in the editor.
 */
#include "tui/app.h"
#include "core/note.h"
#include "core/pct.h"
#include "core/rename.h"
#include "core/template.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* path (absolute, inside the vault) relative to the vault. */
static const char *
vault_rel(const struct app *a, const char *path)
{
	size_t n = strlen(a->vault);

	if (strncmp(path, a->vault, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/* Bring the index up to date and show the note of the vault-relative
 * path. 0, or -1 with a message. */
static int
show_path(struct app *a, const char *rel)
{
	struct doc d = {0};
	char *cause = NULL;

	if (app_index_now(a) < 0)
		return -1;
	if (index_find(a->ix, rel, NULL, &d, &cause) < 0 ||
	    strcmp(d.path, rel) != 0) {
		app_msg(a, 1, "%s is not in the index (is it ignored?)", rel);
		free(cause);
		doc_clear(&d);
		return -1;
	}
	app_open_note(a, d.key, d.lang, NULL);
	doc_clear(&d);
	return 0;
}

/* Make the note s, show it and open it in the editor. */
static void
make(struct app *a, const struct note_spec *s)
{
	char *path = NULL, *cause = NULL;
	int k = note_create(a->vault, s, &path, &cause);

	if (k == NOTE_EXISTS)
		app_msg(a, 1, "%s exists already: pick another title",
		    vault_rel(a, path));
	else if (k != 0)
		app_msg(a, 1, "%s", cause);
	else if (show_path(a, vault_rel(a, path)) == 0)
		app_request_edit(a, vault_rel(a, path));
	free(path);
	free(cause);
}

static void
new_done(struct app *a, void *arg, const char *title, const char *type)
{
	struct note_spec s = {0};

	s.type = type ? type : "note";
	s.title = title;
	make(a, &s);
}

void
app_new_note(struct app *a)
{
	struct prompt q = {0};
	char **types = template_types(a->vault);

	q.question = "New note, title:";
	q.choices = (const char *const *)types;
	q.choice_name = "template";
	q.done = new_done;
	app_prompt(a, &q);
	strv_free(types);
}

/* A note a link asks for. */
struct linked {
	struct note_spec s;
	char *dir, *title, *stem, *lang;
};

static void
linked_free(void *arg)
{
	struct linked *l = arg;

	free(l->dir);
	free(l->title);
	free(l->stem);
	free(l->lang);
	free(l);
}

static void
linked_done(struct app *a, void *arg, const char *text, const char *choice)
{
	make(a, &((struct linked *)arg)->s);
}

/* dir/rel with "." and ".." parts resolved; NULL when it climbs out of
 * the vault. "" is the vault's root. */
static char *
join_inside(const char *dir, const char *rel)
{
	char *all = xasprintf("%s/%s", dir, rel), *out = xstrdup("");
	const char *p = all;
	size_t n, len = 0;

	while (*p) {
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (len == 0) {
				free(all);
				free(out);
				return NULL;
			}
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			out[len] = '\0';
		} else {
			char *t = xasprintf("%.*s%s%.*s", (int)len, out,
			    len ? "/" : "", (int)n, p);

			free(out);
			out = t;
			len = strlen(out);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	free(all);
	return out;
}

void
app_create_linked(struct app *a, const struct doc *from, const char *target,
    int wiki, const char *text)
{
	struct linked *l = xcalloc(1, sizeof *l);
	struct prompt q = {0};
	char *t, *hash, *rel, *base, *fromdir = path_dir(from->path), *where;
	char *question;
	size_t n;

	t = wiki ? xstrdup(target) : pct_decode(target, strlen(target));
	if ((hash = strchr(t, '#')))
		*hash = '\0';
	n = strlen(t);
	if (!wiki && n >= 2 && t[0] == '<' && t[n - 1] == '>') {
		memmove(t, t + 1, n - 2);
		t[n - 2] = '\0';
	}
	if (strcmp(fromdir, ".") == 0)
		fromdir[0] = '\0';
	/* A wikilink's folder is the vault's; a Markdown link's is the
	 * linking note's, or the vault's for a site path (/concepts/x). */
	rel = wiki || t[0] == '/' ? join_inside("", t) : join_inside(fromdir, t);
	if (!rel || !*rel) {
		app_msg(a, 1, "“%s” is outside the vault: no note made", target);
		goto fail;
	}
	base = strrchr(rel, '/');
	l->dir = base ? xstrndup(rel, (size_t)(base - rel)) :
	    xstrdup(strchr(t, '/') ? "" : fromdir);
	base = base ? base + 1 : rel;
	if (is_note_file(base))
		*strrchr(base, '.') = '\0';
	/* A wikilink names the note by its title (it resolves by it); a
	 * Markdown link by its file, its text being the title. */
	l->stem = wiki ? slugify(base) : xstrdup(base);
	l->title = xstrdup(!wiki && text && *text ? text : base);
	if (strcmp(from->lang, a->lang) != 0 && *from->lang)
		l->lang = xstrdup(from->lang);
	l->s.type = "note";
	l->s.dir = l->dir;
	l->s.title = l->title;
	l->s.stem = l->stem;
	l->s.lang = l->lang;
	where = xasprintf("%s%s%s%s%s.md", l->dir, *l->dir ? "/" : "",
	    l->stem, l->lang ? "." : "", l->lang ? l->lang : "");
	question = xasprintf("No note '%s'. Create it as %s? (y/n)", target,
	    where);
	q.question = question;
	q.confirm = 1;
	q.done = linked_done;
	q.arg_free = linked_free;
	q.arg = l;
	l = NULL;
	app_prompt(a, &q);
	free(where);
	free(question);
fail:
	if (l)
		linked_free(l);
	free(rel);
	free(t);
	free(fromdir);
}

/* A rename being asked about. */
struct ren {
	char *key, *lang, *stem;
};

static void
ren_free(void *arg)
{
	struct ren *r = arg;

	free(r->key);
	free(r->lang);
	free(r->stem);
	free(r);
}

/* The note r names, renamed to stem: its plan, from an up-to-date
 * index. 0, or -1 with a message. */
static int
plan(struct app *a, const struct ren *r, const char *stem, struct doc *d,
    struct rename_plan *p)
{
	char *cause = NULL;

	if (app_index_now(a) < 0)
		return -1;
	if (app_doc(a, r->key, r->lang, d) < 0) {
		app_msg(a, 1, "%s: not in the index any more", r->key);
		return -1;
	}
	if (rename_plan(a->ix, a->vault, d, stem, p, &cause) != 0) {
		app_msg(a, 1, "%s", cause);
		free(cause);
		doc_clear(d);
		return -1;
	}
	return 0;
}

/* Where the plan renames path to, or NULL. */
static const char *
renamed_to(const struct rename_plan *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->nops; i++)
		if (p->ops[i].from && strcmp(p->ops[i].from, path) == 0)
			return p->ops[i].path;
	return NULL;
}

static void
rename_done(struct app *a, void *arg, const char *text, const char *choice)
{
	struct ren *r = arg;
	struct rename_plan p = {0};
	struct doc d = {0};
	char *cause = NULL;
	const char *to;

	if (plan(a, r, r->stem, &d, &p) < 0)
		return;
	if (rename_apply(a->vault, p.ops, p.nops, &cause) < 0) {
		app_msg(a, 1, "%s", cause);
		goto fail;
	}
	to = renamed_to(&p, d.path);
	if (to && show_path(a, to) == 0)
		app_msg(a, 0, "renamed %s to %s; %ld link%s rewritten in %zu "
		    "file%s", d.path, to, p.links, p.links == 1 ? "" : "s",
		    p.nops, p.nops == 1 ? "" : "s");
fail:
	free(cause);
	rename_plan_free(&p);
	doc_clear(&d);
}

static void
rename_asked(struct app *a, void *arg, const char *text, const char *choice)
{
	struct ren *r = arg, *next;
	struct rename_plan p = {0};
	struct prompt q = {0};
	struct doc d = {0};
	char *cause = NULL, *stem, *question, *old;

	if (!(stem = rename_stem(text, &cause))) {
		app_msg(a, 1, "%s", cause);
		free(cause);
		return;
	}
	if (plan(a, r, stem, &d, &p) < 0) {
		free(stem);
		return;
	}
	old = path_stem(d.path);
	if (strcmp(old, stem) == 0) {
		app_msg(a, 0, "%s keeps its name", d.path);
		goto fail;
	}
	next = xcalloc(1, sizeof *next);
	next->key = xstrdup(r->key);
	next->lang = r->lang ? xstrdup(r->lang) : NULL;
	next->stem = stem;
	stem = NULL;
	question = xasprintf("Rename to %s: %zu file%s, %ld link%s: "
	    "Enter to apply, Esc to cancel", renamed_to(&p, d.path) ?
	    path_base(renamed_to(&p, d.path)) : next->stem, p.nops, p.nops == 1 ? "" : "s", p.links,
	    p.links == 1 ? "" : "s");
	q.question = question;
	q.confirm = 1;
	q.done = rename_done;
	q.arg_free = ren_free;
	q.arg = next;
	app_prompt(a, &q);
	free(question);
fail:
	free(old);
	free(stem);
	rename_plan_free(&p);
	doc_clear(&d);
}

void
app_rename_note(struct app *a, const char *slug, const char *lang)
{
	struct prompt q = {0};
	struct doc d = {0};
	struct ren *r;
	char *stem, *question;

	if (app_doc(a, slug, lang, &d) < 0) {
		app_msg(a, 1, "%s: not in the index any more", slug);
		return;
	}
	r = xcalloc(1, sizeof *r);
	r->key = xstrdup(d.key);
	r->lang = xstrdup(d.lang);
	stem = path_stem(d.path);
	question = xasprintf("Rename %s to:", d.path);
	q.question = question;
	q.text = stem;
	q.done = rename_asked;
	q.arg_free = ren_free;
	q.arg = r;
	app_prompt(a, &q);
	free(question);
	free(stem);
	doc_clear(&d);
}

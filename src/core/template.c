/*
 * template.c: the shipped note templates, a vault's own templates/, and
 * placeholder expansion, and the making of a new note, for `stratus new`,
 * `capture` and the explorer (see template.h).
 */
#include "core/template.h"
#include "core/buf.h"
#include "core/note.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct shipped {
	const char *type, *text;
};

/* Frontmatter fields from DESIGN.md; the body is a prompt per type. */
static const struct shipped shipped[] = {
	{"note", "---\ntitle: {{title}}\ntype: note\nstatus: seed\n"
	    "created: {{date}}\ntags: []\n---\n\n# {{title}}\n\n"},
	{"concept", "---\ntitle: {{title}}\ntype: concept\nstatus: seed\n"
	    "summary: \"\"\naliases: []\ntags: []\nconcepts: []\n"
	    "created: {{date}}\n---\n\n# {{title}}\n\n"
	    "## What it is\n\n## Why it matters\n\n## Related\n\n"},
	{"experiment", "---\ntitle: {{title}}\ntype: experiment\n"
	    "status: seed\ntags: []\nconcepts: []\ncreated: {{date}}\n---\n\n"
	    "# {{title}}\n\n## Question\n\n## Setup\n\n## Results\n\n"
	    "## What I learned\n\n"},
	{"essay", "---\ntitle: {{title}}\ntype: essay\nstatus: seed\n"
	    "summary: \"\"\ntags: []\ncreated: {{date}}\n---\n\n"
	    "# {{title}}\n\n"},
	{"daily", "---\ntitle: {{title}}\ntype: note\ntags: [daily]\n"
	    "created: {{date}}\n---\n\n# {{date:dddd}} {{title}}\n\n"
	    "## Notes\n\n## Tasks\n\n"},
	{"inbox", "---\ntitle: Inbox\ntype: note\ntags: [inbox]\n"
	    "created: {{date}}\n---\n\n# Inbox\n\n"
	    "Quick thoughts from `stratus capture`, to file later.\n\n"},
	{NULL, NULL},
};

const char *
template_builtin(const char *type)
{
	size_t i;

	for (i = 0; shipped[i].type; i++)
		if (strcmp(shipped[i].type, type) == 0)
			return shipped[i].text;
	return NULL;
}

/* A type names a file: letters, digits, '-' and '_' only. */
static int
type_ok(const char *type)
{
	const char *p;

	if (!*type || strlen(type) > 64)
		return 0;
	for (p = type; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
template_types(const char *vault)
{
	static const char *const mine[] = {"note", "concept", "experiment",
	    "essay", NULL};
	char **v = NULL, *dir = path_join(vault, "templates"), *t;
	size_t n = 0, cap = 0, i, first;
	struct dirent *e;
	DIR *d;

	for (i = 0; mine[i]; i++) {
		v = xgrow(v, &cap, n + 1, sizeof *v);
		v[n++] = xstrdup(mine[i]);
	}
	first = n;
	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (!str_ends(e->d_name, ".md") || e->d_name[0] == '.')
				continue;
			t = xstrndup(e->d_name, strlen(e->d_name) - 3);
			for (i = 0; i < n && strcmp(v[i], t) != 0; i++)
				;
			if (i < n || !type_ok(t) || strcmp(t, "daily") == 0 ||
			    strcmp(t, "inbox") == 0) {
				free(t);
				continue;
			}
			v = xgrow(v, &cap, n + 1, sizeof *v);
			v[n++] = t;
		}
		closedir(d);
	}
	qsort(v + first, n - first, sizeof *v, str_cmp);
	v = xgrow(v, &cap, n + 1, sizeof *v);
	v[n] = NULL;
	free(dir);
	return v;
}

void
strv_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

int
template_load(const char *vault, const char *type, char **out, char **cause)
{
	char *rel, *path = NULL, *data = NULL;
	const char *b;
	size_t len;
	struct stat st;

	if (!type_ok(type))
		return fail(cause, "template type '%s': use letters, digits, "
		    "'-' and '_'", type);
	rel = xasprintf("templates/%s.md", type);
	path = path_join(vault, rel);
	free(rel);
	if (stat(path, &st) == 0) {
		if (read_file(path, 1 << 20, &data, &len, cause) < 0)
			goto fail;
		free(path);
		*out = data;
		return 0;
	}
	if (!(b = template_builtin(type))) {
		fail(cause, "no template for type '%s' (shipped: concept, "
		    "note, experiment, essay, daily, inbox; or add "
		    "templates/%s.md to the vault)", type, type);
		goto fail;
	}
	free(path);
	*out = xstrdup(b);
	return 0;
fail:
	free(path);
	return -1;
}

static const char *const day_names[] = {"Sunday", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday"};

char *
template_date(const char *format, time_t t)
{
	struct buf b = {0};
	struct tm tm;
	const char *p = format;

	localtime_r(&t, &tm);
	buf_adds(&b, "");
	while (*p) {
		if (str_starts(p, "YYYY")) {
			buf_printf(&b, "%04d", tm.tm_year + 1900);
			p += 4;
		} else if (str_starts(p, "dddd")) {
			buf_adds(&b, day_names[tm.tm_wday % 7]);
			p += 4;
		} else if (str_starts(p, "MM")) {
			buf_printf(&b, "%02d", tm.tm_mon + 1);
			p += 2;
		} else if (str_starts(p, "DD")) {
			buf_printf(&b, "%02d", tm.tm_mday);
			p += 2;
		} else if (str_starts(p, "HH")) {
			buf_printf(&b, "%02d", tm.tm_hour);
			p += 2;
		} else if (str_starts(p, "mm")) {
			buf_printf(&b, "%02d", tm.tm_min);
			p += 2;
		} else if (str_starts(p, "ss")) {
			buf_printf(&b, "%02d", tm.tm_sec);
			p += 2;
		} else
			buf_addc(&b, *p++);
	}
	return buf_take(&b);
}

/* Would YAML read s as something other than this plain string? */
static int
yaml_needs_quotes(const char *s)
{
	const char *p;

	if (!*s || strchr("-?:,[]{}#&*!|>'\"%@`~ ", s[0]) ||
	    s[strlen(s) - 1] == ' ')
		return 1;
	for (p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == '"' || *p == '\\')
			return 1;
		if ((p[0] == ':' && (p[1] == ' ' || !p[1])) ||
		    (p[0] == ' ' && p[1] == '#'))
			return 1;
	}
	return str_casecmp(s, "true") == 0 || str_casecmp(s, "false") == 0 ||
	    str_casecmp(s, "null") == 0 || str_casecmp(s, "yes") == 0 ||
	    str_casecmp(s, "no") == 0 || (s[0] >= '0' && s[0] <= '9');
}

static void
add_value(struct buf *b, const char *v, int in_yaml)
{
	const char *p;

	if (!in_yaml || !yaml_needs_quotes(v)) {
		buf_adds(b, v);
		return;
	}
	buf_addc(b, '"');
	for (p = v; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addc(b, '\\');
		if (*p == '\n')
			buf_adds(b, "\\n");
		else if ((unsigned char)*p < 0x20)
			buf_printf(b, "\\x%02x", (unsigned char)*p);
		else
			buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* Expand the placeholder at p ("{{" already seen) into b; returns the
 * length consumed, or 0 when it is not one of ours. */
static size_t
expand_one(struct buf *b, const char *p, const struct template_vars *v,
    int in_yaml)
{
	const char *end = NULL;
	char *name, *val = NULL;
	size_t n;

	/* Only a short name: a stray "{{" in a huge file costs 80 bytes. */
	for (n = 2; n < 82 && p[n] && p[n] != '\n'; n++)
		if (p[n] == '}' && p[n + 1] == '}') {
			end = p + n;
			break;
		}
	if (!end)
		return 0;
	name = xstrndup(p + 2, (size_t)(end - p - 2));
	n = (size_t)(end - p) + 2;
	if (strcmp(name, "title") == 0)
		val = xstrdup(v->title ? v->title : "");
	else if (strcmp(name, "slug") == 0)
		val = xstrdup(v->slug ? v->slug : "");
	else if (strcmp(name, "type") == 0)
		val = xstrdup(v->type ? v->type : "");
	else if (strcmp(name, "date") == 0)
		val = template_date("YYYY-MM-DD", v->when);
	else if (strcmp(name, "time") == 0)
		val = template_date("HH:mm", v->when);
	else if (str_starts(name, "date:"))
		val = template_date(name + 5, v->when);
	else if (str_starts(name, "time:"))
		val = template_date(name + 5, v->when);
	free(name);
	if (!val)
		return 0;
	add_value(b, val, in_yaml);
	free(val);
	return n;
}

char *
template_expand(const char *tmpl, const struct template_vars *v)
{
	struct buf b = {0};
	const char *p = tmpl;
	int in_yaml = 0, line_start = 1;
	size_t n;

	buf_adds(&b, "");
	if (str_starts(p, "---\n") || str_starts(p, "---\r\n"))
		in_yaml = 1;
	while (*p) {
		if (line_start && p != tmpl && in_yaml &&
		    (str_starts(p, "---\n") || str_starts(p, "---\r\n") ||
		    strcmp(p, "---") == 0))
			in_yaml = 0;
		line_start = 0;
		if (p[0] == '{' && p[1] == '{' &&
		    (n = expand_one(&b, p, v, in_yaml)) > 0) {
			p += n;
			continue;
		}
		if (*p == '\n')
			line_start = 1;
		buf_addc(&b, *p++);
	}
	return buf_take(&b);
}

int
file_create_new(const char *path, const char *data, size_t len, char **cause)
{
	char *tmp = xasprintf("%s.new-%ld", path, (long)getpid());
	int rc = -1, saved;

	if (write_file_atomic(tmp, data, len, cause) < 0)
		goto fail;
	if (link(tmp, path) < 0) {
		saved = errno;
		fail(cause, "%s: %s", path, strerror(saved));
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	unlink(tmp);
	rc = 0;
fail:
	free(tmp);
	return rc;
}

int
note_dir_ok(const char *d)
{
	const char *p = d;

	if (d[0] == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

int
note_create(const char *vault, const struct note_spec *s, char **path,
    char **cause)
{
	struct template_vars v = {0};
	char *slug, *tmpl = NULL, *text = NULL, *rel, *folder;
	int rc = NOTE_BAD;
	struct stat st;

	*path = NULL;
	slug = s->stem ? xstrdup(s->stem) : slugify(s->title);
	if (!*slug || slug[0] == '.' || strpbrk(slug, "/\\\t\n")) {
		fail(cause, "the title \"%s\" gives no file name", s->title);
		free(slug);
		return NOTE_BAD;
	}
	if (s->dir && !note_dir_ok(s->dir)) {
		fail(cause, "the folder %s is outside the vault", s->dir);
		free(slug);
		return NOTE_BAD;
	}
	folder = s->dir && *s->dir ? path_join(vault, s->dir) : xstrdup(vault);
	rel = s->lang && *s->lang ? xasprintf("%s.%s.md", slug, s->lang) :
	    xasprintf("%s.md", slug);
	*path = path_join(folder, rel);
	free(rel);
	free(folder);
	if (stat(*path, &st) == 0) {
		fail(cause, "%s exists already", *path);
		rc = NOTE_EXISTS;
		goto fail;
	}
	if (template_load(vault, s->type, &tmpl, cause) < 0)
		goto fail;
	v.title = s->title;
	v.slug = slug;
	v.type = s->type;
	v.when = time(NULL);
	text = template_expand(tmpl, &v);
	if (file_create_new(*path, text, strlen(text), cause) < 0) {
		rc = errno == EEXIST ? NOTE_EXISTS : NOTE_FAILED;
		goto fail;
	}
	rc = 0;
fail:
	if (rc != 0 && rc != NOTE_EXISTS) {
		free(*path);
		*path = NULL;
	}
	free(slug);
	free(tmpl);
	free(text);
	return rc;
}

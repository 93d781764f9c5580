/* config.c: the INI-style configuration file (see config.h). */
#include "core/config.h"
#include "core/buf.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *known[] = {
	"core.vault", "core.theme", "core.lang", "core.images",
	"remote.table", "remote.bucket", "remote.region", "remote.profile",
	"remote.dynamodb_endpoint", "remote.s3_endpoint",
	"remote.allow_delete", "remote.api", NULL,
};

static char *
trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

static int
is_known(const char *section, const char *key)
{
	char *full = xasprintf("%s.%s", section, key);
	int i, found = 0;

	for (i = 0; known[i]; i++)
		if (strcmp(known[i], full) == 0)
			found = 1;
	free(full);
	return found;
}

int
config_parse(const char *text, size_t len, const char *name,
    struct config **out, char **cause)
{
	struct config *c = xcalloc(1, sizeof *c);
	char *copy = xstrndup(text, len), *line, *next, *section;
	size_t cap = 0;
	int lineno = 0;

	section = xstrdup("core");
	for (line = copy; line; line = next) {
		char *eol = strchr(line, '\n'), *s, *eq;

		next = eol ? eol + 1 : NULL;
		if (!eol)
			eol = line + strlen(line);
		lineno++;
		s = trim(line, eol);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');

			if (!close || close[1] != '\0') {
				fail(cause, "%s:%d: a section is written "
				    "[name]", name, lineno);
				goto fail;
			}
			free(section);
			section = xstrndup(s + 1, (size_t)(close - s - 1));
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			fail(cause, "%s:%d: expected key = value", name,
			    lineno);
			goto fail;
		}
		*eq = '\0';
		c->entries = xgrow(c->entries, &cap, c->n + 1,
		    sizeof *c->entries);
		c->entries[c->n].section = xstrdup(section);
		c->entries[c->n].key = xstrdup(trim(s, eq));
		c->entries[c->n].value = xstrdup(trim(eq + 1,
		    eq + 1 + strlen(eq + 1)));
		c->entries[c->n].line = lineno;
		if (!is_known(section, c->entries[c->n].key))
			warnmsg("%s:%d: unknown setting %s.%s (kept, ignored)",
			    name, lineno, section, c->entries[c->n].key);
		c->n++;
	}
	free(section);
	free(copy);
	*out = c;
	return 0;
fail:
	free(section);
	free(copy);
	config_free(c);
	return -1;
}

int
config_load(const char *path, struct config **out, char **cause)
{
	char *p = path ? xstrdup(path) : NULL, *data = NULL;
	size_t len;
	int rc;

	if (!p) {
		char *dir = xdg_config_dir();

		p = path_join(dir, "config");
		free(dir);
	}
	if (read_file(p, 1 << 20, &data, &len, NULL) < 0) {
		if (errno != ENOENT && path) {
			rc = fail(cause, "%s: cannot read", p);
			free(p);
			return rc;
		}
		*out = xcalloc(1, sizeof **out);
		free(p);
		return 0;
	}
	rc = config_parse(data, len, p, out, cause);
	if (rc == 0)
		(*out)->path = p;
	else
		free(p);
	free(data);
	return rc;
}

void
config_free(struct config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->entries[i].section);
		free(c->entries[i].key);
		free(c->entries[i].value);
	}
	free(c->entries);
	free(c->path);
	free(c);
}

const char *
config_get(const struct config *c, const char *section, const char *key)
{
	size_t i;

	if (!c)
		return NULL;
	for (i = c->n; i > 0; i--) {
		const struct config_entry *e = &c->entries[i - 1];

		if (strcmp(e->section, section) == 0 &&
		    strcmp(e->key, key) == 0)
			return e->value;
	}
	return NULL;
}

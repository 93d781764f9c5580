/* config.c: the INI-style configuration file (see config.h). */
#include "core/config.h"
#include "core/buf.h"
#include "core/ini.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *known[] = {
	"core.vault", "core.theme", "core.lang", "core.follow_external_links",
	"core.images",
	"remote.table", "remote.bucket", "remote.region", "remote.profile",
	"remote.dynamodb_endpoint", "remote.s3_endpoint",
	"remote.allow_delete", "remote.api",
	"notes.daily_folder", "notes.daily_template", "notes.daily_format",
	"notes.inbox", NULL,
};

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
	struct ini r;
	enum ini_kind kind;
	char *section, *key, *value;
	size_t cap = 0;

	section = xstrdup("core");
	ini_open(&r, text, len);
	while ((kind = ini_next(&r, &key, &value)) != INI_END) {
		if (kind == INI_BAD_SECTION) {
			fail(cause, "%s:%d: a section is written [name]", name,
			    r.line);
			goto fail;
		}
		if (kind == INI_NO_EQUALS) {
			fail(cause, "%s:%d: expected key = value", name,
			    r.line);
			goto fail;
		}
		if (kind == INI_SECTION) {
			free(section);
			section = xstrdup(key);
			continue;
		}
		c->entries = xgrow(c->entries, &cap, c->n + 1,
		    sizeof *c->entries);
		c->entries[c->n].section = xstrdup(section);
		c->entries[c->n].key = xstrdup(key);
		c->entries[c->n].value = xstrdup(value);
		c->entries[c->n].line = r.line;
		if (!is_known(section, key))
			warnmsg("%s:%d: unknown setting %s.%s (kept, ignored)",
			    name, r.line, section, key);
		c->n++;
	}
	free(section);
	ini_close(&r);
	*out = c;
	return 0;
fail:
	free(section);
	ini_close(&r);
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

int
config_bool(const struct config *c, const char *section, const char *key)
{
	const char *v = config_get(c, section, key);

	return v && (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "1") == 0 || strcmp(v, "on") == 0);
}

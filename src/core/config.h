/*
 * config.h: $XDG_CONFIG_HOME/stratus/config, INI-style:
 *
 *   [core]    vault, theme, lang, images (auto, symbols, off)
 *   [remote]  table, bucket, region, profile, dynamodb_endpoint,
 *             s3_endpoint, allow_delete
 *   [notes]   daily_folder, daily_template, daily_format, inbox
 *
 * Lines are "key = value"; '#' and ';' start comments. Unknown keys are
 * kept (a newer stratus may use them) but warned about once.
 */
#ifndef STRATUS_CONFIG_H
#define STRATUS_CONFIG_H

#include <stddef.h>

struct config_entry {
	char *section, *key, *value;
	int line;
};

struct config {
	char *path;		/* the file read, or NULL when none existed */
	struct config_entry *entries;
	size_t n;
};

/* Load path (NULL: the XDG location). A missing file is an empty config;
 * a malformed line is an error naming the file and line. */
int config_load(const char *path, struct config **out, char **cause);
/* Parse text already read (for tests). */
int config_parse(const char *text, size_t len, const char *name,
    struct config **out, char **cause);
void config_free(struct config *c);
/* The value of section.key, or NULL. */
const char *config_get(const struct config *c, const char *section,
    const char *key);
/* Is section.key set to true, yes, on or 1? */
int config_bool(const struct config *c, const char *section,
    const char *key);

#endif

/* creds.c: AWS credentials from the environment or ~/.aws/credentials. */
#include "sync/creds.h"
#include "core/buf.h"
#include "core/ini.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
secret_free(char *s)
{
	if (!s)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void
creds_free(struct aws_creds *c)
{
	if (!c)
		return;
	secret_free(c->access_key);
	secret_free(c->secret_key);
	secret_free(c->session_token);
	free(c->source);
	free(c);
}

static int
bad_value(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int
creds_parse(const char *text, const char *name, const char *profile,
    struct aws_creds **out, char **cause)
{
	struct aws_creds *c = xcalloc(1, sizeof *c);
	struct ini r;
	enum ini_kind kind;
	char *k, *v, *close;
	int in = 0, seen = 0;

	ini_open(&r, text, strlen(text));
	while ((kind = ini_next(&r, &k, &v)) != INI_END) {
		if (kind == INI_SECTION || kind == INI_BAD_SECTION) {
			/* as the AWS CLI: "[name]" or "[profile name]" */
			if ((close = strchr(k, ']')))
				*close = '\0';
			if (str_starts(k, "profile "))
				k += 8;
			k += strspn(k, " \t");
			close = k + strlen(k);
			while (close > k && (close[-1] == ' ' ||
			    close[-1] == '\t'))
				*--close = '\0';
			in = strcmp(k, profile) == 0;
			seen |= in;
			continue;
		}
		if (!in || kind != INI_PAIR)
			continue;
		if (strcmp(k, "aws_access_key_id") == 0) {
			secret_free(c->access_key);
			c->access_key = xstrdup(v);
		} else if (strcmp(k, "aws_secret_access_key") == 0) {
			secret_free(c->secret_key);
			c->secret_key = xstrdup(v);
		} else if (strcmp(k, "aws_session_token") == 0) {
			/* empty: no token, as with AWS_SESSION_TOKEN */
			secret_free(c->session_token);
			c->session_token = *v ? xstrdup(v) : NULL;
		}
	}
	ini_close(&r);
	/* a value goes into a signature or a header as it is */
	if (seen && (bad_value(c->access_key) || bad_value(c->secret_key) ||
	    bad_value(c->session_token))) {
		creds_free(c);
		return fail(cause, "%s: profile [%s] has a control character "
		    "in a key or token (a stray carriage return?)", name,
		    profile);
	}
	if (!seen) {
		creds_free(c);
		return fail(cause, "%s: no profile [%s] (set AWS_PROFILE or "
		    "the config's [remote] profile)", name, profile);
	}
	if (!c->access_key || !*c->access_key || !c->secret_key ||
	    !*c->secret_key) {
		creds_free(c);
		return fail(cause, "%s: profile [%s] lacks aws_access_key_id "
		    "or aws_secret_access_key", name, profile);
	}
	c->source = xasprintf("%s [%s]", name, profile);
	*out = c;
	return 0;
}

int
creds_load(const char *profile, struct aws_creds **out, char **cause)
{
	const char *id = getenv("AWS_ACCESS_KEY_ID");
	const char *secret = getenv("AWS_SECRET_ACCESS_KEY");
	const char *token = getenv("AWS_SESSION_TOKEN");
	const char *envprof = getenv("AWS_PROFILE");
	const char *file = getenv("AWS_SHARED_CREDENTIALS_FILE");
	char *path, *data = NULL;
	size_t len;
	int rc;

	if (id && *id && secret && *secret) {
		struct aws_creds *c = xcalloc(1, sizeof *c);

		c->access_key = xstrdup(id);
		c->secret_key = xstrdup(secret);
		if (token && *token)
			c->session_token = xstrdup(token);
		c->source = xstrdup("environment");
		*out = c;
		return 0;
	}
	if (envprof && *envprof)
		profile = envprof;
	if (!profile || !*profile)
		profile = "default";
	if (file && *file) {
		path = xstrdup(file);
	} else {
		const char *home = getenv("HOME");

		path = xasprintf("%s/.aws/credentials", home ? home : "");
	}
	if (read_file(path, 1 << 20, &data, &len, NULL) < 0) {
		rc = fail(cause, "no AWS credentials: set AWS_ACCESS_KEY_ID and "
		    "AWS_SECRET_ACCESS_KEY, or add profile [%s] to %s (%s)",
		    profile, path, strerror(errno));
		free(path);
		return rc;
	}
	rc = creds_parse(data, path, profile, out, cause);
	explicit_bzero(data, len);
	free(data);
	free(path);
	return rc;
}

const char *
aws_region(const char *config_region)
{
	const char *r = config_region;

	if (!r || !*r)
		r = getenv("AWS_REGION");
	if (!r || !*r)
		r = getenv("AWS_DEFAULT_REGION");
	if (!r || !*r)
		r = "us-east-1";
	return r;
}

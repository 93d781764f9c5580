/*
 * fuzz_sync_creds.c: creds_parse() on any text as ~/.aws/credentials, for
 * the default profile, a named one and one named by the input. Credentials
 * found must be usable as they are (non-empty, no control character: the
 * session token becomes an HTTP header), their source names only the file
 * and the profile, and a failure is a one-line cause.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/creds.h"
#include "fuzz.h"

static int
usable(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), profile[24], source[64];
	const char *profiles[3] = {"default", "work", profile};
	size_t i, n;

	memcpy(text, data, size);
	text[size] = '\0';
	/* a profile name from the input: the first bracketed word */
	n = 0;
	if (size > 1 && data[0] == '[')
		for (i = 1; i < size && n + 1 < sizeof profile &&
		    data[i] != ']' && data[i] != '\n' && data[i]; i++)
			profile[n++] = (char)data[i];
	profile[n] = '\0';
	for (i = 0; i < 3; i++) {
		struct aws_creds *c = NULL;
		char *cause = NULL;

		if (creds_parse(text, "fuzz-credentials", profiles[i], &c,
		    &cause) == 0) {
			CHECK(usable(c->access_key));
			CHECK(usable(c->secret_key));
			CHECK(!c->session_token || usable(c->session_token));
			/* the source names the file and profile, nothing
			 * else */
			snprintf(source, sizeof source, "fuzz-credentials [%s]",
			    profiles[i]);
			CHECK(c->source && strcmp(c->source, source) == 0);
			creds_free(c);
		} else {
			CHECK(cause && !strchr(cause, '\n') && c == NULL);
			free(cause);
		}
	}
	free(text);
	return 0;
}

/*
 * creds.h: AWS credentials for signing, from the standard places only:
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (these win,
 * as with the AWS CLI), else the profile ($AWS_PROFILE, else the config's profile, else "default") of
 * ~/.aws/credentials ($AWS_SHARED_CREDENTIALS_FILE). They are never
 * printed, logged or stored: causes name the file and profile, never a key.
 */
#ifndef STRATUS_CREDS_H
#define STRATUS_CREDS_H

struct aws_creds {
	char *access_key;
	char *secret_key;
	char *session_token;	/* NULL when none */
	char *source;		/* "environment" or "FILE [profile]" */
};

/*
 * Find credentials. profile is the config's choice (NULL: none); the
 * environment's AWS_PROFILE wins over it. Returns 0 and a new *out, or -1
 * with a cause that says where it looked.
 */
int creds_load(const char *profile, struct aws_creds **out, char **cause);
/* Parse the text of a credentials file (for tests); name is for causes. */
int creds_parse(const char *text, const char *name, const char *profile,
    struct aws_creds **out, char **cause);
/* Wipe and free (NULL accepted). */
void creds_free(struct aws_creds *c);
/* Overwrite a secret string with zeros, then free it (NULL accepted). */
void secret_free(char *s);

/* The region: config's, else $AWS_REGION, $AWS_DEFAULT_REGION, us-east-1.
 * Borrowed string. */
const char *aws_region(const char *config_region);

#endif

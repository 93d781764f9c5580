/*
 * vault-int.h: the private header of the vault walk (vault.h is its
 * public face), shared by the files it is split into:
 *
 *   vault.c        .stratusignore, reading a folder's entries, checking
 *                  a file or a folder, and the serial walk (vault_walk)
 *   vault-scan.c   the parallel walk (vault_scan_*): folders read by
 *                  several threads, delivered in the serial walk's order
 *
 * Nothing outside src/core/vault*.c includes this file.
 */
#ifndef STRATUS_VAULT_INT_H
#define STRATUS_VAULT_INT_H

#include <dirent.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/buf.h"
#include "core/vault.h"

struct vscan_dir;

/* One .stratusignore pattern, split at '/'. */
struct pattern {
	char **seg;
	size_t nseg;
	int neg;		/* !pattern: include again */
	int dir_only;		/* pattern/: folders only */
	int anchored;		/* had a '/': matches from the root */
};

struct dirid {
	dev_t dev;
	ino_t ino;
};

/*
 * A walk: what every thread of it shares (root, patterns: read-only once
 * set up) and what one thread owns (the path buffer, the folders open on
 * the serial walk's path). A thread of the parallel walk works on a copy
 * of the first with its own path and rec set.
 */
struct walk {
	const char *root;
	char *real_root;	/* root with its links resolved, or NULL */
	vault_file_cb cb;
	vault_warn_cb warn;
	void *arg;
	struct pattern *pats;
	size_t npats;
	struct dirid *open;	/* folders on the current path (serial) */
	size_t nopen, opencap;
	int stop;
	uid_t euid;
	struct buf path;	/* root, then the current vault path */
	size_t relstart;	/* where the vault path starts in path */
	struct vscan_dir *rec;	/* parallel: warnings are kept here */
};

/* A child of a folder: small, as qsort moves it. */
struct entry {
	const char *key;	/* name, plus '/' for a folder: the sort key */
	size_t off, len;	/* of the key in names; len of the name */
	long st;		/* its stat in sts, or -1 */
	int dir;
};

/* The children of one folder. */
struct entries {
	struct entry *v;
	size_t n, cap;
	struct buf names;	/* the keys, each NUL-terminated */
	struct stat *sts;	/* of symlinks, stated to find their kind */
	size_t nst, stcap;
};

/**************************************************************************
 * Interface to code in vault.c.
 */

/* Set up w for root: open root (*fd, taken by the caller), load
 * .stratusignore, the path buffer. 0, or -1 with *cause. */
int vw_init(struct walk *w, const char *root, int *fd, struct stat *st,
    char **cause);
/* Free what vw_init() set up (not the thread's copies' paths). */
void vw_done(struct walk *w);
/* Report a problem with path: through w->warn, or kept in w->rec. */
void vw_say(struct walk *w, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The vault path of the folder or file being visited. */
const char *vw_rel(const struct walk *w);
/* Append name as a child of the current path; returns the old length. */
size_t vw_push(struct walk *w, const char *name, size_t len);
/* Read the entries worth visiting of the folder at the current path (fd,
 * read through d), sorted by key. */
void vw_read_entries(struct walk *w, int fd, DIR *d, struct entries *es);
void vw_entries_free(struct entries *es);
/*
 * Check the file name of fd (have: its stat, when already taken): 0 with
 * *st when it is a note to read, 1 when it is quietly skipped (a folder
 * after all), -1 with *why (a new string) when it cannot be read.
 */
int vw_file_check(const struct walk *w, int fd, const char *name,
    const struct stat *have, struct stat *st, char **why);
/* Open the folder name of fd: its fd and *st, or -1 with *why (new). */
int vw_dir_open(int fd, const char *name, struct stat *st, char **why);

/*
 * End of interface to code in vault.c.
 **************************************************************************/

/**************************************************************************
 * Interface to code in vault-scan.c.
 */

/* Keep a warning about path (met while reading folder d) for delivery. */
void vscan_keep_warning(struct vscan_dir *d, const char *path,
    const char *why);

/*
 * End of interface to code in vault-scan.c.
 **************************************************************************/

#endif

/*
 * util.h: allocation that cannot fail, messages, files, paths and the few
 * string helpers every layer shares.
 *
 * Returned char * are the caller's to free; const char * are borrowed.
 */
#ifndef STRATUS_UTIL_H
#define STRATUS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses (DESIGN.md, "Commands"). */
enum {
	EXIT_OK = 0,
	EXIT_PROBLEMS = 1,	/* nothing found, or problems reported */
	EXIT_USAGE = 2,
	EXIT_RUNTIME = 3,	/* I/O, database, network failures */
};

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array to hold at least need elements of size each. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
/* xstrdup(s), or NULL when s is NULL. */
char *xstrdup_or_null(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Give the pages free in the heap (every thread's) back to the system. */
void mem_give_back(void);

/* Print "stratus: message" and exit(EXIT_RUNTIME). For the impossible. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Print "stratus: warning: message" on stderr (one line). */
void warnmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "stratus: message" on stderr (one line). */
void errmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Set *cause to a formatted message (if cause is not NULL); returns -1. */
/* (The name is parenthesised so that cmocka's fail() macro cannot touch it.) */
int (fail)(char **cause, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Read a whole file. Returns 0 and a NUL-terminated *data (len bytes,
 * caller frees) or -1 with *cause set. max bounds the size (0: none).
 */
int read_file(const char *path, size_t max, char **data, size_t *len,
    char **cause);
/*
 * Write a file atomically: a temporary file beside it, fsync, rename, then
 * fsync of the folder. Creates missing parent folders. 0 or -1 with cause.
 */
int write_file_atomic(const char *path, const void *data, size_t len,
    char **cause);
/* write_file_atomic with the file's permission bits set to mode (created
 * with at most owner access until then); mode -1: 0644 less the umask. */
int write_file_atomic_mode(const char *path, const void *data, size_t len,
    int mode, char **cause);
/* mkdir -p with mode 0755 (0 or -1 with cause). */
int mkdir_p(const char *path, char **cause);
/* Delete the SQLite database at path with its -wal, -journal and -shm
 * files (a cache being made again). */
void db_remove(const char *path);
/* What the file system under path is, for code that trusts its events or
 * its files' times: FS_REMOTE, another machine changes it and its clock
 * sets the times (NFS, SMB, 9p, FUSE, VirtualBox shares, AFS, Ceph...);
 * FS_COARSE, its times move in steps over a second (FAT, exFAT). 0 for
 * a local file system; FS_REMOTE when path cannot be asked. */
#define FS_REMOTE	1
#define FS_COARSE	2
int fs_kind(const char *path);
/* a/b, without doubling the slash. */
char *path_join(const char *a, const char *b);
/* The absolute, symlink-free form of path, or NULL. */
char *path_real(const char *path);
/* The folder part of a vault-relative path ("" for a top-level file). */
char *path_dir(const char *path);
/* The last component. Borrowed pointer into path. */
const char *path_base(const char *path);

/* $XDG_CACHE_HOME/stratus (or ~/.cache/stratus); likewise config, runtime. */
char *xdg_cache_dir(void);
/* A cache file of vault: xdg_cache_dir()/HASH.ext, HASH a hash of the
 * vault's path (the folder made): the index's ("db"), the sync scan's
 * ("scan.db"). NULL with cause when the folder cannot be made. */
char *vault_cache_file(const char *vault, const char *ext, char **cause);
char *xdg_config_dir(void);
/* The folder of the running program, or NULL. Caller frees. */
char *self_dir(void);
/* Where the bundled content/, slides/, themes/ live: the source tree when
 * running from a build, else the installed share/stratus. */
const char *data_dir(void);

/* qsort and bsearch over an array of strings (char * or const char *),
 * by strcmp. */
int cmp_strp(const void *a, const void *b);

/* 64-bit FNV-1a: content hashes and database names. */
uint64_t hash64(const void *data, size_t len);
/* A hash for tables in memory (never stored: it may change): 8 bytes at a
 * time, its low bits mixed (FNV-1a's lowest bit is the parity of the
 * bytes' lowest bits, so a table masked by them probes long runs). */
uint64_t hash_mem(const void *data, size_t len);

/* Parse a whole decimal int in [min, max]; 0 or -1. Replaces atoi. */
int parse_int(const char *s, long min, long max, long *out);
/* The environment variable name as an int in [min, max], or dflt when it
 * is unset or not one (the tests' knobs: STRATUS_TEST_...). */
long env_int(const char *name, long min, long max, long dflt);
int str_starts(const char *s, const char *prefix);
int str_ends(const char *s, const char *suffix);
/* ASCII lowercase copy. */
char *str_lower(const char *s);
int str_casecmp(const char *a, const char *b);

/* Is colour wanted on this fd? (a tty, and NO_COLOR unset or empty) */
int want_color(int fd);
double now_seconds(void);

#endif

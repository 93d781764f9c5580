/*
 * check.h: what `stratus check` (and `stratus deck check`) reports about
 * decks: unknown layouts, code fences, comments and components never
 * closed, broken src: imports, bad durations, and slides that do not fit
 * an 80x24 terminal (they would have to scroll).
 */
#ifndef STRATUS_DECK_CHECK_H
#define STRATUS_DECK_CHECK_H

#include <stddef.h>

#define CHECK_WIDTH 80
#define CHECK_HEIGHT 24

/*
 * Check the deck at path. Each problem is appended to *problems (grown
 * as needed; *nproblems counts them) as "file:line: what, and what to
 * do"; the caller frees every string and the array. Returns the number
 * of problems found, or -1 with *cause when the file cannot be read.
 */
int deck_check(const char *path, char ***problems, size_t *nproblems,
    char **cause);
/* The same for every *.md deck directly in dir (sorted by name). -1 with
 * *cause when dir cannot be read. */
int deck_check_dir(const char *dir, char ***problems, size_t *nproblems,
    char **cause);

#endif

/*
 * notepart.h: a large note's body read a part at a time, so that what
 * shows it (stratus show, the explorer's note view) reads and renders at
 * most about NOTEPART_SIZE bytes whatever the file's size (a 100 MB note
 * took 34 s and 821 MB shown at once).
 */
#ifndef STRATUS_NOTEPART_H
#define STRATUS_NOTEPART_H

#include <stddef.h>
#include <sys/types.h>

/* Bytes of body in a part at most: parts end after a blank line (else a
 * line break, else a whole character) in their second half. */
#define NOTEPART_SIZE ((off_t)1 << 20)

struct notepart {
	char *data;	/* the part's bytes, NUL-terminated (caller frees) */
	size_t len;
	long part;	/* its number, from 1 */
	int last;	/* no part after it */
	off_t size;	/* of the whole file */
};

/*
 * Read part `part` (from 1) of the body (after the frontmatter) of the
 * note file at path into *p. Returns 0, or -1 with *cause (also when the
 * note has fewer parts: then *cause says how many).
 */
int notepart_read(const char *path, long part, struct notepart *p,
    char **cause);

#endif

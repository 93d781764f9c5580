/*
 * link.h: the presentation link. Every stratus present on one deck (the
 * main window, presenter views) shares its position through a Unix
 * socket keyed by the deck's real path, under $XDG_RUNTIME_DIR/stratus
 * (fallback: a 0700 folder /tmp/stratus-UID). The first one listens and
 * relays; the others connect. Messages are lines:
 *
 *	pos SLIDE STEP T0	slide index in the file, step, timer start
 *				(seconds since the epoch)
 *	hello			a newcomer asks for the position
 */
#ifndef STRATUS_LINK_H
#define STRATUS_LINK_H

#include <poll.h>
#include <stddef.h>

#define LINK_MAX_FDS 16

struct link;

struct link_pos {
	long slide;
	int step;
	double t0;
};

/* The socket path for the deck at path (caller frees), its folder
 * created 0700 (and checked to be ours). NULL and *cause on failure. */
char *link_path(const char *deck_path, char **cause);
/* Join (or start) the deck's link. 0 and *out, or -1 and *cause. */
int link_open(const char *deck_path, struct link **out, char **cause);
void link_close(struct link *l);
/* Is this end the one listening? */
int link_is_hub(const struct link *l);
/* Fill pfds with the descriptors to poll (returns how many, at most
 * LINK_MAX_FDS). */
int link_pollfds(const struct link *l, struct pollfd *pfds);
/*
 * After poll: accept, read, relay. Returns 1 and *pos when a peer moved
 * (the last move wins), 0 otherwise. A hub answers hello itself with
 * *mine. When the hub went away, this end becomes the hub.
 */
int link_service(struct link *l, const struct pollfd *pfds, int n,
    const struct link_pos *mine, struct link_pos *pos);
/* Tell every peer our position. */
void link_send(struct link *l, const struct link_pos *pos);

#endif

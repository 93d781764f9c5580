/*
 * links.h: wikilinks as the site's Markdown links and back, for
 * [remote] wikilinks = markdown (stratus-sync(7)).
 */
#ifndef STRATUS_LINKS_H
#define STRATUS_LINKS_H

#include <stddef.h>

struct cJSON;

/*
 * The body s (len bytes) with each [[target]] or [[target|label]] outside
 * code written as [label](/node?id=slug); embeds (![[...]]) and targets
 * with no slug are left alone. Each conversion is appended to pairs (a
 * JSON array) as [markdown, wikilink], in order. Caller frees.
 */
char *links_to_markdown(const char *s, size_t len, size_t *outlen,
    struct cJSON *pairs);

/*
 * The body s with the recorded conversions (pairs, as links_to_markdown
 * gave them) turned back into their wikilinks, each at most once, in
 * order; other Markdown links stay as they are. Caller frees.
 */
char *links_from_markdown(const char *s, size_t len, size_t *outlen,
    const struct cJSON *pairs);

#endif

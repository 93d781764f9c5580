/*
 * html-int.h: the HTML module's private header, shared by html-tag.c (the
 * tag lexer), html-attr.c (attribute values) and html-reduce.c (HTML
 * reduced to Markdown). html.h is the public interface.
 */
#ifndef STRATUS_HTML_INT_H
#define STRATUS_HTML_INT_H

#include "core/util.h"

#include <stddef.h>

/*
** Interface to code in html-tag.c
*/
int html_is_space(int c);
/*
** End of interface
*/

#endif

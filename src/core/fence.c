/*
 * fence.c: opening and closing code fence lines (CommonMark 4.5).
 */
#include "core/fence.h"

#include <string.h>

size_t
md_fence_open(const char *s, size_t n, char *ch, size_t *info)
{
	size_t i = 0, k;

	while (i < n && i < 4 && s[i] == ' ')
		i++;
	if (i >= 4 || i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	for (k = i; k < n && s[k] == s[i]; k++)
		;
	if (k - i < 3)
		return 0;
	if (s[i] == '`' && memchr(s + k, '`', n - k))
		return 0;
	*ch = s[i];
	if (info)
		*info = k;
	return k - i;
}

int
md_fence_close(const char *s, size_t n, char ch, size_t len)
{
	size_t i = 0, k;

	while (i < n && i < 4 && s[i] == ' ')
		i++;
	if (i >= 4)
		return 0;
	for (k = i; k < n && s[k] == ch; k++)
		;
	if (k - i < len)
		return 0;
	for (; k < n; k++)
		if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r')
			return 0;
	return 1;
}

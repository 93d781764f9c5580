/*
 * banned.h: C library calls that stratus does not use, made compile
 * errors (as git's banned.h). Each is redefined as a macro that expands to
 * an undeclared name, so a use fails the build with a message that says
 * why: "'sorry_strcpy_is_a_banned_function' undeclared". Use instead:
 *
 *	strcpy, strcat, strncpy	  buf_* (core/buf.h), xstrdup, xstrndup,
 *				  memcpy with a known length
 *	sprintf, vsprintf	  snprintf, buf_printf, xasprintf
 *	strtok			  strcspn / strspn, or a hand loop
 *	gets			  getline, read_file
 *	atoi			  parse_int (core/util.h)
 *
 * The build force-includes this file into every source under src/ (CMake
 * `-include`, see the top-level CMakeLists.txt), so no file includes it.
 * It first includes the system headers that declare these functions:
 * their include guards then make a later #include of them in a source a
 * no-op, so the macros cannot break the declarations.
 */
#ifndef STRATUS_BANNED_H
#define STRATUS_BANNED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(...) BANNED(strcpy)
#undef strcat
#define strcat(...) BANNED(strcat)
#undef strncpy
#define strncpy(...) BANNED(strncpy)
#undef strtok
#define strtok(...) BANNED(strtok)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef gets
#define gets(...) BANNED(gets)
#undef atoi
#define atoi(...) BANNED(atoi)

#endif

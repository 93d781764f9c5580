#!/bin/sh
# banned.sh: the calls STYLE.md bans (strcpy, strcat, strncpy, strtok,
# sprintf, vsprintf, gets, atoi) do not compile. src/core/banned.h turns
# each into an undeclared sorry_NAME_is_a_banned_function; CMake
# force-includes it into every source under src/. Shown here: the build
# really passes it to every src/ file (compile_commands.json), a file using
# each banned call fails with that name (even after including the system
# headers again, even with _FORTIFY_SOURCE's inline versions), and a file
# using the allowed ones compiles, so the failures are not the harness's.
. "$SRCDIR/tests/lib.sh"
db="$BUILDDIR/compile_commands.json"
banned="$SRCDIR/src/core/banned.h"
[ -f "$db" ] || fail "no $db (CMAKE_EXPORT_COMPILE_COMMANDS)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every source under src/ is compiled with -include .../banned.h.
missing=$(awk '
	/"command":/ { cmd = $0 }
	/"file":/ && /\/src\// {
		n++
		if (index(cmd, "-include " banned) == 0)
			print $0
	}
	END { if (n == 0) print "no src/ file in the database" }
' banned="$banned" "$db")
[ -z "$missing" ] || fail "compiled without banned.h: $missing"

# The compiler of this build (what precedes its first option).
cc=$(awk -F'"command": "' '/"command":/ { sub(/ -.*/, "", $2); print $2;
    exit }' "$db")
[ -n "$cc" ] || fail "no compiler found in $db"

# try NAME CALL: compile a function making CALL; the status is cc's.
try() {
	cat >"$tmp/$1.c" <<EOT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int use_it(char *d, const char *s);
int
use_it(char *d, const char *s)
{
	$2;
	return 0;
}
EOT
	# shellcheck disable=SC2086
	$cc -std=c11 -D_GNU_SOURCE -O2 -D_FORTIFY_SOURCE=2 -Wall -Werror \
	    -include "$banned" -c "$tmp/$1.c" -o "$tmp/$1.o" \
	    >"$tmp/$1.err" 2>&1
}

try allowed 'snprintf(d, 4, "%s", s); memcpy(d, s, 1); (void)strtol(s, NULL, 10)' ||
    fail "allowed calls do not compile: $(cat "$tmp/allowed.err")"

for call in 'strcpy(d, s)' 'strcat(d, s)' 'strncpy(d, s, 3)' \
    'strtok(d, s)' 'sprintf(d, "%s", s)' \
    'va_list ap; (void)ap; vsprintf(d, s, ap)' 'gets(d)' 'return atoi(s)'; do
	name=$(printf '%s\n' "$call" | sed 's/.*; //; s/^return //; s/(.*//')
	if try "$name" "$call"; then
		fail "$call compiles; banned.h should stop it"
	fi
	grep -q "sorry_${name}_is_a_banned_function" "$tmp/$name.err" ||
	    fail "$call fails without naming the ban: $(cat "$tmp/$name.err")"
done
pass

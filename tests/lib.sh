# lib.sh: helpers for the shell tests (sourced, not run).
#
# Tests never sleep to let something get ready: they wait for it (a file,
# a log line, a screen through ptyrun) with a generous timeout. Every such
# timeout is multiplied by STRATUS_TEST_TIMEOUT_SCALE (default 1; ptyrun
# reads it too), e.g. STRATUS_TEST_TIMEOUT_SCALE=4 ctest on a busy machine.
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
pass() {
	echo "ok"
	exit 0
}
# need_ptyrun: the pty tests drive the binary through tests/pty's ptyrun
need_ptyrun() {
	[ -n "${PTYRUN:-}" ] && [ -x "$PTYRUN" ] ||
		fail "PTYRUN is not set: the tests/pty harness (ptyrun) must be built"
}
# expect_status N CMD...: run CMD, fail unless it exits with N.
expect_status() {
	want=$1
	shift
	"$@" >/dev/null 2>&1
	got=$?
	[ "$got" -eq "$want" ] || fail "$* exited $got, expected $want"
}
# scaled N: N (seconds or milliseconds, an integer) times
# STRATUS_TEST_TIMEOUT_SCALE, rounded up.
scaled() {
	awk -v n="$1" -v s="${STRATUS_TEST_TIMEOUT_SCALE:-1}" 'BEGIN {
		if (s + 0 <= 0) s = 1
		v = n * s
		printf "%d\n", (v == int(v)) ? v : int(v) + 1
	}'
}
# wait_until SECONDS CMD...: run CMD every 50 ms until it succeeds; fail
# (return 1) when it has not after SECONDS (scaled).
wait_until() {
	wu_ticks=$(( $(scaled "$1") * 20 ))
	shift
	until "$@"; do
		wu_ticks=$((wu_ticks - 1))
		[ "$wu_ticks" -gt 0 ] || return 1
		sleep 0.05
	done
}

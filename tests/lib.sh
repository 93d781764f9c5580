# lib.sh: helpers for the shell tests (sourced, not run).
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
pass() {
	echo "ok"
	exit 0
}
# expect_status N CMD...: run CMD, fail unless it exits with N.
expect_status() {
	want=$1
	shift
	"$@" >/dev/null 2>&1
	got=$?
	[ "$got" -eq "$want" ] || fail "$* exited $got, expected $want"
}

#!/usr/bin/env python3
# explore.py: time the explorer in a pseudo-terminal on one vault.
#
#   python3 bench/explore.py STRATUS VAULT [RUNS]
#
# The index must be warm (run `stratus --vault VAULT index` first). Prints
# one line of key=value numbers:
#   first_ms      start of the process to the first full frame (the status
#                 bar painted), median of RUNS starts (max also given)
#   echo_p99      keystroke to the query line repainted (the search runs
#                 in a worker thread, so typing never waits for it)
#   res_p50/p99/max  keystroke to updated search results on the screen,
#                 from the explorer's own trace (STRATUS_EXPLORE_TRACE):
#                 poll() waking with the key to the frame with the results
#                 flushed, over every character of a set of queries typed
#                 one at a time; every such frame: the first screen of
#                 hits, then the whole list (up to 200) when it comes
#   first_p50/p99 the same for the first results frame after each key
#                 (what the screen shows first: the first 40 hits)
#   res_ext_p99   the same seen from outside: key written to the trace
#                 line saying the results are on screen
#   quickopen_p99 keystroke to updated quick-open matches (fuzzy, all notes)
#   graph_ms      Enter on a result, then v: the graph view opened
#   rss_mb        peak resident memory (VmHWM) after all of that
import os
import pty
import select
import signal
import statistics
import sys
import tempfile
import time

QUERIES = ["serverless", "lambda cold start", "dynamodb table index",
           "event queue retry", "cost budget", "kalo", "deploy pipeline",
           "tag:aws function", "concurrency provisioned", "zzqqxx"]


def spawn(stratus, vault, trace):
    env = dict(os.environ)
    env["TERM"] = "xterm-256color"
    env["LC_ALL"] = env.get("LC_ALL") or "C.UTF-8"
    env["STRATUS_EXPLORE_TRACE"] = trace
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        import fcntl
        import struct
        import termios
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120,
                                                        0, 0))
        os.execve(stratus, [stratus, "--vault", vault, "explore"], env)
    return pid, fd, t0


def read_until(fd, needle, timeout=30.0):
    """Read until needle shows in the output; returns (bytes, time)."""
    buf = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            if b"\x1b[c" in chunk:
                # the explorer asks what the terminal draws (DA1) and
                # waits up to a second: answer at once, as every terminal
                # does (a VT220 with colour and no sixel)
                os.write(fd, b"\x1b[?62;22c")
            buf += chunk
            if needle in buf:
                return buf, time.monotonic()
    raise SystemExit("explore.py: never saw %r" % needle)


def quiet(fd, quiet_s=0.015, timeout=5.0, first=0.0):
    """Read until no output for quiet_s (after waiting up to first
    seconds for the first byte); returns the time of the last byte."""
    last = time.monotonic()
    if first > 0:
        r, _, _ = select.select([fd], [], [], first)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return last
            last = time.monotonic()
    end = last + timeout
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], quiet_s)
        if not r:
            return last
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return last
        if not chunk:
            return last
        last = time.monotonic()
    return last


def stop(pid, fd):
    try:
        os.write(fd, b"\x03")
    except OSError:
        pass
    for _ in range(100):
        p, _ = os.waitpid(pid, os.WNOHANG)
        if p:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)


def vmhwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def key_ms(fd, trace, key):
    """Send key, wait for the trace line of its handling and painting;
    returns that line's milliseconds."""
    _, m = trace_keys(trace, 0)
    os.write(fd, key)
    end = time.monotonic() + 30
    while time.monotonic() < end:
        with open(trace) as f:
            lines = f.read().splitlines()[m:]
        for line in lines:
            w = line.split()
            if len(w) == 4 and w[1] == "keys":
                return float(w[3])
        time.sleep(0.002)
    raise SystemExit("explore.py: key %r never handled" % key)


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def trace_keys(path, start, what="keys"):
    """The 'keys 1 MS' (or 'results MS') lines of the trace from line
    start on."""
    out = []
    with open(path) as f:
        lines = f.read().splitlines()
    for line in lines[start:]:
        w = line.split()
        if what == "keys" and len(w) == 4 and w[1] == "keys" and \
                w[2] == "1":
            out.append(float(w[3]))
        elif what == "results" and len(w) == 3 and w[1] == "results":
            out.append(float(w[2]))
    return out, len(lines)


def first_results(path, start):
    """For each key from line start on, the first 'results MS' line
    before the next key."""
    out = []
    with open(path) as f:
        lines = f.read().splitlines()
    seen = True
    for line in lines[start:]:
        w = line.split()
        if len(w) >= 2 and w[1] == "keys":
            seen = False
        elif len(w) == 3 and w[1] == "results" and not seen:
            out.append(float(w[2]))
            seen = True
    return out


def wait_trace(path, start, what, timeout=10.0):
    """Wait for a new line of kind what in the trace."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got, _ = trace_keys(path, start, what)
        if got:
            return True
        time.sleep(0.002)
    return False


def main():
    stratus, vault = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    fd_t, trace = tempfile.mkstemp(prefix="stratus-trace.")
    os.close(fd_t)
    # The status bar, painted last, says this until the index is checked.
    hint = b"up to date"

    firsts = []
    for _ in range(runs):
        pid, fd, t0 = spawn(stratus, vault, trace)
        _, t1 = read_until(fd, hint)
        firsts.append((t1 - t0) * 1000)
        stop(pid, fd)

    pid, fd, t0 = spawn(stratus, vault, trace)
    read_until(fd, hint)
    quiet(fd, 0.2)
    _, mark = trace_keys(trace, 0)
    ext = []
    start = mark
    for q in QUERIES:
        for ch in q:
            _, m = trace_keys(trace, 0)
            t = time.monotonic()
            os.write(fd, ch.encode())
            # The query line echoes at once; the results follow when
            # the search is done: the trace says so.
            wait_trace(trace, m, "results")
            ext.append((time.monotonic() - t) * 1000)
            quiet(fd)
        os.write(fd, b"\x15")       # Ctrl-U: clear the query
        time.sleep(0.05)
        quiet(fd)
    keys, _ = trace_keys(trace, start)
    results, mark = trace_keys(trace, start, "results")
    firsts_res = first_results(trace, start)

    # Quick open over every note's names.
    os.write(fd, b"\x10")
    _, m = trace_keys(trace, 0)
    wait_trace(trace, m - 1, "keys")
    quiet(fd, 0.2)
    qo = []
    for ch in "lambda cold":
        qo.append(key_ms(fd, trace, ch.encode()))
    os.write(fd, b"\x1b")
    time.sleep(0.1)
    quiet(fd, 0.1)

    # The graph of the first result of a search.
    os.write(fd, b"serverless")
    time.sleep(1.0)
    quiet(fd, 0.2)
    key_ms(fd, trace, b"\r")
    quiet(fd, 0.2)
    graph_ms = key_ms(fd, trace, b"v")
    quiet(fd, 0.2)
    rss = vmhwm(pid)
    stop(pid, fd)
    os.unlink(trace)

    print("first_ms=%.1f first_max_ms=%.1f echo_p99=%.2f res_p50=%.2f "
          "res_p99=%.2f res_max=%.2f res_n=%d first_p50=%.2f "
          "first_p99=%.2f res_ext_p99=%.1f "
          "quickopen_p99=%.2f graph_ms=%.1f rss_mb=%.1f" % (
              statistics.median(firsts), max(firsts), pct(keys, 99),
              pct(results, 50), pct(results, 99), max(results),
              len(results), pct(firsts_res, 50), pct(firsts_res, 99),
              pct(ext, 99), pct(qo, 99) if qo else -1, graph_ms, rss))


main()

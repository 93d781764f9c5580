/*
 * ptyrun: run a command in a pseudo-terminal of a given size, emulate the
 * terminal with libvterm, and drive it with a script of steps; the
 * harness behind every interactive test (presenter, explorer).
 *
 *   ptyrun [-s ROWSxCOLS] [-f SCRIPT] [-t TERM] [-e NAME=VALUE]... -- CMD...
 *
 * Default size 24x80, TERM xterm-256color, script from stdin. Exit 0 when
 * every step passed; 1 with "ptyrun: SCRIPT:LINE: why" and the screen
 * dump on stdout when one failed; 2 usage; 3 runtime failure.
 *
 * The script is one step a line; blank lines and lines starting with '#'
 * are skipped. TEXT is the rest of the line, or a "quoted string" (needed
 * when it ends with a number or has edge spaces). In TEXT and BYTES these
 * escapes work: \r \n \t \e (ESC) \xHH \\ \" ; \e[A is the Up arrow.
 *
 *   keys TEXT              write TEXT to the program as typed input
 *   wait-for TEXT [MS]     wait until the screen shows TEXT (default 10000)
 *   wait-gone TEXT [MS]    wait until the screen no longer shows TEXT
 *   wait-file PATH [MS]    wait until PATH exists (another process, e.g.
 *                          a second ptyrun, made it with `run touch`)
 *   expect TEXT            once output settles, the screen shows TEXT
 *   expect-not TEXT        once output settles, the screen lacks TEXT
 *   expect-row N TEXT      row N (0-based; negative counts from the
 *                          bottom, -1 the last row) shows TEXT
 *   resize ROWS COLS       resize the terminal (the program gets SIGWINCH)
 *   sleep MS               pump output for MS milliseconds
 *   screen                 print the screen to stdout
 *   raw-check-no BYTES     the raw bytes the program wrote so far never
 *                          contained BYTES
 *   exit [CODE] [MS]       wait for the program to exit (with CODE;
 *                          default 10000 ms)
 *   time LABEL             print "time LABEL MS": milliseconds since the
 *                          last time step (or the start); for benchmarks
 *   run COMMAND            run a shell command (sh -c) while the program
 *                          runs, e.g. to rewrite a file it watches; the
 *                          step fails when the command does
 *
 * The screen text is UTF-8, one line per row, trailing blanks trimmed.
 * When the script ends the program, if still running, gets SIGTERM.
 *
 * Nothing waits a fixed time: the expect steps pump output until the
 * screen agrees or the default timeout passes (a loaded machine only
 * makes them slower), and every timeout (wait-for, wait-gone, wait-file,
 * exit, the expect steps, settling) is multiplied by the environment
 * variable STRATUS_TEST_TIMEOUT_SCALE (default 1; e.g. 4 for a sanitizer
 * build on a busy machine). `sleep` and `time` are not scaled.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

/* Default timeout of the wait and expect steps and of exit, ms. */
#define WAIT_MS 10000

/* STRATUS_TEST_TIMEOUT_SCALE: what every timeout is multiplied by. */
static double timeout_scale = 1.0;

struct run {
	VTerm *vt;
	VTermScreen *vs;
	int fd;			/* pty master */
	pid_t pid;
	int exited, status;
	int rows, cols;
	char *raw;		/* every byte the program wrote */
	size_t rawlen, rawcap;
	const char *script;
	int line;
	double mark;		/* the last time step, ms */
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
reply(const char *s, size_t len, void *user)
{
	struct run *r = user;
	ssize_t n;

	while (len > 0) {
		n = write(r->fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void
reap(struct run *r, int block)
{
	int st;

	if (r->exited)
		return;
	if (waitpid(r->pid, &st, block ? 0 : WNOHANG) == r->pid) {
		r->exited = 1;
		r->status = WIFEXITED(st) ? WEXITSTATUS(st) :
		    128 + WTERMSIG(st);
	}
}

/* Read what the program wrote for up to ms milliseconds; returns 1 when
 * something arrived. */
static int
pump(struct run *r, int ms)
{
	struct pollfd p = { r->fd, POLLIN, 0 };
	char chunk[8192];
	ssize_t n;
	int got = 0;

	if (r->fd < 0)
		return 0;
	if (poll(&p, 1, ms) <= 0)
		return 0;
	for (;;) {
		n = read(r->fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 || errno == EIO) {
				close(r->fd);
				r->fd = -1;
				reap(r, 1);
			}
			break;
		}
		if (r->rawlen + (size_t)n > r->rawcap) {
			r->rawcap = (r->rawlen + (size_t)n) * 2;
			if (!(r->raw = realloc(r->raw, r->rawcap))) {
				perror("ptyrun");
				exit(3);
			}
		}
		memcpy(r->raw + r->rawlen, chunk, (size_t)n);
		r->rawlen += (size_t)n;
		vterm_input_write(r->vt, chunk, (size_t)n);
		got = 1;
		p.revents = 0;
		if (poll(&p, 1, 0) <= 0)
			break;
	}
	return got;
}

/* A timeout of ms milliseconds as this run counts it: scaled. */
static double
scaled(long ms)
{
	return (double)ms * timeout_scale;
}

/* Pump until the program has been quiet for 150 ms (at most 3 s). */
static void
settle(struct run *r)
{
	double end = now_ms() + scaled(3000);

	while (now_ms() < end && pump(r, 150))
		;
}

static void
put_utf8(char **p, uint32_t c)
{
	unsigned char *s = (unsigned char *)*p;

	if (c < 0x80) {
		*s++ = (unsigned char)c;
	} else if (c < 0x800) {
		*s++ = (unsigned char)(0xc0 | (c >> 6));
		*s++ = (unsigned char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*s++ = (unsigned char)(0xe0 | (c >> 12));
		*s++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		*s++ = (unsigned char)(0x80 | (c & 0x3f));
	} else {
		*s++ = (unsigned char)(0xf0 | (c >> 18));
		*s++ = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		*s++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		*s++ = (unsigned char)(0x80 | (c & 0x3f));
	}
	*p = (char *)s;
}

/* Row text, trailing blanks trimmed, into a malloc'd string. */
static char *
row_text(struct run *r, int row)
{
	char *out = malloc((size_t)r->cols * 4 * VTERM_MAX_CHARS_PER_CELL + 1);
	char *p = out, *end = out;
	VTermScreenCell cell;
	VTermPos pos;
	int col, i;

	if (!out) {
		perror("ptyrun");
		exit(3);
	}
	pos.row = row;
	for (col = 0; col < r->cols; col++) {
		pos.col = col;
		if (!vterm_screen_get_cell(r->vs, pos, &cell) ||
		    cell.chars[0] == 0) {
			*p++ = ' ';
			continue;
		}
		for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
			put_utf8(&p, cell.chars[i]);
		end = p;
		if (cell.width > 1)
			col += cell.width - 1;
	}
	*end = '\0';
	return out;
}

static char *
screen_text(struct run *r)
{
	size_t cap = (size_t)r->rows * ((size_t)r->cols * 24 + 1) + 1, len = 0;
	char *s = malloc(cap), *row;
	int i;

	if (!s) {
		perror("ptyrun");
		exit(3);
	}
	for (i = 0; i < r->rows; i++) {
		row = row_text(r, i);
		memcpy(s + len, row, strlen(row));
		len += strlen(row);
		s[len++] = '\n';
		free(row);
	}
	s[len] = '\0';
	return s;
}

static void
dump(struct run *r)
{
	char *s = screen_text(r);
	int i;

	printf("+");
	for (i = 0; i < r->cols; i++)
		putchar('-');
	printf("+ %dx%d\n%s", r->rows, r->cols, s);
	printf("+");
	for (i = 0; i < r->cols; i++)
		putchar('-');
	printf("+\n");
	fflush(stdout);
	free(s);
}

static int
screen_has(struct run *r, const char *text)
{
	char *s = screen_text(r);
	int found = strstr(s, text) != NULL;

	free(s);
	return found;
}

/* What the expect and wait steps wait for. */
enum cond { SHOWS, LACKS, ROW_SHOWS, FILE_EXISTS };

static int
holds(struct run *r, enum cond c, int row, const char *text)
{
	struct stat st;
	char *s;
	int found;

	switch (c) {
	case SHOWS:
		return screen_has(r, text);
	case LACKS:
		return !screen_has(r, text);
	case ROW_SHOWS:
		s = row_text(r, row);
		found = strstr(s, text) != NULL;
		free(s);
		return found;
	case FILE_EXISTS:
		return stat(text, &st) == 0;
	}
	return 0;
}

/* Pump output until c holds or ms (scaled) pass; 1 when it holds. Stops
 * early when the program has exited and closed the terminal (the screen
 * cannot change any more). */
static int
wait_until(struct run *r, enum cond c, int row, const char *text, long ms)
{
	double end = now_ms() + scaled(ms);

	while (!holds(r, c, row, text)) {
		if (now_ms() >= end)
			return 0;
		if (!pump(r, 50) && r->fd < 0 && c != FILE_EXISTS)
			return holds(r, c, row, text);
	}
	return 1;
}

static void __attribute__((noreturn))
failed(struct run *r, const char *fmt, const char *arg)
{
	fprintf(stdout, "ptyrun: %s:%d: ", r->script, r->line);
	fprintf(stdout, fmt, arg);
	fputc('\n', stdout);
	dump(r);
	if (!r->exited) {
		kill(r->pid, SIGTERM);
		reap(r, 1);
	}
	exit(1);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode escapes of s in place (up to a closing quote when quoted); sets
 * *rest to what follows. Returns the decoded length. */
static size_t
unescape(char *s, char **rest)
{
	int quoted = *s == '"';
	char *in = s + quoted, *out = s;

	while (*in && !(quoted && *in == '"')) {
		if (*in != '\\' || !in[1]) {
			*out++ = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 'r': *out++ = '\r'; in++; break;
		case 'n': *out++ = '\n'; in++; break;
		case 't': *out++ = '\t'; in++; break;
		case 'e': *out++ = '\033'; in++; break;
		case 'x':
			if (hexval(in[1]) >= 0 && hexval(in[2]) >= 0) {
				*out++ = (char)(hexval(in[1]) * 16 +
				    hexval(in[2]));
				in += 3;
				break;
			}
			/* FALLTHROUGH */
		default: *out++ = *in++; break;
		}
	}
	if (quoted && *in == '"')
		in++;
	while (*in == ' ' || *in == '\t')
		in++;
	*rest = in;
	return (size_t)(out - s);
}

/* Split "TEXT [NUMBER]": a trailing all-digit word of an unquoted text is
 * the number. Returns the number or def. */
static long
text_and_number(char *arg, long def, size_t *len)
{
	char *rest, *sp, *end;
	long v;

	if (*arg != '"') {
		sp = strrchr(arg, ' ');
		if (sp && sp[1]) {
			v = strtol(sp + 1, &end, 10);
			if (*end == '\0' && end != sp + 1) {
				*sp = '\0';
				*len = unescape(arg, &rest);
				return v;
			}
		}
		*len = unescape(arg, &rest);
		return def;
	}
	*len = unescape(arg, &rest);
	if (*rest) {
		v = strtol(rest, &end, 10);
		if (*end == '\0')
			return v;
	}
	return def;
}

static void
send_keys(struct run *r, const char *s, size_t len)
{
	if (r->fd < 0)
		failed(r, "keys: %s", "the program has exited");
	reply(s, len, r);
}

static int
raw_contains(struct run *r, const char *bytes, size_t len)
{
	size_t i;

	if (len == 0 || len > r->rawlen)
		return 0;
	for (i = 0; i + len <= r->rawlen; i++)
		if (memcmp(r->raw + i, bytes, len) == 0)
			return 1;
	return 0;
}

static void
do_resize(struct run *r, int rows, int cols)
{
	struct winsize ws = {0};

	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	r->rows = rows;
	r->cols = cols;
	vterm_set_size(r->vt, rows, cols);
	if (r->fd >= 0)
		ioctl(r->fd, TIOCSWINSZ, &ws);
}

static void
step(struct run *r, char *cmd)
{
	char *arg = cmd, *rest;
	size_t len = 0;
	double end;
	long n, ms;

	while (*arg && *arg != ' ')
		arg++;
	if (*arg)
		*arg++ = '\0';
	if (strcmp(cmd, "keys") == 0) {
		len = unescape(arg, &rest);
		send_keys(r, arg, len);
		pump(r, 20);
	} else if (strcmp(cmd, "wait-for") == 0 ||
	    strcmp(cmd, "wait-gone") == 0) {
		int gone = cmd[5] == 'g';

		ms = text_and_number(arg, WAIT_MS, &len);
		arg[len] = '\0';
		if (!wait_until(r, gone ? LACKS : SHOWS, 0, arg, ms))
			failed(r, r->fd < 0 ? "the program exited waiting "
			    "for: %s" : gone ? "still on screen: %s" :
			    "never appeared: %s", arg);
	} else if (strcmp(cmd, "wait-file") == 0) {
		ms = text_and_number(arg, WAIT_MS, &len);
		arg[len] = '\0';
		if (!wait_until(r, FILE_EXISTS, 0, arg, ms))
			failed(r, "wait-file: never appeared: %s", arg);
	} else if (strcmp(cmd, "expect") == 0 ||
	    strcmp(cmd, "expect-not") == 0) {
		int not = cmd[6] == '-';

		len = unescape(arg, &rest);
		arg[len] = '\0';
		settle(r);
		if (!wait_until(r, not ? LACKS : SHOWS, 0, arg, WAIT_MS))
			failed(r, not ? "unexpected on screen: %s" :
			    "not on screen: %s", arg);
	} else if (strcmp(cmd, "expect-row") == 0) {
		char *text;
		long want;

		want = strtol(arg, &text, 10);
		while (*text == ' ')
			text++;
		len = unescape(text, &rest);
		text[len] = '\0';
		settle(r);
		if (want < 0)
			want += r->rows;
		if (want < 0 || want >= r->rows)
			failed(r, "expect-row: no row %s", arg);
		if (!wait_until(r, ROW_SHOWS, (int)want, text, WAIT_MS))
			failed(r, "row does not show: %s", text);
	} else if (strcmp(cmd, "resize") == 0) {
		long rows, cols;
		char *e;

		rows = strtol(arg, &e, 10);
		cols = strtol(e, &e, 10);
		if (rows < 2 || cols < 2 || rows > 1000 || cols > 1000)
			failed(r, "resize: bad size %s", arg);
		do_resize(r, (int)rows, (int)cols);
		pump(r, 20);
	} else if (strcmp(cmd, "sleep") == 0) {
		ms = strtol(arg, NULL, 10);
		end = now_ms() + (double)ms;
		while (now_ms() < end)
			pump(r, (int)(end - now_ms()) + 1);
	} else if (strcmp(cmd, "screen") == 0) {
		settle(r);
		dump(r);
	} else if (strcmp(cmd, "raw-check-no") == 0) {
		len = unescape(arg, &rest);
		settle(r);
		if (raw_contains(r, arg, len))
			failed(r, "the program wrote %s bytes it must not",
			    "those");
	} else if (strcmp(cmd, "time") == 0) {
		double t = now_ms();

		printf("time %s %.3f\n", arg, t - r->mark);
		fflush(stdout);
		r->mark = t;
	} else if (strcmp(cmd, "run") == 0) {
		int st;

		fflush(stdout);
		st = system(arg);
		if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed(r, "run: the command failed: %s", arg);
		pump(r, 20);
	} else if (strcmp(cmd, "exit") == 0) {
		char *e;

		n = *arg ? strtol(arg, &e, 10) : -1;
		ms = (*arg && *e) ? strtol(e, NULL, 10) : WAIT_MS;
		end = now_ms() + scaled(ms);
		while (!r->exited) {
			if (now_ms() >= end)
				failed(r, "exit: %s", "the program is still "
				    "running");
			pump(r, 50);
			reap(r, 0);
		}
		if (n >= 0 && r->status != n) {
			char code[32];

			snprintf(code, sizeof code, "%d", r->status);
			failed(r, "exit: the program exited with %s", code);
		}
	} else {
		failed(r, "unknown step: %s", cmd);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: ptyrun [-s ROWSxCOLS] [-f SCRIPT] [-t TERM] "
	    "[-e NAME=VALUE]... -- COMMAND [ARGS]...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct run r = {0};
	struct winsize ws = {0};
	const char *term = "xterm-256color";
	char *line = NULL, *p;
	size_t cap = 0;
	ssize_t n;
	FILE *in = stdin;
	const char *scale = getenv("STRATUS_TEST_TIMEOUT_SCALE");
	int c;

	if (scale && *scale) {
		char *end;
		double v = strtod(scale, &end);

		if (*end || !(v > 0) || v > 1000) {
			fprintf(stderr, "ptyrun: STRATUS_TEST_TIMEOUT_SCALE: "
			    "not a positive number: %s\n", scale);
			return 2;
		}
		timeout_scale = v;
	}
	r.rows = 24;
	r.cols = 80;
	r.script = "-";
	while ((c = getopt(argc, argv, "s:f:t:e:")) != -1) {
		switch (c) {
		case 's':
			if (sscanf(optarg, "%dx%d", &r.rows, &r.cols) != 2 ||
			    r.rows < 2 || r.cols < 2)
				usage();
			break;
		case 'f':
			r.script = optarg;
			if (!(in = fopen(optarg, "r"))) {
				perror(optarg);
				return 3;
			}
			break;
		case 't':
			term = optarg;
			break;
		case 'e':
			if (!strchr(optarg, '=') || putenv(optarg) != 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	r.vt = vterm_new(r.rows, r.cols);
	vterm_set_utf8(r.vt, 1);
	vterm_output_set_callback(r.vt, reply, &r);
	r.vs = vterm_obtain_screen(r.vt);
	vterm_screen_enable_altscreen(r.vs, 1);
	vterm_screen_reset(r.vs, 1);
	ws.ws_row = (unsigned short)r.rows;
	ws.ws_col = (unsigned short)r.cols;
	fflush(stdout);
	r.mark = now_ms();
	r.pid = forkpty(&r.fd, NULL, NULL, &ws);
	if (r.pid < 0) {
		perror("ptyrun: forkpty");
		return 3;
	}
	if (r.pid == 0) {
		setenv("TERM", term, 1);
		unsetenv("COLUMNS");
		unsetenv("LINES");
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "ptyrun: %s: %s\n", argv[optind],
		    strerror(errno));
		_exit(127);
	}
	signal(SIGPIPE, SIG_IGN);
	while ((n = getline(&line, &cap, in)) != -1) {
		r.line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		step(&r, p);
	}
	free(line);
	if (in != stdin)
		fclose(in);
	if (!r.exited) {
		kill(r.pid, SIGTERM);
		reap(&r, 1);
	}
	if (r.fd >= 0)
		close(r.fd);
	vterm_free(r.vt);
	free(r.raw);
	return 0;
}

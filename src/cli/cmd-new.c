/*
 * cmd-new.c: `stratus new`, a note from a template (or today's daily
 * note), and `stratus capture`, a line appended to the inbox note.
 */
#include "cli/cli.h"
#include "core/note.h"
#include "core/template.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Open path in $VISUAL, $EDITOR or vi, as git does (the variable may
 * hold arguments). Returns 0 or EXIT_RUNTIME. */
static int
run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	char *cmd;
	pid_t pid;
	int st;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	cmd = xasprintf("%s \"$@\"", ed);
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		free(cmd);
		errmsg("cannot start the editor: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, ed, path, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return EXIT_RUNTIME;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		errmsg("the editor (%s) failed; the note is kept", ed);
		return EXIT_RUNTIME;
	}
	return 0;
}

static const char *
setting(const struct cli *c, const char *key, const char *dflt)
{
	const char *v = config_get(c->cfg, "notes", key);

	return v && *v ? v : dflt;
}

/* Make vault/dir/slug.md from the type's template (note_create); print
 * its path and edit it. A daily note that exists already is simply
 * opened. */
static int
make_note(struct cli *c, const char *type, const char *dir, const char *title,
    int daily, int edit)
{
	struct note_spec s = {0};
	char *path = NULL, *cause = NULL;
	int rc, k;

	s.type = type;
	s.dir = dir;
	s.title = title;
	s.stem = daily ? title : NULL;
	k = note_create(c->vault, &s, &path, &cause);
	if (k == NOTE_EXISTS && !daily) {
		errmsg("%s exists already; pick another title or --dir", path);
		rc = EXIT_PROBLEMS;
	} else if (k == NOTE_BAD)
		rc = cli_usage(&cmd_new, "%s", cause);
	else if (k == NOTE_FAILED) {
		errmsg("%s", cause);
		rc = EXIT_RUNTIME;
	} else {
		printf("%s\n", path);
		rc = edit ? run_editor(path) : EXIT_OK;
	}
	free(cause);
	free(path);
	return rc;
}

static int
new_exec(struct cli *c, int argc, char **argv)
{
	const char *type = "note", *dir = NULL, *title = NULL;
	int i, daily = 0, edit = 1, rc;
	char *date = NULL;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--type") == 0 && i + 1 < argc)
			type = argv[++i];
		else if (str_starts(a, "--type="))
			type = a + 7;
		else if (strcmp(a, "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else if (str_starts(a, "--dir="))
			dir = a + 6;
		else if (strcmp(a, "--no-edit") == 0)
			edit = 0;
		else if (strcmp(a, "--daily") == 0)
			daily = 1;
		else if (strcmp(a, "--") == 0 && i + 2 == argc)
			title = argv[++i];
		else if (a[0] == '-' && a[1])
			return cli_usage(&cmd_new, "unknown option %s", a);
		else if (title)
			return cli_usage(&cmd_new, "one TITLE (quote it)");
		else
			title = a;
	}
	if (daily && title)
		return cli_usage(&cmd_new, "--daily takes no TITLE");
	if (!daily && (!title || !*title))
		return cli_usage(&cmd_new, "what title?");
	if (dir && !note_dir_ok(dir))
		return cli_usage(&cmd_new, "--dir %s is outside the vault",
		    dir);
	if ((rc = cli_vault(c)) != 0)
		return rc;
	if (!daily)
		return make_note(c, type, dir, title, 0, edit);
	date = template_date(setting(c, "daily_format", "YYYY-MM-DD"),
	    time(NULL));
	if (!dir)
		dir = setting(c, "daily_folder", "daily");
	if (!note_dir_ok(dir)) {
		free(date);
		return cli_usage(&cmd_new, "notes.daily_folder %s is outside "
		    "the vault", dir);
	}
	rc = make_note(c, setting(c, "daily_template", "daily"), dir, date, 1,
	    edit);
	free(date);
	return rc;
}

const struct command cmd_new = {
	"new", "new [--type T] [--dir D] [--no-edit] TITLE | new --daily",
	"make a note from a template (or today's daily note)",
	"Makes DIR/SLUG.md in the vault from the template of type T (concept,\n"
	"note, experiment, essay, or the vault's own templates/T.md), prints\n"
	"its path and opens it in $VISUAL or $EDITOR.\n\n"
	"  --type T     the template (default: note)\n"
	"  --dir D      the folder, relative to the vault (default: its root)\n"
	"  --no-edit    do not start the editor\n"
	"  --daily      today's note in the config's notes.daily_folder\n"
	"               (default daily/), made from notes.daily_template\n"
	"               (default: templates/daily.md or the shipped one);\n"
	"               opened when it exists already\n\n"
	"Placeholders: {{title}} {{slug}} {{type}} {{date}} {{time}}\n"
	"{{date:YYYY-MM-DD HH:mm}}. Exit 1 when the note exists.\n",
	new_exec,
};

/* Append entry to the inbox at path (made from the inbox template when
 * missing): one write with O_APPEND, so two captures never lose one. */
static int
append_inbox(struct cli *c, const char *path, const char *entry)
{
	struct template_vars v = {0};
	char *tmpl = NULL, *text = NULL, *cause = NULL, last = '\n';
	int fd, rc = EXIT_RUNTIME;
	off_t end;
	size_t len;

	if (access(path, F_OK) < 0) {
		if (template_load(c->vault, "inbox", &tmpl, &cause) < 0)
			goto fail;
		v.title = "Inbox";
		v.slug = "inbox";
		v.type = "note";
		v.when = time(NULL);
		text = template_expand(tmpl, &v);
		if (file_create_new(path, text, strlen(text), &cause) < 0 &&
		    errno != EEXIST)
			goto fail;
		free(cause);
		cause = NULL;
	}
	fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		fail(&cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	end = lseek(fd, 0, SEEK_END);
	if (end > 0 && pread(fd, &last, 1, end - 1) != 1)
		last = '\n';
	free(text);
	text = xasprintf("%s%s\n", last == '\n' ? "" : "\n", entry);
	len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) < 0) {
		fail(&cause, "%s: %s", path, strerror(errno));
		close(fd);
		goto fail;
	}
	close(fd);
	rc = EXIT_OK;
fail:
	if (cause)
		errmsg("%s", cause);
	free(cause);
	free(tmpl);
	free(text);
	return rc;
}

/* The text as one list item: later lines indented under it. */
static char *
capture_entry(const char *text)
{
	char *stamp = template_date("YYYY-MM-DD HH:mm", time(NULL));
	const char *p;
	char *out, *q;
	size_t n = 0;

	for (p = text; *p; p++)
		n += *p == '\n';
	out = xmalloc(strlen(stamp) + strlen(text) + 2 * n + 8);
	q = out + strlen(stamp) + 3;
	memcpy(out, "- ", 2);
	memcpy(out + 2, stamp, strlen(stamp));
	out[2 + strlen(stamp)] = ' ';
	for (p = text; *p; p++) {
		if (*p == '\r')
			continue;
		*q++ = *p;
		if (*p == '\n' && p[1]) {
			*q++ = ' ';
			*q++ = ' ';
		}
	}
	while (q > out && q[-1] == '\n')
		q--;
	*q = '\0';
	free(stamp);
	return out;
}

static int
capture_exec(struct cli *c, int argc, char **argv)
{
	char *text = NULL, *entry = NULL, *path = NULL, *cause = NULL;
	const char *inbox;
	size_t len;
	int i, rc;

	if (argc < 2)
		return cli_usage(&cmd_capture, "what text? (- reads stdin)");
	if (argc == 2 && strcmp(argv[1], "-") == 0) {
		if (read_file("/dev/stdin", 1 << 20, &text, &len,
		    &cause) < 0) {
			errmsg("%s", cause);
			free(cause);
			return EXIT_RUNTIME;
		}
	} else {
		text = xstrdup("");
		for (i = 1; i < argc; i++) {
			char *t = xasprintf("%s%s%s", text, i > 1 ? " " : "",
			    argv[i]);

			free(text);
			text = t;
		}
	}
	if (!*text || strspn(text, " \t\r\n") == strlen(text)) {
		free(text);
		return cli_usage(&cmd_capture, "nothing to capture");
	}
	if ((rc = cli_vault(c)) != 0)
		goto fail;
	inbox = setting(c, "inbox", "inbox.md");
	if (!note_dir_ok(inbox)) {
		rc = cli_usage(&cmd_capture, "notes.inbox %s is outside the "
		    "vault", inbox);
		goto fail;
	}
	path = path_join(c->vault, inbox);
	entry = capture_entry(text);
	rc = append_inbox(c, path, entry);
	if (rc == EXIT_OK)
		printf("%s\n", path);
fail:
	free(text);
	free(entry);
	free(path);
	return rc;
}

const struct command cmd_capture = {
	"capture", "capture TEXT... | capture -",
	"append a quick thought to the inbox note",
	"Appends \"- DATE TIME TEXT\" to the vault's inbox note (the config's\n"
	"notes.inbox, default inbox.md, made from the inbox template when\n"
	"missing) and prints its path. `-` reads the text from stdin; later\n"
	"lines are indented under the first.\n",
	capture_exec,
};

/* highlight.c: keywords, strings, comments and numbers, from tables. */
#include "render/highlight.h"
#include "core/util.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

struct lang {
	const char *names;	/* space-separated fence names */
	const char *const *keywords;
	const char *line_comment[2];
	const char *block_open, *block_close;
	const char *quotes;	/* string delimiters */
	unsigned multiline_quote : 1;	/* ` strings span lines (JS) */
	unsigned triple : 1;	/* """ and ''' strings (Python) */
	unsigned nocase : 1;	/* keywords in any case (SQL) */
	unsigned keys : 1;	/* "key:" is marked as a keyword */
	unsigned dash_ident : 1;	/* identifiers may hold '-' */
	unsigned hash_word : 1;	/* '#' starts a comment only at a word */
};

static const char *const kw_bash[] = {
	"if", "then", "else", "elif", "fi", "for", "while", "until", "do",
	"done", "case", "esac", "in", "function", "return", "local",
	"export", "readonly", "declare", "set", "unset", "shift", "exit",
	"break", "continue", "select", "time", "source", "alias", "echo",
	"cd", "eval", "exec", "trap", "true", "false", NULL,
};
static const char *const kw_json[] = { "true", "false", "null", NULL };
static const char *const kw_yaml[] = {
	"true", "false", "null", "yes", "no", "on", "off", "True", "False",
	"Null", NULL,
};
static const char *const kw_python[] = {
	"False", "None", "True", "and", "as", "assert", "async", "await",
	"break", "class", "continue", "def", "del", "elif", "else", "except",
	"finally", "for", "from", "global", "if", "import", "in", "is",
	"lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
	"while", "with", "yield", "match", "case", "self", NULL,
};
static const char *const kw_js[] = {
	"async", "await", "break", "case", "catch", "class", "const",
	"continue", "debugger", "default", "delete", "do", "else", "enum",
	"export", "extends", "false", "finally", "for", "from", "function",
	"if", "implements", "import", "in", "instanceof", "interface", "let",
	"new", "null", "of", "package", "private", "protected", "public",
	"return", "static", "super", "switch", "this", "throw", "true", "try",
	"typeof", "undefined", "var", "void", "while", "with", "yield",
	"type", "as", "readonly", "keyof", "namespace", "declare", "abstract",
	"string", "number", "boolean", "any", "unknown", "never", NULL,
};
static const char *const kw_hcl[] = {
	"resource", "data", "variable", "output", "locals", "module",
	"provider", "terraform", "backend", "required_providers", "for_each",
	"count", "depends_on", "lifecycle", "dynamic", "content", "for", "in",
	"if", "true", "false", "null", "each", "var", "local", "self", NULL,
};
static const char *const kw_sql[] = {
	"select", "from", "where", "and", "or", "not", "insert", "into",
	"values", "update", "set", "delete", "create", "table", "index",
	"view", "drop", "alter", "add", "column", "primary", "key", "foreign",
	"references", "join", "inner", "left", "right", "outer", "full",
	"cross", "on", "as", "group", "by", "order", "having", "limit",
	"offset", "union", "all", "distinct", "case", "when", "then", "else",
	"end", "null", "is", "in", "like", "between", "exists", "with",
	"returning", "asc", "desc", "begin", "commit", "rollback",
	"transaction", "default", "unique", "check", "constraint", "if",
	"integer", "int", "text", "varchar", "boolean", "real", "blob",
	"timestamp", "date", "true", "false", "over", "partition", "count",
	"sum", "avg", "min", "max", "coalesce", "cast", "trigger",
	"virtual", "using", NULL,
};
static const char *const kw_c[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do",
	"double", "else", "enum", "extern", "float", "for", "goto", "if",
	"inline", "int", "long", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "struct", "switch", "typedef", "union",
	"unsigned", "void", "volatile", "while", "bool", "true", "false",
	"NULL", "size_t", "ssize_t", "uint8_t", "uint16_t", "uint32_t",
	"uint64_t", "int8_t", "int16_t", "int32_t", "int64_t", "class",
	"namespace", "template", "typename", "public", "private", "protected",
	"virtual", "new", "delete", "nullptr", "this", "using", "auto",
	"#include", "#define", "#if", "#ifdef", "#ifndef", "#endif", "#else",
	"#elif", "#pragma", "#undef", NULL,
};
static const char *const kw_go[] = {
	"break", "case", "chan", "const", "continue", "default", "defer",
	"else", "fallthrough", "for", "func", "go", "goto", "if", "import",
	"interface", "map", "package", "range", "return", "select", "struct",
	"switch", "type", "var", "nil", "true", "false", "error", "string",
	"int", "int64", "bool", "byte", "any", NULL,
};
static const char *const kw_rust[] = {
	"as", "async", "await", "break", "const", "continue", "crate", "dyn",
	"else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
	"let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
	"self", "Self", "static", "struct", "super", "trait", "true", "type",
	"unsafe", "use", "where", "while", "Some", "None", "Ok", "Err",
	"String", "Vec", "Option", "Result", NULL,
};
static const char *const kw_docker[] = {
	"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY",
	"ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD",
	"STOPSIGNAL", "HEALTHCHECK", "SHELL", "AS", NULL,
};
static const char *const kw_toml[] = { "true", "false", NULL };

static const struct lang langs[] = {
	{ "bash sh shell zsh console terminal shellsession", kw_bash,
	    { "#", NULL }, NULL, NULL, "\"'", 0, 0, 0, 0, 1, 1 },
	{ "json jsonc json5 geojson", kw_json, { "//", NULL }, "/*", "*/",
	    "\"", 0, 0, 0, 1, 0, 0 },
	{ "yaml yml", kw_yaml, { "#", NULL }, NULL, NULL, "\"'", 0, 0, 0, 1,
	    1, 1 },
	{ "python py python3 py3", kw_python, { "#", NULL }, NULL, NULL,
	    "\"'", 0, 1, 0, 0, 0, 0 },
	{ "javascript js jsx mjs cjs typescript ts tsx mts", kw_js,
	    { "//", NULL }, "/*", "*/", "\"'`", 1, 0, 0, 0, 0, 0 },
	{ "hcl terraform tf tfvars", kw_hcl, { "#", "//" }, "/*", "*/", "\"",
	    0, 0, 0, 0, 1, 0 },
	{ "sql sqlite postgres postgresql psql mysql plsql", kw_sql,
	    { "--", NULL }, "/*", "*/", "'\"", 0, 0, 1, 0, 0, 0 },
	{ "c h cpp c++ cc hpp cxx", kw_c, { "//", NULL }, "/*", "*/", "\"'",
	    0, 0, 0, 0, 0, 0 },
	{ "go golang", kw_go, { "//", NULL }, "/*", "*/", "\"'`", 1, 0, 0, 0,
	    0, 0 },
	{ "rust rs", kw_rust, { "//", NULL }, "/*", "*/", "\"", 0, 0, 0, 0, 0,
	    0 },
	{ "dockerfile docker containerfile", kw_docker, { "#", NULL }, NULL,
	    NULL, "\"'", 0, 0, 0, 0, 0, 1 },
	{ "toml ini cfg", kw_toml, { "#", ";" }, NULL, NULL, "\"'", 0, 1, 0,
	    1, 1, 1 },
};

static const struct lang *
find_lang(const char *name)
{
	size_t i, n;
	const char *p, *e;

	if (!name || !*name)
		return NULL;
	n = strlen(name);
	for (i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		for (p = langs[i].names; *p; p = *e ? e + 1 : e) {
			e = strchr(p, ' ');
			if (!e)
				e = p + strlen(p);
			if ((size_t)(e - p) == n &&
			    strncasecmp(p, name, n) == 0)
				return &langs[i];
		}
	}
	return NULL;
}

int
highlight_known(const char *lang)
{
	return find_lang(lang) != NULL;
}

static int
is_ident(const struct lang *l, int c)
{
	return isalnum(c) || c == '_' || (c == '-' && l->dash_ident) ||
	    c >= 0x80;
}

static int
is_keyword(const struct lang *l, const char *w, size_t n)
{
	const char *const *k;

	for (k = l->keywords; *k; k++)
		if (strlen(*k) == n && (l->nocase ?
		    strncasecmp(*k, w, n) == 0 :
		    strncmp(*k, w, n) == 0))
			return 1;
	return 0;
}

static int
at(const char *code, size_t len, size_t i, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n && i + n <= len && memcmp(code + i, s, n) == 0;
}

/* Is the text after i (spaces skipped) a ':' that makes a key? */
static int
key_follows(const char *code, size_t len, size_t i)
{
	while (i < len && (code[i] == ' ' || code[i] == '\t'))
		i++;
	return i < len && (code[i] == ':' || code[i] == '=') &&
	    (i + 1 == len || code[i + 1] != ':');
}

static size_t
scan_string(const struct lang *l, const char *code, size_t len, size_t i)
{
	char q = code[i];

	if (l->triple && i + 2 < len && code[i + 1] == q && code[i + 2] == q) {
		for (i += 3; i < len; i++) {
			if (code[i] == '\\' && i + 1 < len)
				i++;
			else if (i + 2 < len && code[i] == q &&
			    code[i + 1] == q && code[i + 2] == q)
				return i + 3;
		}
		return len;
	}
	for (i++; i < len; i++) {
		if (code[i] == '\\' && i + 1 < len && code[i + 1] != '\n' &&
		    !(q == '\'' && l->hash_word))
			i++;
		else if (code[i] == q)
			return i + 1;
		else if (code[i] == '\n' && !(q == '`' && l->multiline_quote))
			return i;
	}
	return len;
}

unsigned char *
highlight(const char *lang, const char *code, size_t len)
{
	unsigned char *cls = xcalloc(len ? len : 1, 1);
	const struct lang *l = find_lang(lang);
	size_t i = 0, j, k;
	int c, prev;

	if (!l)
		return cls;
	while (i < len) {
		c = (unsigned char)code[i];
		prev = i ? (unsigned char)code[i - 1] : '\n';
		if (at(code, len, i, l->block_open)) {
			const char *e = NULL;

			for (j = i + strlen(l->block_open); j < len; j++)
				if (at(code, len, j, l->block_close)) {
					e = code + j;
					break;
				}
			j = e ? j + strlen(l->block_close) : len;
			memset(cls + i, HL_COMMENT, j - i);
			i = j;
			continue;
		}
		if ((at(code, len, i, l->line_comment[0]) ||
		    at(code, len, i, l->line_comment[1])) &&
		    (!l->hash_word || isspace(prev) || prev == ';')) {
			for (j = i; j < len && code[j] != '\n'; j++)
				;
			memset(cls + i, HL_COMMENT, j - i);
			i = j;
			continue;
		}
		if (c && strchr(l->quotes, c) && !(l->dash_ident && c == '\'' &&
		    i > 0 && isalnum(prev))) {
			j = scan_string(l, code, len, i);
			memset(cls + i, l->keys && key_follows(code, len, j) ?
			    HL_KEYWORD : HL_STRING, j - i);
			i = j;
			continue;
		}
		if (isdigit(c) && !is_ident(l, prev)) {
			for (j = i + 1; j < len && (isalnum(
			    (unsigned char)code[j]) || code[j] == '.' ||
			    code[j] == '_'); j++)
				;
			memset(cls + i, HL_NUMBER, j - i);
			i = j;
			continue;
		}
		if ((isalpha(c) || c == '_' || c == '#' || c == '$' ||
		    c >= 0x80) && !is_ident(l, prev)) {
			for (j = i + 1; j < len &&
			    is_ident(l, (unsigned char)code[j]); j++)
				;
			k = j;
			if (is_keyword(l, code + i, j - i) ||
			    (l->keys && key_follows(code, len, j)))
				memset(cls + i, HL_KEYWORD, k - i);
			i = j;
			continue;
		}
		i++;
	}
	return cls;
}

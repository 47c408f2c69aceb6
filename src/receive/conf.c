/*
 * conf.c -- airlock.conf, parsed strictly: KEY=VALUE lines, '#' comments
 * and blank lines, no quotes, no spaces around '=', each key once,
 * unknown keys refused. Nothing is evaluated. Every value is checked
 * (conf_check) before anything is read from the caller or written.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "num.h"
#include "sup.h"
#include "user.h"

enum kind { K_QUBE, K_PATH, K_PATH_OPT, K_USER, K_COUNT, K_COUNT_OPT, K_SECONDS, K_YESNO, K_COMMAND,
            K_BYTES };

struct key {
    const char *name;
    enum kind kind;
    size_t off;    /* into struct conf */
    size_t cap;    /* strings: their array size */
};

#define S(n, k, f) { n, k, offsetof(struct conf, f), sizeof(((struct conf *)0)->f) }
static const struct key keys[] = {
    S("UPDATEVM", K_QUBE, updatevm),       S("KEYRING", K_PATH, keyring),
    S("REPO_DIR", K_PATH, repo),           S("STAGING_DIR", K_PATH, staging),
    S("STATE_DIR", K_PATH, state),         S("USER", K_USER, user),
    S("CHECK_USER", K_USER, check_user),   S("MAX_FILES", K_COUNT, max_files),
    S("MAX_BYTES", K_COUNT_OPT, max_bytes), S("LOCK_WAIT", K_SECONDS, lock_wait),
    S("JOBS", K_COUNT_OPT, jobs),          S("SYNC", K_YESNO, sync),
    S("BINDIR", K_PATH, bindir),           S("CREATEREPO", K_COMMAND, createrepo),
    S("IDLE_TIMEOUT", K_COUNT, idle_timeout), S("TOTAL_TIMEOUT", K_COUNT, total_timeout),
    S("RPMDB_ROOT", K_PATH_OPT, rpmdb_root), S("ALLOW_DOWNGRADE", K_YESNO, allow_downgrade),
    S("MIN_FREE", K_BYTES, min_free),
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* MIN_FREE's default: room for dom0's own writes (logs, rpm's
 * transaction) once a batch is staged. */
#define DEFAULT_MIN_FREE (256ull << 20)

static const char *conf_path;
static unsigned conf_lineno;

__attribute__((format(printf, 1, 2), noreturn))
static void conf_die(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (conf_lineno > 0)
        say(3, "configuration error: %s:%u: %s", conf_path, conf_lineno, msg);
    else
        say(3, "configuration error: %s", msg);
    /* The caller is told too, in words: no dom0 path, no detail. */
    answer(EIO, 0, NULL);
    exit(EXIT_CONFIG);
}

static int is_qube(const char *v)
{
    if (!((v[0] >= 'A' && v[0] <= 'Z') || (v[0] >= 'a' && v[0] <= 'z')) || strlen(v) > 31)
        return 0;
    return strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")
           == strlen(v);
}

/* An absolute path of plain characters without . or .. components. */
static int is_plain_path(const char *v)
{
    if (v[0] != '/' || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                 "0123456789._/+-") != strlen(v))
        return 0;
    return strstr(v, "/./") == NULL && strstr(v, "/../") == NULL &&
           strcmp(v + strlen(v) - 2, "/.") != 0 && strcmp(v + strlen(v) - 3, "/..") != 0;
}

/* Set key k from value v (the line's text after '='). */
static void set_key(struct conf *c, const struct key *k, const char *v)
{
    char *base = (char *)c + k->off;
    uint64_t n = 0;

    if (k->kind == K_YESNO) {
        if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
            conf_die("%s must be yes or no", k->name);
        *(int *)(void *)base = strcmp(v, "yes") == 0;
    } else if (k->kind == K_BYTES) {
        /* Digits as MAX_BYTES; 0 allowed (no floor); empty: the default. */
        if (v[0] != '\0' && os_parse_u64(v, 999999999999999999ull, &n) != 0)
            conf_die("%s '%s' is not a number of bytes", k->name, v);
        *(uint64_t *)(void *)base = v[0] != '\0' ? n : DEFAULT_MIN_FREE;
    } else if (k->kind == K_COUNT || k->kind == K_COUNT_OPT || k->kind == K_SECONDS) {
        if (k->kind == K_COUNT_OPT && v[0] == '\0')
            n = 0;
        else if (os_parse_u64(v, 999999999999999999ull, &n) != 0 ||
                 (n == 0 && k->kind != K_SECONDS))
            conf_die("%s '%s' is not a %s", k->name, v, k->kind == K_SECONDS ?
                     "number of seconds" : "positive number");
        *(uint64_t *)(void *)base = n;
    } else {
        if (strlen(v) >= k->cap)
            conf_die("%s is too long", k->name);
        memcpy(base, v, strlen(v) + 1);
    }
}

/* One line: blank, comment or KEY=VALUE. */
static void conf_line(struct conf *c, const char *line)
{
    const char *eq = strchr(line, '=');
    size_t klen;

    if (line[0] == '\0' || line[0] == '#')
        return;
    if (eq == NULL)
        conf_die("expected KEY=VALUE");
    klen = (size_t)(eq - line);
    for (size_t i = 0; i < NKEYS; i++) {
        if (strlen(keys[i].name) != klen || strncmp(keys[i].name, line, klen) != 0)
            continue;
        /* A later line overrides an earlier one (as airlock.conf(5) says). */
        set_key(c, &keys[i], eq + 1);
        return;
    }
    conf_die("unknown setting '%.*s'", (int)(klen > 64 ? 64 : klen), line);
}

/* The directory of this program (the default BINDIR). */
static void own_dir(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    char *slash;

    if (n <= 0)
        conf_die("cannot find this program's directory: %s", strerror(errno));
    out[n] = '\0';
    slash = strrchr(out, '/');
    if (slash == out)
        slash[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
}

static void conf_defaults(struct conf *c)
{
    memset(c, 0, sizeof *c);
    strcpy(c->keyring, "/etc/airlock/keys");
    strcpy(c->repo, "/var/lib/airlock/repo");
    strcpy(c->staging, "/var/lib/airlock/staging");
    strcpy(c->state, "/var/lib/airlock/state");
    strcpy(c->user, "airlock");
    strcpy(c->check_user, "airlock-check");
    strcpy(c->createrepo, "createrepo_c");
    c->max_files = 4096;
    c->min_free = DEFAULT_MIN_FREE;
    c->lock_wait = 60;
    c->sync = 1;
    c->idle_timeout = 300;
    strcpy(c->rpmdb_root, "/");
    c->total_timeout = 3600;
    own_dir(c->bindir, sizeof c->bindir);
}

static void conf_read(const char *path, struct conf *c)
{
    FILE *f = fopen(path, "re");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;

    conf_path = path;
    if (f == NULL)
        conf_die("cannot read %s: %s", path, strerror(errno));
    while ((len = getline(&line, &cap, f)) >= 0) {
        conf_lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (strlen(line) != (size_t)len)
            conf_die("a NUL byte in the line");
        conf_line(c, line);
    }
    conf_lineno = 0;
    if (ferror(f))
        conf_die("cannot read %s: %s", path, strerror(errno));
    free(line);
    fclose(f);
}

/* USER or CHECK_USER: exists, is not root. */
static void check_user(const char *key, const char *name, uid_t *uid, gid_t *gid)
{
    if (os_user_lookup(name, uid, gid) != 0)
        conf_die("%s '%s' does not exist", key, name);
    if (*uid == 0)
        conf_die("%s must not be root", key);
}

/* CREATEREPO: an absolute path, or a name looked up in PATH. */
static void find_command(struct conf *c)
{
    char cand[PATH_MAX];
    static const char *const dirs[] = { "/usr/sbin", "/usr/bin", "/sbin", "/bin" };

    if (c->createrepo[0] == '/') {
        if (access(c->createrepo, X_OK) != 0)
            conf_die("CREATEREPO '%s' not found", c->createrepo);
        return;
    }
    if (strchr(c->createrepo, '/') == NULL && c->createrepo[0] != '\0')
        for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
            if (snprintf(cand, sizeof cand, "%s/%s", dirs[i], c->createrepo) >= (int)sizeof cand)
                break;
            if (access(cand, X_OK) == 0) {
                memcpy(c->createrepo, cand, strlen(cand) + 1);
                return;
            }
        }
    conf_die("CREATEREPO '%s' not found", c->createrepo);
}

/* RPMDB_ROOT: empty (compare with the current generation only), or a
 * plain path beneath which dom0's rpm database is. */
static void check_rpmdb(const struct conf *c)
{
    char db[PATH_MAX + 32];
    size_t n = strlen(c->rpmdb_root);

    if (n == 0)
        return;
    if (!is_plain_path(c->rpmdb_root))
        conf_die("RPMDB_ROOT '%s' is not a plain absolute path", c->rpmdb_root);
    snprintf(db, sizeof db, "%.*s/var/lib/rpm/rpmdb.sqlite",
             (int)(c->rpmdb_root[n - 1] == '/' ? n - 1 : n), c->rpmdb_root);
    if (access(db, F_OK) != 0)
        conf_die("RPMDB_ROOT %s: no rpm database %s", c->rpmdb_root, db);
}

static void conf_check(struct conf *c)
{
    static const char *const progs[] = { "airlock-unpack", "airlock-sigcheck" };
    const char *paths[] = { c->keyring, c->repo, c->staging, c->state, c->bindir };
    static const char *const names[] = { "KEYRING", "REPO_DIR", "STAGING_DIR", "STATE_DIR", "BINDIR" };
    char p[PATH_MAX + 32];
    struct stat st;

    if (c->updatevm[0] == '\0')
        conf_die("UPDATEVM is not set in %s", conf_path);
    if (!is_qube(c->updatevm))
        conf_die("UPDATEVM '%s' is not a qube name", c->updatevm);
    for (size_t i = 0; i < 5; i++)
        if (!is_plain_path(paths[i]))
            conf_die("%s '%s' is not a plain absolute path", names[i], paths[i]);
    if (stat(c->keyring, &st) != 0 || !S_ISDIR(st.st_mode))
        conf_die("KEYRING %s is not a directory", c->keyring);
    if (strcmp(c->staging, c->repo) == 0)
        conf_die("STAGING_DIR must differ from REPO_DIR");
    check_user("USER", c->user, &c->uid, &c->gid);
    check_user("CHECK_USER", c->check_user, &c->check_uid, &c->check_gid);
    if (c->uid == c->check_uid)
        conf_die("CHECK_USER must differ from USER");
    for (size_t i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/%s", c->bindir, progs[i]);
        if (access(p, X_OK) != 0)
            conf_die("%s is missing", p);
    }
    find_command(c);
    check_rpmdb(c);
}

void conf_load(const char *path, struct conf *c)
{
    conf_defaults(c);
    conf_read(path, c);
    conf_check(c);
}

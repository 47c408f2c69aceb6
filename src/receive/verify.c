/*
 * verify.c -- reception and verification, overlapped: airlock-unpack
 * receives the stream into in/ (a name appears there only once its file
 * is complete); whenever names have appeared, one airlock-sigcheck run
 * (as CHECK_USER, its own PID namespace) checks them and writes their
 * canonical copies into out/, and reports one record per package on
 * descriptor 3 (a memfd; format in README.md, "The stage report").
 * The supervisor sleeps in poll(2) on the unpacker's pidfd, an inotify
 * watch of in/ and its signalfd, with the stream's deadline as timeout.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "relay.h"
#include "name.h"
#include "record.h"
#include "sup.h"

#define BATCH_MAX 4096

void note_internal(struct run *r, const char *name, const char *fmt, ...)
{
    va_list ap;

    if (r->internal[0] != '\0')
        return;
    va_start(ap, fmt);
    vsnprintf(r->internal, sizeof r->internal, fmt, ap);
    va_end(ap);
    snprintf(r->internal_name, sizeof r->internal_name, "%s", name != NULL ? name : "");
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    void *n;

    if (need <= *cap)
        return p;
    n = reallocarray(p, need * 2, size);
    if (n == NULL) {
        say(2, "out of memory");
        exit(EXIT_FAILED);
    }
    *cap = need * 2;
    return n;
}

static int seen(const struct run *r, const char *name)
{
    for (size_t i = 0; i < r->nseen; i++)
        if (strcmp(r->seen[i], name) == 0)
            return 1;
    return 0;
}

/* The complete files of in/ not handed to the checker yet, into names
 * (at most BATCH_MAX); their count. Hidden names are the unpacker's
 * unfinished files; any other name that is not an rpm name fails the run. */
static size_t scan(struct run *r, char **names)
{
    DIR *d = dir_list(r->infd);
    struct dirent *e;
    size_t n = 0;

    if (d == NULL)
        return 0;
    while (n < BATCH_MAX && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || seen(r, e->d_name))
            continue;
        if (al_name_rpm((const uint8_t *)e->d_name, (uint32_t)strlen(e->d_name)) != 1) {
            note_internal(r, NULL, "an unexpected name in the unpacker's directory");
            continue;
        }
        r->seen = grow(r->seen, &r->capseen, r->nseen + 1, sizeof *r->seen);
        r->seen[r->nseen] = strdup(e->d_name);
        if (r->seen[r->nseen] == NULL)
            exit(EXIT_FAILED);
        names[n++] = r->seen[r->nseen++];
    }
    closedir(d);
    return n;
}

/* The unpacker, started on the read end of the relay pipe (stream.c
 * feeds it the caller's stream), its result into work/result. */
static void start_unpack(struct run *r, int pipe_in)
{
    char prog[PATH_MAX + 32], files[24], bytes[24], in[PATH_MAX + 8];
    char *argv[16] = { prog, "--user", r->c.user, "--names", "rpm", "--max-files", files };
    int res = openat(r->workfd, "result", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int err = openat(r->workfd, "unpack.err", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int fds[4] = { pipe_in, res, err, -1 }, a = 7;

    snprintf(prog, sizeof prog, "%s/airlock-unpack", r->c.bindir);
    snprintf(files, sizeof files, "%llu", (unsigned long long)r->c.max_files);
    /* The budget (budget.c), whether MAX_BYTES set it or the free space. */
    snprintf(bytes, sizeof bytes, "%llu", (unsigned long long)r->budget.limit);
    snprintf(in, sizeof in, "%s/in", r->dir);
    argv[a++] = "--max-bytes";
    argv[a++] = bytes;
    argv[a++] = in;
    argv[a] = NULL;
    if (res < 0 || err < 0 || stage_start(&r->unpack, argv, fds, -1, 0, 0) != 0)
        fail(r, EIO, NULL, "cannot start airlock-unpack: %s", strerror(errno));
    close(res);
    close(err);
}

/* airlock-sigcheck's command line over names (n of them) into argv
 * (n + 20 entries); the one place it is built. Rollback protection:
 * compare with dom0's rpmdb (RPMDB_ROOT) and the generation current was
 * at the start (the lock keeps it), unless a downgrade is allowed. */
static void sigcheck_argv(const struct run *r, char *prog, char *jobs, char *out,
                          char **names, size_t n, char **argv)
{
    size_t a = 0;

    argv[a++] = prog;
    argv[a++] = "--user";
    argv[a++] = (char *)r->c.check_user;
    argv[a++] = "--keyring";
    argv[a++] = (char *)r->c.keyring;
    if (r->c.jobs > 0) {
        argv[a++] = "--jobs";
        argv[a++] = jobs;
    }
    if (r->c.allow_downgrade) {
        argv[a++] = "--allow-downgrade";
    } else {
        if (r->c.rpmdb_root[0] != '\0') {
            argv[a++] = "--rpmdb-root";
            argv[a++] = (char *)r->c.rpmdb_root;
        }
        if (r->published_dir[0] != '\0') {
            argv[a++] = "--published";
            argv[a++] = (char *)r->published_dir;
        }
    }
    argv[a++] = "--output-dir";
    argv[a++] = out;
    argv[a++] = "--report-fd";
    argv[a++] = "3";
    argv[a++] = "--";
    for (size_t i = 0; i < n; i++)
        argv[a++] = names[i];
    argv[a] = NULL;
}

/* Runs airlock-sigcheck over names with its report on the memfd rep,
 * from in/. Its exit status. */
static int run_sigcheck(struct run *r, char **names, size_t n, int rep)
{
    char prog[PATH_MAX + 32], jobs[24], out[PATH_MAX + 8];
    char **argv = calloc(n + 20, sizeof *argv);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    int err = openat(r->workfd, "sc.err", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int fds[4] = { null, null, err, rep }, rc = -1;

    snprintf(prog, sizeof prog, "%s/airlock-sigcheck", r->c.bindir);
    snprintf(jobs, sizeof jobs, "%llu", (unsigned long long)r->c.jobs);
    snprintf(out, sizeof out, "%s/out", r->dir);
    if (argv != NULL && null >= 0 && err >= 0) {
        sigcheck_argv(r, prog, jobs, out, names, n, argv);
        if (stage_start(&r->check, argv, fds, r->infd, 0, 0) == 0)
            rc = stage_wait(r, &r->check);
    }
    free(argv);
    if (null >= 0)
        close(null);
    if (err >= 0)
        close(err);
    return rc;
}

/* The memfd's whole content, NUL-terminated (free it), or NULL. */
static char *read_all(int fd, size_t max)
{
    struct stat st;
    char *buf;
    ssize_t got;

    if (fstat(fd, &st) != 0 || st.st_size < 0 || (size_t)st.st_size > max)
        return NULL;
    buf = malloc((size_t)st.st_size + 1);
    if (buf == NULL)
        return NULL;
    got = pread(fd, buf, (size_t)st.st_size, 0);
    if (got != st.st_size) {
        free(buf);
        return NULL;
    }
    buf[got] = '\0';
    return buf;
}

/* The report of a run over names: exactly one record per name, in
 * order, each naming its file (record.c reads one); appended to r->v.
 * 0, or -1 (a broken record noted as the run's internal error). */
static int take_report(struct run *r, int rep, char **names, size_t n)
{
    char *buf = read_all(rep, (n + 1) * 8192), *line, *nl;
    size_t i = 0, base = r->nv;
    int rc = -1;

    if (buf == NULL)
        return -1;
    r->v = grow(r->v, &r->capv, base + n, sizeof *r->v);
    for (line = buf; i < n && (nl = strchr(line, '\n')) != NULL; line = nl + 1, i++) {
        int rc_rec = rec_parse(line, (size_t)(nl - line), &r->v[base + i]);
        const char *why = rc_rec != REC_OK ? rec_reason(rc_rec)
                          : strcmp(r->v[base + i].file, names[i]) != 0 ? "names another file"
                          : NULL;

        if (why != NULL) {
            note_internal(r, names[i], "airlock-sigcheck's report, line %zu: %s", i + 1, why);
            goto out;
        }
    }
    if (i == n && *line == '\0') {
        r->nv = base + n;
        rc = 0;
    }
out:
    free(buf);
    return rc;
}

/* createrepo_c's checksum-cache entries (src/sigcheck/filesum.h) of the
 * passing verdicts from first on, into cache/: the whole-file SHA-256
 * the checker computed, under the name createrepo_c looks it up by. A
 * name that is not plain is skipped: createrepo_c then hashes the file. */
static void write_cache(struct run *r, size_t first)
{
    for (size_t i = first; i < r->nv; i++) {
        const struct verdict *v = &r->v[i];
        size_t len = strlen(v->crcache);
        int fd;

        if (!v->ok || strlen(v->sha256) != 64 || len == 0 || len >= 250 ||
            strspn(v->sha256, "0123456789abcdef") != 64 || v->crcache[0] == '.' ||
            strspn(v->crcache, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                               "0123456789._+^~-") != len)
            continue;
        fd = openat(r->cachefd, v->crcache,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
            continue;
        if (write(fd, v->sha256, 64) != 64)
            unlinkat(r->cachefd, v->crcache, 0);
        close(fd);
    }
}

static void count(struct run *r, size_t first, char **names, size_t n)
{
    struct stat st;

    for (size_t i = 0; i < n; i++)
        if (fstatat(r->infd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
            r->nbytes += (uint64_t)st.st_size;
    for (size_t i = first; i < r->nv; i++) {
        if (r->v[i].ok)
            r->nverified++;
        else
            r->nrejected++;
        if (!r->v[i].ok && r->nrejected == 1)
            say(4, "REJECTED %s: %s", r->v[i].file, r->v[i].reason);
    }
}

/* One checker run over names; its verdicts, copies and cache entries. */
static void verify_batch(struct run *r, char **names, size_t n)
{
    int rep = memfd_create("airlock-report", MFD_CLOEXEC), rc = -1;
    size_t first = r->nv;
    char err[200] = "";

    /* The copies are charged before the checker writes them. */
    budget_expect(r, names, n);
    if (rep >= 0)
        rc = run_sigcheck(r, names, n, rep);

    if (rc < 0 || rc > 1 || take_report(r, rep, names, n) != 0) {
        stage_message(r, "sc.err", err, sizeof err);
        if (rc == 2 && strstr(err, "holds no usable key") != NULL)
            r->keyring_unusable = 1;
        note_internal(r, names[0], "airlock-sigcheck failed (status %d): %s", rc, err);
    } else {
        write_cache(r, first);
        count(r, first, names, n);
        if (take_copies(r, first) == 0)
            budget_charge(r, first);
        release_staged(r, first);
    }
    if (rep >= 0)
        close(rep);
    test_point(r, "verifying");
}

static void progress(struct run *r)
{
    say(6, "received %llu packages (%llu MiB), verified %llu, rejected %llu",
        (unsigned long long)r->nv, (unsigned long long)(r->nbytes >> 20),
        (unsigned long long)r->nverified, (unsigned long long)r->nrejected);
}

/* Verifies whatever has appeared in in/; 1 if there was anything. */
static int verify_new(struct run *r)
{
    static char *names[BATCH_MAX];
    size_t n = scan(r, names);

    if (n == 0)
        return 0;
    verify_batch(r, names, n);
    progress(r);
    return 1;
}

void receive_and_verify(struct run *r)
{
    char in[PATH_MAX + 8];
    int pin;

    snprintf(in, sizeof in, "%s/in", r->dir);
    r->inotify = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (r->inotify < 0 ||
        inotify_add_watch(r->inotify, in, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR) < 0 ||
        relay_open(&r->relay, &pin) != 0)
        fail(r, EIO, NULL, "cannot watch %s: %s", in, strerror(errno));
    start_unpack(r, pin);
    close(pin);
    test_point(r, "receiving");
    say(6, "receiving from %s into %s", r->c.updatevm, r->dir);
    while (r->unpack.pid > 0)
        if (!verify_new(r))
            events_wait(r, NULL);
    relay_close(&r->relay);
    close(r->inotify);
    r->inotify = -1;
    r->t_recv = now();
    test_point(r, "received");
    verify_new(r);
    r->t_verify = now();
    test_point(r, "verified");
}

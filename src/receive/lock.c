/* lock.c -- the lock, the staging directories, what a killed run left,
 * the test hook and the signals. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sup.h"

/* mkdir -p PATH (absolute), then chmod MODE on PATH itself (-1: none). */
static int make_dirs(const char *path, int mode)
{
    char p[PATH_MAX];

    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; ; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            return -1;
        *s = c;
        if (c == '\0')
            break;
    }
    return mode < 0 ? 0 : chmod(p, (mode_t)mode);
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* flock, waiting at most wait seconds (an alarm breaks the wait). */
static int lock_wait(int fd, unsigned wait)
{
    struct sigaction sa;
    int rc;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(wait);
    rc = flock(fd, LOCK_EX);
    alarm(0);
    return rc;
}

void lock_take(struct run *r)
{
    char p[PATH_MAX + 8];
    int fd;

    if (make_dirs(r->c.state, -1) != 0 || make_dirs(r->c.repo, 0755) != 0 ||
        make_dirs(r->c.staging, 0711) != 0) {
        say(3, "cannot create %s, %s or %s: %s", r->c.state, r->c.repo, r->c.staging,
            strerror(errno));
        answer(EIO, 0, NULL);
        exit(EXIT_FAILED);
    }
    snprintf(p, sizeof p, "%s/lock", r->c.state);
    fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        return;
    if (fd >= 0 && r->c.lock_wait > 0) {
        say(5, "another receive is running; waiting up to %llus",
            (unsigned long long)r->c.lock_wait);
        if (lock_wait(fd, (unsigned)r->c.lock_wait) == 0)
            return;
    }
    say(4, "refused: another receive is still running (lock %s); nothing read", p);
    answer(EBUSY, 0, NULL);
    exit(EXIT_BUSY);
}

/* Every entry of dirfd for which keep() is false and match() true. */
static void remove_matching(int dirfd, int (*match)(const char *, const char *const *),
                            const char *const *keep)
{
    DIR *d = dir_list(dirfd);
    struct dirent *e;

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL)
        if (match(e->d_name, keep) && remove_tree_at(dirfd, e->d_name) != 0)
            say(4, "cannot remove leftover %s: %s", e->d_name, strerror(errno));
    closedir(d);
}

static int is_old_run(const char *name, const char *const *keep)
{
    (void)keep;
    return strncmp(name, "run.", 4) == 0;
}

static int is_unused(const char *name, const char *const *keep)
{
    if (strcmp(name, keep[0]) == 0 || strcmp(name, keep[1]) == 0)
        return 0;
    return strncmp(name, ".new-", 5) == 0 || strcmp(name, ".current.new") == 0 ||
           strcmp(name, ".previous.new") == 0 || strncmp(name, "gen-", 4) == 0;
}

/* Remove what a killed run left: staging, unfinished generations, half
 * made links, generations neither current nor previous. Its stages died
 * with it (stage.c). */
void clean_leftovers(struct run *r)
{
    char cur[NAME_CAP] = "", prev[NAME_CAP] = "";
    const char *const keep[2] = { cur, prev };
    int st = open(r->c.staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (st >= 0) {
        remove_matching(st, is_old_run, keep);
        close(st);
    }
    gen_of(r->repofd, "current", cur, sizeof cur);
    gen_of(r->repofd, "previous", prev, sizeof prev);
    remove_matching(r->repofd, is_unused, keep);
}

/* AIRLOCK_TEST_KILL_AT=POINT: send this process SIGKILL (or the signal
 * AIRLOCK_TEST_SIGNAL names: TERM) at POINT, to test that a killed run
 * leaves the repository consistent. No other effect. */
void test_point(struct run *r, const char *name)
{
    const char *at = getenv("AIRLOCK_TEST_KILL_AT");
    const char *sig = getenv("AIRLOCK_TEST_SIGNAL");

    if (at != NULL && strcmp(at, name) == 0)
        kill(getpid(), sig != NULL && strcmp(sig, "TERM") == 0 ? SIGTERM : SIGKILL);
    check_signals(r);
}

/* A pending HUP, INT or TERM: before the switch, stop the stages, remove
 * the staging, answer EIO, exit 1; after it, finish (what current points
 * to is what the result and status will say). */
void check_signals(struct run *r)
{
    struct signalfd_siginfo si;

    if (r->sigfd < 0 || read(r->sigfd, &si, sizeof si) != (ssize_t)sizeof si)
        return;
    if (r->published) {
        say(4, "signal %u after the switch: finishing the publication", si.ssi_signo);
        return;
    }
    stage_kill(&r->unpack);
    stage_kill(&r->check);
    stage_kill(&r->cr);
    remove_run(r);
    say(3, "interrupted; nothing published");
    answer(EIO, 0, NULL);
    exit(EXIT_FAILED);
}

/* dirfd/name, a new directory of mode and owner uid (0: root's);
 * its descriptor, or -1. */
static int new_dir(int dirfd, const char *name, mode_t mode, uid_t uid, gid_t gid)
{
    int fd;

    if (mkdirat(dirfd, name, mode) != 0)
        return -1;
    fd = dir_open_at(dirfd, name);
    if (fd >= 0 && (fchmod(fd, mode) != 0 || (uid != 0 && fchown(fd, uid, gid) != 0))) {
        close(fd);
        return -1;
    }
    return fd;
}

/* STAGING_DIR/run.PID: in/ (USER's: the unpacker writes it, the checker
 * reads it), out/ (CHECK_USER's, 0700: the checked copies, out of the
 * unpacker's reach), pkgs/ (root's: the taken copies), work/ (root's,
 * 0700), cache/ and meta/ (CHECK_USER's: createrepo_c's checksum cache
 * and output). Exits 1 if any cannot be made. */
void make_staging(struct run *r)
{
    int st = open(r->c.staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char name[32];
    const struct conf *c = &r->c;

    snprintf(name, sizeof name, "run.%ld", (long)getpid());
    if (snprintf(r->dir, sizeof r->dir, "%s/%s", c->staging, name) >= (int)sizeof r->dir)
        st = -1;
    r->rundir = st < 0 ? -1 : new_dir(st, name, 0711, 0, 0);
    if (st >= 0)
        close(st);
    if (r->rundir < 0 ||
        (r->infd = new_dir(r->rundir, "in", 0711, c->uid, 0)) < 0 ||
        (r->outfd = new_dir(r->rundir, "out", 0700, c->check_uid, 0)) < 0 ||
        (r->pkgsfd = new_dir(r->rundir, "pkgs", 0755, 0, 0)) < 0 ||
        (r->workfd = new_dir(r->rundir, "work", 0700, 0, 0)) < 0 ||
        (r->cachefd = new_dir(r->rundir, "cache", 0700, c->check_uid, c->check_gid)) < 0 ||
        (r->metafd = new_dir(r->rundir, "meta", 0700, c->check_uid, c->check_gid)) < 0) {
        say(3, "cannot create the staging directory %s: %s", r->dir, strerror(errno));
        remove_run(r);
        answer(EIO, 0, NULL);
        exit(EXIT_FAILED);
    }
}

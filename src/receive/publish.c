/*
 * publish.c -- a verified batch becomes the new generation: createrepo_c
 * (as CHECK_USER, its own PID namespace, confined as crconf.h says) writes the metadata into meta/;
 * its files are taken like the checked copies; packages and metadata
 * move to REPO_DIR/.new-GEN, which is renamed to REPO_DIR/GEN; previous
 * and then current are switched with one rename(2) each. A run killed
 * anywhere leaves current at the old or the new generation, complete.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crconf.h"
#include "name.h"
#include "sup.h"

/* The generation LINK (in REPO_DIR) points to, into gen: "" unless it
 * is a gen-* directory there. 0 if there is one. */
int gen_of(int repofd, const char *link, char *gen, size_t cap)
{
    ssize_t n = readlinkat(repofd, link, gen, cap - 1);
    struct stat st;

    if (n <= 0 || strncmp(gen, "gen-", 4) != 0 || memchr(gen, '/', (size_t)n) != NULL) {
        gen[0] = '\0';
        return -1;
    }
    gen[n] = '\0';
    if (fstatat(repofd, gen, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode)) {
        gen[0] = '\0';
        return -1;
    }
    return 0;
}

/* RUN/pkglist: the verified packages' names, one a line, for
 * createrepo_c --pkglist (it parses nothing else). */
static int write_pkglist(struct run *r)
{
    int fd = openat(r->rundir, "pkglist", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");

    if (f == NULL)
        return -1;
    for (size_t i = 0; i < r->nv; i++)
        if (r->v[i].ok)
            fprintf(f, "%s\n", r->v[i].file);
    return fclose(f);
}

/* createrepo_c's command line; the one place it is built. */
static void createrepo_argv(const struct run *r, char *jobs, char paths[3][PATH_MAX + 16],
                            char **argv)
{
    size_t a = 0;

    snprintf(paths[0], sizeof paths[0], "%s/cache", r->dir);
    snprintf(paths[1], sizeof paths[1], "%s/pkglist", r->dir);
    snprintf(paths[2], sizeof paths[2], "%s/pkgs", r->dir);
    argv[a++] = (char *)r->c.createrepo;
    argv[a++] = "-q";
    argv[a++] = "--no-database";
    argv[a++] = "--cachedir";
    argv[a++] = paths[0];
    if (r->c.jobs > 0) {
        argv[a++] = "--workers";
        argv[a++] = jobs;
    }
    argv[a++] = "--pkglist";
    argv[a++] = paths[1];
    argv[a++] = "-o";
    argv[a++] = ".";
    argv[a++] = paths[2];
    argv[a] = NULL;
}

static int seal_createrepo(const void *arg, char *err, size_t errlen)
{
    return cr_confine(arg, err, errlen);
}

/* createrepo_c over the verified packages only, as CHECK_USER, from
 * meta/ (its output), confined (crconf.h); fails the run unless it
 * succeeds. */
static void run_createrepo(struct run *r)
{
    char jobs[24], paths[3][PATH_MAX + 16], err[300];
    char *argv[16];
    struct cr_confine conf = { r->dir, argv, stage_env, r->c.check_uid, r->c.check_gid };
    int out = openat(r->workfd, "cr.out", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int errfd = openat(r->workfd, "cr.err", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    int fds[4] = { null, out, errfd, -1 }, st = -1;

    snprintf(jobs, sizeof jobs, "%llu", (unsigned long long)r->c.jobs);
    createrepo_argv(r, jobs, paths, argv);
    r->cr.seal = seal_createrepo;
    r->cr.seal_arg = &conf;
    if (out >= 0 && errfd >= 0 && null >= 0 && write_pkglist(r) == 0 &&
        stage_start(&r->cr, argv, fds, r->metafd, r->c.check_uid, r->c.check_gid) == 0)
        st = stage_wait(r, &r->cr);
    if (out >= 0)
        close(out);
    if (errfd >= 0)
        close(errfd);
    if (null >= 0)
        close(null);
    if (st == 0) {
        stage_confinement(r, "cr.err", err, sizeof err);
        if (err[0] != '\0')
            say(6, "%s", err);
        return;
    }
    stage_message(r, "cr.err", err, sizeof err);
    fail(r, strcasestr(err, "no space left") != NULL ? ENOSPC : EIO, NULL,
         "createrepo_c failed (status %d): %s", st, err);
}

/* A metadata file name createrepo_c writes: plain, not hidden. */
static int plain_name(const char *n)
{
    return n[0] != '.' && strlen(n) < 250 &&
           strspn(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
               == strlen(n);
}

/* meta/repodata's files, taken (take.c) into pkgs/repodata. 0, or -1. */
static int take_metadata(struct run *r)
{
    int from = dir_open_at(r->metafd, "repodata"), to = -1, rc = -1;
    DIR *d = NULL;
    struct dirent *e;
    struct stat st;

    if (from < 0 || fstat(from, &st) != 0 || st.st_uid != r->c.check_uid ||
        mkdirat(r->pkgsfd, "repodata", 0755) != 0 ||
        (to = dir_open_at(r->pkgsfd, "repodata")) < 0 || (d = dir_list(from)) == NULL)
        goto out;
    rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            (!plain_name(e->d_name) || take_file(from, e->d_name, r->c.check_uid, to) != 0))
            rc = -1;
out:
    if (d != NULL)
        closedir(d);
    if (from >= 0)
        close(from);
    if (to >= 0)
        close(to);
    return rc;
}

/* Every file of fromfd (and of its repodata/, recreated) into tofd.
 * 0, or -1 with errno set (ENOSPC when a copy across filesystems runs
 * out of space). */
static int move_files(int fromfd, int tofd)
{
    DIR *d = dir_list(fromfd);
    struct dirent *e;
    int rc = d == NULL ? -1 : 0, sub, tsub;

    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (strcmp(e->d_name, "repodata") != 0) {
            rc = move_at(fromfd, e->d_name, tofd, e->d_name);
            continue;
        }
        sub = dir_open_at(fromfd, "repodata");
        tsub = mkdirat(tofd, "repodata", 0755) == 0 ? dir_open_at(tofd, "repodata") : -1;
        rc = sub < 0 || tsub < 0 ? -1 : move_files(sub, tsub);
        if (sub >= 0)
            close(sub);
        if (tsub >= 0)
            close(tsub);
    }
    if (d != NULL)
        closedir(d);
    return rc;
}

/* pkgs/ into REPO_DIR/.new-GEN, flushed with SYNC=yes, renamed to GEN. */
static void make_generation(struct run *r, const char *gen)
{
    char tmp[NAME_CAP + 8];
    int fd;

    snprintf(tmp, sizeof tmp, ".new-%s", gen);
    if (mkdirat(r->repofd, tmp, 0755) != 0 || (fd = dir_open_at(r->repofd, tmp)) < 0)
        fail(r, EIO, NULL, "cannot create %s/%s: %s", r->c.repo, tmp, strerror(errno));
    if (move_files(r->pkgsfd, fd) != 0) {
        int e = errno;
        close(fd);
        remove_tree_at(r->repofd, tmp);
        fail(r, e == ENOSPC ? ENOSPC : EIO, NULL, "cannot move the packages into %s/%s: %s",
             r->c.repo, tmp, strerror(e));
    }
    test_point(r, "moved");
    if (r->c.sync)
        syncfs(fd);
    close(fd);
    if (renameat(r->repofd, tmp, r->repofd, gen) != 0) {
        remove_tree_at(r->repofd, tmp);
        fail(r, EIO, NULL, "cannot rename %s/%s: %s", r->c.repo, tmp, strerror(errno));
    }
    test_point(r, "renamed");
}

/* REPO_DIR/LINK -> target, with one rename of a new link over it. */
static int switch_link(struct run *r, const char *link, const char *target)
{
    char tmp[32];

    snprintf(tmp, sizeof tmp, ".%s.new", link);
    unlinkat(r->repofd, tmp, 0);
    return symlinkat(target, r->repofd, tmp) == 0 ? renameat(r->repofd, tmp, r->repofd, link) : -1;
}

/* previous -> the old generation, current -> gen. After the second
 * rename the run is published, whatever happens next. */
static void switch_generation(struct run *r, const char *gen, const char *old)
{
    if (old[0] != '\0' && switch_link(r, "previous", old) != 0)
        say(4, "cannot point previous at %s: %s", old, strerror(errno));
    test_point(r, "previous");
    if (switch_link(r, "current", gen) != 0) {
        remove_tree_at(r->repofd, gen);
        unlinkat(r->repofd, ".current.new", 0);
        fail(r, EIO, NULL, "cannot switch %s/current to %s", r->c.repo, gen);
    }
    r->published = 1;
    if (r->c.sync)
        fsync(r->repofd);
    test_point(r, "switched");
}

/* Generations other than gen and old. */
static void remove_old(struct run *r, const char *gen, const char *old)
{
    DIR *d = dir_list(r->repofd);
    struct dirent *e;

    while (d != NULL && (e = readdir(d)) != NULL)
        if (strncmp(e->d_name, "gen-", 4) == 0 && strcmp(e->d_name, gen) != 0 &&
            strcmp(e->d_name, old) != 0)
            remove_tree_at(r->repofd, e->d_name);
    if (d != NULL)
        closedir(d);
}

void publish(struct run *r)
{
    char gen[NAME_CAP], old[NAME_CAP], err[PATH_MAX + 16];
    time_t t = time(NULL);
    struct tm tm;
    size_t n;

    n = strftime(gen, sizeof gen, "gen-%Y%m%dT%H%M%S", gmtime_r(&t, &tm));
    snprintf(gen + n, sizeof gen - n, "-%ld", (long)getpid());
    say(6, "all %zu package(s) verified; building generation %s", r->nv, gen);
    run_createrepo(r);
    test_point(r, "createrepo");
    if (take_metadata(r) != 0)
        fail(r, EIO, NULL, "createrepo_c left metadata that is not plain files of CHECK_USER");
    budget_charge_metadata(r);
    make_generation(r, gen);
    gen_of(r->repofd, "current", old, sizeof old);
    switch_generation(r, gen, old);
    remove_old(r, gen, old);
    snprintf(err, sizeof err, "%s/error", r->c.state);
    unlink(err);
    write_status(r, "published", NULL, gen);
    test_point(r, "published");
    say(6, "published %s: %zu package(s), %llu MiB in %.3fs", gen, r->nv,
        (unsigned long long)(r->nbytes >> 20), now() - r->t0);
    forward_result(r);
    remove_run(r);
}

/*
 * budget.c -- the disk a run may hold (issue 13). The budget B is
 * MAX_BYTES, or (MAX_BYTES empty) the unpacker's default taken from the
 * free space: min(4 GiB, 90% of what is free above MIN_FREE, the
 * previous generation counted as free when it is on the staging
 * filesystem). Charged against B: every stream byte relayed to the
 * unpacker (an upper bound on its files), each batch's inputs before the
 * checker writes their copies (a copy is about as large as its package),
 * then the copies and the metadata taken. Over B: EDQUOT, the limit's
 * code, as the unpacker's own --max-bytes refusal.
 *
 * The floor: before the stream is read and as copies are taken, the
 * staging filesystem must have MIN_FREE plus what B still allows this
 * run to write free, and REPO_DIR's (when it is another filesystem, where
 * the copies end up) MIN_FREE plus B. Short of that, the previous
 * generation is dropped first if that makes enough room (a successful
 * run removes it anyway: REPO_DIR keeps current and the one before);
 * otherwise the run is refused with ENOSPC and previous is kept.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "sup.h"

#define MIB(x) ((unsigned long long)((x) >> 20))
#define MIB_UP(x) ((unsigned long long)(((x) + (1u << 20) - 1) >> 20))

/* Bytes free to an unprivileged writer on fd's filesystem (the floor is
 * kept for what dom0's own users need), or 0 if unknown. */
static uint64_t free_of(int fd)
{
    struct statvfs vfs;

    if (fstatvfs(fd, &vfs) != 0)
        return 0;
    if (vfs.f_frsize > 0 && vfs.f_bavail > UINT64_MAX / vfs.f_frsize)
        return UINT64_MAX;
    return (uint64_t)vfs.f_bavail * vfs.f_frsize;
}

static uint64_t walk_size, walk_blocks;

static int walk_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F) {
        walk_size += (uint64_t)st->st_size;
        walk_blocks += (uint64_t)st->st_blocks * 512u;
    }
    return 0;
}

/* dirfd/name's regular files: their sizes (blocks 0) or the disk they
 * take (blocks 1). */
static uint64_t tree_bytes(int dirfd, const char *name, int blocks)
{
    char path[PATH_MAX];

    walk_size = walk_blocks = 0;
    snprintf(path, sizeof path, "/proc/self/fd/%d/%s", dirfd, name);
    if (nftw(path, walk_one, 16, FTW_PHYS | FTW_MOUNT) != 0)
        return 0;
    return blocks ? walk_blocks : walk_size;
}

/* The previous generation (not current's) into prev; the disk it takes
 * (0 if none). */
static uint64_t previous_size(struct run *r, char *prev, size_t cap)
{
    char cur[NAME_CAP];

    gen_of(r->repofd, "current", cur, sizeof cur);
    if (gen_of(r->repofd, "previous", prev, cap) != 0 || strcmp(prev, cur) == 0) {
        prev[0] = '\0';
        return 0;
    }
    return tree_bytes(r->repofd, prev, 1);
}

/* The link first, so that nothing points into a half-removed tree (dnf
 * skips the missing previous repository: skip_if_unavailable). */
static void drop_previous(struct run *r, const char *prev, uint64_t size, uint64_t freeb,
                          uint64_t need, const char *dir)
{
    say(4, "dropping the previous generation %s (%llu MiB) to keep MIN_FREE: "
        "%llu MiB free on %s, need %llu MiB", prev, MIB_UP(size), MIB(freeb), dir, MIB_UP(need));
    if (unlinkat(r->repofd, "previous", 0) != 0 || remove_tree_at(r->repofd, prev) != 0)
        say(4, "cannot remove %s/%s: %s", r->c.repo, prev, strerror(errno));
}

/* fd's filesystem (the directory dir) has need bytes free, or is made to
 * by dropping the previous generation (when it lives there, with_prev);
 * otherwise the run fails with ENOSPC. */
static void room(struct run *r, int fd, uint64_t need, const char *dir, int with_prev)
{
    char prev[NAME_CAP] = "";
    uint64_t freeb = free_of(fd), size = 0;

    if (freeb >= need)
        return;
    if (with_prev)
        size = previous_size(r, prev, sizeof prev);
    if (size > 0 && freeb + size >= need) {
        drop_previous(r, prev, size, freeb, need, dir);
        freeb = free_of(fd);
        if (freeb >= need)
            return;
    }
    fail(r, ENOSPC, NULL, "not enough disk space: %llu MiB free, need %llu MiB "
         "(on %s, MIN_FREE %llu MiB kept)%s", MIB(freeb), MIB_UP(need), dir,
         MIB_UP(r->c.min_free), size > 0 && prev[0] ? "; the previous generation is kept" : "");
}

static uint64_t used(const struct run *r)
{
    return (uint64_t)r->relay.bytes + r->budget.copies + r->budget.pending;
}

/* Over the budget: refused with the limit's code (EDQUOT), nothing
 * published. */
__attribute__((noreturn))
static void over(struct run *r)
{
    fail(r, EDQUOT, NULL, "the batch needs more disk than its budget of %llu MiB (%s): "
         "%llu MiB received and %llu MiB of checked copies so far, held twice (as "
         "received and as checked)", MIB(r->budget.limit),
         r->c.max_bytes > 0 ? "MAX_BYTES" : "MAX_BYTES empty: from the free space",
         MIB_UP((uint64_t)r->relay.bytes), MIB_UP(r->budget.copies + r->budget.pending));
}

/* The relay may pass on what B leaves (stream bytes); over B if less. */
static void set_stream_limit(struct run *r)
{
    uint64_t held = r->budget.copies + r->budget.pending;

    if (held > r->budget.limit || used(r) > r->budget.limit)
        over(r);
    r->relay.limit = r->budget.limit - held;
}

void budget_floor(struct run *r)
{
    uint64_t rest = r->budget.limit - used(r);

    room(r, r->rundir, r->c.min_free + rest, r->c.staging, !r->budget.split);
    if (r->budget.split)
        room(r, r->repofd, r->c.min_free + r->budget.limit, r->c.repo, 1);
}

/* B from MAX_BYTES or the free space; then the floor, before the stream
 * is read. */
void budget_start(struct run *r)
{
    struct stat s, p;
    char prev[NAME_CAP];
    uint64_t avail, floor = r->c.min_free;

    r->budget.split = fstat(r->rundir, &s) != 0 || fstat(r->repofd, &p) != 0 ||
                      s.st_dev != p.st_dev;
    r->budget.limit = r->c.max_bytes;
    if (r->budget.limit == 0) {
        avail = free_of(r->rundir);
        if (!r->budget.split)
            avail += previous_size(r, prev, sizeof prev);
        avail = avail > floor ? (avail - floor) / 10u * 9u : 0;
        r->budget.limit = avail < BUDGET_DEFAULT_MAX ? avail : BUDGET_DEFAULT_MAX;
    }
    say(6, "disk budget %llu MiB (%s), MIN_FREE %llu MiB", MIB(r->budget.limit),
        r->c.max_bytes > 0 ? "MAX_BYTES" : "from the free space", MIB_UP(floor));
    set_stream_limit(r);
    budget_floor(r);
}

void budget_stream(struct run *r)
{
    if ((uint64_t)r->relay.bytes > r->relay.limit)
        over(r);
}

void budget_expect(struct run *r, char **names, size_t n)
{
    struct stat st;

    r->budget.pending = 0;
    for (size_t i = 0; i < n; i++)
        if (fstatat(r->infd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
            r->budget.pending += (uint64_t)st.st_size;
    set_stream_limit(r);
}

void budget_charge(struct run *r, size_t first)
{
    struct stat st;

    r->budget.pending = 0;
    for (size_t i = first; i < r->nv; i++)
        if (r->v[i].ok && fstatat(r->pkgsfd, r->v[i].file, &st, AT_SYMLINK_NOFOLLOW) == 0)
            r->budget.copies += (uint64_t)st.st_size;
    set_stream_limit(r);
    budget_floor(r);
}

void budget_charge_metadata(struct run *r)
{
    r->budget.copies += tree_bytes(r->pkgsfd, "repodata", 0);
    set_stream_limit(r);
    budget_floor(r);
}

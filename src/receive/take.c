/* take.c -- a file a stage left, taken without trusting it: only a
 * regular file the stage's user owns with one link, opened without
 * following links, renamed into a root-only directory, checked to be
 * the file opened, made root's, mode 0644. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "name.h"
#include "sup.h"

int take_file(int fromfd, const char *name, uid_t owner, int tofd)
{
    int fd = openat(fromfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st, moved;
    int rc = -1;

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != owner ||
        st.st_nlink != 1) {
        errno = EPERM;
        goto out;
    }
    if (renameat2(fromfd, name, tofd, name, RENAME_NOREPLACE) != 0)
        goto out;
    if (fstatat(tofd, name, &moved, AT_SYMLINK_NOFOLLOW) != 0 ||
        moved.st_dev != st.st_dev || moved.st_ino != st.st_ino) {
        errno = EPERM;
        goto out;
    }
    if (fchown(fd, 0, 0) != 0 || fchmod(fd, 0644) != 0)
        goto out;
    rc = 0;
out:
    close(fd);
    return rc;
}

/* The checked copies of the passing verdicts from index first on, from
 * out/ into pkgs/, once the checker's namespace is gone (no process of
 * CHECK_USER can reach a copy afterwards). Names are re-checked with the
 * proven core's rpm-name rule. 0, or -1 with r->internal set. */
int take_copies(struct run *r, size_t first)
{
    for (size_t i = first; i < r->nv; i++) {
        const char *f = r->v[i].file;

        if (!r->v[i].ok)
            continue;
        if (al_name_rpm((const uint8_t *)f, (uint32_t)strlen(f)) != 1 ||
            take_file(r->outfd, f, r->c.check_uid, r->pkgsfd) != 0) {
            note_internal(r, f, "a checked copy is missing or not a plain file: %s: %s", f,
                          strerror(errno));
            return -1;
        }
    }
    return 0;
}

/* Once the verdicts from index first on are in (and the passing ones'
 * copies taken), the unpacker's files behind them are emptied: nothing
 * reads them again, and their pages and blocks serve the rest of the
 * stream instead of waiting for the run's end. The names stay, so the
 * unpacker still refuses a second file of the same name. Only a regular
 * file of the unpacker's user with one link, opened without following
 * links, under a name the proven core's rpm-name rule accepts. */
void release_staged(struct run *r, size_t first)
{
    for (size_t i = first; i < r->nv; i++) {
        const char *f = r->v[i].file;
        struct stat st;
        int fd;

        if (al_name_rpm((const uint8_t *)f, (uint32_t)strlen(f)) != 1)
            continue;
        fd = openat(r->infd, f, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == r->c.uid &&
            st.st_nlink == 1 && ftruncate(fd, 0) != 0)
            say(4, "cannot empty the staged %s: %s", f, strerror(errno));
        close(fd);
    }
}

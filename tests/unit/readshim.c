/* readshim.c -- LD_PRELOAD shim for airlock-sigcheck tests: changes a
 * package file while the program reads it, at a chosen moment, so that
 * "a file that grows or shrinks while read fails" is tested without a
 * race.
 *
 *   AL_SHIM_FILE=PATH  the file to change (compared by device and inode)
 *   AL_SHIM_MODE=grow  before the first read at an offset >= 4096, append
 *                      4096 bytes to PATH
 *   AL_SHIM_MODE=shrink  the same moment, truncate PATH to that offset + 1
 * Once per process. Every read is then passed to libc's read().
 *
 * The change is made by a helper process started when the shim is loaded,
 * before airlock-sigcheck confines itself: a confined worker may neither
 * open the file for writing nor truncate it (sandbox.h), as no other
 * writer of a package would be confined. The worker asks over a pipe
 * (the offset) and waits for the helper's answer, so the order is fixed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int changed;
static int ask_fd = -1, answer_fd = -1;

static void do_change(const char *path, const char *mode, off_t at)
{
    static const char junk[4096];
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);

    if (fd < 0)
        return;
    if (strcmp(mode, "grow") == 0) {
        if (write(fd, junk, sizeof junk) != (ssize_t)sizeof junk)
            abort();
    } else if (ftruncate(fd, at + 1) != 0) {
        abort();
    }
    close(fd);
}

/* The helper: one change per request, until every asker has exited. */
static void helper(int ask, int answer, const char *path, const char *mode)
{
    off_t at;

    while (read(ask, &at, sizeof(at)) == (ssize_t)sizeof(at)) {
        do_change(path, mode, at);
        if (write(answer, "x", 1) != 1)
            break;
    }
    _exit(0);
}

/* Double fork: the helper is no child airlock-sigcheck would wait for. */
__attribute__((constructor)) static void start_helper(void)
{
    const char *path = getenv("AL_SHIM_FILE"), *mode = getenv("AL_SHIM_MODE");
    int ask[2], answer[2];
    pid_t pid;

    if (path == NULL || mode == NULL || pipe(ask) != 0 || pipe(answer) != 0)
        return;
    pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            close(ask[1]);
            close(answer[0]);
            close(1);
            helper(ask[0], answer[1], path, mode);
        }
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    close(ask[0]);
    close(answer[1]);
    ask_fd = ask[1];
    answer_fd = answer[0];
}

static void change(const char *path, const char *mode, off_t at)
{
    char c;

    (void)path;
    (void)mode;
    if (ask_fd >= 0 && write(ask_fd, &at, sizeof(at)) == (ssize_t)sizeof(at) &&
        read(answer_fd, &c, 1) == 1)
        changed = 1;
}

static int same_file(int fd, const char *path)
{
    struct stat a, b;

    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

ssize_t read(int fd, void *buf, size_t n)
{
    static ssize_t (*real_read)(int, void *, size_t);
    const char *path = getenv("AL_SHIM_FILE"), *mode = getenv("AL_SHIM_MODE");
    off_t at;

    if (real_read == NULL)
        real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    if (!changed && path != NULL && mode != NULL && same_file(fd, path)) {
        at = lseek(fd, 0, SEEK_CUR);
        if (at >= 4096)
            change(path, mode, at);
    }
    return real_read(fd, buf, n);
}

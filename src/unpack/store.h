/* store.h -- the operating-system side of one received file.
 *
 * A file is written to an unnamed O_TMPFILE inode in DIR and gets its name
 * only when complete (linkat), so after any error nothing of it is
 * visible. Names are single path components already checked by the core's
 * name policy; the kernel checks again (openat2 RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS) that the name resolves inside DIR and does not
 * exist yet, and linkat never follows or replaces an existing name.
 */
#ifndef AIRLOCK_STORE_H
#define AIRLOCK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "entry.h"

/* Mode of every received file: never setuid/setgid/sticky/executable. */
#define AL_STORE_MODE 0644

struct up_store {
    int fd;          /* the open O_TMPFILE, -1 when none */
    const char *op;  /* the failed operation, for messages */
};

/* The flags of the one openat() the sandbox lets through. */
#define AL_STORE_OPEN_FLAGS (O_WRONLY | O_TMPFILE | O_CLOEXEC)

/* Start a file called name (a NUL-terminated single component) in the
 * directory dirfd. Answers 0, or an errno value (EEXIST when the name is
 * taken) with s->op naming the failed call; s->fd is -1 then. */
int up_store_open(struct up_store *s, int dirfd, const char *name);

/* Append len bytes of buf. Answers 0 or an errno value. */
int up_store_write(struct up_store *s, const uint8_t *buf, size_t len);

/* Give the file mode 0644 and the times of h, then link it into dirfd as
 * name. Closes the file in every case. Answers 0 or an errno value. */
int up_store_commit(struct up_store *s, int dirfd, const char *name,
                    const struct al_header *h);

/* Drop an unfinished file: it was never visible and vanishes. */
void up_store_abort(struct up_store *s);

/* The directory /proc/self/fd, opened before /proc is out of reach, for
 * kernels that refuse linkat(AT_EMPTY_PATH) to the file's opener (before
 * Linux 6.10); -1 (the default): the path /proc/self/fd. */
void up_store_set_proc_fd(int fd);

#endif

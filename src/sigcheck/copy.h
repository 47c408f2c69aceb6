/*
 * airlock-sigcheck: the canonical copy of a package that passed
 * (--output-dir). Written through O_TMPFILE while the input is read, so
 * the bytes written are the bytes hashed; it gets a name in the output
 * directory only after every check passed (mode 0644, the input's mtime),
 * and vanishes otherwise.
 */
#ifndef AIRLOCK_SIGCHECK_COPY_H
#define AIRLOCK_SIGCHECK_COPY_H

#include <stddef.h>
#include <sys/stat.h>

struct sc_copy {
    int fd;          /* the unnamed file, or -1 */
    int err;         /* first errno of a failed write, 0 if none */
};

/* Start an unnamed file in directory DIRFD. 0, or -1 with errno. */
int sc_copy_open(struct sc_copy *c, int dirfd);

/* Append N bytes (remembers the first error; later calls do nothing). */
void sc_copy_write(struct sc_copy *c, const void *buf, size_t n);

/* Give the copy the name NAME in DIRFD, mode 0644 and the mtime of ST.
 * 0, or -1 with errno (the first write error, if any). */
int sc_copy_link(struct sc_copy *c, int dirfd, const char *name, const struct stat *st);

/* Close the file (an unnamed one disappears). */
void sc_copy_close(struct sc_copy *c);

#endif

/*
 * airlock-sigcheck: the canonical copy of a package that passed
 * (--output-dir). The parent opens an unnamed file (O_TMPFILE) in the
 * output directory for each file before it forks that file's worker; the
 * worker writes the copy into that one descriptor while it reads the
 * input, so the bytes written are the bytes hashed, and sets its mode and
 * times. Only the parent names it, after the worker's verdict is OK
 * (jobs.c); otherwise it vanishes when closed. A worker can therefore
 * create no file and name none.
 */
#ifndef AIRLOCK_SIGCHECK_COPY_H
#define AIRLOCK_SIGCHECK_COPY_H

#include <stddef.h>
#include <sys/stat.h>

struct sc_copy {
    int fd;          /* the unnamed file, or -1 */
    int err;         /* first errno of a failed write, 0 if none */
};

/* Parent: an unnamed file in directory DIRFD. The fd, or -1 with errno. */
int sc_copy_open(int dirfd);

/* Worker: append N bytes (remembers the first error; later calls do nothing). */
void sc_copy_write(struct sc_copy *c, const void *buf, size_t n);

/* Worker: mode 0644 and the times of ST, on the descriptor only. 0, or -1
 * with errno (the first write error, if any). */
int sc_copy_finish(struct sc_copy *c, const struct stat *st);

/* Parent: give the unnamed file FD the name NAME in DIRFD (never replacing
 * one). 0, or -1 with errno. */
int sc_copy_link(int fd, int dirfd, const char *name);

#endif

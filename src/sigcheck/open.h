/*
 * airlock-sigcheck: open a package path without following it anywhere.
 */
#ifndef AIRLOCK_SIGCHECK_OPEN_H
#define AIRLOCK_SIGCHECK_OPEN_H

#include "verdict.h"

/* Open PATH for reading only if it is a regular file: lstat() it first so
 * that FIFOs, devices, sockets, directories and symlinks are rejected
 * without being opened; then open with O_NOFOLLOW|O_NONBLOCK and check
 * that the opened file is a regular file and the one lstat() saw (same
 * device and inode). Returns the fd (blocking mode restored), or -1 with
 * *v set to SC_NOT_REGULAR or SC_OPEN_FAILED. */
int sc_open_package(const char *path, struct sc_verdict *v);

#endif

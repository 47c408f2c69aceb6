/* io.h -- full reads and writes on a file descriptor (src/os: OS helpers
 * shared by the programs; not proven, so not prefixed al_). */
#ifndef AIRLOCK_OS_IO_H
#define AIRLOCK_OS_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Writes all n bytes of b to fd, retrying on EINTR and short writes.
 * Returns 0, or -1 with errno set (a write of 0 bytes sets EIO). */
int os_write_all(int fd, const uint8_t *b, size_t n);

/* Reads up to n bytes from fd into b, retrying on EINTR. Answers as
 * read(2). */
ssize_t os_read(int fd, uint8_t *b, size_t n);

#endif

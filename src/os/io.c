/* io.c -- full reads and writes (io.h). */
#include "io.h"

#include <errno.h>
#include <unistd.h>

int os_write_all(int fd, const uint8_t *b, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = write(fd, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        if (w == 0) {
            errno = EIO;
            return -1;
        }
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

ssize_t os_read(int fd, uint8_t *b, size_t n)
{
    ssize_t r;

    do {
        r = read(fd, b, n);
    } while (r < 0 && errno == EINTR);
    return r;
}

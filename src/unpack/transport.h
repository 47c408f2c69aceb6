/* transport.h -- how the receive loop reaches its peer.
 *
 * The receive loop never touches a file descriptor of the stream itself: it
 * calls these two callbacks. fdio.c implements them over fd 0 / fd 1 (the
 * qrexec service contract), vchan.c over a libxenvchan server, and a fuzz
 * harness can implement them over memory.
 */
#ifndef AIRLOCK_TRANSPORT_H
#define AIRLOCK_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct up_transport {
    void *ctx;
    /* Read up to len (> 0) bytes into buf. Answers the count (> 0), 0 at
     * end of input, or -1 with errno set. */
    ssize_t (*read)(void *ctx, uint8_t *buf, size_t len);
    /* Write all len bytes of buf. Answers 0, or -1 with errno set. */
    int (*write_all)(void *ctx, const uint8_t *buf, size_t len);
};

#endif

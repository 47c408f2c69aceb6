/* relay.c -- the stream relayed into the unpacker's pipe (relay.h). */
#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "io.h"
#include "sup.h"

int relay_open(struct relay *x, int *read_end)
{
    int p[2];

    if (pipe2(p, O_CLOEXEC) != 0)
        return -1;
    /* Fewer wake-ups per GiB; a smaller pipe still works. */
    (void)fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
    if (fcntl(p[1], F_SETFL, O_NONBLOCK) != 0) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    x->out = p[1];
    x->full = 0;
    x->eof = 0;
    x->last = now();
    x->bytes = 0;
    *read_end = p[0];
    return 0;
}

int relay_wants_input(const struct relay *x)
{
    return x->out >= 0 && !x->full && !x->eof;
}

int relay_wants_output(const struct relay *x)
{
    return x->out >= 0 && x->full;
}

/* splice failed with EINVAL (fd 0 is something splice cannot read):
 * one read and write instead. */
static ssize_t copy_some(int out, size_t want)
{
    static uint8_t buf[1 << 16];
    ssize_t n = read(0, buf, want < sizeof buf ? want : sizeof buf);

    if (n > 0 && os_write_all(out, buf, (size_t)n) != 0)
        return -1;
    return n;
}

void relay_move(struct relay *x)
{
    size_t want = 1 << 20;
    ssize_t n;

    if (x->out < 0 || x->bytes > x->limit)
        return;
    /* One byte past the limit is enough to know the stream is over it. */
    if (x->limit - x->bytes < want)
        want = (size_t)(x->limit - x->bytes) + 1;
    x->full = 0;
    n = splice(0, NULL, x->out, NULL, want, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (n < 0 && errno == EINVAL)
        n = copy_some(x->out, want);
    if (n > 0) {
        x->bytes += (unsigned long long)n;
        x->last = now();
    } else if (n < 0 && errno == EAGAIN) {
        x->full = 1;
    } else if (n == 0 || errno != EINTR) {
        x->eof = 1;
        relay_close(x);
    }
}

void relay_close(struct relay *x)
{
    if (x->out >= 0)
        close(x->out);
    x->out = -1;
}

/* events.c -- the supervisor's one wait (sup.h): poll(2) on the stream
 * and the unpacker's pipe (relay.c), the unpacker's pidfd, the inotify
 * watch of in/, the signalfd and a stage's pidfd, with the stream's
 * nearer deadline as the timeout. No timer wakes it otherwise. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "sup.h"

enum { P_STREAM, P_PIPE, P_UNPACK, P_INOTIFY, P_SIGNAL, P_STAGE, P_N };

/* Milliseconds to the nearer deadline while the unpacker runs (idle:
 * since the last stream byte; total: since the start), 0 once one has
 * passed; -1 (none) afterwards. */
static int until_deadline(const struct run *r)
{
    double idle = r->relay.last + (double)r->c.idle_timeout;
    double total = r->t0 + (double)r->c.total_timeout;
    double t = (idle < total ? idle : total) - now();

    if (r->unpack.pid <= 0)
        return -1;
    return t <= 0 ? 0 : t > 86400 ? 86400000 : (int)(t * 1000) + 1;
}

/* A deadline passed: the run fails with ETIMEDOUT (the lock goes with
 * the process). */
static void timed_out(struct run *r)
{
    int idle = now() - r->relay.last >= (double)r->c.idle_timeout;

    stage_kill(&r->unpack);
    relay_close(&r->relay);
    fail(r, ETIMEDOUT, NULL, "the stream %s",
         idle ? "stalled longer than IDLE_TIMEOUT" : "took longer than TOTAL_TIMEOUT");
}

static void drain(int fd)
{
    char buf[4096];

    while (read(fd, buf, sizeof buf) > 0)
        ;
}

void events_wait(struct run *r, struct stage *until)
{
    struct pollfd p[P_N] = {
        { relay_wants_input(&r->relay) ? 0 : -1, POLLIN, 0 },
        { relay_wants_output(&r->relay) ? r->relay.out : -1, POLLOUT, 0 },
        { r->unpack.pid > 0 ? r->unpack.pidfd : -1, POLLIN, 0 },
        { r->inotify, POLLIN, 0 }, { r->sigfd, POLLIN, 0 },
        { until != NULL ? until->pidfd : -1, POLLIN, 0 } };
    int n = poll(p, P_N, until_deadline(r));

    if (n == 0)
        timed_out(r);
    if (n < 0)
        return;
    if (p[P_SIGNAL].revents)
        check_signals(r);
    if (p[P_INOTIFY].revents)
        drain(r->inotify);
    if (p[P_PIPE].revents)
        r->relay.full = 0;
    if (p[P_STREAM].revents) {
        relay_move(&r->relay);
        budget_stream(r);
    }
    if (p[P_UNPACK].revents && stage_reap_if_done(&r->unpack)) {
        relay_close(&r->relay);
        r->unpack_rc = r->unpack.status;
    }
    if (until != NULL && p[P_STAGE].revents)
        stage_reap_if_done(until);
}

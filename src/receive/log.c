/* log.c -- messages on stderr: "airlock-receive: TEXT", with a journal
 * priority prefix "<N>" (sd-daemon(3)) when stderr is the journal
 * (systemd sets JOURNAL_STREAM), plain otherwise. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sup.h"

void say(int prio, const char *fmt, ...)
{
    static int journal = -1;
    va_list ap;

    if (journal < 0)
        journal = getenv("JOURNAL_STREAM") != NULL;
    if (journal)
        fprintf(stderr, "<%d>", prio);
    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* progress.c -- airlock-send's progress on stderr (progress.h). */
#include "progress.h"

#include <stdio.h>

void as_progress_report(const struct as_progress *p, int files, uint64_t bytes)
{
    if (!p->on)
        return;
    fprintf(stderr, "%sairlock-send: %d/%d files, %llu/%llu bytes%s",
            p->tty ? "\r" : "", files, p->files_total,
            (unsigned long long)bytes, (unsigned long long)p->bytes_total,
            p->tty ? "" : "\n");
}

void as_progress_end(const struct as_progress *p)
{
    if (p->on && p->tty)
        fputc('\n', stderr);
}

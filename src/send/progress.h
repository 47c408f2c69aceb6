/* progress.h -- airlock-send's progress on stderr: one updated line on a
 * terminal, or one line per file with --progress otherwise. */
#ifndef AIRLOCK_PROGRESS_H
#define AIRLOCK_PROGRESS_H

#include <stdint.h>

struct as_progress {
    int on;            /* report at all                 */
    int tty;           /* stderr is a terminal          */
    int files_total;
    uint64_t bytes_total;
};

/* Report that files files and bytes bytes have been sent so far. */
void as_progress_report(const struct as_progress *p, int files, uint64_t bytes);

/* End the progress line (terminal only). */
void as_progress_end(const struct as_progress *p);

#endif

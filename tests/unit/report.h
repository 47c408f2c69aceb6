/* report.h -- the TAP-style line every unit test prints per case, and the
 * failure count its main() returns on. Included once per test program. */
#ifndef AIRLOCK_TEST_REPORT_H
#define AIRLOCK_TEST_REPORT_H

#include <stdio.h>

static int failures;

static void report(int ok, const char *name, const char *why)
{
    if (ok)
        printf("ok - %s\n", name);
    else
        printf("not ok - %s: %s\n", name, why);
    failures += !ok;
}

#endif

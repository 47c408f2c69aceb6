/* report.h -- the one-line-per-test output tests/run expects, shared by
 * the unit tests: "ok - NAME" or "not ok - NAME: reason". Included once
 * per test program; `failures` counts the "not ok" lines. */
#ifndef AIRLOCK_TESTS_REPORT_H
#define AIRLOCK_TESTS_REPORT_H

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

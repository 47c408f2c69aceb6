/*
 * record.h -- one record of airlock-sigcheck's stage report, read
 * (src/receive/README.md, "The stage report", version 1). A pure
 * function over bytes: no I/O, no allocation, so that it can be fuzzed
 * (fuzz/report.c) and tested by table (tests/unit/test_record.c).
 */
#ifndef AIRLOCK_RECEIVE_RECORD_H
#define AIRLOCK_RECEIVE_RECORD_H

#include <stddef.h>

/* The longest record line, newline included: airlock-sigcheck's
 * SC_RECORD_MAX (src/sigcheck/output.h; the fuzz target checks they
 * agree). */
#define REC_LINE_MAX 8192

/* The fields of a record. */
#define REC_FIELDS 13

/* One package's verdict, from airlock-sigcheck's report. */
struct verdict {
    char file[256];
    int ok;
    char code[32];
    char name[256], version[128], release[128], arch[64];
    char signer[48], sha256[72], crcache[512];
    char reason[128], detail[256];
};

/* Why a record was refused; stable, each with a reason text. */
enum rec_code {
    REC_OK = 0,
    REC_E_LONG,      /* longer than REC_LINE_MAX - 1 bytes */
    REC_E_FIELDS,    /* not 13 fields separated by single TABs */
    REC_E_TYPE,      /* record type is not "pkg" */
    REC_E_VERDICT,   /* verdict is neither "ok" nor "fail" */
    REC_E_ESCAPE,    /* a raw byte that must be escaped, a bad or needless \xHH */
    REC_E_SIZE,      /* a field longer than its buffer */
    REC_E_CODE,      /* verdict and code disagree, or the code is empty */
    REC_E_FILE,      /* the file is not an rpm name (src/core/name.h) */
    REC_E_NOT_EMPTY, /* a field that must be empty unless "ok" is not */
    REC_E_COUNT
};

/* Reads the record untrusted_line[0 .. len) (without its LF; it need not
 * be NUL-terminated) into *v. Returns REC_OK with every field of *v set
 * and NUL-terminated within its array, or the first rule it breaks
 * (REC_E_*) with *v all zero. */
int rec_parse(const char *untrusted_line, size_t len, struct verdict *v);

/* The reason of a rec_parse answer in words ("no such code" for others). */
const char *rec_reason(int code);

#endif

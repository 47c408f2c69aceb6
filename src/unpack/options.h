/* options.h -- command line of airlock-unpack. */
#ifndef AIRLOCK_UNPACK_OPTIONS_H
#define AIRLOCK_UNPACK_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

struct up_unpack_opts {
    uint32_t policy;        /* AL_NAMES_*, default rpm                */
    uint64_t max_files;     /* default 4096                           */
    uint64_t max_bytes;     /* valid when have_max_bytes              */
    int have_max_bytes;     /* else min(4 GiB, 90% free) at start     */
    const char *user;       /* --user NAME or NULL                    */
    int vchan;              /* --vchan given                          */
    int domid;
    const char *xs_path;
    const char *dir;
    int help;
    int version;    /* --version: print the version and exit */
};

#define AL_DEFAULT_MAX_FILES 4096u
#define AL_DEFAULT_MAX_BYTES (4ull << 30)

/* Parse argv into *o. Answers 0, or -1 with a one-line reason in err. */
int up_unpack_parse(int argc, char **argv, struct up_unpack_opts *o,
                    char *err, size_t errlen);

/* Parse a positive decimal number (digits only, no sign or suffix, no
 * overflow) into *v. Answers 0, or -1. */
int up_parse_count(const char *s, uint64_t *v);

extern const char up_unpack_usage[];

#endif

/* fuzz.h -- what every airlock harness shares.
 *
 * A harness defines LLVMFuzzerTestOneInput (and may define
 * LLVMFuzzerInitialize). Built with clang -fsanitize=fuzzer it is a
 * libFuzzer target; built with gcc and fuzz/replay_main.c it is a replay
 * program that runs every file of the directories it is given.
 *
 * FUZZ_CHECK(cond) asserts a property the contract promises. It is always
 * on (no NDEBUG) and aborts with the file, line and condition, so both
 * libFuzzer and the replay program report it as a crash.
 */
#ifndef AIRLOCK_FUZZ_H
#define AIRLOCK_FUZZ_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__,     \
                    __LINE__, #cond);                                       \
            abort();                                                        \
        }                                                                   \
    } while (0)

/* Little-endian reads of the harness's own (independent of src/core/le.c). */
static inline uint32_t fz_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline uint64_t fz_le64(const uint8_t *p)
{
    return (uint64_t)fz_le32(p) | (uint64_t)fz_le32(p + 4) << 32;
}

/* How many file descriptors the process has open (to find leaks). */
static inline int fz_count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;

    FUZZ_CHECK(d != NULL);
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

#endif

/* num.h -- strict decimal number parsing (src/os). */
#ifndef AIRLOCK_OS_NUM_H
#define AIRLOCK_OS_NUM_H

#include <stdint.h>

/* Parses s as a decimal number: digits only (no sign, no space, no
 * empty string), at most max. Returns 0 with *out set, or -1 (*out
 * unchanged). */
int os_parse_u64(const char *s, uint64_t max, uint64_t *out);

#endif

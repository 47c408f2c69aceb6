/* num.c -- strict decimal number parsing (num.h). */
#include "num.h"

int os_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    unsigned d;
    int rc = -1;

    if (*s == '\0')
        goto out;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9')
            goto out;
        d = (unsigned)(*s - '0');
        if (v > (max - d) / 10)
            goto out;
        v = v * 10 + d;
    }
    *out = v;
    rc = 0;
out:
    return rc;
}

/* rpmstr.c -- strings in a header's data store (RPM.md §3.2). Proven
 * core (see rpm.h). */
#include "rpm.h"

/* One past the first NUL in d[p .. lim-1], or -1 when there is none. */
/*@ requires \valid_read(d + (0 .. lim - 1));
    assigns \nothing;
    ensures spec: \result == RpmStrEnd((uint8_t *)d, p, lim);
    ensures bound: \result == -1 || (p < \result <= lim);
 */
static int64_t str_end(const uint8_t *d, uint32_t p, uint32_t lim)
{
    uint32_t r = p;

    /*@ loop invariant r >= p;
        loop invariant lim >= p ==> r <= lim;
        loop invariant RpmStrEnd((uint8_t *)d, p, lim) == RpmStrEnd((uint8_t *)d, r, lim);
        loop assigns r;
        loop variant lim - r;
     */
    while (r < lim && d[r] != 0)
        r++;
    if (r >= lim)
        return -1;
    return (int64_t)r + 1;
}

int64_t al_rpm_strs_end(const uint8_t *d, uint32_t p, uint32_t n, uint32_t lim)
{
    uint32_t q = p, k = n;
    int64_t e;

    /*@ loop invariant 0 <= k <= n;
        loop invariant p <= q;
        loop invariant k < n ==> q <= lim;
        loop invariant RpmStrsEnd((uint8_t *)d, p, n, lim) == RpmStrsEnd((uint8_t *)d, q, k, lim);
        loop assigns q, k, e;
        loop variant k;
     */
    while (k > 0) {
        e = str_end(d, q, lim);
        if (e < 0)
            return -1;
        q = (uint32_t)e;
        k--;
    }
    return q;
}

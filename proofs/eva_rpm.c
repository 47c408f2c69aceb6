/* eva_rpm.c -- entry point for Eva over the RPM prefix checker (make
 * prove).
 *
 * Eva is non-relational across calls: with the entry count and data size
 * of both headers unknown it cannot tie a data-store index to the end of
 * the buffer, and reports alarms WP has proved impossible. So each shape
 * below fixes the two headers' il and dl (the 8 intro bytes after each
 * magic) and leaves every other byte unknown: lead, magics, every index
 * entry (tag, type, offset, count), every data byte, the padding, and the
 * length n given to the checker (0 .. the shape's full size). The shapes
 * cover one to four signature entries, main headers of one to three
 * entries, strings, padding of 0 to 7 bytes, prefixes cut anywhere, and
 * counts and sizes out of bounds in either header.
 * Eva must report 0 alarms. Not compiled into any program.
 */
#include "__fc_builtin.h"
#include "rpm.h"

#define RPM_MAX 512

static uint8_t rpm_buf[RPM_MAX];
static struct al_rpm_layout lay;

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24 & 0xffu);
    p[1] = (uint8_t)(v >> 16 & 0xffu);
    p[2] = (uint8_t)(v >> 8 & 0xffu);
    p[3] = (uint8_t)(v & 0xffu);
}

/* One shape: signature header of sil entries and sdl data bytes, then
 * the main header of mil entries and mdl data bytes. */
static void shape(uint32_t sil, uint32_t sdl, uint32_t mil, uint32_t mdl)
{
    uint32_t s = 16 + 16 * sil + sdl, m = 96 + s + (8 - s % 8) % 8;
    uint64_t total = (uint64_t)m + 16 + 16 * (uint64_t)mil + mdl;

    Frama_C_make_unknown((char *)rpm_buf, RPM_MAX);
    be32(rpm_buf + 96 + 8, sil);
    be32(rpm_buf + 96 + 12, sdl);
    if (m + 16 <= RPM_MAX) {
        be32(rpm_buf + m + 8, mil);
        be32(rpm_buf + m + 12, mdl);
    }
    if (total > RPM_MAX)
        total = RPM_MAX;
    (void)al_rpm_check(rpm_buf, Frama_C_unsigned_int_interval(0, (uint32_t)total), &lay);
}

int eva_rpm(void)
{
    shape(1, 16, 1, 16);
    shape(2, 21, 2, 24);
    shape(3, 40, 3, 45);
    shape(4, 83, 2, 64);
    /* Out of the bounds of RPM.md §3.5, header by header. */
    shape(33, 16, 1, 16);
    shape(0, 16, 1, 16);
    shape(1, 8, 1, 16);
    shape(1, 262145, 1, 16);
    shape(1, 16, 0, 16);
    shape(1, 16, 1, 8);
    shape(1, 16, 65536, 16);
    shape(1, 16, 2, 67108864);
    return 0;
}

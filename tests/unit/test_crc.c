/* test_crc.c -- the stream CRC (FORMAT.md §11): ISA-L's crc32_gzip_refl,
 * which airlock-unpack and airlock-send use for speed, must equal zlib's
 * crc32() for every length, alignment and split of the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <isa-l/crc.h>
#include <zlib.h>

int main(void)
{
    static unsigned char buf[1 << 16];
    unsigned int seed = 12345;
    int bad = 0;

    for (size_t i = 0; i < sizeof buf; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (unsigned char)(seed >> 16);
    }
    uint32_t check = crc32_gzip_refl(0, (const unsigned char *)"123456789", 9);
    printf("%s - CRC-32 check value of \"123456789\" is 0xcbf43926\n",
           check == 0xcbf43926u ? "ok" : "not ok");
    for (size_t len = 0; len < 3000 && !bad; len += 7)
        for (size_t off = 0; off < 64 && !bad; off += 5) {
            uint32_t a = crc32_gzip_refl(0, buf + off, len);
            uint32_t b = (uint32_t)crc32(0, buf + off, (uInt)len);
            uint32_t split = crc32_gzip_refl(crc32_gzip_refl(0, buf + off, len / 3),
                                             buf + off + len / 3, len - len / 3);
            if (a != b || split != b) {
                printf("not ok - ISA-L CRC equals zlib crc32: len %zu off %zu: %08x %08x %08x\n",
                       len, off, a, b, split);
                bad = 1;
            }
        }
    if (!bad)
        printf("ok - ISA-L CRC equals zlib crc32 over 430x13 lengths, offsets and splits\n");
    uint32_t whole = crc32_gzip_refl(0, buf, sizeof buf);
    printf("%s - 64 KiB buffer: ISA-L %08x, zlib %08lx\n",
           whole == (uint32_t)crc32(0, buf, sizeof buf) ? "ok" : "not ok",
           whole, crc32(0, buf, sizeof buf));
    return 0;
}

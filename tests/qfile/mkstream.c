/* mkstream.c -- test helper: crafted qfile streams, CRCs, result dumps.
 *
 *   airlock-mkstream ITEM...      write a stream built from ITEMs to stdout
 *   airlock-mkstream crc FILE     print the CRC-32 of FILE as 0x%08x
 *   airlock-mkstream result FILE  decode a result (core al_result_decode):
 *                                 "code=N crc=0xX name=NAME" or "malformed=E"
 * ITEMs (numbers in C syntax: 10, 0x1f, 0644):
 *   hdr NAMELEN MODE FILELEN ATIME ANSEC MTIME MNSEC   a raw 32-byte header
 *   name STR          STR and its NUL
 *   bytes STR         STR, with \xHH escapes, no NUL
 *   fill N BYTE       N bytes of value BYTE
 *   file NAME SIZE    a whole entry (NAME may hold \xHH escapes): mode 0100644, times 0x66000000.0,
 *                     SIZE data bytes of a pattern
 *   files N SIZE PFX  N entries PFX00000.rpm ... of SIZE bytes each
 *   end               the end marker, 32 zero bytes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "le.h"
#include "result.h"

static unsigned long long num(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 0);

    if (*s == 0 || *end != 0) {
        fprintf(stderr, "airlock-mkstream: bad number '%s'\n", s);
        exit(2);
    }
    return v;
}

static void hdr(unsigned long long namelen, unsigned long long mode,
                unsigned long long filelen, unsigned long long t, unsigned long long ans,
                unsigned long long mt, unsigned long long mns)
{
    uint8_t h[32];

    al_put_le32(h, (uint32_t)namelen);
    al_put_le32(h + 4, (uint32_t)mode);
    al_put_le64(h + 8, filelen);
    al_put_le32(h + 16, (uint32_t)t);
    al_put_le32(h + 20, (uint32_t)ans);
    al_put_le32(h + 24, (uint32_t)mt);
    al_put_le32(h + 28, (uint32_t)mns);
    fwrite(h, 1, 32, stdout);
}

static void data(unsigned long long size, unsigned seed)
{
    static uint8_t buf[65536];
    size_t i, n;

    for (i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)('a' + (i * 7 + seed) % 26);
    while (size > 0) {
        n = size < sizeof(buf) ? (size_t)size : sizeof(buf);
        fwrite(buf, 1, n, stdout);
        size -= n;
    }
}

/* Decode s with \xHH escapes into out (at most cap bytes); answers the
 * length. */
static size_t unescape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    unsigned v;

    for (; *s != 0 && n < cap; s++) {
        if (s[0] == '\\' && s[1] == 'x' && sscanf(s + 2, "%2x", &v) == 1) {
            out[n++] = (char)v;
            s += 3;
        } else {
            out[n++] = *s;
        }
    }
    return n;
}

static void bytes(const char *s)
{
    static char buf[1 << 16];

    fwrite(buf, 1, unescape(s, buf, sizeof(buf)), stdout);
}

/* A whole entry; name may hold \xHH escapes (no NUL). */
static void file(const char *ename, unsigned long long size, unsigned seed)
{
    char name[1024];
    size_t len = unescape(ename, name, sizeof(name) - 1);

    name[len] = 0;
    hdr(len + 1, 0100644, size, 0x66000000, 0, 0x66000000, 0);
    fwrite(name, 1, len + 1, stdout);
    data(size, seed);
}

static int item(char **a, int left)
{
    char name[300];
    unsigned long long i;

    if (strcmp(a[0], "hdr") == 0 && left >= 8)
        hdr(num(a[1]), num(a[2]), num(a[3]), num(a[4]), num(a[5]), num(a[6]), num(a[7]));
    else if (strcmp(a[0], "name") == 0 && left >= 2)
        fwrite(a[1], 1, strlen(a[1]) + 1, stdout);
    else if (strcmp(a[0], "bytes") == 0 && left >= 2)
        bytes(a[1]);
    else if (strcmp(a[0], "fill") == 0 && left >= 3)
        for (i = num(a[1]); i > 0; i--)
            putchar((int)num(a[2]));
    else if (strcmp(a[0], "file") == 0 && left >= 3)
        file(a[1], num(a[2]), 0);
    else if (strcmp(a[0], "files") == 0 && left >= 4)
        for (i = 0; i < num(a[1]); i++) {
            snprintf(name, sizeof(name), "%s%05llu.rpm", a[3], i);
            file(name, num(a[2]), (unsigned)i);
        }
    else if (strcmp(a[0], "end") == 0)
        hdr(0, 0, 0, 0, 0, 0, 0);
    else
        return -1;
    return 0;
}

static int item_len(const char *w)
{
    return strcmp(w, "hdr") == 0 ? 8 : strcmp(w, "fill") == 0 || strcmp(w, "file") == 0 ? 3 :
           strcmp(w, "files") == 0 ? 4 : strcmp(w, "end") == 0 ? 1 : 2;
}

static int crc_file(const char *path)
{
    static uint8_t buf[1 << 16];
    FILE *f = fopen(path, "rb");
    uLong crc = crc32(0, NULL, 0);
    size_t n;

    if (f == NULL)
        return 2;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        crc = crc32(crc, buf, (uInt)n);
    fclose(f);
    printf("0x%08lx\n", crc);
    return 0;
}

static int result_file(const char *path)
{
    static uint8_t buf[8192];
    struct al_result r;
    FILE *f = fopen(path, "rb");
    size_t n, i;
    uint32_t e;

    if (f == NULL)
        return 2;
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    e = al_result_decode(buf, n, &r);
    if (e != AL_OK) {
        printf("malformed=%u len=%zu\n", e, n);
        return 0;
    }
    printf("code=%u crc=0x%08x ext=%u name=", r.code, r.crc, r.has_ext);
    for (i = 0; i < r.name_len; i++)
        putchar(buf[r.name_off + i]);
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    int i, n;

    if (argc == 3 && strcmp(argv[1], "crc") == 0)
        return crc_file(argv[2]);
    if (argc == 3 && strcmp(argv[1], "result") == 0)
        return result_file(argv[2]);
    for (i = 1; i < argc; i += n) {
        n = item_len(argv[i]);
        if (item(argv + i, argc - i) != 0) {
            fprintf(stderr, "airlock-mkstream: bad item at '%s'\n", argv[i]);
            return 2;
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

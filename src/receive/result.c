/*
 * airlock-result: the result header for airlock-receive, through the
 * proven core's codec (src/core/result.h), so the driver never builds
 * binary wire data in shell.
 *
 *   airlock-result decode FILE
 *       FILE holds a complete result (what airlock-unpack wrote). Print
 *       "CODE CRC" (decimal) on stdout. Exit 0, or 1 if FILE is not a
 *       well-formed result.
 *   airlock-result encode CODE CRC [NAME]
 *       Write the result with error code CODE (an errno value) and CRC,
 *       with the extension carrying NAME when given, to stdout.
 *
 * Exit status 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "result.h"
#include "io.h"
#include "num.h"

#define RES_MAX (AL_RESULT_EXT_SIZE + AL_RESULT_NAME_MAX)

static const char usage[] =
"Usage: airlock-result decode FILE\n"
"       airlock-result encode CODE CRC [NAME]\n"
"decode prints the code and CRC of the result in FILE as \"CODE CRC\";\n"
"encode writes a result header (and extension with NAME) to stdout.\n";

/* A decimal u32 (no sign, no junk, no overflow). */
static int parse_u32(const char *s, uint32_t *out)
{
    uint64_t v;

    if (os_parse_u64(s, 0xffffffffu, &v) != 0)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int do_decode(const char *path)
{
    uint8_t buf[RES_MAX + 1];
    size_t len = 0;
    struct al_result r;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0) {
        fprintf(stderr, "airlock-result: %s: %s\n", path, strerror(errno));
        return 1;
    }
    while (len < sizeof buf) {
        ssize_t n = read(fd, buf + len, sizeof buf - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (len > RES_MAX || al_result_decode(buf, len, &r) != AL_OK) {
        fprintf(stderr, "airlock-result: %s: not a well-formed result (%zu bytes)\n",
                path, len);
        return 1;
    }
    printf("%u %u\n", r.code, r.crc);
    return 0;
}

static int do_encode(int argc, char **argv)
{
    uint8_t buf[RES_MAX];
    uint32_t code, crc;
    size_t name_len = 0, n;

    if (parse_u32(argv[0], &code) != 0 || parse_u32(argv[1], &crc) != 0) {
        fputs(usage, stderr);
        return 2;
    }
    if (argc == 3) {
        name_len = strlen(argv[2]);
        if (name_len > AL_NAME_MAX)
            name_len = AL_NAME_MAX;
    }
    n = al_result_encode(buf, sizeof buf, code, crc, argc == 3 ? 1 : 0,
                         (const uint8_t *)(argc == 3 ? argv[2] : ""),
                         (uint32_t)name_len);
    if (n == 0 || os_write_all(1, buf, n) != 0) {
        fprintf(stderr, "airlock-result: cannot write the result: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "decode") == 0)
        return do_decode(argv[2]);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "encode") == 0)
        return do_encode(argc - 2, argv + 2);
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    fputs(usage, stderr);
    return 2;
}

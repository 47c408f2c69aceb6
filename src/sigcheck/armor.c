/* airlock-sigcheck: decode ASCII-armored key blocks (see armor.h). */
#include "armor.h"

#include <stdlib.h>
#include <string.h>

#define CRC24_INIT 0xb704ceu
#define CRC24_POLY 0x1864cfbu

static uint32_t crc24(const uint8_t *p, size_t n)
{
    uint32_t crc = CRC24_INIT;

    for (size_t i = 0; i < n; i++) {
        crc ^= (uint32_t)p[i] << 16;
        for (int b = 0; b < 8; b++) {
            crc <<= 1;
            if (crc & 0x1000000u)
                crc ^= CRC24_POLY;
        }
    }
    return crc & 0xffffffu;
}

static int b64(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 :
           c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* Decode base64 from S up to the first '=' line start, '-' or NUL; '='
 * padding at the end of a group is allowed. At most CAP bytes go to OUT.
 * Returns bytes written, sets *end to where decoding stopped, -1 on a bad
 * character or more than CAP bytes. */
static long decode64(const char *s, uint8_t *out, size_t cap, const char **end)
{
    uint32_t acc = 0;
    int bits = 0;
    long n = 0;

    for (; *s != '\0' && *s != '-'; s++) {
        if (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
            continue;
        if (*s == '=' && (s[-1] == '\n' || s[-1] == '\r'))
            break;              /* the CRC line */
        if (*s == '=')
            continue;           /* padding */
        if (b64(*s) < 0)
            return -1;
        acc = (acc << 6 | (uint32_t)b64(*s)) & 0xffffffu;
        bits += 6;
        if (bits >= 8) {
            if ((size_t)n == cap)
                return -1;
            bits -= 8;
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    *end = s;
    return n;
}

/* The "=XXXX" CRC line at S, if any, against DATA. 0 or -1. */
static int check_crc(const char *s, const uint8_t *data, size_t n, const char **end)
{
    uint8_t c[4];
    const char *e = s;
    long got;

    *end = s;
    if (*s != '=')
        return 0;
    got = decode64(s + 1, c, sizeof(c), &e);
    *end = e;
    if (got != 3)
        return -1;
    return ((uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2]) == crc24(data, n) ? 0 : -1;
}

uint8_t *sc_armor_decode(const char *text, size_t *len, const char **next, const char **why)
{
    const char *body = strstr(text, "\n\n"), *end = NULL, *crlf = strstr(text, "\r\n\r\n");
    uint8_t *out = NULL;
    size_t cap;
    long n;

    *why = "armor without an empty line after its headers";
    if (crlf != NULL && (body == NULL || crlf < body))
        body = crlf + 2;
    if (body == NULL)
        goto bad;
    body += 2;
    cap = strlen(body) + 1;   /* base64 never decodes to more bytes than it has */
    out = malloc(cap);
    *why = NULL;
    if (out == NULL)
        goto bad;
    *why = "bad base64 or checksum in the armor";
    n = decode64(body, out, cap, &end);
    if (n <= 0 || check_crc(end, out, (size_t)n, &end) != 0)
        goto bad;
    while (*end == '\n' || *end == '\r' || *end == ' ')
        end++;
    *why = "armor without its end line";
    if (strncmp(end, SC_ARMOR_END, strlen(SC_ARMOR_END)) != 0)
        goto bad;
    *len = (size_t)n;
    *next = end + strlen(SC_ARMOR_END);
    return out;
bad:
    free(out);
    return NULL;
}

/* escape.c -- one byte string as printable text and back (escape.h). */
#include "escape.h"

static const char hex[] = "0123456789abcdef";

static int must_escape(uint8_t c)
{
    return c < 0x21 || c >= 0x7f || c == '\\';
}

long os_escape(const uint8_t *b, size_t n, char *out, size_t cap)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        if (cap - o < 5)
            goto too_long;
        if (!must_escape(b[i])) {
            out[o++] = (char)b[i];
            continue;
        }
        out[o++] = '\\';
        out[o++] = 'x';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
    if (cap == 0)
        return -1;
    out[o] = '\0';
    return (long)o;
too_long:
    if (cap > 0)
        out[0] = '\0';
    return -1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

long os_unescape(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    int hi, lo;
    uint8_t c;

    for (; *s != '\0'; s++) {
        if (cap - o < 2)
            return -1;
        c = (uint8_t)*s;
        if (c != '\\') {
            if (must_escape(c))
                return -1;
            out[o++] = (char)c;
            continue;
        }
        if (s[1] != 'x' || (hi = hexval(s[2])) < 0 || (lo = hexval(s[3])) < 0)
            return -1;
        c = (uint8_t)(hi << 4 | lo);
        if (c == 0 || !must_escape(c))
            return -1;
        out[o++] = (char)c;
        s += 3;
    }
    if (cap == 0)
        return -1;
    out[o] = '\0';
    return (long)o;
}

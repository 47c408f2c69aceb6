/* descriptor.c -- qrexec's service descriptor (descriptor.h). */
#include "descriptor.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* One field of the descriptor: len bytes at p (not NUL-terminated). */
struct span {
    const uint8_t *p;
    size_t len;
};

static int span_is(struct span s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

static int is_letter(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_name_char(uint8_t c)
{
    return is_letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

int desc_qube_name(const char *s, size_t len)
{
    const uint8_t *u = (const uint8_t *)s;
    size_t i;

    if (len == 0 || len > DESC_NAME_MAX || !is_letter(u[0]))
        return 0;
    for (i = 1; i < len; i++)
        if (!is_name_char(u[i]))
            return 0;
    /* qubes-core-admin's reserved names, and stubdomains' suffix. */
    if ((len == 8 && memcmp(s, "Domain-0", 8) == 0) ||
        (len == 4 && memcmp(s, "none", 4) == 0) ||
        (len == 7 && memcmp(s, "default", 7) == 0) ||
        (len >= 3 && memcmp(s + len - 3, "-dm", 3) == 0))
        return 0;
    return 1;
}

/* Split the n bytes at b (no NUL among them) into exactly four
 * non-empty fields at single spaces. Answers DESC_OK or DESC_E_FIELDS. */
static int split4(const uint8_t *b, size_t n, struct span f[4])
{
    size_t i, start = 0, k = 0;

    for (i = 0; i <= n; i++) {
        if (i < n && b[i] != ' ')
            continue;
        /* A field ends here: at a space or at the end. */
        if (i == start || k == 4)
            return DESC_E_FIELDS;
        f[k].p = b + start;
        f[k].len = i - start;
        k++;
        start = i + 1;
    }
    return k == 4 ? DESC_OK : DESC_E_FIELDS;
}

/* The service field: qubes.ReceiveUpdates, with at most an empty +. */
static int check_service(struct span s, int *plus)
{
    const size_t n = sizeof(DESC_SERVICE) - 1;

    if (s.len < n || memcmp(s.p, DESC_SERVICE, n) != 0 ||
        (s.len > n && s.p[n] != '+'))
        return DESC_E_SERVICE;
    if (s.len > n + 1)
        return DESC_E_ARGUMENT;
    *plus = s.len == n + 1;
    return DESC_OK;
}

static int check_target(struct span type, struct span target)
{
    if ((span_is(type, "name") && span_is(target, "dom0")) ||
        (span_is(type, "keyword") && span_is(target, "adminvm")))
        return DESC_OK;
    return DESC_E_TARGET;
}

static void copy_field(char *dst, struct span s)
{
    memcpy(dst, s.p, s.len);
    dst[s.len] = '\0';
}

int desc_parse(const uint8_t *untrusted_buf, size_t len, struct desc *out)
{
    struct span f[4];
    int plus = 0;
    int rc = DESC_E_LONG;

    if (len > DESC_MAX)
        goto out;
    rc = DESC_E_NUL;
    if (len == 0 || untrusted_buf[len - 1] != '\0' ||
        memchr(untrusted_buf, '\0', len - 1) != NULL)
        goto out;
    rc = split4(untrusted_buf, len - 1, f);
    if (rc == DESC_OK)
        rc = check_service(f[0], &plus);
    if (rc == DESC_OK && !desc_qube_name((const char *)f[1].p, f[1].len))
        rc = DESC_E_SOURCE;
    if (rc == DESC_OK)
        rc = check_target(f[2], f[3]);
    if (rc != DESC_OK)
        goto out;
    /* Checked: the source is a qube name, the target one of two pairs. */
    copy_field(out->source, f[1]);
    copy_field(out->target_type, f[2]);
    copy_field(out->target, f[3]);
    out->plus = plus;
out:
    return rc;
}

size_t desc_format(const struct desc *d, uint8_t *out, size_t cap)
{
    const char *svc = d->plus ? DESC_SERVICE "+" : DESC_SERVICE;
    const char *parts[4] = { svc, d->source, d->target_type, d->target };
    size_t need = 0, o = 0, i, n;

    for (i = 0; i < 4; i++)
        need += strlen(parts[i]) + 1;   /* a space, or the final NUL */
    if (cap < need)
        return 0;
    for (i = 0; i < 4; i++) {
        n = strlen(parts[i]);
        memcpy(out + o, parts[i], n);
        o += n;
        out[o++] = i < 3 ? ' ' : '\0';
    }
    return o;
}

int desc_read(int fd, uint8_t *buf, size_t cap, size_t *len)
{
    ssize_t n;
    int rc = DESC_OK;

    *len = 0;
    for (;;) {
        if (*len == cap) {
            rc = DESC_E_LONG;
            break;
        }
        /* One byte per read: the stream that follows the NUL belongs to
         * the driver, and a socket gives no way to put bytes back. */
        n = read(fd, buf + *len, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n == 0 ? DESC_E_EOF : DESC_E_READ;
            break;
        }
        if (buf[(*len)++] == '\0')
            break;
    }
    return rc;
}

const char *desc_reason(int err)
{
    static const char *const reasons[DESC_E_COUNT] = {
        [DESC_OK] = "well-formed",
        [DESC_E_READ] = "reading the descriptor failed",
        [DESC_E_EOF] = "the connection ended inside the descriptor",
        [DESC_E_LONG] = "descriptor longer than 256 bytes",
        [DESC_E_NUL] = "descriptor not ended by its only NUL",
        [DESC_E_FIELDS] = "not four fields separated by single spaces",
        [DESC_E_SERVICE] = "not the service qubes.ReceiveUpdates",
        [DESC_E_ARGUMENT] = "qubes.ReceiveUpdates takes no argument",
        [DESC_E_SOURCE] = "the source is not a qube name",
        [DESC_E_TARGET] = "the target is not dom0",
    };

    if (err < 0 || err >= DESC_E_COUNT)
        return "unknown descriptor error";
    return reasons[err];
}

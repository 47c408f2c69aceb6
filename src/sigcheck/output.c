/* airlock-sigcheck: OK/FAIL lines and JSON lines, escaped. */
#include "output.h"

#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "io.h"

static void put_text_escaped(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < 0x20 || *p >= 0x7f || *p == '\\')
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
}

static void put_json_chars(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7f)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
}

static void put_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    put_json_chars(out, s);
    fputc('"', out);
}

void sc_print_text(FILE *out, const char *name, const struct sc_verdict *v)
{
    fputs(v->code == SC_OK ? "OK " : "FAIL ", out);
    put_text_escaped(out, name);
    if (v->code != SC_OK) {
        fprintf(out, ": %s", sc_code_text(v->code));
        if (v->detail[0] != '\0') {
            fputs(" (", out);
            put_text_escaped(out, v->detail);
            fputc(')', out);
        }
    }
    fputc('\n', out);
}

/* The last component of PATH. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

void sc_print_json(FILE *out, const char *name, const struct sc_verdict *v,
                   const struct sc_filesum *sum)
{
    fputs("{\"file\":", out);
    put_json_string(out, name);
    fprintf(out, ",\"ok\":%s,\"code\":", v->code == SC_OK ? "true" : "false");
    put_json_string(out, sc_code_name(v->code));
    fputs(",\"reason\":", out);
    put_json_string(out, sc_code_text(v->code));
    fputs(",\"detail\":", out);
    put_json_string(out, v->detail);
    if (v->code == SC_OK && v->signer[0] != '\0')
        fprintf(out, ",\"signer\":\"%s\"", v->signer);
    if (sum != NULL && v->code == SC_OK && sum->sha256[0] != '\0') {
        fprintf(out, ",\"sha256\":\"%s\",\"crcache\":", sum->sha256);
        fputc('"', out);
        put_json_chars(out, base_name(name));
        fprintf(out, "-%s-%llu-%lld\"", sum->cache_key, sum->installed_size, sum->mtime);
    }
    fputs("}\n", out);
}

/* Append TAB (unless first) and s, escaped, to line at *off. 0, or -1
 * if it does not fit. */
static int put_field(char *line, size_t cap, size_t *off, const char *s, int first)
{
    long n;

    if (!first) {
        if (cap - *off < 2)
            return -1;
        line[(*off)++] = '\t';
    }
    n = os_escape((const uint8_t *)s, strlen(s), line + *off, cap - *off);
    if (n < 0)
        return -1;
    *off += (size_t)n;
    return 0;
}

int sc_write_record(int fd, const char *name, const struct sc_verdict *v,
                    const struct sc_filesum *sum)
{
    char line[SC_RECORD_MAX];
    char cr[512] = "";
    int ok = v->code == SC_OK, have = ok && sum->sha256[0] != '\0';
    const char *f[13];
    size_t off = 0, i;

    if (have)
        snprintf(cr, sizeof cr, "%s-%s-%llu-%lld", base_name(name), sum->cache_key,
                 sum->installed_size, sum->mtime);
    f[0] = "pkg"; f[1] = name; f[2] = ok ? "ok" : "fail"; f[3] = sc_code_name(v->code);
    f[4] = ok ? sum->name : ""; f[5] = ok ? sum->version : "";
    f[6] = ok ? sum->release : ""; f[7] = ok ? sum->arch : "";
    f[8] = ok ? v->signer : ""; f[9] = have ? sum->sha256 : ""; f[10] = cr;
    f[11] = sc_code_text(v->code); f[12] = v->detail;
    for (i = 0; i < 13; i++)
        if (put_field(line, sizeof line - 1, &off, f[i], i == 0) != 0)
            return -1;
    line[off++] = '\n';
    return os_write_all(fd, (const uint8_t *)line, off);
}

/* airlock-sigcheck: OK/FAIL lines and JSON lines, escaped. */
#include "output.h"

#include <string.h>

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

/* status.c -- what the run tells: the result header to the sender (the
 * proven core's codec), STATE_DIR/status.json (schema:
 * status.schema.json), STATE_DIR/error, and the failure path. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io.h"
#include "result.h"
#include "sup.h"

#define RES_MAX (AL_RESULT_EXT_SIZE + AL_RESULT_NAME_MAX)

/* The result header with code and crc (and the extension naming name,
 * an rpm name the sender sent, when not NULL) to the sender on fd 1. */
void answer(uint32_t code, uint32_t crc, const char *name)
{
    uint8_t buf[RES_MAX];
    size_t len = name != NULL ? strlen(name) : 0;
    size_t n;

    if (len > AL_NAME_MAX)
        len = AL_NAME_MAX;
    n = al_result_encode(buf, sizeof buf, code, crc, name != NULL,
                         (const uint8_t *)(name != NULL ? name : ""), (uint32_t)len);
    if (n == 0 || os_write_all(1, buf, n) != 0)
        say(4, "could not send the result to the caller: %s", strerror(errno));
}

/* The unpacker's own result (work/result), byte for byte, decoded first
 * into r->unpack_code and r->crc (r->have_result). */
static size_t read_result(struct run *r, uint8_t *buf)
{
    int fd = openat(r->workfd, "result", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    struct al_result res;
    ssize_t n = fd < 0 ? -1 : read(fd, buf, RES_MAX + 1);

    if (fd >= 0)
        close(fd);
    if (n <= 0 || n > RES_MAX || al_result_decode(buf, (size_t)n, &res) != AL_OK)
        return 0;
    r->have_result = 1;
    r->unpack_code = res.code;
    r->crc = res.crc;
    return (size_t)n;
}

void forward_result(struct run *r)
{
    uint8_t buf[RES_MAX + 1];
    size_t n = read_result(r, buf);

    if (n == 0 || os_write_all(1, buf, n) != 0)
        say(4, "could not forward the unpacker's result: %s", strerror(errno));
}

/* Decode the unpacker's result (if any) without sending it. */
void decode_result(struct run *r)
{
    uint8_t buf[RES_MAX + 1];

    (void)read_result(r, buf);
}

/* STATE_DIR/NAME written whole through NAME.tmp and a rename. */
static FILE *state_open(const struct run *r, const char *name, char *tmp, size_t cap)
{
    snprintf(tmp, cap, "%s/%s.tmp", r->c.state, name);
    unlink(tmp);
    return fopen(tmp, "wxe");
}

static void state_commit(const struct run *r, FILE *f, const char *tmp, const char *name)
{
    char dst[PATH_MAX + 32];

    snprintf(dst, sizeof dst, "%s/%s", r->c.state, name);
    if (fflush(f) != 0 || ferror(f) || fclose(f) != 0 || rename(tmp, dst) != 0) {
        say(4, "cannot write %s: %s", dst, strerror(errno));
        unlink(tmp);
    }
}

void set_error_file(struct run *r, const char *msg)
{
    char tmp[PATH_MAX + 32];
    FILE *f = state_open(r, "error", tmp, sizeof tmp);

    if (f == NULL)
        return;
    fprintf(f, "%s\n", msg);
    state_commit(r, f, tmp, "error");
}

/* s as a JSON string: '"' and '\' escaped, every byte below 0x20 or
 * above 0x7e as \u00HH (one code point per byte, as airlock-sigcheck's
 * --json does). */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p > 0x7e)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* "key":"value", (value may be NULL: null). */
static void json_kv(FILE *f, const char *key, const char *value, int last)
{
    fprintf(f, "\"%s\":", key);
    if (value == NULL)
        fputs("null", f);
    else
        json_str(f, value);
    if (!last)
        fputc(',', f);
}

static void json_package(FILE *f, const struct verdict *v)
{
    fputc('{', f);
    json_kv(f, "file", v->file, 0);
    json_kv(f, "verdict", v->ok ? "verified" : "rejected", 0);
    json_kv(f, "code", v->code, 0);
    json_kv(f, "reason", v->ok ? "" : v->reason, 0);
    json_kv(f, "detail", v->detail, 0);
    json_kv(f, "name", v->ok ? v->name : NULL, 0);
    json_kv(f, "version", v->ok ? v->version : NULL, 0);
    json_kv(f, "release", v->ok ? v->release : NULL, 0);
    json_kv(f, "arch", v->ok ? v->arch : NULL, 0);
    json_kv(f, "signer", v->ok && v->signer[0] ? v->signer : NULL, 0);
    json_kv(f, "sha256", v->ok && v->sha256[0] ? v->sha256 : NULL, 1);
    fputc('}', f);
}

/* The first line of work/NAME that is not empty and is (want 1) or is
 * not (want 0) a confinement line, into out; "" if none. */
static void stage_line(const struct run *r, const char *name, int want, char *out, size_t cap)
{
    int fd = openat(r->workfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "r");

    out[0] = '\0';
    while (f != NULL && fgets(out, (int)cap, f) != NULL &&
           (out[0] == '\n' || (strstr(out, ": confinement: ") != NULL) != want))
        out[0] = '\0';
    out[strcspn(out, "\n")] = '\0';
    if (f != NULL)
        fclose(f);
    else if (fd >= 0)
        close(fd);
}

void stage_message(const struct run *r, const char *name, char *out, size_t cap)
{
    stage_line(r, name, 0, out, cap);
}

void stage_confinement(const struct run *r, const char *name, char *out, size_t cap)
{
    stage_line(r, name, 1, out, cap);
}

static void json_head(FILE *f, const struct run *r, const char *result, const char *error,
                      const char *gen)
{
    char prev[NAME_CAP] = "", msg[512];

    gen_of(r->repofd, "previous", prev, sizeof prev);
    stage_message(r, "unpack.err", msg, sizeof msg);
    fprintf(f, "{\"schema\":\"airlock-receive-status\",\"version\":1,");
    json_kv(f, "result", result, 0);
    json_kv(f, "error", error, 0);
    json_kv(f, "generation", gen, 0);
    json_kv(f, "previous", prev, 0);
    json_kv(f, "caller", r->c.updatevm, 0);
    fprintf(f, "\"files\":%zu,\"bytes\":%llu,\"verified\":%llu,\"rejected\":%llu,", r->nv,
            (unsigned long long)r->nbytes, (unsigned long long)r->nverified,
            (unsigned long long)r->nrejected);
    fprintf(f, "\"unpack\":{\"status\":%d,\"code\":", r->unpack_rc);
    if (r->have_result)
        fprintf(f, "%u", r->unpack_code);
    else
        fputs("null", f);
    fprintf(f, ",\"crc\":%u,", r->crc);
    json_kv(f, "message", msg, 1);
    fputs("},", f);
}

void write_status(struct run *r, const char *result, const char *error, const char *gen)
{
    char tmp[PATH_MAX + 32], fin[32];
    FILE *f = state_open(r, "status.json", tmp, sizeof tmp);
    double t = now(), tr = r->t_recv > 0 ? r->t_recv : t, tv = r->t_verify > 0 ? r->t_verify : t;
    time_t secs = (time_t)t;
    struct tm tm;

    if (f == NULL)
        return;
    strftime(fin, sizeof fin, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&secs, &tm));
    json_head(f, r, result, error, gen);
    fprintf(f, "\"timings\":{\"receive\":%.3f,\"verify\":%.3f,\"publish\":%.3f,\"total\":%.3f},",
            tr - r->t0, tv - tr, t - tv, t - r->t0);
    json_kv(f, "finished", fin, 0);
    fputs("\"packages\":[", f);
    for (size_t i = 0; i < r->nv; i++) {
        if (i > 0)
            fputc(',', f);
        json_package(f, &r->v[i]);
    }
    fputs("]}\n", f);
    state_commit(r, f, tmp, "status.json");
}

/* Nothing published: say so, record it, answer the sender (code 0: the
 * unpacker's own result, forwarded), remove the staging, exit 1. */
void fail(struct run *r, uint32_t code, const char *name, const char *fmt, ...)
{
    char msg[1024], cur[NAME_CAP] = "";
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    stage_kill(&r->unpack);
    stage_kill(&r->check);
    stage_kill(&r->cr);
    gen_of(r->repofd, "current", cur, sizeof cur);
    say(3, "FAILED: %s", msg);
    say(3, "nothing published; the repository still serves %s", cur[0] ? cur : "no generation");
    set_error_file(r, msg);
    decode_result(r);
    write_status(r, "failed", msg, NULL);
    if (code == 0)
        forward_result(r);
    else
        answer(code, r->crc, name);
    remove_run(r);
    exit(EXIT_FAILED);
}

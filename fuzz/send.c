/* send.c -- harness for airlock-send's handling of the receiver's answer
 * (src/send/outcome.h: as_outcome(), over al_result_decode) and of the
 * stream it writes (src/send/stream.h).
 *
 * Input: a 7-byte configuration, then the result bytes.
 *   byte 0   bit 0: the whole stream was written ("complete");
 *            bit 1: also write one entry with stream.c (below);
 *            bit 2: the file shrank: its stat claims 1 + b6 bytes more
 *            than it holds (ENODATA); bit 3: the receiver went away:
 *            the output is a pipe whose reading end is closed (EPIPE)
 *   bytes 1-4 the CRC the sender computed
 *   byte 5   message capacity: 1 + b5 (1..256 bytes)
 *   byte 6   for bit 1: how many of the result bytes also make the name
 *   rest     the result as the receiver sent it
 *
 * as_outcome() must answer AS_EXIT_OK exactly for a well-formed result
 * (as the core decodes it) with code 0, a complete stream and the same
 * CRC; AS_EXIT_REMOTE exactly for a well-formed result with a non-zero
 * code; AS_EXIT_PROTOCOL otherwise. The message must be NUL-terminated
 * within the capacity, printable ASCII only (a hostile name cannot forge
 * terminal output), empty exactly on success.
 *
 * With bit 1, as_send_file() writes an entry into a memfd: the name is the
 * first b6 bytes of the rest (up to a NUL), the data the bytes after it,
 * the mode and times come from bytes 1-4; then as_send_end(). The output
 * must be the §2 layout (header fields, name and NUL, data, 32 zero
 * bytes), its CRC the one stream.c kept, and the core must accept it when
 * the name and mode are acceptable.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz.h"
#include "model.h"
#include "outcome.h"
#include "result.h"
#include "stream.h"

static void check_outcome(const uint8_t *b, size_t len, uint32_t crc_sent,
                          int complete, size_t cap)
{
    char *msg = malloc(cap);
    struct al_result r;
    uint32_t e = al_result_decode(b, len, &r);
    int rc, want;
    size_t i, n;

    FUZZ_CHECK(msg != NULL);
    memset(msg, 'X', cap);
    rc = as_outcome(b, len, crc_sent, complete, msg, cap);
    if (e == AL_OK && r.code != 0)
        want = AS_EXIT_REMOTE;
    else if (e == AL_OK && complete && r.crc == crc_sent)
        want = AS_EXIT_OK;
    else
        want = AS_EXIT_PROTOCOL;
    FUZZ_CHECK(rc == want);
    n = strnlen(msg, cap);
    FUZZ_CHECK(n < cap);
    FUZZ_CHECK((n == 0) == (rc == AS_EXIT_OK) || cap == 1);
    for (i = 0; i < n; i++)
        FUZZ_CHECK(msg[i] >= 0x20 && msg[i] < 0x7f);
    free(msg);
}

/* The sender's two failures: the file shrank (as_send_file answers -2,
 * errno ENODATA), or the receiver closed the stream (-1, o.err EPIPE, from
 * the flush of as_send_end at the latest). */
static void check_failures(const struct stat *st, int in, const char *name,
                           int gone)
{
    struct as_out o;
    int p[2], rc;
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);

    FUZZ_CHECK(pipe2(p, O_CLOEXEC) == 0);
    if (gone)
        close(p[0]);
    FUZZ_CHECK(as_out_init(&o, p[1]) == 0);
    errno = 0;
    rc = as_send_file(&o, in, st, name);
    if (!gone) {
        FUZZ_CHECK(rc == -2 && errno == ENODATA);
    } else {
        if (rc == 0)
            rc = as_send_end(&o);
        FUZZ_CHECK(rc == -1 && o.err == EPIPE);
    }
    as_out_free(&o);
    close(p[1]);
    if (!gone)
        close(p[0]);
    signal(SIGPIPE, old);
}

static void check_stream(const uint8_t *d, size_t size)
{
    size_t want_name = d[6], nl = 0, dlen, total, i;
    const uint8_t *rest = d + 7, *data;
    size_t rlen = size - 7;
    char *name;
    struct stat st;
    struct as_out o;
    int in, out;
    uint8_t *got;
    uint32_t mode;

    while (nl < want_name && nl < rlen && nl < 300 && rest[nl] != 0)
        nl++;
    data = rest + nl;
    dlen = rlen - nl;
    name = malloc(nl + 1);
    FUZZ_CHECK(name != NULL);
    memcpy(name, rest, nl);
    name[nl] = 0;

    in = memfd_create("fuzz-send-in", MFD_CLOEXEC);
    FUZZ_CHECK(in >= 0);
    FUZZ_CHECK(dlen == 0 || write(in, data, dlen) == (ssize_t)dlen);
    FUZZ_CHECK(lseek(in, 0, SEEK_SET) == 0);
    FUZZ_CHECK(fstat(in, &st) == 0);
    /* Mode and times as a sender's stat could give them. */
    mode = fz_le32(d + 1);
    st.st_mode = (mode_t)((mode & 1u) ? (0100000u | (mode >> 16 & 07777u)) : mode);
    st.st_atim.tv_sec = (time_t)fz_le32(d + 1);
    st.st_atim.tv_nsec = (long)(fz_le32(d + 1) % 1000000000u);
    st.st_mtim.tv_sec = (time_t)(fz_le32(d + 1) ^ 0x5a5a5a5au);
    st.st_mtim.tv_nsec = (long)(d[2] * 3906250L);
    if (d[0] & 4) {
        st.st_size += 1 + d[6];
        check_failures(&st, in, name, 0);
    } else if (d[0] & 8) {
        check_failures(&st, in, name, 1);
    }
    if (d[0] & 12) {
        free(name);
        close(in);
        return;
    }
    out = memfd_create("fuzz-send-out", MFD_CLOEXEC);
    FUZZ_CHECK(out >= 0);

    FUZZ_CHECK(as_out_init(&o, out) == 0);
    FUZZ_CHECK(as_send_file(&o, in, &st, name) == 0);
    FUZZ_CHECK(as_send_end(&o) == 0);
    total = AL_HDR_SIZE + nl + 1 + dlen + AL_HDR_SIZE;
    FUZZ_CHECK(o.written == total);
    as_out_free(&o);

    got = malloc(total);
    FUZZ_CHECK(got != NULL);
    FUZZ_CHECK(pread(out, got, total + 1, 0) == (ssize_t)total);
    FUZZ_CHECK(o.crc == (uint32_t)crc32_z(crc32_z(0, NULL, 0), got, total));
    FUZZ_CHECK(fz_le32(got) == nl + 1);
    FUZZ_CHECK(fz_le32(got + 4) == (uint32_t)st.st_mode);
    FUZZ_CHECK(fz_le64(got + 8) == dlen);
    FUZZ_CHECK(fz_le32(got + 16) == (uint32_t)st.st_atim.tv_sec);
    FUZZ_CHECK(fz_le32(got + 20) == (uint32_t)st.st_atim.tv_nsec);
    FUZZ_CHECK(fz_le32(got + 24) == (uint32_t)st.st_mtim.tv_sec);
    FUZZ_CHECK(fz_le32(got + 28) == (uint32_t)st.st_mtim.tv_nsec);
    FUZZ_CHECK(memcmp(got + AL_HDR_SIZE, name, nl + 1) == 0);
    FUZZ_CHECK(memcmp(got + AL_HDR_SIZE + nl + 1, data, dlen) == 0);
    for (i = total - AL_HDR_SIZE; i < total; i++)
        FUZZ_CHECK(got[i] == 0);
    /* The core accepts what the sender wrote, when the entry is one §9
     * accepts (portable policy: any printable name). */
    if (nl + 1 >= AL_NAMELEN_MIN && nl + 1 <= AL_NAMELEN_MAX &&
        ref_entry(got, got + AL_HDR_SIZE, AL_NAMES_PORTABLE, 0, 0, 1,
                  UINT64_MAX) == AL_OK) {
        struct model m;
        model_parse(AL_NAMES_PORTABLE, 1, UINT64_MAX, got, total, &m);
        FUZZ_CHECK(m.verdict == AL_OK && m.n == 1);
        model_free(&m);
    }
    free(got);
    free(name);
    close(in);
    close(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 7)
        return 0;
    check_outcome(data + 7, size - 7, fz_le32(data + 1), data[0] & 1,
                  1 + (size_t)data[5]);
    if (data[0] & 2)
        check_stream(data, size);
    return 0;
}

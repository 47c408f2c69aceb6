/* unpack.c -- harness for the whole receive path of airlock-unpack: the
 * shell (src/unpack/receive.c, store.c, errmap.c, describe.c, fdio.c) on
 * top of the core, writing real files.
 *
 * Input: an 8-byte configuration, k read sizes, then the stream.
 *   byte 0   bit 0 name policy; bits 1-2 limits (as fuzz/parser.c, see
 *            fz_limits in model.h); bit 3: before receiving, put a symlink
 *            "../escape" in DIR under the first entry's name; bit 4:
 *            inject a read error (EIO) at stream offset b5 | b6 << 8;
 *            bit 5: the result write fails (EPIPE); bit 6: use the
 *            file-descriptor transport of fdio.c over pipes instead of
 *            the memory transport (bit 4 and the read sizes then do not
 *            apply; bit 5 closes the result pipe's reading end: EPIPE);
 *            bit 7: limit the size of every file written to
 *            b5 | b6 << 8 bytes (RLIMIT_FSIZE: the write that crosses it
 *            fails with EFBIG, a write error of the store at an offset
 *            the input chooses; bit 4 then does not apply)
 *   bytes 1-3 limit parameters
 *   byte 4   the receive loop's read size (0: its default, 1 MiB)
 *   bytes 5-6 read error offset, or file size limit
 *   byte 7   k = b7 % 16 read sizes follow; the memory transport answers
 *            each read with at most the next size (0: all it is asked)
 *   rest     the qfile stream
 *
 * Every input gets a fresh directory RUN/d (RUN under $AIRLOCK_FUZZ_TMP,
 * default /dev/shm). After up_receive() the harness checks, against the
 * model of fuzz/model.h and the outcome rules of receive.h:
 *   - the outcome, the errno sent (errmap.h's table, restated here), the
 *     core error, the bytes consumed, their CRC-32, the name reported;
 *   - the result bytes written: one write, decoded by the core, carrying
 *     the same code, CRC and name;
 *   - RUN holds nothing but d (nothing escaped, the symlink was not
 *     followed), and d holds exactly the files stored: the first `files`
 *     entries, each complete (size, bytes, mode 0644, mtime), no partial
 *     or extra file;
 *   - no file descriptor leaked;
 *   - up_recv_describe() writes one NUL-terminated line of printable
 *     ASCII within the capacity given.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz.h"
#include "model.h"
#include "fdio.h"
#include "receive.h"
#include "result.h"

struct mem_io {
    const uint8_t *s;
    size_t len, pos;
    const uint8_t *sizes;
    size_t k, i;
    size_t err_at;         /* SIZE_MAX: no read error */
    int eof_seen;
    int write_fail;
    int writes;
    uint8_t out[AL_RESULT_EXT_SIZE + AL_NAME_MAX];
    size_t out_len;
};

static ssize_t mem_read(void *ctx, uint8_t *buf, size_t len)
{
    struct mem_io *io = ctx;
    size_t n = len;

    FUZZ_CHECK(len > 0);
    FUZZ_CHECK(!io->eof_seen);   /* no read after end of input */
    if (io->pos == io->len) {
        io->eof_seen = 1;
        return 0;
    }
    if (io->pos >= io->err_at) {
        errno = EIO;
        return -1;
    }
    if (io->k > 0 && io->sizes[io->i++ % io->k] != 0)
        n = io->sizes[(io->i - 1) % io->k];
    if (n > len)
        n = len;
    if (n > io->len - io->pos)
        n = io->len - io->pos;
    if (io->err_at != SIZE_MAX && n > io->err_at - io->pos)
        n = io->err_at - io->pos;
    memcpy(buf, io->s + io->pos, n);
    io->pos += n;
    return (ssize_t)n;
}

static int mem_write_all(void *ctx, const uint8_t *buf, size_t len)
{
    struct mem_io *io = ctx;

    FUZZ_CHECK(io->writes == 0);  /* the result is written once */
    FUZZ_CHECK(len <= sizeof io->out);
    io->writes++;
    memcpy(io->out, buf, len);
    io->out_len = len;
    if (io->write_fail) {
        errno = EPIPE;
        return -1;
    }
    return 0;
}

static char base[64];

static void cleanup_base(void)
{
    if (base[0])
        rmdir(base);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *tmp = getenv("AIRLOCK_FUZZ_TMP");
    struct stat st;

    (void)argc;
    (void)argv;
    if (tmp == NULL)
        tmp = stat("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0 ?
              "/dev/shm" : "/tmp";
    snprintf(base, sizeof base, "%.40s/airlock-fuzz.XXXXXX", tmp);
    FUZZ_CHECK(mkdtemp(base) != NULL);
    atexit(cleanup_base);
    return 0;
}

/* errmap.h's table, restated. */
static uint32_t errno_for(uint32_t up_error)
{
    switch (up_error) {
    case AL_E_NAME_NUL:
    case AL_E_NAME_POLICY:
        return EILSEQ;
    case AL_E_FILES:
    case AL_E_BYTES:
        return EDQUOT;
    case AL_E_TRUNCATED:
        return EREMOTEIO;
    default:
        return EINVAL;
    }
}

static int entry_error(uint32_t e)
{
    return e == AL_E_NAME_NUL || e == AL_E_NAME_POLICY || e == AL_E_MODE ||
           e == AL_E_NSEC || e == AL_E_FILES || e == AL_E_BYTES;
}

static const uint8_t *ename(const uint8_t *s, const struct model_entry *e)
{
    return s + e->hdr_off + AL_HDR_SIZE;
}

static size_t ename_len(const uint8_t *s, const struct model_entry *e)
{
    return fz_le32(s + e->hdr_off) - 1;
}

/* Is all the data of e within the first pos stream bytes? (filelen may be
 * near 2^64: no sum that could wrap.) */
static int done_by(const struct model_entry *e, size_t pos)
{
    return e->data_off <= pos && e->filelen <= pos - e->data_off;
}

/* Check DIR against the first nfiles entries; extra names allowed: the
 * symlink (when made). Removes everything it finds. */
static void check_dir(int dirfd, const uint8_t *s, const struct model *m,
                      size_t nfiles, const char *symlink_name)
{
    DIR *d;
    struct dirent *de;
    size_t seen = 0, i;
    int fd = dup(dirfd);

    FUZZ_CHECK(fd >= 0);
    d = fdopendir(fd);
    FUZZ_CHECK(d != NULL);
    while ((de = readdir(d)) != NULL) {
        struct stat st;
        const struct model_entry *e = NULL;

        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (symlink_name != NULL && strcmp(de->d_name, symlink_name) == 0) {
            FUZZ_CHECK(fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0);
            FUZZ_CHECK(S_ISLNK(st.st_mode));
            FUZZ_CHECK(unlinkat(dirfd, de->d_name, 0) == 0);
            continue;
        }
        for (i = 0; i < nfiles; i++) {
            size_t nl = ename_len(s, &m->e[i]);
            if (strlen(de->d_name) == nl &&
                memcmp(de->d_name, ename(s, &m->e[i]), nl) == 0) {
                e = &m->e[i];
                break;
            }
        }
        if (e == NULL) {
            fprintf(stderr, "unexpected file in DIR: '%s'\n", de->d_name);
            FUZZ_CHECK(e != NULL);
        }
        seen++;
        FUZZ_CHECK(fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0);
        FUZZ_CHECK(S_ISREG(st.st_mode));
        FUZZ_CHECK((st.st_mode & 07777) == 0644);
        FUZZ_CHECK((uint64_t)st.st_size == e->filelen);
        FUZZ_CHECK((uint64_t)st.st_mtim.tv_sec == fz_le32(s + e->hdr_off + 24));
        FUZZ_CHECK((uint64_t)st.st_mtim.tv_nsec == fz_le32(s + e->hdr_off + 28));
        if (e->filelen > 0) {
            int f = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            uint8_t *got = malloc(e->filelen);
            FUZZ_CHECK(f >= 0 && got != NULL);
            FUZZ_CHECK(read(f, got, e->filelen) == (ssize_t)e->filelen);
            FUZZ_CHECK(memcmp(got, s + e->data_off, e->filelen) == 0);
            free(got);
            close(f);
        }
        FUZZ_CHECK(unlinkat(dirfd, de->d_name, 0) == 0);
    }
    closedir(d);
    FUZZ_CHECK(seen == nfiles);
}

/* RUN must hold only d (and nothing named escape). */
static void check_run(const char *run)
{
    DIR *d = opendir(run);
    struct dirent *de;

    FUZZ_CHECK(d != NULL);
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
            strcmp(de->d_name, "d") == 0)
            continue;
        fprintf(stderr, "file outside DIR: '%s'\n", de->d_name);
        FUZZ_CHECK(0);
    }
    closedir(d);
}

static void check_describe(const struct up_recv_report *rep, size_t cap)
{
    char *out = malloc(cap);
    size_t i, n;

    FUZZ_CHECK(out != NULL);
    memset(out, 'X', cap);
    up_recv_describe(rep, out, cap);
    n = strnlen(out, cap);
    FUZZ_CHECK(n < cap);
    for (i = 0; i < n; i++)
        FUZZ_CHECK(out[i] >= 0x20 && out[i] < 0x7f);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct up_recv_config cfg;
    struct up_recv_report rep;
    struct up_transport t;
    struct mem_io io;
    struct up_fdio fio;
    struct model m;
    const uint8_t *s;
    size_t len, k, i, stop_entry, stop, nfiles = 0;
    uint64_t bytes = 0;
    char run[96], dir[100], symlink_name[AL_NAME_MAX + 1];
    int dirfd, rc, fds, use_pipes, made_symlink = 0;
    int in_pipe[2] = { -1, -1 }, out_pipe[2] = { -1, -1 };
    uint32_t want_code, want_al;
    int via_read_error = 0, trailing_ok = 0, stop_errno, fsize_mode;
    size_t efbig_entry = SIZE_MAX, efbig_lo = 0, efbig_hi = 0;
    uint64_t fsize;
    struct rlimit old_lim, lim;
    void (*old_xfsz)(int) = SIG_DFL, (*old_pipe)(int) = SIG_DFL;

    if (size < 8)
        return 0;
    fsize = (uint64_t)data[5] | (uint64_t)data[6] << 8;
    k = data[7] % 16u;
    if (size < 8 + k)
        return 0;
    if (base[0] == 0)
        LLVMFuzzerInitialize(NULL, NULL);
    s = data + 8 + k;
    len = size - 8 - k;
    use_pipes = (data[0] >> 6) & 1;
    if (use_pipes && len > 60000)
        use_pipes = 0;

    cfg.policy = data[0] & 1u;
    fz_limits(data, &cfg.max_files, &cfg.max_bytes);
    cfg.bufsize = data[4];
    model_parse(cfg.policy, cfg.max_files, cfg.max_bytes, s, len, &m);

    memset(&io, 0, sizeof io);
    io.s = s;
    io.len = len;
    io.sizes = data + 8;
    io.k = k;
    io.err_at = SIZE_MAX;
    fsize_mode = !use_pipes && (data[0] & 0x80);
    if (!use_pipes && !fsize_mode && (data[0] & 0x10))
        io.err_at = (size_t)data[5] | (size_t)data[6] << 8;
    io.write_fail = (data[0] & 0x20) != 0;

    /* A fresh RUN/d. */
    fds = fz_count_fds();
    snprintf(run, sizeof run, "%s/run", base);
    snprintf(dir, sizeof dir, "%s/d", run);
    FUZZ_CHECK(mkdir(run, 0700) == 0);
    FUZZ_CHECK(mkdir(dir, 0700) == 0);
    dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    FUZZ_CHECK(dirfd >= 0);

    /* Where the receive must stop: an entry whose name is already taken
     * (EEXIST), else the model's verdict. */
    stop_entry = m.n;
    stop_errno = EEXIST;
    for (i = 0; i < m.n && stop_entry == m.n; i++) {
        size_t j, nl = ename_len(s, &m.e[i]);
        if (nl > 255) {
            /* The rpm policy admits names of up to 260 bytes (§8.1), no
             * Linux file system stores more than 255 (NAME_MAX): the
             * kernel refuses the name, and the receiver passes that on. */
            stop_entry = i;
            stop_errno = ENAMETOOLONG;
            break;
        }
        if (i == 0 && (data[0] & 0x08)) {
            memcpy(symlink_name, ename(s, &m.e[0]), nl);
            symlink_name[nl] = 0;
            FUZZ_CHECK(symlinkat("../escape", dirfd, symlink_name) == 0);
            made_symlink = 1;
            stop_entry = 0;
        }
        for (j = 0; j < i; j++)
            if (ename_len(s, &m.e[j]) == nl &&
                memcmp(ename(s, &m.e[j]), ename(s, &m.e[i]), nl) == 0)
                stop_entry = i;
    }
    stop = stop_entry < m.n ? m.e[stop_entry].data_off : m.consumed;
    if (stop_entry < m.n) {
        want_code = (uint32_t)stop_errno;
        want_al = AL_OK;
    } else {
        want_al = m.verdict;
        want_code = m.verdict == AL_OK ? 0 : errno_for(m.verdict);
        trailing_ok = m.verdict == AL_E_TRAILING;
    }
    if (io.err_at < stop) {
        stop = io.err_at;
        want_code = EIO;
        want_al = AL_OK;
        via_read_error = 1;
        trailing_ok = 0;
    }
    /* The first entry before the stop with a data byte past the file size
     * limit fed: its write fails with EFBIG somewhere between that byte
     * and the end of the data fed (the read sizes decide where). */
    if (fsize_mode) {
        for (i = 0; i < stop_entry && efbig_entry == SIZE_MAX; i++) {
            if (m.e[i].filelen > fsize && m.e[i].data_off + fsize < stop) {
                efbig_entry = i;
                efbig_lo = m.e[i].data_off + (size_t)fsize + 1;
                efbig_hi = done_by(&m.e[i], stop) ?
                           m.e[i].data_off + (size_t)m.e[i].filelen : stop;
            }
        }
        if (efbig_entry != SIZE_MAX) {
            want_code = EFBIG;
            want_al = AL_OK;
            trailing_ok = 0;
        }
    }

    if (use_pipes) {
        FUZZ_CHECK(pipe2(in_pipe, O_CLOEXEC) == 0 && pipe2(out_pipe, O_CLOEXEC) == 0);
        fcntl(in_pipe[1], F_SETPIPE_SZ, 65536);
        FUZZ_CHECK(len == 0 || write(in_pipe[1], s, len) == (ssize_t)len);
        close(in_pipe[1]);
        fio.in_fd = in_pipe[0];
        fio.out_fd = out_pipe[1];
        if (io.write_fail) {
            close(out_pipe[0]);
            out_pipe[0] = -1;
            old_pipe = signal(SIGPIPE, SIG_IGN);
        }
        up_fdio_transport(&fio, &t);
    } else {
        t.ctx = &io;
        t.read = mem_read;
        t.write_all = mem_write_all;
    }

    if (fsize_mode) {
        /* EFBIG, not the signal (libFuzzer's own handler would report a
         * crash), for the time of the call only. */
        old_xfsz = signal(SIGXFSZ, SIG_IGN);
        FUZZ_CHECK(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
        lim = old_lim;
        lim.rlim_cur = fsize;
        FUZZ_CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    }
    rc = up_receive(dirfd, &t, &cfg, &rep);
    if (use_pipes && io.write_fail)
        signal(SIGPIPE, old_pipe);
    if (fsize_mode) {
        FUZZ_CHECK(setrlimit(RLIMIT_FSIZE, &old_lim) == 0);
        signal(SIGXFSZ, old_xfsz);
    }
    if (efbig_entry != SIZE_MAX) {
        FUZZ_CHECK(rep.offset >= efbig_lo && rep.offset <= efbig_hi);
        FUZZ_CHECK(rep.op != NULL && strcmp(rep.op, "write") == 0);
        stop = (size_t)rep.offset;
        stop_entry = efbig_entry;
    }

    if (use_pipes) {
        ssize_t n;
        close(in_pipe[0]);
        close(out_pipe[1]);
        io.writes = 1;
        if (out_pipe[0] >= 0) {
            n = read(out_pipe[0], io.out, sizeof io.out);
            FUZZ_CHECK(n >= 0);
            io.out_len = (size_t)n;
            close(out_pipe[0]);
        }
    }

    /* The outcome. A TRAILING stream whose end marker ended a read is
     * accepted: the receiver answers right after the end marker (FACTS §1)
     * and never sees what follows. */
    if (trailing_ok && rep.code == 0) {
        want_code = 0;
        want_al = AL_OK;
    }
    if (rep.code != want_code)
        fprintf(stderr, "code %u, expected %u (up_error %u, op %s)\n", rep.code,
                want_code, rep.up_error, rep.op ? rep.op : "-");
    FUZZ_CHECK(rep.code == want_code);
    FUZZ_CHECK(rep.up_error == want_al);
    FUZZ_CHECK(rep.offset == stop);
    FUZZ_CHECK(rep.crc == (uint32_t)crc32_z(crc32_z(0, NULL, 0), s, stop));
    if (want_code != 0 && want_al == AL_OK)
        FUZZ_CHECK(rep.op != NULL);
    if (via_read_error)
        FUZZ_CHECK(rep.op != NULL && strcmp(rep.op, "read") == 0);
    if (io.write_fail) {
        FUZZ_CHECK(rc == AL_RECV_NO_RESULT && rep.result_errno == EPIPE);
    } else {
        FUZZ_CHECK(rc == (want_code == 0 ? AL_RECV_OK : AL_RECV_FAILED));
        FUZZ_CHECK(rep.result_errno == 0);
    }

    /* Files stored: every entry before the stop whose data is complete
     * by then (the receive loop commits a file as soon as its data ends,
     * not at the next read). */
    for (i = 0; i < stop_entry; i++) {
        if (done_by(&m.e[i], stop)) {
            nfiles++;
            bytes += m.e[i].filelen;
        }
    }
    if (rep.files != nfiles)
        fprintf(stderr, "files %llu, expected %zu (code %u, offset %llu, stop %zu)\n", (unsigned long long)rep.files, nfiles, rep.code, (unsigned long long)rep.offset, stop);
    FUZZ_CHECK(rep.files == nfiles);
    FUZZ_CHECK(rep.bytes == bytes);

    /* The name reported. */
    if (want_al != AL_OK && entry_error(want_al)) {
        size_t nl = fz_le32(s + m.fail_off) - 1;
        FUZZ_CHECK(rep.name_is_entry == 1 && rep.name_len == nl);
        FUZZ_CHECK(memcmp(rep.name, s + m.fail_off + AL_HDR_SIZE, nl) == 0);
    } else {
        /* The last entry whose ENTRY event came, if any. */
        long last = -1;
        for (i = 0; i < m.n && i <= stop_entry; i++)
            if (m.e[i].data_off <= stop)
                last = (long)i;
        if (last < 0) {
            FUZZ_CHECK(rep.name_len == 0 && rep.name_is_entry == 0);
        } else {
            const struct model_entry *e = &m.e[last];
            int committed = (size_t)last < stop_entry && done_by(e, stop);
            FUZZ_CHECK(rep.name_len == ename_len(s, e));
            FUZZ_CHECK(memcmp(rep.name, ename(s, e), rep.name_len) == 0);
            FUZZ_CHECK(rep.name_is_entry == !committed);
        }
    }

    /* The result bytes (none when the pipe was closed). */
    FUZZ_CHECK(io.writes == 1);
    if (!(use_pipes && io.write_fail)) {
        struct al_result r;
        FUZZ_CHECK(al_result_decode(io.out, io.out_len, &r) == AL_OK);
        FUZZ_CHECK(r.code == rep.code && r.crc == rep.crc);
        FUZZ_CHECK(r.has_ext == 1 && r.name_len == rep.name_len);
        FUZZ_CHECK(memcmp(io.out + r.name_off, rep.name, r.name_len) == 0);
    }

    /* The file system. */
    check_dir(dirfd, s, &m, nfiles, made_symlink ? symlink_name : NULL);
    close(dirfd);
    check_run(run);
    FUZZ_CHECK(fz_count_fds() == fds);
    FUZZ_CHECK(rmdir(dir) == 0);
    FUZZ_CHECK(rmdir(run) == 0);

    check_describe(&rep, 1 + (size_t)data[5] % 128u * 8u);
    model_free(&m);
    return 0;
}

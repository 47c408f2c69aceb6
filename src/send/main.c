/* main.c -- airlock-send FILE...: the UpdateVM side of the qfile stream.
 *
 * Checks every FILE first (inputs.c), writes the stream to fd 1
 * (stream.c), then keeps fd 1 open and reads the receiver's result from
 * fd 0 until end of input, and judges it (outcome.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "inputs.h"
#include "outcome.h"
#include "progress.h"
#include "result.h"
#include "stream.h"

static const char usage[] = "usage: airlock-send [--progress] FILE...\n";

static const char help_text[] =
    "Send the regular FILEs (under their base names) as a qfile stream on\n"
    "fd 1, then read the receiver's result on fd 0 (fd 1 stays open until\n"
    "then), check its CRC and report the outcome.\n"
    "\n"
    "  --progress  report progress on stderr (default: only on a terminal)\n"
    "  --help      print this text and exit\n"
    "  --version   print the version and exit\n"
    "\n"
    "Directories, symbolic links and special files are refused before\n"
    "anything is sent. A failure reported by the receiver is printed with\n"
    "its reason and the last file it names.\n"
    "\n"
    "Exit status: 0 success (CRC checked); 1 the receiver reported an error;\n"
    "2 usage error or a FILE refused, nothing sent; 3 reading a FILE or\n"
    "writing the stream failed; 4 no result, a malformed result, or a CRC\n"
    "mismatch.\n";

struct send {
    struct as_out out;
    struct as_progress prog;
    char **files;
    int nfiles;
    int complete;       /* the end marker was written */
    char err[512];
};

/* Send one file. Answers 0, -1 when the stream broke, -2 with s->err set
 * when the file could not be read. */
static int send_one(struct send *s, const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    int rc = -2;

    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(s->err, sizeof(s->err), "%s: %s", path,
                 fd < 0 || errno != 0 ? strerror(errno) : "not a regular file");
        goto out;
    }
    rc = as_send_file(&s->out, fd, &st, as_base_name(path));
    if (rc == -2)
        snprintf(s->err, sizeof(s->err), "%s: %s", path,
                 errno == ENODATA ? "file shrank while being sent" : strerror(errno));
out:
    if (fd >= 0)
        close(fd);
    return rc;
}

static int send_all(struct send *s)
{
    int i;
    int rc = 0;

    for (i = 0; i < s->nfiles && rc == 0; i++) {
        errno = 0;
        rc = send_one(s, s->files[i]);
        as_progress_report(&s->prog, i + 1, s->out.written + s->out.fill);
    }
    if (rc == 0)
        rc = as_send_end(&s->out);
    s->complete = rc == 0;
    if (s->complete)
        as_progress_report(&s->prog, s->nfiles, s->out.written);
    as_progress_end(&s->prog);
    return rc;
}

/* Read fd until end of input; more than cap bytes is left to the decoder
 * to reject (it sees cap bytes of a longer result). */
static size_t read_result(int fd, uint8_t *buf, size_t cap)
{
    size_t len = 0;
    ssize_t n;

    while (len < cap) {
        n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    return len;
}

/* Options before the files: --progress, --help, --version, --. Answers
 * the index of the first file, or -1 for a usage error, 0 for --help, -2
 * for --version. */
static int parse(int argc, char **argv, struct send *s)
{
    int i;

    for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--") == 0)
            return i + 1;
        if (strcmp(argv[i], "--help") == 0)
            return 0;
        if (strcmp(argv[i], "--version") == 0)
            return -2;
        if (strcmp(argv[i], "--progress") != 0)
            return -1;
        s->prog.on = 1;
    }
    return i;
}

/* After a local failure: end the stream early so the receiver answers
 * (and stores nothing of the broken file), then read that answer. */
static int abort_stream(struct send *s, uint8_t *res, size_t cap)
{
    fprintf(stderr, "airlock-send: %s\n", s->err);
    close(1);
    (void)read_result(0, res, cap);
    return AS_EXIT_LOCAL;
}

/* Judge the result; say why on stderr. A broken stream other than the
 * receiver hanging up (EPIPE) is a local failure unless the receiver said
 * why. */
static int report(struct send *s, const uint8_t *res, size_t len)
{
    char msg[1024];
    int rc = as_outcome(res, len, s->out.crc, s->complete, msg, sizeof(msg));

    if (!s->complete && s->out.err != EPIPE && rc != AS_EXIT_REMOTE) {
        fprintf(stderr, "airlock-send: writing the stream: %s\n",
                strerror(s->out.err));
        rc = AS_EXIT_LOCAL;
    } else if (msg[0] != 0) {
        fprintf(stderr, "airlock-send: %s\n", msg);
    }
    return rc;
}

int main(int argc, char **argv)
{
    static uint8_t res[AL_RESULT_EXT_SIZE + AL_RESULT_NAME_MAX + 1];
    struct send s = { .prog = { .tty = isatty(2) } };
    int first = parse(argc, argv, &s);
    int rc = AS_EXIT_USAGE;

    if (first == -2) {
        printf("airlock-send %s\n", AIRLOCK_VERSION);
        rc = AS_EXIT_OK;
        goto out;
    }
    if (first <= 0) {
        fputs(usage, first == 0 ? stdout : stderr);
        fputs(first == 0 ? help_text : "", stdout);
        rc = first == 0 ? AS_EXIT_OK : AS_EXIT_USAGE;
        goto out;
    }
    s.files = argv + first;
    s.nfiles = argc - first;
    s.prog.on |= s.prog.tty;
    s.prog.files_total = s.nfiles;
    s.prog.bytes_total = AL_HDR_SIZE;   /* the end marker */
    if (as_check_inputs(s.files, s.nfiles, &s.prog.bytes_total, s.err, sizeof(s.err)) != 0) {
        fprintf(stderr, "airlock-send: %s; nothing sent\n", s.err);
        goto out;
    }
    signal(SIGPIPE, SIG_IGN);
    rc = AS_EXIT_LOCAL;
    if (as_out_init(&s.out, 1) != 0) {
        fprintf(stderr, "airlock-send: out of memory\n");
        goto out;
    }
    if (send_all(&s) == -2)
        rc = abort_stream(&s, res, sizeof(res));
    else
        rc = report(&s, res, read_result(0, res, sizeof(res)));
out:
    as_out_free(&s.out);
    return rc;
}

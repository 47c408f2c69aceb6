/*
 * airlock-qrexec-front: qubes.ReceiveUpdates as a socket-based qrexec
 * service (issue 12). systemd runs one per connection
 * (airlock-receive.socket, Accept=yes), the connection on fd 0 and 1.
 *
 * Before a byte of the caller's stream is read: the descriptor qrexec
 * writes first (descriptor.h) is read byte by byte up to its NUL and
 * parsed strictly, and its source is compared with UPDATEVM of the
 * configuration. Any refusal answers the caller with a result header
 * (the proven core's al_result_encode), since a socket service has no
 * other channel back (no stderr, the caller always sees exit 0), logs one
 * line with a journal priority prefix, and exits non-zero. Otherwise
 * QREXEC_REMOTE_DOMAIN is set to the source and airlock-receive, beside
 * this program, is executed on the same fd 0 and 1: the driver, which
 * checks the caller again and does the rest, is the one also run as a
 * plain executable service.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "descriptor.h"
#include "result.h"
#include "io.h"

#define PROG "airlock-qrexec-front"

/* Exit statuses (documented in --help and airlock-receive(8)). */
enum { EXIT_INTERNAL = 1, EXIT_CONFIG = 2, EXIT_CALLER = 3, EXIT_DESC = 5 };

static const char usage_text[] =
"Usage: airlock-qrexec-front [--config FILE]\n"
"       airlock-qrexec-front --help\n"
"       airlock-qrexec-front --version\n"
"\n"
"qubes.ReceiveUpdates as a socket-based qrexec service: run by systemd\n"
"for each connection to /run/qubes-rpc/qubes.ReceiveUpdates\n"
"(airlock-receive.socket), with the connection on standard input and\n"
"output. Reads qrexec's service descriptor (SERVICE SOURCE TARGET_TYPE\n"
"TARGET, NUL-terminated, at most 256 bytes) one byte at a time, refuses\n"
"anything but qubes.ReceiveUpdates (no argument) from a qube to dom0,\n"
"and refuses any source but UPDATEVM of the configuration (--config FILE,\n"
"else $AIRLOCK_CONF, else /etc/airlock/airlock.conf). Only then does it\n"
"run airlock-receive --config FILE (from its own directory) on the same\n"
"connection, with QREXEC_REMOTE_DOMAIN set to the source.\n"
"\n"
"A refusal reads nothing of the stream, answers the caller with a result\n"
"header (EBADR: bad descriptor; EACCES: not the UpdateVM; EIO: dom0's\n"
"configuration or this program failed), logs one line on standard error\n"
"with a journal priority prefix, and exits:\n"
"  1 internal error (airlock-receive could not be run)\n"
"  2 configuration error (unreadable, malformed, no valid UPDATEVM)\n"
"  3 the caller is not the UpdateVM\n"
"  5 the descriptor is malformed, too long, or not for this service\n";

/* One line to the journal: "<N>" is its priority (sd-daemon(3)); the
 * text is ours or checked (a qube name, a number), never raw input. */
__attribute__((format(printf, 2, 3)))
static void logline(int prio, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "<%d>" PROG ": ", prio);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}


/* Answer the caller with errno code (no CRC: nothing was read, no last
 * file: no dom0 path goes to the UpdateVM), then exit with status. */
static void refuse(uint32_t code, int status)
{
    uint8_t res[AL_RESULT_SIZE];
    size_t n = al_result_encode(res, sizeof res, code, 0, 0, (const uint8_t *)"", 0);

    if (n == 0 || os_write_all(1, res, n) != 0)
        logline(4, "could not send the refusal to the caller");
    exit(status);
}

/* UPDATEVM=NAME of one configuration line into vm; 1 if the line set
 * it, 0 if it is another line, -1 if it is not KEY=VALUE (the driver's
 * rule: blank lines and '#' comments aside). */
static int conf_line(const char *line, char *vm, size_t cap)
{
    const char *eq = strchr(line, '=');
    size_t n;

    if (line[0] == '\0' || line[0] == '#')
        return 0;
    if (eq == NULL)
        return -1;
    if ((size_t)(eq - line) != 8 || strncmp(line, "UPDATEVM", 8) != 0)
        return 0;
    /* A longer value is cut to cap - 1 > DESC_NAME_MAX bytes: still
     * too long for a qube name, so it is refused, never shortened into one. */
    n = strlen(eq + 1);
    if (n >= cap)
        n = cap - 1;
    memcpy(vm, eq + 1, n);
    vm[n] = '\0';
    return 1;
}

/* The configuration's UPDATEVM into vm (cap > DESC_NAME_MAX); exits
 * with a refusal when it cannot be read or holds no single valid one.
 * The other keys are the driver's to check, before it reads anything. */
static void read_updatevm(const char *path, char *vm, size_t cap)
{
    FILE *f = fopen(path, "re");
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int found = 0, r = 0;

    if (f == NULL) {
        logline(3, "configuration error: cannot read %s: %s", path, strerror(errno));
        refuse(EIO, EXIT_CONFIG);
    }
    while (r >= 0 && (len = getline(&line, &lcap, f)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            line[len - 1] = '\0';
        r = conf_line(line, vm, cap);
        if (r == 1 && found++)
            r = -2;
    }
    free(line);
    fclose(f);
    if (r < 0 || found == 0 || !desc_qube_name(vm, strlen(vm))) {
        logline(3, "configuration error: %s: %s", path, r == -1 ?
                "a line is not KEY=VALUE" : r == -2 ? "UPDATEVM set twice" :
                "no UPDATEVM that is a qube name");
        refuse(EIO, EXIT_CONFIG);
    }
}

/* The descriptor, read and parsed; exits with a refusal otherwise. */
static void take_descriptor(struct desc *d)
{
    uint8_t untrusted_buf[DESC_MAX];
    size_t len = 0;
    int rc = desc_read(0, untrusted_buf, sizeof untrusted_buf, &len);

    if (rc == DESC_OK)
        rc = desc_parse(untrusted_buf, len, d);
    if (rc != DESC_OK) {
        logline(4, "refused: %s (%zu bytes read); nothing of the stream read",
                desc_reason(rc), len);
        refuse(EBADR, EXIT_DESC);
    }
}

/* airlock-receive from this program's directory into path (PATH_MAX). */
static int driver_path(char *path)
{
    ssize_t n = readlink("/proc/self/exe", path, PATH_MAX - 1);
    char *slash;

    if (n <= 0)
        return -1;
    path[n] = '\0';
    slash = strrchr(path, '/');
    if (slash == NULL || (size_t)(slash - path) + sizeof "/airlock-receive" > PATH_MAX)
        return -1;
    strcpy(slash, "/airlock-receive");
    return 0;
}

int main(int argc, char **argv)
{
    const char *conf = args_config(argc, argv, PROG, usage_text, EXIT_CONFIG);
    char vm[DESC_NAME_MAX + 2];
    char drv[PATH_MAX];
    struct desc d;

    take_descriptor(&d);
    read_updatevm(conf, vm, sizeof vm);
    if (strcmp(d.source, vm) != 0) {
        logline(4, "refused: caller '%s' is not the UpdateVM '%s'; nothing of the stream read",
                d.source, vm);
        refuse(EACCES, EXIT_CALLER);
    }
    if (driver_path(drv) != 0 || setenv("QREXEC_REMOTE_DOMAIN", d.source, 1) != 0) {
        logline(3, "cannot locate airlock-receive: %s", strerror(errno));
        refuse(EIO, EXIT_INTERNAL);
    }
    logline(6, "call from %s accepted; running %s", d.source, drv);
    fflush(stderr);
    execl(drv, drv, "--config", conf, (char *)NULL);
    logline(3, "cannot run %s: %s", drv, strerror(errno));
    refuse(EIO, EXIT_INTERNAL);
    return EXIT_INTERNAL;
}

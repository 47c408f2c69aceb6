/* main.c -- airlock-unpack: receive a qfile stream into DIR.
 *
 * Only parses options, prepares the transport and DIR, hardens the process
 * (harden.c, sandbox.c) and calls the receive loop (receive.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmap.h"
#include "fdio.h"
#include "options.h"
#include "probe.h"
#include "receive.h"
#include "seal.h"
#include "vchan.h"

/* Exit statuses (also in --help). */
#define EXIT_REJECTED  1  /* stream rejected or a file not stored; result sent */
#define EXIT_USAGE     2  /* bad command line; nothing read                     */
#define EXIT_SETUP     3  /* DIR, user switch, limits or seccomp failed         */
#define EXIT_NO_VCHAN  4  /* --vchan: no Xen / libxenvchan server failed        */
#define EXIT_NO_RESULT 5  /* the result could not be written back               */

static const char help_text[] =
    "Receive a qfile stream on fd 0 into DIR, answer the result on fd 1.\n"
    "\n"
    "  --names rpm|portable  name policy (default rpm: NAME.rpm, [A-Za-z0-9._+^~-])\n"
    "  --max-files N         at most N files (default 4096)\n"
    "  --max-bytes N         at most N data bytes in all (default: the smaller of\n"
    "                        4 GiB and 90%% of DIR's free space at start)\n"
    "  --user NAME           switch to this user (required when run as root)\n"
    "  --vchan DOMID XS_PATH serve a libxenvchan from domain DOMID at XS_PATH\n"
    "                        instead of fd 0/1\n"
    "N is a positive decimal number of bytes or files; 0 is refused.\n"
    "Files appear in DIR only when complete, with mode 0644 and the sent times;\n"
    "an existing name is never replaced. One stderr line names the failing\n"
    "entry and the reason. RLIMIT_FSIZE is set to --max-bytes, which also\n"
    "limits writes to a regular file on stderr: log through a pipe.\n"
    "Confinement: as root, DIR becomes / in a private mount namespace; Landlock\n"
    "allows creating regular files in DIR only; a seccomp filter allows only the\n"
    "receive loop's calls. One stderr line names the confinement in force; with\n"
    "neither a mount namespace nor Landlock the program refuses (exit 3).\n"
    "\n%s\n"
    "Exit status: 0 success; 1 stream rejected or file not stored (result sent);\n"
    "2 usage error; 3 setup failed (DIR, --user, confinement, limits, seccomp);\n"
    "4 --vchan unavailable (no Xen); 5 the result could not be sent.\n";

struct unpack {
    struct up_unpack_opts o;
    struct up_fdio io;
    struct up_transport t;
    struct up_vchan *vchan;
    int dirfd;
    char err[512];
};

/* fd 0/1 (with a 1 MiB pipe when fd 0 is a pipe), or the vchan server. */
static int open_transport(struct unpack *u)
{
    int rc = 0;

    if (u->o.vchan) {
        u->vchan = up_vchan_open(u->o.domid, u->o.xs_path, &u->t, u->err,
                                 sizeof(u->err));
        if (u->vchan == NULL)
            rc = EXIT_NO_VCHAN;
    } else {
        u->io.in_fd = 0;
        u->io.out_fd = 1;
        (void)fcntl(0, F_SETPIPE_SZ, (int)AL_RECV_BUFSIZE);
        up_fdio_transport(&u->io, &u->t);
    }
    return rc;
}

/* Confine the process (seal.h) before the first byte is read. */
static int prepare(struct unpack *u)
{
    struct up_seal s = {
        .dir = u->o.dir, .user = u->o.user, .vchan = u->o.vchan,
        .have_max_bytes = u->o.have_max_bytes, .max_bytes = u->o.max_bytes,
    };
    int rc = up_seal(&s, u->err, sizeof(u->err)) == 0 ? 0 : EXIT_SETUP;

    u->dirfd = s.dirfd;
    u->o.max_bytes = s.max_bytes;
    return rc;
}

/* Receive, report on stderr, and answer the exit status. */
static int receive(struct unpack *u)
{
    struct up_recv_config cfg = {
        .policy = u->o.policy,
        .max_files = u->o.max_files,
        .max_bytes = u->o.max_bytes,
    };
    struct up_recv_report rep;
    char line[2048];
    int rc = up_receive(u->dirfd, &u->t, &cfg, &rep);

    if (rep.code != 0) {
        up_recv_describe(&rep, line, sizeof(line));
        fprintf(stderr, "airlock-unpack: %s\n", line);
    }
    if (rc == AL_RECV_NO_RESULT)
        fprintf(stderr, "airlock-unpack: cannot send the result: %s\n",
                strerror(rep.result_errno));
    return rc == AL_RECV_OK ? 0 : rc == AL_RECV_FAILED ? EXIT_REJECTED : EXIT_NO_RESULT;
}

int main(int argc, char **argv)
{
    struct unpack u = { .dirfd = -1 };
    int rc = EXIT_USAGE;

    if (up_unpack_parse(argc, argv, &u.o, u.err, sizeof(u.err)) != 0) {
        fprintf(stderr, "airlock-unpack: %s\n%s", u.err, up_unpack_usage);
        goto out;
    }
    if (u.o.version) {
        printf("airlock-unpack %s\n", AIRLOCK_VERSION);
        rc = 0;
        goto out;
    }
    if (u.o.help) {
        printf("%s", up_unpack_usage);
        printf(help_text, up_errmap_help);
        rc = 0;
        goto out;
    }
    signal(SIGPIPE, SIG_IGN);
    rc = open_transport(&u);
    if (rc == 0)
        rc = prepare(&u);
    if (rc == 0) {
        up_probe_forbidden(u.dirfd);
        rc = receive(&u);
    } else {
        fprintf(stderr, "airlock-unpack: %s\n", u.err);
    }
out:
    up_vchan_close(u.vchan);
    return rc;
}

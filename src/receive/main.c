/*
 * airlock-receive: the dom0 side of the update path (qrexec service
 * qubes.ReceiveUpdates), a supervisor of separate stages. The manual is
 * usage.c (--help) and man/airlock-receive.8; the design is README.md.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "sup.h"

extern const char usage_text[];

/* --allow-downgrade (anywhere on the command line) taken out of argv:
 * dom0's own request for one run, never something the UpdateVM sends. */
static int take_allow_downgrade(int *argc, char **argv)
{
    int found = 0, o = 1;

    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--allow-downgrade") == 0)
            found = 1;
        else
            argv[o++] = argv[i];
    }
    *argc = o;
    argv[o] = NULL;
    return found;
}

/* dom0's update command asks for a downgrade (airlock-update
 * --action=downgrade) with a one-shot STATE_DIR/downgrade-request, which
 * the UpdateVM cannot write: honoured for this run only if it is a
 * regular file (not followed) of root's or this process's user, and
 * removed whatever it is. Called with the lock held. */
static void take_downgrade_request(struct run *r)
{
    char p[PATH_MAX + 32];
    struct stat st;

    snprintf(p, sizeof p, "%s/downgrade-request", r->c.state);
    if (lstat(p, &st) != 0)
        return;
    if (S_ISREG(st.st_mode) && (st.st_uid == 0 || st.st_uid == getuid())) {
        r->c.allow_downgrade = 1;
        say(5, "dom0 asked for a downgrade (%s): older packages accepted for this run", p);
    }
    if (unlink(p) != 0)
        say(4, "cannot remove %s: %s", p, strerror(errno));
}

/* KEYRING holds at least one file that is not hidden (airlock-sigcheck
 * judges whether any key in it is usable; an empty keyring is refused
 * before a byte is read). */
static void check_keyring(const struct conf *c)
{
    DIR *d = opendir(c->keyring);
    struct dirent *e;
    int any = 0;

    while (d != NULL && !any && (e = readdir(d)) != NULL)
        any = e->d_name[0] != '.';
    if (d != NULL)
        closedir(d);
    if (any)
        return;
    say(3, "refused: the keyring %s is empty; nothing read", c->keyring);
    answer(ENOKEY, 0, NULL);
    exit(EXIT_FAILED);
}

static void check_caller(const struct conf *c)
{
    const char *caller = getenv("QREXEC_REMOTE_DOMAIN");

    if (caller != NULL && strcmp(caller, c->updatevm) == 0)
        return;
    /* The name is the environment's: printed only if it is a plain one. */
    say(4, "refused: caller '%s' is not the UpdateVM '%s'; nothing read",
        caller == NULL ? "" : strspn(caller, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789_.-") == strlen(caller) ? caller : "?",
        c->updatevm);
    answer(EACCES, 0, NULL);
    exit(EXIT_CALLER);
}

/* Signals: HUP INT TERM through a signalfd; SIGPIPE ignored (a stage
 * that ends early makes the relay's write fail, it does not kill us). */
static void set_signals(struct run *r)
{
    sigset_t s;

    stage_blocked_signals();
    sigemptyset(&s);
    sigaddset(&s, SIGHUP);
    sigaddset(&s, SIGINT);
    sigaddset(&s, SIGTERM);
    r->sigfd = signalfd(-1, &s, SFD_NONBLOCK | SFD_CLOEXEC);
    signal(SIGPIPE, SIG_IGN);
}

static void init_run(struct run *r)
{
    memset(r, 0, sizeof *r);
    r->repofd = r->rundir = r->infd = r->outfd = r->pkgsfd = -1;
    r->workfd = r->cachefd = r->metafd = r->sigfd = r->inotify = -1;
    r->relay.out = -1;
    r->unpack.pidfd = r->check.pidfd = r->cr.pidfd = -1;
}

/* The errno the sender gets for a rejected package's code. */
static uint32_t code_errno(const char *code)
{
    static const char *const nokey[] = { "not-signed", "no-key", "not-trusted",
                                         "key-revoked", "key-expired" };
    static const char *const io[] = { "not-regular", "open-failed", "read-error",
                                      "write-error", "internal" };

    if (strncmp(code, "older-than-", 11) == 0)
        return ESTALE;

    for (size_t i = 0; i < 5; i++) {
        if (strcmp(code, nokey[i]) == 0)
            return ENOKEY;
        if (strcmp(code, io[i]) == 0)
            return EIO;
    }
    return EBADMSG;
}

/* The batch is published only if every package verified, the unpacker
 * succeeded and nothing went wrong: otherwise fail (no return). */
static void judge(struct run *r)
{
    char msg[512] = "";
    size_t i;

    if (r->keyring_unusable)
        fail(r, ENOKEY, NULL, "the keyring %s holds no usable key", r->c.keyring);
    for (i = 0; i < r->nv && r->v[i].ok; i++)
        ;
    if (i < r->nv && r->internal[0] == '\0')
        fail(r, code_errno(r->v[i].code), r->v[i].file,
             "%llu of %zu package(s) failed verification; first: %s: %s",
             (unsigned long long)r->nrejected, r->nv, r->v[i].file, r->v[i].reason);
    decode_result(r);
    if (r->unpack_rc != 0 || !r->have_result || r->unpack_code != 0) {
        stage_message(r, "unpack.err", msg, sizeof msg);
        if (r->have_result && r->unpack_code != 0)
            fail(r, 0, NULL, "stream rejected by airlock-unpack: %s", msg[0] ? msg : "an error");
        fail(r, EIO, NULL, "airlock-unpack failed (status %d) without a valid result: %s",
             r->unpack_rc, msg[0] ? msg : "no message");
    }
    if (r->internal[0] != '\0')
        fail(r, EIO, r->internal_name[0] ? r->internal_name : NULL, "%s", r->internal);
}

int main(int argc, char **argv)
{
    static struct run r;
    int downgrade = take_allow_downgrade(&argc, argv);
    const char *conf = args_config(argc, argv, PROG, usage_text, EXIT_CONFIG);
    char cur[NAME_CAP];

    umask(022);
    init_run(&r);
    conf_load(conf, &r.c);
    r.c.allow_downgrade |= downgrade;
    check_caller(&r.c);
    check_keyring(&r.c);
    set_signals(&r);
    lock_take(&r);
    r.repofd = open(r.c.repo, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (r.repofd < 0 || r.sigfd < 0) {
        say(3, "cannot open %s: %s", r.c.repo, strerror(errno));
        answer(EIO, 0, NULL);
        return EXIT_FAILED;
    }
    test_point(&r, "locked");
    r.t0 = now();
    clean_leftovers(&r);
    take_downgrade_request(&r);
    if (gen_of(r.repofd, "current", cur, sizeof cur) == 0)
        snprintf(r.published_dir, sizeof r.published_dir, "%s/%s", r.c.repo, cur);
    test_point(&r, "cleaned");
    make_staging(&r);
    test_point(&r, "staged");
    budget_start(&r);
    receive_and_verify(&r);
    if (r.nv > 0)
        say(6, "received %zu packages, verified %llu, rejected %llu", r.nv,
            (unsigned long long)r.nverified, (unsigned long long)r.nrejected);
    judge(&r);
    publish(&r);
    return EXIT_PUBLISHED;
}

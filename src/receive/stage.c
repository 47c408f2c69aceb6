/*
 * stage.c -- one stage process, in a PID namespace of its own.
 *
 * The supervisor's child is the namespace's init: it stays root, dies
 * with the supervisor (PR_SET_PDEATHSIG), starts the stage as its own
 * child and exits with the stage's status (128 + N for signal N). When
 * the init ends, the kernel kills every process left in the namespace:
 * whatever a stage forked, double-forked or left asleep is gone when the
 * supervisor sees the stage end, and when the supervisor itself dies.
 * The supervisor waits on the init's pidfd (poll), never on a timer.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sup.h"
#include "user.h"

static sigset_t blocked;

/* The signals the supervisor takes through its signalfd, blocked. */
void stage_blocked_signals(void)
{
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGHUP);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    sigprocmask(SIG_BLOCK, &blocked, NULL);
}

/* The descriptors 0..3 from fds (fds[3] -1: none), every other one
 * closed, the directory dirfd (-1: unchanged). 0, or -1. */
static int set_descriptors(const int fds[4], int dirfd)
{
    int moved[4];

    if (dirfd >= 0 && fchdir(dirfd) != 0)
        return -1;
    /* Above every descriptor first, so that no dup2 overwrites a source. */
    for (int i = 0; i < 4; i++)
        if ((moved[i] = fds[i] < 0 ? -1 : fcntl(fds[i], F_DUPFD, 10)) < 0 && fds[i] >= 0)
            return -1;
    for (int i = 0; i < 4; i++)
        if (moved[i] >= 0 && dup2(moved[i], i) < 0)
            return -1;
    closefrom(moved[3] >= 0 ? 4 : 3);
    return 0;
}

/* Every stage's whole environment: none of the supervisor's variables
 * (whatever qrexec, systemd or a caller put there: LD_*, MALLOC_*, RPM_*,
 * GCONV_PATH...) reaches the code that reads untrusted bytes. PATH for
 * the stand-ins and wrappers a configuration may name; LC_ALL=C so that
 * messages, which the supervisor matches ("no space left"), are
 * English. Nothing else is needed: airlock-unpack reads no variable,
 * airlock-sigcheck sets librpm's configuration itself (policy.c), and
 * createrepo_c 0.17 (measured with a getenv(3) shim under env -i) asks
 * only for HOME (librpm's ~/.rpmmacros, glib), locale and library
 * debugging names, and builds the repository without them; without HOME
 * it reads no user macro file, which is as wanted. TMPDIR is never asked
 * for: it writes into its output directory. */
char *const stage_env[] = { "PATH=/usr/bin:/bin", "LC_ALL=C", NULL };

/* In the stage: the signals as a new program expects them; the stage's
 * seal (confined and dropped: one stderr line says how, or why not), or
 * else the uid dropped if asked; then exec with stage_env. Never returns. */
static void exec_stage(const struct stage *s, char *const argv[], uid_t uid, gid_t gid)
{
    char err[512];

    sigprocmask(SIG_UNBLOCK, &blocked, NULL);
    signal(SIGPIPE, SIG_DFL);
    if (s->seal != NULL && s->seal(s->seal_arg, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", argv[0], err);
        _exit(126);
    }
    if (s->seal == NULL && uid != 0 && os_drop_to(uid, gid) != 0)
        _exit(126);
    execve(argv[0], argv, stage_env);
    fprintf(stderr, PROG ": cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* The namespace's init: holding only the stage's descriptors, start
 * the stage, reap everything, exit with the stage's status. parentfd:
 * the supervisor's pidfd, to notice that it died before
 * PR_SET_PDEATHSIG took effect. */
static void run_init(int parentfd, const struct stage *s, char *const argv[],
                     const int fds[4], int dirfd, uid_t uid, gid_t gid)
{
    struct pollfd p = { parentfd, POLLIN, 0 };
    pid_t child, w;
    int st = 0;

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || poll(&p, 1, 0) != 0 ||
        set_descriptors(fds, dirfd) != 0)
        _exit(125);
    child = fork();
    if (child < 0)
        _exit(125);
    if (child == 0)
        exec_stage(s, argv, uid, gid);
    while ((w = wait(&st)) != child)
        if (w < 0 && errno != EINTR)
            _exit(125);
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* Starts argv[0] (absolute) as a stage with descriptors fds as its 0, 1,
 * 2 and 3 (fds[3] -1: no descriptor 3), the rest closed,
 * in the directory dirfd (-1: unchanged), as uid:gid (uid 0: as root,
 * the stage drops itself), or else as s->seal makes it (s->seal set).
 * Returns 0, or -1 with errno set. */
int stage_start(struct stage *s, char *const argv[], const int fds[4], int dirfd,
                uid_t uid, gid_t gid)
{
    int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
    pid_t pid;

    if (self < 0)
        return -1;
    fflush(NULL);
    pid = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL, NULL, NULL, NULL);
    if (pid == 0)
        run_init(self, s, argv, fds, dirfd, uid, gid);
    close(self);
    if (pid < 0)
        return -1;
    s->pid = pid;
    s->status = -1;
    s->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (s->pidfd < 0) {
        stage_kill(s);
        return -1;
    }
    return 0;
}

/* Reaps the ended init into s->status. */
static void reap(struct stage *s)
{
    int st = 0;

    while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
        ;
    s->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    close(s->pidfd);
    s->pid = 0;
    s->pidfd = -1;
}

/* Reaps the stage if it has ended (its pidfd readable). 1 if it had. */
int stage_reap_if_done(struct stage *s)
{
    struct pollfd p = { s->pidfd, POLLIN, 0 };

    if (s->pid <= 0 || poll(&p, 1, 0) != 1)
        return 0;
    reap(s);
    return 1;
}

/* Waits for the stage to end, serving the stream meanwhile (a signal
 * abandons the run: check_signals does not return). Its status. */
int stage_wait(struct run *r, struct stage *s)
{
    while (s->pid > 0)
        events_wait(r, s);
    return s->status;
}

/* Kills the stage's namespace (its init) and reaps it. */
void stage_kill(struct stage *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGKILL);
    reap(s);
}

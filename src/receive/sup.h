/*
 * airlock-receive, the supervisor (issue 12): what its files share.
 *
 *   conf.c     the configuration, parsed strictly (no eval, no shell)
 *   main.c     the manual, the steps in order, the exit statuses
 *   lock.c     STATE_DIR/lock, the staging directories, leftovers
 *   stage.c    one stage: its own PID namespace, waited on by pidfd
 *   crconf.c   createrepo_c's confinement (mounts, Landlock, seccomp)
 *   events.c   the one poll(2) loop: stream relay, stages, signals, deadlines
 *   relay.c    the stream spliced into the unpacker's pipe
 *   verify.c   the unpacker's new files to airlock-sigcheck, its report
 *   record.c   one record of that report read (struct verdict), pure
 *   take.c     the checked copies taken, trusting nothing left behind
 *   budget.c   the disk budget (MAX_BYTES) and the free-space floor (MIN_FREE)
 *   publish.c  createrepo_c as CHECK_USER, confined, the generation switch
 *   status.c   status.json, STATE_DIR/error, the result to the sender
 *   log.c      messages, with journal priorities under systemd
 *   fsutil.c   removal of trees, moving files, directory links
 */
#ifndef AIRLOCK_RECEIVE_SUP_H
#define AIRLOCK_RECEIVE_SUP_H

#include <dirent.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "record.h"
#include "relay.h"

#define PROG "airlock-receive"

/* Exit statuses (the manual's). */
enum { EXIT_PUBLISHED = 0, EXIT_FAILED = 1, EXIT_CONFIG = 2, EXIT_CALLER = 3, EXIT_BUSY = 4 };

/* Names: the unpacker's rpm names (src/core/name.h) fit in NAME_CAP. */
#define NAME_CAP 256

struct conf {
    char updatevm[64];
    char keyring[PATH_MAX], repo[PATH_MAX], staging[PATH_MAX], state[PATH_MAX];
    char bindir[PATH_MAX], createrepo[PATH_MAX];
    char user[64], check_user[64];
    uid_t uid, check_uid;
    gid_t gid, check_gid;
    uint64_t max_files, max_bytes;     /* max_bytes 0: the default, from the free space */
    uint64_t min_free;                 /* bytes kept free; 0: no floor */
    uint64_t lock_wait, jobs;          /* jobs 0: the stages' default */
    uint64_t idle_timeout, total_timeout;
    int sync;
    char rpmdb_root[PATH_MAX];         /* "" : no rollback check against dom0's rpmdb */
    int allow_downgrade;               /* ALLOW_DOWNGRADE=yes or --allow-downgrade */
};

/* What a stage process does as root between fork and exec instead of
 * dropping to the stage's user itself: confine itself and drop (for
 * createrepo_c, crconf.h). 0, or -1 with the reason in err. */
typedef int stage_seal_fn(const void *arg, char *err, size_t errlen);

/* A stage process (stage.c). */
struct stage {
    pid_t pid;         /* the namespace's init, our child; 0 when none */
    int pidfd;
    int status;        /* exit status; 128 + N when killed by signal N */
    stage_seal_fn *seal;      /* NULL: drop to uid:gid, nothing more */
    const void *seal_arg;
};

/* MAX_BYTES empty: at most this (airlock-unpack's own default cap,
 * AL_DEFAULT_MAX_BYTES in src/unpack/options.h). */
#define BUDGET_DEFAULT_MAX (4ull << 30)

/* What the run holds on disk against its budget (budget.c). */
struct budget {
    uint64_t limit;      /* MAX_BYTES, or the default from the free space */
    uint64_t copies;     /* checked copies and metadata taken */
    uint64_t pending;    /* the running checker's inputs: the copies to come */
    int split;           /* REPO_DIR on another filesystem than STAGING_DIR */
};

/* The run. */
struct run {
    struct conf c;
    char dir[PATH_MAX];                /* STAGING_DIR/run.PID */
    char published_dir[PATH_MAX + NAME_CAP]; /* REPO_DIR/GEN current at the start, or "" */
    int repofd, rundir, infd, outfd, pkgsfd, workfd, cachefd, metafd;
    int sigfd;                         /* signalfd: HUP INT TERM */
    int inotify;                       /* in/'s new names; -1 when done */
    struct relay relay;                /* the stream to the unpacker */
    struct budget budget;
    struct stage unpack, check, cr;
    struct verdict *v;                 /* every verdict so far */
    size_t nv, capv;
    char **seen;                       /* names handed to the checker */
    size_t nseen, capseen;
    uint64_t nbytes, nverified, nrejected;
    char internal[512], internal_name[NAME_CAP];
    int unpack_rc;
    int have_result;                   /* the unpacker's result decoded */
    uint32_t unpack_code, crc;
    double t0, t_recv, t_verify;
    int keyring_unusable;              /* airlock-sigcheck found no usable key */
    int published;                     /* current switched: no way back */
};

/* conf.c: read and check PATH into c; exits 2 with a message otherwise. */
void conf_load(const char *path, struct conf *c);

/* log.c */
void say(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double now(void);

/* lock.c */
void lock_take(struct run *r);
void clean_leftovers(struct run *r);
void make_staging(struct run *r);
void test_point(struct run *r, const char *name);
void check_signals(struct run *r);

/* stage.c */
/* The whole environment every stage is executed with (stage.c). */
extern char *const stage_env[];
void stage_blocked_signals(void);
int stage_start(struct stage *s, char *const argv[], const int fds[4], int dirfd,
                uid_t uid, gid_t gid);
int stage_wait(struct run *r, struct stage *s);
int stage_reap_if_done(struct stage *s);
void stage_kill(struct stage *s);

/* events.c: one wait for whatever happens first (the stream, the
 * unpacker's end, new files, a signal, the stream's deadline, the end of
 * stage until if not NULL). */
void events_wait(struct run *r, struct stage *until);

/* verify.c */
void receive_and_verify(struct run *r);
void note_internal(struct run *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* take.c */
int take_file(int fromfd, const char *name, uid_t owner, int tofd);
int take_copies(struct run *r, size_t first);
void release_staged(struct run *r, size_t first);

/* budget.c: each fails the run (EDQUOT over the budget, ENOSPC short of
 * MIN_FREE after dropping the previous generation if that is enough). */
void budget_start(struct run *r);                       /* before the stream */
void budget_stream(struct run *r);                      /* after each relay move */
void budget_expect(struct run *r, char **names, size_t n); /* before a checker run */
void budget_charge(struct run *r, size_t first);        /* its copies taken */
void budget_charge_metadata(struct run *r);             /* createrepo_c's taken */
void budget_floor(struct run *r);

/* publish.c */
void publish(struct run *r);
int gen_of(int repofd, const char *link, char *gen, size_t cap);

/* status.c */
void fail(struct run *r, uint32_t code, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));
void answer(uint32_t code, uint32_t crc, const char *name);
void forward_result(struct run *r);
void decode_result(struct run *r);
void write_status(struct run *r, const char *result, const char *error, const char *gen);
void set_error_file(struct run *r, const char *msg);
/* The first line of work/NAME (a stage's stderr) that is neither empty
 * nor the line naming the stage's confinement (src/os/confine.h), into
 * out; "" if none. */
void stage_message(const struct run *r, const char *name, char *out, size_t cap);
/* That confinement line of work/NAME, into out; "" if none. */
void stage_confinement(const struct run *r, const char *name, char *out, size_t cap);

/* fsutil.c */
int remove_tree_at(int dirfd, const char *name);
int move_at(int fromfd, const char *name, int tofd, const char *to_name);
int dir_open_at(int dirfd, const char *name);
DIR *dir_list(int dirfd);
void remove_run(struct run *r);

#endif

/*
 * crconf.h -- the confinement of the createrepo_c stage (issue 13).
 *
 * createrepo_c parses every verified package's header (librpm, libxml2,
 * zlib, glib threads). It is third-party code over bytes a sender chose,
 * so it gets the confinement the other stages give themselves, applied by
 * its stage process between fork and exec (stage.c), in this order:
 *  - PR_SET_NO_NEW_PRIVS (Landlock and seccomp survive the execve);
 *  - as root, a private mount namespace where every mount is read-only
 *    but RUN/meta (its output, its working directory) and RUN/cache (its
 *    checksum cache), which are bound writable, with no setuid, devices
 *    or executables (confine.h);
 *  - the drop to CHECK_USER;
 *  - Landlock: RUN/meta and RUN/cache a tree it may build (files and
 *    directories made, written, renamed, removed); RUN/pkgs and
 *    RUN/pkglist readable; /usr (and /bin, /lib... where they are real
 *    directories) and the program itself readable and executable; the
 *    few /etc paths librpm and the loader read; nothing else;
 *  - the one stderr line naming the confinement in force (refusing to
 *    run with neither filesystem layer, as every stage does);
 *  - a seccomp allow-list (crconf.c): createrepo_c's calls only, no
 *    sockets, no new processes, no ptrace, mount, unshare, keyctl, bpf,
 *    links or special files, and exactly one execve: the stage's own.
 * Shared by the supervisor and the probe suite (tests/probe/createrepo.c),
 * so that the probes test exactly what ships.
 */
#ifndef AIRLOCK_RECEIVE_CRCONF_H
#define AIRLOCK_RECEIVE_CRCONF_H

#include <stddef.h>
#include <sys/types.h>

struct cr_confine {
    const char *run_dir;   /* STAGING_DIR/run.PID: meta/ cache/ pkgs/ pkglist */
    char *const *argv;     /* createrepo_c's command line, argv[0] absolute  */
    char *const *envp;     /* the environment it is executed with            */
    uid_t uid;             /* CHECK_USER; dropped to only when run as root   */
    gid_t gid;
};

/* Confine the calling process as above; afterwards the only execve that
 * works is execve(c->argv[0], c->argv, c->envp), with those very
 * pointers. Answers 0, or -1 with the reason in err (the process may then
 * be half-confined and must exit). */
int cr_confine(const struct cr_confine *c, char *err, size_t errlen);

#endif

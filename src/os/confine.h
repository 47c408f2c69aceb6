/* confine.h -- filesystem confinement of a stage by the kernel (src/os:
 * OS helpers shared by the programs; not proven, so not prefixed al_).
 *
 * Two independent layers, so that either one alone still confines:
 *  - a private mount namespace, set up as root before the user is dropped:
 *    either DIR becomes the process's root (pivot_root; nothing else of
 *    the filesystem stays reachable by path), or every mount is made
 *    read-only except the writable directories;
 *  - Landlock (Linux 5.13+), applied by the unprivileged process: every
 *    filesystem access right the running kernel's ABI knows is handled,
 *    and only the rules below grant any.
 * A stage runs when at least one layer is in force and says which on
 * stderr (os_confine_describe); with neither it refuses.
 */
#ifndef AIRLOCK_OS_CONFINE_H
#define AIRLOCK_OS_CONFINE_H

#include <stddef.h>

/* Answers of os_confine_mounts and os_confine_landlock. */
#define OS_CONFINE_ACTIVE 1       /* the layer is in force                   */
#define OS_CONFINE_UNAVAILABLE 0  /* the kernel or the privileges lack it    */
#define OS_CONFINE_FAILED (-1)    /* started and failed: the caller must stop */

/* Mount namespace: new_root, or else read-only mounts but write_dirs. */
struct os_mounts {
    const char *new_root;          /* this directory becomes "/" (pivot_root) */
    const char *const *write_dirs; /* the only writable mounts (no setuid,
                                    * devices or executables); everything
                                    * else read-only                        */
    size_t n_write_dirs;           /* 0 with new_root NULL: all read-only    */
};

/* Landlock rules. Every other access is denied. */
struct os_landlock {
    int create_dirfd;           /* regular files may be created and written
                                 * beneath it (O_TMPFILE, linkat); -1: none */
    char *const *read_files;    /* regular files that may be read (a missing
                                 * one or one of another type gets no rule:
                                 * opening it fails later anyway) */
    size_t n_read_files;
    const char *const *read_dirs; /* directories readable beneath (a missing
                                   * one or a non-directory gets no rule) */
    size_t n_read_dirs;
    const char *const *exec_dirs; /* readable and executable beneath: where
                                   * the programs and libraries a stage
                                   * execs live (file or directory)       */
    size_t n_exec_dirs;
    const int *tree_dirfds;     /* a tree the stage builds: regular files
                                 * and directories may be made, written,
                                 * renamed and removed beneath each; no
                                 * special files, no symlinks, no exec   */
    size_t n_tree_dirfds;
};

/* Enter a private mount namespace laid out as m says. Needs root
 * (CAP_SYS_ADMIN): without it answers OS_CONFINE_UNAVAILABLE and changes
 * nothing. With new_root the working directory is the new "/". On
 * OS_CONFINE_FAILED err holds the reason. */
int os_confine_mounts(const struct os_mounts *m, char *err, size_t errlen);

/* Restrict the process and its future children to l's rules. Needs
 * PR_SET_NO_NEW_PRIVS (or CAP_SYS_ADMIN). Answers OS_CONFINE_UNAVAILABLE
 * when the kernel has no Landlock (or it is disabled), else sets *abi to
 * the ABI version in force. On OS_CONFINE_FAILED err holds the reason. */
int os_confine_landlock(const struct os_landlock *l, int *abi, char *err, size_t errlen);

/* Print one stderr line "PROG: confinement: ..." naming the layers in
 * force and answer 0; with neither in force print nothing and answer -1
 * with the reason in err. */
int os_confine_report(const char *prog, const char *mounts_text, int mounts, int landlock,
                      int abi, char *err, size_t errlen);

#endif

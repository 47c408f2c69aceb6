/* inputs.c -- airlock-send checks every FILE before sending (inputs.h). */
#include "inputs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "qfile.h"

const char *as_base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash != NULL ? slash + 1 : path;
}

static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "is a directory";
    if (S_ISLNK(mode))
        return "is a symbolic link";
    return "is not a regular file";
}

static int check_one(const char *path, uint64_t *total, char *err, size_t errlen)
{
    struct stat st;
    size_t len = strlen(as_base_name(path));
    int rc = -1;

    if (lstat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s; only regular files can be sent", path,
                 kind_of(st.st_mode));
        goto out;
    }
    if (len == 0 || len > AL_NAME_MAX) {
        snprintf(err, errlen, "%s: name must be 1..%u bytes", path, AL_NAME_MAX);
        goto out;
    }
    *total += AL_HDR_SIZE + len + 1u + (uint64_t)st.st_size;
    rc = 0;
out:
    return rc;
}

int as_check_inputs(char **paths, int n, uint64_t *total, char *err, size_t errlen)
{
    int i, j;
    int rc = -1;

    for (i = 0; i < n; i++) {
        if (check_one(paths[i], total, err, errlen) != 0)
            goto out;
        for (j = 0; j < i; j++) {
            if (strcmp(as_base_name(paths[i]), as_base_name(paths[j])) == 0) {
                snprintf(err, errlen, "%s: same name as %s", paths[i], paths[j]);
                goto out;
            }
        }
    }
    rc = 0;
out:
    return rc;
}

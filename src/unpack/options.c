/* options.c -- command line of airlock-unpack. */
#include "options.h"

#include <stdio.h>
#include <string.h>

#include "num.h"
#include "qfile.h"

const char up_unpack_usage[] =
    "usage: airlock-unpack [--names rpm|portable] [--max-bytes N] [--max-files N]\n"
    "                      [--user NAME] [--vchan DOMID XS_PATH] DIR\n"
    "       airlock-unpack --help | --version\n";

int up_parse_count(const char *s, uint64_t *v)
{
    uint64_t n;

    if (os_parse_u64(s, UINT64_MAX, &n) != 0 || n == 0)
        return -1;
    *v = n;
    return 0;
}

/* Store the value(s) val of the known option opt. Answers 0, or -1 for a
 * bad value. */
static int set_value(const char *opt, char **val, struct up_unpack_opts *o)
{
    uint64_t v = 0;
    int rc = 0;

    if (strcmp(opt, "--names") == 0) {
        if (strcmp(val[0], "rpm") == 0)
            o->policy = AL_NAMES_RPM;
        else if (strcmp(val[0], "portable") == 0)
            o->policy = AL_NAMES_PORTABLE;
        else
            rc = -1;
    } else if (strcmp(opt, "--max-files") == 0) {
        rc = up_parse_count(val[0], &o->max_files);
    } else if (strcmp(opt, "--max-bytes") == 0) {
        rc = up_parse_count(val[0], &o->max_bytes);
        o->have_max_bytes = 1;
    } else if (strcmp(opt, "--user") == 0) {
        o->user = val[0];
    } else if (strcmp(opt, "--vchan") == 0) {
        rc = up_parse_count(val[0], &v) == 0 && v < 0x7ff0u ? 0 : -1;
        o->domid = (int)v;
        o->xs_path = val[1];
        o->vchan = 1;
    }
    return rc;
}

static int known_option(const char *opt)
{
    return strcmp(opt, "--names") == 0 || strcmp(opt, "--max-files") == 0 ||
           strcmp(opt, "--max-bytes") == 0 || strcmp(opt, "--user") == 0 ||
           strcmp(opt, "--vchan") == 0;
}

/* One option with its value(s) at argv[*i]; advances *i past them. */
static int parse_one(char **argv, int argc, int *i, struct up_unpack_opts *o,
                     char *err, size_t errlen)
{
    const char *opt = argv[*i];
    int need = strcmp(opt, "--vchan") == 0 ? 2 : 1;
    int rc = -1;

    if (strcmp(opt, "--help") == 0 || strcmp(opt, "--version") == 0) {
        o->help = opt[2] == 'h';
        o->version = opt[2] == 'v';
        rc = 0;
        goto out;
    }
    if (!known_option(opt)) {
        snprintf(err, errlen, "unknown option %s", opt);
        goto out;
    }
    if (argc - *i <= need) {
        snprintf(err, errlen, "%s needs a value", opt);
        goto out;
    }
    rc = set_value(opt, argv + *i + 1, o);
    if (rc != 0)
        snprintf(err, errlen, "bad value for %s: '%s'", opt, argv[*i + 1]);
    *i += need;
out:
    return rc;
}

int up_unpack_parse(int argc, char **argv, struct up_unpack_opts *o,
                    char *err, size_t errlen)
{
    int i;
    int rc = -1;

    memset(o, 0, sizeof(*o));
    o->policy = AL_NAMES_RPM;
    o->max_files = AL_DEFAULT_MAX_FILES;
    for (i = 1; i < argc && !o->help && !o->version; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strncmp(argv[i], "--", 2) != 0)
            break;
        if (parse_one(argv, argc, &i, o, err, errlen) != 0)
            goto out;
    }
    if (!o->help && !o->version && argc - i != 1) {
        snprintf(err, errlen, "expected exactly one DIR");
        goto out;
    }
    o->dir = o->help || o->version ? NULL : argv[i];
    rc = 0;
out:
    return rc;
}

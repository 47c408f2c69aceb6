/* airlock-sigcheck: librpm's check of the headers, fed from memory. */
#include "rpmcheck.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rpm/rpmlib.h>
#include <rpm/rpmio.h>
#include <rpm/rpmlog.h>

/* What librpm said, one slot per kind of message (first one kept). The
 * messages only choose the reason shown; the pass/fail decision is
 * rpmReadPackageFile()'s return value. */
/* The name librpm is given for the package in its messages (the real
 * name is the caller's to print, escaped). */
#define SC_PKG_LABEL "package"
#define SC_MEMFD_NAME "airlock-sigcheck"

enum { LOG_BADSIG, LOG_BADDIGEST, LOG_NOKEY, LOG_NOTTRUSTED, LOG_ERROR,
       LOG_KINDS };

struct sc_rpmlog {
    char msg[LOG_KINDS][SC_DETAIL_MAX];
};

static const enum sc_code sc_log_code[LOG_KINDS] = {
    SC_BAD_SIGNATURE, SC_HEADER_DIGEST, SC_NO_KEY, SC_NOT_TRUSTED, SC_MALFORMED,
};

/* Messages about one signature or digest item are "LABEL: ITEM: RESULT";
 * any other error (a header librpm cannot parse) is named after the memfd
 * ("/memfd:airlock-sigcheck (deleted): ..."). Returns the kind of M and
 * sets *text to the part worth showing. */
static int log_kind(const char *m, rpmlogLvl pri, const char **text)
{
    static const char label[] = SC_PKG_LABEL ": ";
    const char *memfd = strstr(m, SC_MEMFD_NAME " (deleted): ");
    int kind = -1;

    *text = m;
    if (strncmp(m, label, sizeof(label) - 1) != 0) {
        if (memfd != NULL)
            *text = memfd + strlen(SC_MEMFD_NAME " (deleted): ");
        kind = pri <= RPMLOG_ERR ? LOG_ERROR : -1;
        goto out;
    }
    *text = m + sizeof(label) - 1;
    if (strstr(m, ": NOKEY") != NULL)
        kind = LOG_NOKEY;
    else if (strstr(m, ": NOTTRUSTED") != NULL)
        kind = LOG_NOTTRUSTED;
    else if (strstr(m, "ignature") != NULL && strstr(m, ": BAD") != NULL)
        kind = LOG_BADSIG;
    else if (strstr(m, "digest: BAD") != NULL)
        kind = LOG_BADDIGEST;
    else if (pri <= RPMLOG_ERR)
        kind = LOG_ERROR;
out:
    return kind;
}

/* rpmlog callback: classify and keep the message, print nothing. */
static int log_capture(rpmlogRec rec, rpmlogCallbackData data)
{
    struct sc_rpmlog *log = data;
    const char *m = NULL;
    int kind = log_kind(rpmlogRecMessage(rec), rpmlogRecPriority(rec), &m);
    size_t n;

    if (kind >= 0 && log->msg[kind][0] == '\0') {
        n = strcspn(m, "\n");
        if (n >= SC_DETAIL_MAX)
            n = SC_DETAIL_MAX - 1;
        memcpy(log->msg[kind], m, n);
        log->msg[kind][n] = '\0';
    }
    return 0;
}

/* A memfd holding the lead and headers, positioned at 0; -1 on error. */
static int headers_memfd(const struct sc_layout *lay)
{
    int fd = memfd_create(SC_MEMFD_NAME, MFD_CLOEXEC);
    size_t done = 0;

    while (fd >= 0 && done < lay->len) {
        ssize_t w = write(fd, lay->buf + done, lay->len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            fd = -1;
            goto out;
        }
        done += (size_t)w;
    }
    if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        fd = -1;
    }
out:
    return fd;
}

/* The failure code for librpm's result RC; for RPMRC_FAIL, made specific
 * by its messages (most specific first). librpm logs a missing key only
 * once per key ID and process, so the result code, not the message,
 * decides "no key". */
static enum sc_code pick_reason(rpmRC rc, const struct sc_rpmlog *log, struct sc_verdict *v)
{
    int kind = rc == RPMRC_NOKEY ? LOG_NOKEY : rc == RPMRC_NOTTRUSTED ? LOG_NOTTRUSTED : -1;

    if (rc == RPMRC_NOTFOUND) {
        sc_verdict_set(v, SC_NOT_RPM, "%s", log->msg[LOG_ERROR]);
        goto out;
    }
    for (int k = 0; kind < 0 && k < LOG_KINDS; k++) {
        if (log->msg[k][0] != '\0')
            kind = k;
    }
    if (kind >= 0)
        sc_verdict_set(v, sc_log_code[kind], "%s", log->msg[kind]);
    else
        sc_verdict_set(v, SC_MALFORMED, "rejected by librpm");
out:
    return v->code;
}

enum sc_code sc_rpm_check_headers(const struct sc_layout *lay, rpmts ts,
                                  struct sc_verdict *v)
{
    struct sc_rpmlog log;
    int mfd = headers_memfd(lay);
    FD_t rfd = NULL;
    rpmRC rc;
    int mask = rpmlogSetMask(RPMLOG_UPTO(RPMLOG_WARNING));  /* failing items */

    memset(&log, 0, sizeof(log));
    sc_verdict_set(v, SC_INTERNAL, "cannot hand the headers to librpm");
    rfd = mfd >= 0 ? fdDup(mfd) : NULL;
    if (rfd == NULL)
        goto out;
    rpmlogSetCallback(log_capture, &log);
    rc = rpmReadPackageFile(ts, rfd, SC_PKG_LABEL, NULL);
    if (rc == RPMRC_OK)
        sc_verdict_set(v, SC_OK, NULL);
    else
        pick_reason(rc, &log, v);
    rpmlogSetCallback(NULL, NULL);
out:
    rpmlogSetMask(mask);
    if (rfd != NULL)
        Fclose(rfd);
    if (mfd >= 0)
        close(mfd);
    return v->code;
}

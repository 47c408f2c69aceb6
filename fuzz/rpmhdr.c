/* rpmhdr.c -- differential harness for airlock's signature-header check
 * (src/sigcheck/sighdr.c, sc_sighdr_parse: the proven al_rpm_header and
 * al_rpm_items of src/core/rpm.h, then the items' roles) against librpm's
 * own header import (headerImport), on the same bytes.
 *
 * The input is a signature header: 8 bytes of magic, il, dl, the index,
 * the data store. Checked for every input:
 *   - the verdict is SC_OK, SC_MALFORMED, SC_BAD_TAG or SC_UNSIGNED_ITEM,
 *     with a NUL-terminated detail; every rejection names its section of
 *     spec/RPM.md;
 *   - the oracle: whatever airlock accepts, librpm must import too, and
 *     agree on it: the same set of tags (the region tag aside), and for
 *     each the same type, count and value (BIN bytes, STRING text, INT32
 *     and INT64 numbers).
 * librpm is not instrumented (Debian's build): coverage counts airlock's
 * code only.
 */
#include <string.h>

#include <rpm/header.h>
#include <rpm/rpmtd.h>

#include "fuzz.h"
#include "sighdr.h"

/* librpm's view of item IT agrees with airlock's. */
static void same_item(Header h, const struct sc_sigitem *it)
{
    struct rpmtd_s td;

    FUZZ_CHECK(headerGet(h, it->tag, &td, HEADERGET_RAW | HEADERGET_MINMEM));
    FUZZ_CHECK(td.type == it->type && td.count == it->count);
    if (it->type == RPM_BIN_TYPE)
        FUZZ_CHECK(memcmp(td.data, it->data, it->len) == 0);
    else if (it->type == RPM_STRING_TYPE)
        FUZZ_CHECK(strlen(td.data) == it->len && memcmp(td.data, it->data, it->len) == 0);
    else if (it->type == RPM_INT32_TYPE)
        FUZZ_CHECK(*(const uint32_t *)td.data == (uint32_t)it->value);
    else if (it->type == RPM_INT64_TYPE)
        FUZZ_CHECK(*(const uint64_t *)td.data == it->value);
    rpmtdFreeData(&td);
}

/* librpm holds no tag airlock did not see (62 aside). */
static void no_other_tags(Header h, const struct sc_sighdr *sh)
{
    HeaderIterator hi = headerInitIterator(h);
    rpmTagVal tag;
    unsigned n = 0;

    while ((tag = headerNextTag(hi)) != RPMTAG_NOT_FOUND) {
        if (tag == 62)
            continue;
        FUZZ_CHECK(sc_sighdr_find(sh, (uint32_t)tag) != NULL);
        n++;
    }
    headerFreeIterator(hi);
    FUZZ_CHECK(n == sh->n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sc_sighdr sh;
    struct sc_verdict v;
    enum sc_code c = sc_sighdr_parse(data, size, &sh, &v);
    Header h;

    FUZZ_CHECK(c == SC_OK || c == SC_MALFORMED || c == SC_BAD_TAG || c == SC_UNSIGNED_ITEM);
    FUZZ_CHECK(memchr(v.detail, 0, sizeof v.detail) != NULL);
    if (c != SC_OK) {
        FUZZ_CHECK(strstr(v.detail, "spec/RPM.md section ") != NULL);
        return 0;
    }
    h = headerImport((void *)(data + 8), (unsigned)(size - 8), HEADERIMPORT_COPY);
    if (h == NULL)
        fprintf(stderr, "oracle: airlock accepts a signature header librpm does not import\n");
    FUZZ_CHECK(h != NULL);
    for (unsigned i = 0; i < sh.n; i++)
        same_item(h, &sh.item[i]);
    no_other_tags(h, &sh);
    headerFree(h);
    return 0;
}

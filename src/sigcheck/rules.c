/* airlock-sigcheck: al_rpm_check's rejections as verdicts (rules.h). */
#include "rules.h"

#include <stddef.h>

#include "rpm.h"

/* How much of the place a rule is about: the part alone, its region
 * entry (always entry 0), or one entry with its tag. */
enum scope { PART, REGION, ENTRY };

/* One row per rejection code of src/core/rpm.h, in its order. PART
 * overrides the caller's part where the rule is always about one. */
static const struct {
    enum sc_code code;
    const char *section;
    const char *rule;
    enum scope scope;
    const char *part;
} sc_rules[AL_RPM_E_MAX + 1] = {
    [AL_RPM_E_NOT_RPM]   = { SC_NOT_RPM, "2", "shorter than the lead, or no lead magic", PART, "lead" },
    [AL_RPM_E_LEAD]      = { SC_MALFORMED, "2", "major version not 3 or 4, or signature type not 5",
                             PART, "lead" },
    [AL_RPM_E_TRUNCATED] = { SC_MALFORMED, "1", "does not end where the sizes in its headers say",
                             PART, NULL },
    [AL_RPM_E_MAGIC]     = { SC_MALFORMED, "3.1", "header magic or reserved bytes", PART, NULL },
    [AL_RPM_E_BOUNDS]    = { SC_MALFORMED, "3.5", "entry count or data size out of bounds", PART, NULL },
    [AL_RPM_E_REGION]    = { SC_MALFORMED, "4", "region entry or trailer", REGION, NULL },
    [AL_RPM_E_UNSIGNED]  = { SC_UNSIGNED_ITEM, "5.3", "file or fs-verity signature: covered by no "
                             "signature, librpm would install it", ENTRY, NULL },
    [AL_RPM_E_TAG]       = { SC_BAD_TAG, "5.3", "tag not on the allow-list", ENTRY, NULL },
    [AL_RPM_E_TAG_TYPE]  = { SC_BAD_TAG, "5.2", "allowed tag with the wrong type or count", ENTRY, NULL },
    [AL_RPM_E_REPEAT]    = { SC_BAD_TAG, "3.4", "tag present more than once", ENTRY, NULL },
    [AL_RPM_E_ORDER]     = { SC_MALFORMED, "3.4", "tag not in 100..2^31-1, or not ascending", ENTRY, NULL },
    [AL_RPM_E_TYPE]      = { SC_MALFORMED, "3.2", "type not 1..9", ENTRY, NULL },
    [AL_RPM_E_KNOWN]     = { SC_MALFORMED, "6.1", "payload digest tag without rpm's type", ENTRY, NULL },
    [AL_RPM_E_COUNT]     = { SC_MALFORMED, "3.2", "count 0, STRING count not 1, or count above "
                             "0xFFFFF", ENTRY, NULL },
    [AL_RPM_E_PLACE]     = { SC_MALFORMED, "3.3", "data misaligned, out of order, after a gap that is "
                             "not zero padding, outside the data store, or a string without its NUL",
                             ENTRY, NULL },
    [AL_RPM_E_UNOWNED]   = { SC_MALFORMED, "3.3", "data bytes that belong to no entry", PART, NULL },
};

enum sc_code sc_rpm_verdict(uint32_t code, const struct sc_rpm_where *w, struct sc_verdict *v)
{
    const char *part;

    if (code == AL_RPM_OK || code > AL_RPM_E_MAX) {
        sc_verdict_set(v, SC_INTERNAL, "unknown verdict %u of the RPM checker", code);
        return v->code;
    }
    part = sc_rules[code].part != NULL ? sc_rules[code].part : w->part;
    if (sc_rules[code].scope == ENTRY)
        sc_verdict_set(v, sc_rules[code].code, "spec/RPM.md section %s: %s (%s, entry %u, tag %u)",
                       sc_rules[code].section, sc_rules[code].rule, part, w->entry, w->tag);
    else if (sc_rules[code].scope == REGION)
        sc_verdict_set(v, sc_rules[code].code, "spec/RPM.md section %s: %s (%s, entry 0)",
                       sc_rules[code].section, sc_rules[code].rule, part);
    else
        sc_verdict_set(v, sc_rules[code].code, "spec/RPM.md section %s: %s (%s)",
                       sc_rules[code].section, sc_rules[code].rule, part);
    return v->code;
}

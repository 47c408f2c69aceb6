/*
 * airlock-sigcheck: the verdict for each rejection of the proven checker
 * (src/core/rpm.h, al_rpm_check).
 *
 * al_rpm_check is the only judge of the bytes from the lead to the
 * payload (spec/RPM.md sections 2-6.1). Its stable codes AL_RPM_E_* are
 * turned here, in one table, into airlock-sigcheck's verdict classes
 * (not-rpm, malformed, bad-tag, unsigned-item: verdict.h) and a detail
 * that names the section of spec/RPM.md the package breaks, the rule, and
 * where: "spec/RPM.md section 4: region entry or trailer (signature
 * header, entry 0)". ASCII only, since details are printed escaped.
 */
#ifndef AIRLOCK_SIGCHECK_RULES_H
#define AIRLOCK_SIGCHECK_RULES_H

#include <stdint.h>
#include "verdict.h"

/* Where a rule failed: PART names the part of the file ("signature
 * header", "main header"); for an entry's rule, ENTRY is its index in
 * that header and TAG its tag as the file has it. */
struct sc_rpm_where {
    const char *part;
    uint32_t entry;
    uint32_t tag;
};

/* Set *v to the verdict for al_rpm_* code CODE failing at *W; returns
 * v->code. AL_RPM_OK or an unknown code gives SC_INTERNAL: the caller
 * only asks for a rejection. */
enum sc_code sc_rpm_verdict(uint32_t code, const struct sc_rpm_where *w, struct sc_verdict *v);

#endif

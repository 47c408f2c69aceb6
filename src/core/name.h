/* name.h -- the name policies of FORMAT.md §8. Proven core.
 *
 * Each validator answers 1 exactly when the name satisfies the policy's
 * predicate in spec/qfile.acsl, 0 otherwise. `name` is the name without its
 * terminating NUL; `len` its length in bytes.
 */
#ifndef AIRLOCK_NAME_H
#define AIRLOCK_NAME_H

#include "qfile.h"

/* The rpm policy (§8.1): [A-Za-z0-9][A-Za-z0-9._+^~-]{0,255}\.rpm
 * Requires: the len bytes of name are readable. */
/*@ requires valid_name: \valid_read(name + (0 .. len - 1));
    assigns \nothing;
    ensures boolean: \result == 0 || \result == 1;
    ensures iff_spec: \result == 1 <==> RpmName((uint8_t *)name, len);
 */
int al_name_rpm(const uint8_t *name, uint32_t len);

/* The portable policy (§8.2): 1..255 bytes 0x20..0x7E, no '/', not "."
 * or "..". Requires: the len bytes of name are readable. */
/*@ requires valid_name: \valid_read(name + (0 .. len - 1));
    assigns \nothing;
    ensures boolean: \result == 0 || \result == 1;
    ensures iff_spec: \result == 1 <==> PortableName((uint8_t *)name, len);
 */
int al_name_portable(const uint8_t *name, uint32_t len);

/* The policy in force (§8): AL_NAMES_RPM or AL_NAMES_PORTABLE.
 * Requires: policy is one of the two; the len bytes of name are readable. */
/*@ requires policy: policy == AL_NAMES_RPM || policy == AL_NAMES_PORTABLE;
    requires valid_name: \valid_read(name + (0 .. len - 1));
    assigns \nothing;
    ensures boolean: \result == 0 || \result == 1;
    ensures iff_spec: \result == 1 <==> NameAllowed(policy, (uint8_t *)name, len);
 */
int al_name_allowed(uint32_t policy, const uint8_t *name, uint32_t len);

#endif

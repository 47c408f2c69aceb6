/*
 * airlock-sigcheck: the trusted keys, read only from one directory.
 */
#ifndef AIRLOCK_SIGCHECK_KEYRING_H
#define AIRLOCK_SIGCHECK_KEYRING_H

#include <stddef.h>
#include <rpm/rpmkeyring.h>

/* Build a keyring from every file in DIR (dot files excluded). A file may
 * hold armored OpenPGP public key blocks (any number, each with any number
 * of certificates) or binary OpenPGP public key packets. Every primary key
 * and every subkey is added. A file that holds no public key, or a
 * directory without any key, is an error: the keyring is the policy, so an
 * unreadable piece of it must stop the run rather than shrink it.
 * Returns the keyring and sets *nkeys, or NULL with a message in err. */
rpmKeyring sc_keyring_load(const char *dir, int *nkeys, char *err, size_t errlen);

#endif

#!/bin/sh
# Install the Debian packages airlock needs, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -eu
PKGS="gcc make pkg-config zlib1g-dev libisal-dev libseccomp-dev libxen-dev
      frama-c-base why3 cvc4 cvc5 z3
      rpm librpm-dev libgcrypt20-dev createrepo-c dnf gnupg python3-rpm sqv
      clang llvm-14 libclang-rt-14-dev shellcheck util-linux procps time
      openssl zip unzip"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "airlock: missing Debian packages; run as root:" >&2
    echo "  apt-get update && $cmd" >&2
    exit 1
fi
echo "airlock: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2

#!/bin/sh
# tests/deps.sh [--list | --missing] SET...
#
# The Debian 12 packages airlock needs, in sets by purpose; the Makefile
# runs it with the sets of each target before anything is built:
#   runtime    build the programs (`make`) and run them and the demo
#              (`make demo`): compiler, libraries, rpm, createrepo_c, dnf,
#              gpg
#   test       what `make check`'s suites, `make bench` and `make man`
#              use beyond runtime
#   prove      `make prove`: Frama-C, Why3 and its provers, patch (mutants),
#              python3 (proofs/summary.py), pkg-config (run by the
#              Makefile's fragments as they are read)
#   fuzz       `make fuzz`, `fuzz-run`, `fuzz-coverage`: clang/LLVM 14 and
#              libFuzzer, /usr/bin/time (fuzz/run.sh)
#   packaging  `make rpm` and tests/suites/70-rpm.sh: rpm (rpmbuild; also
#              in runtime) and rpmlint
#
#   tests/deps.sh SET...            install the missing packages of SETs:
#                                   as root `apt-get update` once, then
#                                   `apt-get install -y
#                                   --no-install-recommends`; otherwise
#                                   print that command and exit 1
#   tests/deps.sh --list SET...     print the SETs' packages, one a line
#   tests/deps.sh --missing SET...  print the missing ones, install nothing
#
# Exit status: 0 done (or nothing missing), 1 packages missing and not
# root, or apt-get failed, 2 usage.
set -eu

SETS="runtime test prove fuzz packaging"

# One function per set; a package may be in several sets.
set_runtime() {
    echo gcc make pkg-config zlib1g-dev libisal-dev libseccomp-dev libxen-dev
    echo librpm-dev libgcrypt20-dev rpm createrepo-c dnf gnupg python3
    echo python3-rpm
}
# Used by: sqv 41-sigcheck-forgery; python3-cryptography tests/keygen.py;
# the shellcheck program 50-receive-publish; python3-jsonschema its
# status.json check against src/receive/status.schema.json; util-linux
# (unshare) and procps (pgrep) 53-receive-faults; zip, unzip 60-fuzz
# (OSS-Fuzz build);
# time, openssl the benchmarks; mandoc (lint, rendering) and groff-base
# (groff, as man(1) renders) the man pages: 72-man and `make man`.
set_test() {
    echo sqv python3-cryptography shellcheck zip unzip time openssl
    echo mandoc groff-base python3-jsonschema util-linux procps
}
set_prove() { echo frama-c-base why3 cvc4 cvc5 z3 patch python3 pkg-config; }
set_fuzz() { echo clang llvm-14 libclang-rt-14-dev time; }
set_packaging() { echo rpm rpmlint; }

usage() {
    echo "usage: tests/deps.sh [--list | --missing] SET... (SET: $SETS)" >&2
    exit 2
}

# packages SET...: the packages of the SETs, one a line, each once.
packages() {
    for s in "$@"; do "set_$s"; done | tr ' ' '\n' | awk 'NF && !seen[$0]++'
}

check_sets() {
    for s in "$@"; do
        case " $SETS " in
            *" $s "*) ;;
            *) echo "tests/deps.sh: unknown set '$s'" >&2; usage ;;
        esac
    done
}

installed() {
    dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# missing PACKAGE...: those not installed, one a line.
missing() {
    for p in "$@"; do
        installed "$p" || echo "$p"
    done
}

# install PACKAGE...: apt-get as root, else print the command and fail.
install() {
    cmd="apt-get install -y --no-install-recommends $*"
    if [ "$(id -u)" -ne 0 ]; then
        echo "airlock: missing Debian packages; run as root:" >&2
        echo "  apt-get update && $cmd" >&2
        exit 1
    fi
    echo "airlock: installing: $*" >&2
    DEBIAN_FRONTEND=noninteractive
    export DEBIAN_FRONTEND
    apt-get update -qq >&2 || exit 1
    apt-get install -y -qq --no-install-recommends "$@" >&2 || exit 1
}

main() {
    mode=install
    case ${1:-} in
        --list | --missing) mode=${1#--}; shift ;;
        -*) usage ;;
    esac
    [ $# -gt 0 ] || usage
    check_sets "$@"
    pkgs=$(packages "$@")
    # shellcheck disable=SC2086 # package names are single words
    case $mode in
        list) echo "$pkgs" ;;
        missing) missing $pkgs ;;
        install)
            todo=$(missing $pkgs)
            [ -z "$todo" ] || install $todo ;;
    esac
}

main "$@"

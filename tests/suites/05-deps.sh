#!/bin/sh
# Package sets and the package step (issue 14), without installing or
# building anything:
#   deps-first-T    `make -n -B T` (dry run, every target out of date) prints
#                   `tests/deps.sh SETS` with T's sets as its first command,
#                   and T's work (a compiler run, proofs/prove.sh,
#                   rpmbuild for `make rpm`, mandoc for `make man`) after
#                   it; the dry run calls neither apt-get nor dpkg-query
#                   (T: demo, check, prove, bench, fuzz, fuzz-run,
#                   fuzz-coverage, rpm, man)
#   deps-before-parse  the first make (its recursive make replaced by
#                   `true`) prints only the package step and reads no
#                   fragment: pkg-config, which the fragments run as they
#                   are read, is not called before the packages are in
#   runtime-lean    `tests/deps.sh --list runtime` names no prover and no
#                   fuzzing toolchain
#   sets-cover-old  every package of the first single list is in a set
#   nonroot-prints  as nobody (setpriv) with one package missing (a fake
#                   dpkg-query): exit 1, the exact apt-get line, apt-get
#                   (a fake) never run
#   root-installs   as root, same fakes, two packages missing: `apt-get
#                   update` once, then one install of exactly those two
#                   (skipped unless root)
#   missing-lists   --missing prints only the missing package, runs no
#                   apt-get
set -u
# shellcheck disable=SC1091 # sourced helpers (t_ok, t_fail)
. tests/lib.sh

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
chmod 755 "$T"
MISS=libxen-dev
COMPILE='^[^ ]*(cc|clang)[^ ]* .* -o build/'

# The single list tests/deps.sh had before the sets.
OLD="gcc make pkg-config zlib1g-dev libisal-dev libseccomp-dev libxen-dev
     frama-c-base why3 cvc4 cvc5 z3
     rpm librpm-dev libgcrypt20-dev createrepo-c dnf gnupg python3-rpm sqv
     clang llvm-14 libclang-rt-14-dev shellcheck util-linux procps time
     openssl zip unzip"

# fake DIR: apt-get, logging to $T/apt.log, and dpkg-query, reporting
# every package installed but those listed in $T/missing (one a line).
fake() {
    mkdir -p "$1"
    printf '#!/bin/sh\necho "apt-get $*" >>%s\n' "$T/apt.log" >"$1/apt-get"
    cat >"$1/dpkg-query" <<EOF
#!/bin/sh
for a in "\$@"; do p=\$a; done
if grep -q -x -F "\$p" "$T/missing"; then
    echo "dpkg-query: no packages found matching \$p" >&2
    exit 1
fi
echo "install ok installed"
EOF
    chmod 755 "$1" "$1/apt-get" "$1/dpkg-query"
}

# log_fakes DIR: apt-get, dpkg-query and pkg-config that only log (to
# $T/calls) and fail.
log_fakes() {
    mkdir -p "$1"
    for c in apt-get dpkg-query pkg-config; do
        printf '#!/bin/sh\necho "%s $*" >>%s\nexit 1\n' "$c" "$T/calls" >"$1/$c"
        chmod 755 "$1/$c"
    done
}

# dry ARGS...: make ARGS as typed at a shell (nothing inherited from a
# calling make), the logging fakes first on PATH.
dry() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u SKIP_DEPS \
        PATH="$T/log:$PATH" make "$@" 2>&1
}

# first_step TARGET SETS WORK: the dry run of TARGET starts with the
# package step for SETS and reaches a line matching WORK after it.
first_step() {
    rm -f "$T/calls"
    dry -n -B "$1" >"$T/$1.n"
    _first=$(head -n 1 "$T/$1.n")
    _work=$(grep -n -m 1 -E "$3" "$T/$1.n" | cut -d: -f1)
    if [ "$_first" != "tests/deps.sh $2" ]; then
        t_fail "deps-first-$1" "first command '$_first', not 'tests/deps.sh $2'"
    elif [ -z "$_work" ]; then
        t_fail "deps-first-$1" "no command matching '$3' in the dry run"
    elif grep -q -v '^pkg-config' "$T/calls" 2>/dev/null; then
        t_fail "deps-first-$1" "the dry run ran: $(grep -v '^pkg-config' "$T/calls" | head -n 1)"
    else
        t_ok "deps-first-$1 (tests/deps.sh $2, then line $_work: $(sed -n "${_work}p" "$T/$1.n" | cut -c1-40)...)"
    fi
}

before_parse() {
    rm -f "$T/calls"
    dry -n -B demo MAKE=true >"$T/first.n"
    if [ -s "$T/calls" ]; then
        t_fail deps-before-parse "the first make ran: $(head -n 1 "$T/calls")"
    elif [ "$(wc -l <"$T/first.n")" -ne 2 ] || [ "$(head -n 1 "$T/first.n")" != "tests/deps.sh runtime" ]; then
        t_fail deps-before-parse "the first make printed: $(head -n 3 "$T/first.n" | tr '\n' '|')"
    else
        t_ok "deps-before-parse (the first make: the package step and the second make only)"
    fi
}

runtime_lean() {
    _rt=$(tests/deps.sh --list runtime)
    _bad=$(echo "$_rt" | grep -E '^(frama-c|why3|cvc4|cvc5|z3|clang|llvm|libclang|libllvm)')
    if [ -z "$_rt" ]; then
        t_fail runtime-lean "tests/deps.sh --list runtime printed nothing"
    elif [ -n "$_bad" ]; then
        t_fail runtime-lean "runtime holds $(echo "$_bad" | tr '\n' ' ')"
    else
        t_ok "runtime-lean ($(echo "$_rt" | wc -l) packages, no prover or fuzzing toolchain)"
    fi
}

sets_cover_old() {
    _all=$(tests/deps.sh --list runtime test prove fuzz packaging)
    _lost=""
    for p in $OLD; do
        echo "$_all" | grep -q -x -F "$p" || _lost="$_lost $p"
    done
    if [ -n "$_lost" ]; then t_fail sets-cover-old "in no set:$_lost"; else t_ok sets-cover-old; fi
}

# as_nobody CMD...: CMD as the user nobody (as is, when not root).
as_nobody() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
    else
        "$@"
    fi
}

# run_fake AS ARGS...: the copy of tests/deps.sh with the fakes of $T/fake
# first on PATH, through AS (as_nobody or env); output in $T/out, status
# in $RC. $T/apt.log is emptied first and writable by nobody.
run_fake() {
    _as=$1
    shift
    : >"$T/apt.log"
    chmod 666 "$T/apt.log"
    "$_as" env PATH="$T/fake:$PATH" sh "$T/deps.sh" "$@" >"$T/out" 2>&1
    RC=$?
}

nonroot_prints() {
    run_fake as_nobody runtime
    _want="  apt-get update && apt-get install -y --no-install-recommends $MISS"
    if [ "$RC" -ne 1 ]; then
        t_fail nonroot-prints "exit $RC, not 1: $(head -n 2 "$T/out" | tr '\n' '|')"
    elif ! grep -q -x -F "$_want" "$T/out"; then
        t_fail nonroot-prints "no line '$_want' in: $(tr '\n' '|' <"$T/out")"
    elif [ -s "$T/apt.log" ]; then
        t_fail nonroot-prints "apt-get was run: $(head -n 1 "$T/apt.log")"
    else
        t_ok "nonroot-prints (exit 1, '$_want', no apt-get)"
    fi
}

root_installs() {
    if [ "$(id -u)" -ne 0 ]; then
        t_ok "root-installs # SKIP needs root"
        return
    fi
    printf '%s\nz3\n' "$MISS" >"$T/missing"
    run_fake env runtime test prove
    echo "$MISS" >"$T/missing"
    _want=$(printf 'apt-get update -qq\napt-get install -y -qq --no-install-recommends %s z3' "$MISS")
    if [ "$RC" -ne 0 ] || [ "$(cat "$T/apt.log")" != "$_want" ]; then
        t_fail root-installs "exit $RC, apt-get calls: $(tr '\n' '|' <"$T/apt.log")"
    else
        t_ok "root-installs (apt-get update once, then install $MISS z3 only)"
    fi
}

missing_lists() {
    run_fake env --missing runtime test prove fuzz
    if [ "$RC" -ne 0 ] || [ "$(cat "$T/out")" != "$MISS" ] || [ -s "$T/apt.log" ]; then
        t_fail missing-lists "exit $RC, printed '$(tr '\n' ' ' <"$T/out")', apt-get: $(tr '\n' '|' <"$T/apt.log")"
    else
        t_ok "missing-lists (only $MISS, no apt-get)"
    fi
}

log_fakes "$T/log"
first_step demo "runtime" "$COMPILE"
first_step check "runtime test prove fuzz packaging" "$COMPILE"
first_step prove "prove" '^proofs/prove\.sh'
first_step bench "runtime test" "$COMPILE"
first_step fuzz "runtime fuzz" "$COMPILE"
first_step fuzz-run "runtime fuzz" "$COMPILE"
first_step fuzz-coverage "runtime fuzz" "$COMPILE"
first_step rpm "runtime packaging" 'rpmbuild -bb '
first_step man "test" '^mandoc -Tlint '
before_parse
runtime_lean
sets_cover_old
fake "$T/fake"
echo "$MISS" >"$T/missing"
chmod 644 "$T/missing"
cp tests/deps.sh "$T/deps.sh" && chmod 755 "$T/deps.sh"
nonroot_prints
root_installs
missing_lists

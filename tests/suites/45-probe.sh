#!/bin/sh
# The probe suite (tests/probe/, issue 13): programs linking the shipped
# confinement of each stage (airlock-unpack's up_seal; airlock-sigcheck's
# sc_set_up and sc_seal_worker; airlock-receive's cr_confine for the
# createrepo_c stage) apply it exactly, then try what an
# attacker with code execution inside the stage would: create, open, link,
# rename or delete outside the allowed directory (open, openat, openat2,
# linkat, /proc/self/fd), write /dev/shm and /var/tmp, open sockets,
# ptrace, execve, fork a survivor, allocate past the memory limit. Each
# attempt is one line, ok only if it failed (an error or SIGSYS) and left
# no trace; each stage's legitimate work must still succeed.
# As root both layers run (mount namespace + Landlock), as the stage user
# nobody Landlock alone, and as root on a "kernel without Landlock" the
# mount namespace alone; with neither layer each stage must refuse to
# run. A control run without confinement checks
# that the attempts the issue found working really work then, so that the
# probes can fail.
# shellcheck disable=SC2015
set -u
# shellcheck source=tests/lib.sh
. tests/lib.sh
# shellcheck source=tests/rpmlib.sh
. tests/rpmlib.sh

PU=$PWD/build/test/airlock-probe-unpack
PS=$PWD/build/test/airlock-probe-sigcheck
T=$(mktemp -d)
trap 'rm -rf "$T"; rm -f /dev/shm/airlock-probe-* /var/tmp/airlock-probe-* /tmp/airlock-probe-*' EXIT INT TERM
chmod 755 "$T"
umask 022
export LC_ALL=C
STAGE_USER=nobody
rm -f /dev/shm/airlock-probe-* /var/tmp/airlock-probe-* /tmp/airlock-probe-*   # a trace must be new

if [ "$(id -u)" -ne 0 ]; then
    t_fail probe-needs-root "the probes switch to the stage user $STAGE_USER"
    exit 0
fi
as_user() { setpriv --reuid "$STAGE_USER" --regid "$(id -g "$STAGE_USER")" --clear-groups "$@"; }

# fresh NAME: $T/NAME/d (the stage's directory) and $T/NAME/out (another
# directory of the stage user, holding the file "owned").
fresh() {
    rm -rf "${T:?}/$1" && mkdir -p "$T/$1/d" "$T/$1/out" && touch "$T/$1/out/owned" &&
        chown -R "$STAGE_USER" "$T/$1/d" "$T/$1/out"
}

# --- airlock-unpack ----------------------------------------------------------
fresh u1 && "$PU" "$T/u1/d" "$T/u1/out" "$STAGE_USER"
fresh u2 && as_user "$PU" "$T/u2/d" "$T/u2/out"

# --- airlock-sigcheck --------------------------------------------------------
if mk_key "$T" rsa rsa3072 >"$T/setup.log" 2>&1 && mkdir -p "$T/kr" "$T/p" &&
   cp "$T/rsa.asc" "$T/kr/" && mk_rpm "$T" base 64 >>"$T/setup.log" 2>&1 &&
   cp "$T/base.rpm" "$T/p/rsa.rpm" && sign_rpm "$T" rsa "$T/p/rsa.rpm" >>"$T/setup.log" 2>&1 &&
   cp "$T/p/rsa.rpm" "$T/p/other.rpm" && chmod -R a+rX "$T/kr" "$T/p"; then
    fresh s1 && "$PS" "$T/p/rsa.rpm" "$T/p/other.rpm" "$T/s1/d" "$T/kr" "$T/s1/out" "$STAGE_USER"
    fresh s2 && as_user "$PS" "$T/p/rsa.rpm" "$T/p/other.rpm" "$T/s2/d" "$T/kr" "$T/s2/out"
else
    t_fail probe-sigcheck-setup "$(tail -n 3 "$T/setup.log" | tr '\n' ' ')"
fi

# Compromised workers against the parent (tests/probe/jobs.c): a worker
# that reports OK and then dies, or hands back a malformed slot, gets its
# file failed and its (complete) copy unnamed; a forger next to honest
# workers reaches neither their slots nor their copies; only the copies
# of files whose worker ended cleanly with OK are named, byte-identical.
PJ=$PWD/build/test/airlock-probe-jobs
jobs_probe() {   # jobs_probe LABEL DIR USER|- [as_user]
    _l=$1 _d=$2 _u=$3
    shift 3
    _j=$T/j
    "$@" "$PJ" "$_d" "$T/kr" "$_u" "$_j/good1.rpm" "$_j/forger.rpm" "$_j/bad.rpm" \
        "$_j/die-ok.rpm" "$_j/crash-ok.rpm" "$_j/garbage.rpm" "$_j/badcode.rpm" \
        "$_j/newline.rpm" "$_j/good2.rpm" </dev/null >"$T/pj.out" 2>"$T/pj.err"
    cat >"$T/pj.want" <<'WANT'
ok good1.rpm: 
ok forger.rpm: 
internal die-ok.rpm: verifier process died on this file
internal crash-ok.rpm: verifier process died on this file
internal garbage.rpm: verifier process returned a malformed verdict
internal badcode.rpm: verifier process returned a malformed verdict
internal newline.rpm: verifier process returned a malformed verdict
ok good2.rpm: 
WANT
    grep -v ' bad.rpm: ' "$T/pj.out" | cmp -s - "$T/pj.want" &&
        grep -q '^payload-digest bad.rpm: ' "$T/pj.out" &&
        t_ok "sigcheck workers ($_l): a forger, and workers that report OK then die or hand back garbage, decide only their own file" ||
        t_fail "sigcheck workers ($_l): verdicts" "$(tr '\n' '|' <"$T/pj.out") $(cat "$T/pj.err")"
    [ "$(ls -A "$_d" | tr '\n' ' ')" = "forger.rpm good1.rpm good2.rpm " ] &&
        cmp -s "$_d/good1.rpm" "$_d/good2.rpm" && cmp -s "$_d/good1.rpm" "$_d/forger.rpm" &&
        ! grep -q FORGED "$_d/good1.rpm" &&
        t_ok "sigcheck workers ($_l): the parent names only the copies of clean OK workers, unforged" ||
        t_fail "sigcheck workers ($_l): published copies" "$(ls -A "$_d" | tr '\n' ' ')"
}
if [ -f "$T/p/rsa.rpm" ] && mkdir -p "$T/j" &&
   for n in good1 forger die-ok crash-ok garbage badcode newline good2 bad; do
       cp "$T/p/rsa.rpm" "$T/j/$n.rpm" || { n=fail; break; }
   done && [ "$n" != fail ] &&
   printf X | dd of="$T/j/bad.rpm" bs=1 seek=$(( $(stat -c %s "$T/j/bad.rpm") - 10 )) \
       conv=notrunc 2>/dev/null && chmod -R a+rX "$T/j"; then
    fresh j1 && jobs_probe "as root" "$T/j1/d" "$STAGE_USER"
    fresh j2 && jobs_probe "as the stage user" "$T/j2/d" - as_user
else
    t_fail "sigcheck workers: set-up" "no packages"
fi

# The largest headers RPM.md §3.5 admits must still pass under the
# workers' RLIMIT_AS (sandbox.h): a signed package whose main header is
# 62 MiB (a 65,000,000-byte description), checked with its copy written.
mk_big_rpm() {
    mkdir -p "$T/big/SPECS" &&
    awk 'BEGIN { l = sprintf("%999s", ""); gsub(/ /, "x", l); for (i = 0; i < 65000; i++) print l }' \
        >"$T/big/desc.txt" &&
    cat >"$T/big/SPECS/p.spec" <<SPEC &&
%define _binary_payload w0.ufdio
%define _build_id_links none
%define debug_package %{nil}
%define __os_install_post %{nil}
Name: bighdr
Version: 1
Release: 1
Summary: a main header near the 64 MiB cap
License: MIT
BuildArch: noarch
%description
%(cat $T/big/desc.txt)
%install
mkdir -p %{buildroot}/opt/airlock-test
echo big >%{buildroot}/opt/airlock-test/big
%files
/opt/airlock-test/big
SPEC
    HOME=$T/big rpmbuild --quiet --define "_topdir $T/big" --define "_rpmdir $T/big/RPMS" \
        -bb "$T/big/SPECS/p.spec" >/dev/null 2>&1 &&
    mv "$T/big/RPMS/noarch/bighdr-1-1.noarch.rpm" "$T/p/big.rpm" && sign_rpm "$T" rsa "$T/p/big.rpm" &&
    chmod a+r "$T/p/big.rpm"
}
if [ -f "$T/p/rsa.rpm" ] && mk_big_rpm >>"$T/setup.log" 2>&1; then
    hdr=$(( $(rpm_payload_offset "$T/p/big.rpm") - $(rpm_hdr_offset "$T/p/big.rpm") ))
    fresh b1
    out=$(build/airlock-sigcheck --user "$STAGE_USER" --jobs 1 --output-dir "$T/b1/d" \
          --keyring "$T/kr" "$T/p/big.rpm" 2>"$T/b1.err")
    if [ "$out" = "OK $T/p/big.rpm" ] && [ -f "$T/b1/d/big.rpm" ] && [ "$hdr" -gt $((60 << 20)) ]; then
        t_ok "sigcheck: a $((hdr >> 20)) MiB main header passes under the workers' RLIMIT_AS"
    else
        t_fail "sigcheck: large header under RLIMIT_AS" "header $hdr bytes: $out $(cat "$T/b1.err")"
    fi
    case "$(cat "$T/b1.err")" in
        "airlock-sigcheck: confinement: mount namespace (read-only but --output-dir) + Landlock ABI "[0-9]*)
            t_ok "sigcheck as root: one stderr line names both layers" ;;
        *) t_fail "sigcheck as root: confinement line" "$(cat "$T/b1.err")" ;;
    esac
    fresh b2
    out=$(as_user build/airlock-sigcheck --jobs 1 --output-dir "$T/b2/d" --keyring "$T/kr" \
          "$T/p/rsa.rpm" 2>"$T/b2.err")
    case "$out $(cat "$T/b2.err")" in
        "OK $T/p/rsa.rpm airlock-sigcheck: confinement: Landlock ABI "[0-9]*"; no mount namespace (not root)")
            t_ok "sigcheck as the stage user: passes, one stderr line names Landlock alone" ;;
        *) t_fail "sigcheck as the stage user" "$out $(cat "$T/b2.err")" ;;
    esac
else
    t_fail "sigcheck: large header set-up" "$(tail -n 3 "$T/setup.log" | tr '\n' ' ')"
fi

# --- a kernel without Landlock (airlock-nolandlock: its calls fail ENOSYS) --
NL=$PWD/build/test/airlock-nolandlock
# only_these FILE LABEL ATTEMPT...: FILE's probe lines pass through but
# those of the ATTEMPTs, each of which must have WORKED (a documented
# limit of the layer left); one test line, LABEL, for them.
only_these() {
    _f=$1 _l=$2 _n=0 _bad=""
    shift 2
    cp "$_f" "$_f.rest"
    for _a in "$@"; do
        grep -vF -- ": $_a: " "$_f.rest" >"$_f.tmp" && mv "$_f.tmp" "$_f.rest"
        if grep -qF -- ": $_a: the attempt WORKED" "$_f"; then _n=$((_n + 1)); else _bad="$_bad [$_a]"; fi
    done
    cat "$_f.rest"
    [ "$_n" -eq $# ] && t_ok "$_l" || t_fail "$_l" "not as documented:$_bad"
}
fresh n1 && AL_PROBE_MODE="as root, no Landlock: mount namespace alone" \
    "$NL" "$PU" "$T/n1/d" "$T/n1/out" "$STAGE_USER"
# Without Landlock airlock-sigcheck's reads are bounded only by file
# permissions (documented in airlock-sigcheck(1)): exactly these three
# reads get through; every other attempt must still fail.
if [ -f "$T/p/rsa.rpm" ]; then
    fresh n2 && AL_PROBE_MODE="as root, no Landlock: mount namespace alone" \
        "$NL" "$PS" "$T/p/rsa.rpm" "$T/p/other.rpm" "$T/n2/d" "$T/kr" "$T/n2/out" "$STAGE_USER" >"$T/n2.txt"
    only_these "$T/n2.txt" "sigcheck without Landlock: reads bounded by file permissions only, as documented" \
        "read /etc/passwd" "read a file of the stage user that is no input" "read the other worker's input"
fi
# Neither layer (not root, no Landlock): each stage refuses in one line.
fresh r1
out=$(as_user "$NL" build/airlock-unpack "$T/r1/d" </dev/null 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 3 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && [ -z "$(ls -A "$T/r1/d")" ] &&
    echo "$out" | grep -q '^airlock-unpack: refusing to run: no filesystem confinement' &&
    t_ok "unpack with neither layer: refuses (exit 3), one line" ||
    t_fail "unpack with neither layer" "status $rc: $out"
if [ -f "$T/p/rsa.rpm" ]; then
    out=$(as_user "$NL" build/airlock-sigcheck --keyring "$T/kr" "$T/p/rsa.rpm" 2>"$T/r2.err"); rc=$?
    [ "$rc" -eq 2 ] && [ -z "$out" ] && [ "$(wc -l <"$T/r2.err")" -eq 1 ] &&
        grep -q '^airlock-sigcheck: refusing to run: no filesystem confinement' "$T/r2.err" &&
        t_ok "sigcheck with neither layer: refuses (exit 2), one line, nothing on stdout" ||
        t_fail "sigcheck with neither layer" "status $rc: $out $(cat "$T/r2.err")"
fi

# --- createrepo_c (airlock-receive's stage, src/receive/crconf.c) -----------
# fresh_cr NAME: $T/NAME/run laid out as airlock-receive's run directory
# (meta/ cache/ pkgs/alpha.rpm pkglist; the stage user owns meta/, cache/
# and, so that only the confinement stops a write, pkgs/), and $T/NAME/out
# (another directory of the stage user, holding "owned").
PC=$PWD/build/test/airlock-probe-createrepo
fresh_cr() {
    rm -rf "${T:?}/$1" && mkdir -p "$T/$1/run/meta" "$T/$1/run/cache" "$T/$1/run/pkgs" "$T/$1/out" &&
        cp "$T/p/rsa.rpm" "$T/$1/run/pkgs/alpha.rpm" && echo alpha.rpm >"$T/$1/run/pkglist" &&
        touch "$T/$1/out/owned" && chmod -R a+rX "$T/$1" &&
        chown -R "$STAGE_USER" "$T/$1/run/meta" "$T/$1/run/cache" "$T/$1/run/pkgs" "$T/$1/out"
}
if [ -f "$T/p/rsa.rpm" ]; then
    fresh_cr k1 && "$PC" "$T/k1/run" "$T/k1/out" "$STAGE_USER"
    fresh_cr k2 && as_user "$PC" "$T/k2/run" "$T/k2/out"
    # The mount namespace alone: reads are bounded by file permissions,
    # and a descriptor the process holds can be reopened read-write
    # through /proc/self/fd on its own (writable) mount. The stage holds
    # none but /dev/null and its two log files in work/ (root's, 0600,
    # which CHECK_USER cannot open): exactly these three get through.
    fresh_cr k3 && AL_PROBE_MODE="as root, no Landlock: mount namespace alone" \
        "$NL" "$PC" "$T/k3/run" "$T/k3/out" "$STAGE_USER" >"$T/k3.txt"
    only_these "$T/k3.txt" "createrepo_c without Landlock: only reads and the inherited-descriptor reopen get through, as documented" \
        "read /etc/passwd" "read a file of the stage user that is no input" \
        "reopen /proc/self/fd/N of an outside file read-write"
    # Neither layer: the stage refuses before anything runs, one reason.
    fresh_cr k4 && as_user "$NL" "$PC" "$T/k4/run" "$T/k4/out" >"$T/k4.txt" 2>&1
    all=$(grep -c -e '^ok ' -e '^not ok ' "$T/k4.txt")
    refused=$(grep -c ': the confinement could not be applied$' "$T/k4.txt")
    [ "$all" -gt 40 ] && [ "$refused" -eq "$all" ] &&
        grep -q '^# cr_confine: refusing to run: no filesystem confinement' "$T/k4.txt" &&
        [ ! -e "$T/k4/run/meta/repodata" ] &&
        t_ok "createrepo_c with neither layer: refuses ($refused attempts, none run), one reason" ||
        t_fail "createrepo_c with neither layer" "$refused of $all refused: $(grep -v ': the confinement could not be applied$' "$T/k4.txt" | head -n 3 | tr '\n' ' ')"
fi

# --- control: without confinement the issue's findings reproduce ------------
# control PROBE_OUTPUT ATTEMPT: the attempt worked in the control run.
control() {
    if grep -qF -- "# control - $2: the attempt WORKED" "$1"; then
        t_ok "control without confinement: $2 works (the probe can fail)"
    else
        t_fail "control: $2" "$(grep -F -- "$2" "$1" || echo 'no line')"
    fi
}
fresh c1 && as_user "$PU" --control "$T/c1/d" "$T/c1/out" >"$T/c1.txt" 2>&1
for a in "openat2(DIR, absolute path, O_CREAT)" "openat2 /etc/passwd" \
         "linkat(AT_EMPTY_PATH) an outside path into DIR" "create in /dev/shm" \
         "create in /var/tmp" "renameat2 an outside file into DIR" "socket(AF_INET)" \
         "fork a survivor" "allocate 1 GiB (past RLIMIT_AS)"; do
    control "$T/c1.txt" "unpack (as the stage user: Landlock alone): $a"
done
if [ -f "$T/p/rsa.rpm" ]; then
    fresh c2 && as_user "$PS" --control "$T/p/rsa.rpm" "$T/p/other.rpm" "$T/c2/d" "$T/kr" "$T/c2/out" >"$T/c2.txt" 2>&1
    for a in "read /etc/passwd" "read a file of the stage user that is no input" \
             "create in /var/tmp" "linkat an outside file into --output-dir" \
             "execve /bin/true" "allocate RLIMIT_AS bytes more"; do
        control "$T/c2.txt" "sigcheck (as the stage user: Landlock alone): $a"
    done
fi
if [ -f "$T/p/rsa.rpm" ]; then
    fresh_cr c3 && as_user "$PC" --control "$T/c3/run" "$T/c3/out" >"$T/c3.txt" 2>&1
    for a in "open(2) O_CREAT outside" "openat2(O_CREAT) outside" "read /etc/passwd" \
             "open a package of pkgs/ for writing" "create in /dev/shm" "create in /var/tmp" \
             "create in /tmp" "socketpair(AF_UNIX)" "unshare(CLONE_NEWUSER)" \
             "keyctl(JOIN_SESSION_KEYRING)" "kill(parent, 0)" "execveat /bin/true" \
             "execve createrepo_c with another argv" "socket(AF_INET)" \
             "ptrace(PTRACE_SEIZE) the parent" "fork a survivor" \
             "a second execve, after the allowed one"; do
        control "$T/c3.txt" "createrepo_c (as the stage user: Landlock alone): $a"
    done
fi

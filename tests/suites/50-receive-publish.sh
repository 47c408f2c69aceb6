#!/bin/sh
# airlock-receive, publishing (issues 5, 12, 13): the happy path (createrepo_c
# confined, its confinement line logged), then dnf
# install from the published repository into a scratch root with
# gpgcheck=1; status.json against its schema; an empty batch; 60
# packages verified while arriving; a package changed or replaced by the
# unpacker's side after its check (the checked copy is published);
# make install; shellcheck. Shared helpers: tests/receive-lib.sh.
# shellcheck disable=SC1091,SC2086 # sourced helpers; $GOOD lists are split on purpose
set -u
. tests/receive-lib.sh

# ------------------------------------------------------------ happy path

conf main
R=$T/main/repo
receive "$T/main.conf" "$T/o" $GOOD
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] &&
    [ "$(consistent "$R")" = "alpha.rpm beta.rpm gamma.rpm " ]; then
    t_ok "receive: happy path publishes a consistent generation, sender sees success"
else
    t_fail "receive: happy path" "send $RC_S, receive $RC_R, repo: $(consistent "$R"); $(tail -n 2 "$T/o.send" "$T/o.recv" | tr '\n' ' ')"
fi

# createrepo_c ran confined (src/receive/crconf.h): its stage's one
# line, which the supervisor logs, names both filesystem layers.
if grep -q '^airlock-receive: createrepo_c: confinement: mount namespace (read-only but meta/ and cache/) + Landlock ABI [1-9][0-9]*$' "$T/o.recv"; then
    t_ok "receive: createrepo_c published under its confinement (mount namespace + Landlock + seccomp), logged in one line"
else
    t_fail "receive: createrepo_c confinement line" "$(grep createrepo_c "$T/o.recv" | tr '\n' ' ')"
fi

st=$T/main/state/status.json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["result"]=="published" and d["verified"]==3 and d["rejected"]==0 and len(d["packages"])==3 and d["generation"]' "$st" 2>/dev/null &&
    [ ! -e "$T/main/state/error" ] && grep -q 'verified 3' "$T/o.recv"; then
    t_ok "receive: status.json (verdicts, totals, generation) and progress lines"
else
    t_fail "receive: status.json" "$(head -c 300 "$st")"
fi

# status.json against its schema (src/receive/status.schema.json, with
# Debian's python3-jsonschema): after the publication above and after a
# rejected batch; each package carries its header's name, version,
# release, arch, the signer's fingerprint, verdict and reason.
SCHEMA_PY='import json, sys, jsonschema
schema = json.load(open("src/receive/status.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
d = json.load(open(sys.argv[1]))
jsonschema.validate(d, schema, cls=jsonschema.Draft202012Validator)
want = sys.argv[2]
for p in d["packages"]:
    if p["verdict"] == "verified":
        assert p["name"] == p["file"][:-4] and p["version"] and p["release"] and p["arch"], p
        assert len(p["signer"]) == 40 and p["reason"] == "", p
    else:
        assert p["name"] is None and p["reason"] and p["code"] != "ok", p
assert d["result"] == want, d["result"]'
cp "$st" "$T/status.published.json"
conf sch
receive "$T/sch.conf" "$T/o" "$P/alpha.rpm" "$P/x-untrusted.rpm"
if python3 -c "$SCHEMA_PY" "$T/status.published.json" published >"$T/schema.err" 2>&1 &&
    python3 -c "$SCHEMA_PY" "$T/sch/state/status.json" failed >>"$T/schema.err" 2>&1 &&
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); p=d["packages"]; assert [x["verdict"] for x in p]==["verified","rejected"] and p[1]["code"]=="no-key"' \
        "$T/sch/state/status.json" >>"$T/schema.err" 2>&1; then
    t_ok "receive: status.json (published and failed) valid against status.schema.json, with name, version, release, arch, signer, verdict, reason"
else
    t_fail "receive: status.json schema" "$(tail -n 3 "$T/schema.err" | tr '\n' ' ')"
fi
# A document that breaks the schema is refused by the check (it can fail).
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["packages"][0]["verdict"]="maybe"; json.dump(d, open(sys.argv[2], "w"))' \
    "$T/status.published.json" "$T/status.bad.json"
if ! python3 -c "$SCHEMA_PY" "$T/status.bad.json" published 2>/dev/null; then
    t_ok "receive: the schema check refuses a status.json with an unknown verdict"
else
    t_fail "receive: schema check" "accepted a verdict 'maybe'"
fi

# dnf install from the published repository, gpgcheck=1, into a scratch root.
dnf_install() {
    _root=$T/dnfroot
    rm -rf "$_root" "$T/dnfhome" "$T/repos.d"
    mkdir -p "$_root" "$T/dnfhome" "$T/repos.d"
    echo '%_dbpath /var/lib/rpm' >"$T/dnfhome/.rpmmacros"
    printf '[main]\ngpgcheck=1\ninstallonly_limit=3\nclean_requirements_on_remove=True\nbest=False\n' >"$T/dnf.conf"
    sed -e "s|^baseurl=.*|baseurl=file://$R/current|" \
        -e "s|^gpgkey=.*|gpgkey=file://$T/trusted.asc|" src/receive/airlock.repo >"$T/repos.d/airlock.repo"
    HOME=$T/dnfhome /usr/bin/python3 /usr/bin/dnf -y -q --config="$T/dnf.conf" --installroot="$_root" \
        --releasever=1 --setopt=reposdir="$T/repos.d" --disablerepo='*' \
        --enablerepo=airlock-dom0-updates install "$1" >"$T/dnf.out" 2>&1
}
if dnf_install beta && [ -f "$T/dnfroot/opt/airlock-test/beta.bin" ] &&
    grep -q gpgcheck=1 "$T/repos.d/airlock.repo"; then
    t_ok "receive: dnf installs a published package into a scratch root with gpgcheck=1"
else
    t_fail "receive: dnf install" "$(tail -n 3 "$T/dnf.out" | tr '\n' ' ')"
fi

# An empty batch (the UpdateVM had nothing) is a valid batch: like the
# reference, it publishes an empty generation.
conf empty
receive "$T/empty.conf" "$T/o"
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$(consistent "$T/empty/repo")" = "" ] &&
    [ -f "$T/empty/repo/current/repodata/repomd.xml" ]; then
    t_ok "receive: an empty batch publishes an empty, consistent generation"
else
    t_fail "receive: empty batch" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/o.recv")"
fi

# A larger batch (60 x 3 MiB): packages are verified while the stream
# still arrives (a progress line with fewer than all of them), and the
# metadata lists exactly the 60 packages with their checksums.
mkdir -p "$T/many"
i=0
while [ "$i" -lt 60 ]; do
    cp "$P/huge.rpm" "$T/many/huge-$i.rpm"
    i=$((i + 1))
done
conf many
SLOW=1
receive "$T/many.conf" "$T/o" "$T"/many/*.rpm
unset SLOW
n=$(consistent "$T/many/repo" | wc -w)
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$n" -eq 60 ] &&
    grep -q 'received [0-9]* packages' "$T/o.recv" && ! head -n 2 "$T/o.recv" | grep -q "received 60 "; then
    t_ok "receive: 60 packages verified while arriving; metadata lists all 60"
else
    t_fail "receive: larger batch" "send $RC_S recv $RC_R, $n listed: $(tr '\n' ' ' <"$T/o.recv")"
fi
rm -rf "$T/many"

# after_unpack NAME SHELL-LINES: a BINDIR $T/NAME/bin whose airlock-unpack
# runs the real one, waits 2 s (so that every package has been verified),
# then, as root, runs SHELL-LINES with $d the unpacker's directory, and
# exits with the real unpacker's status; the configuration NAME uses it.
# It stands in for a compromised stage writing through a descriptor it
# kept.
after_unpack() {
    mkdir -p "$T/$1/bin"
    ln -s "$BIN/airlock-result" "$T/$1/bin/airlock-result"
    ln -s "$BIN/airlock-sigcheck" "$T/$1/bin/airlock-sigcheck"
    # shellcheck disable=SC2016 # the wrapper expands them
    printf '#!/bin/sh\nfor d; do :; done\n"%s" "$@"\nrc=$?\nsleep 2\n%s\nexit $rc\n' \
        "$BIN/airlock-unpack" "$2" >"$T/$1/bin/airlock-unpack"
    chmod 755 "$T/$1/bin/airlock-unpack"
    conf "$1" "BINDIR=$T/$1/bin"
}

# same_from_header A B: A and B hold the same bytes from their main
# header on (a published package is the checker's canonical copy: its
# signature header differs from the one sent, by design).
same_from_header() {
    cmp -s -i "$(rpm_hdr_offset "$1"):$(rpm_hdr_offset "$2")" "$1" "$2"
}

# A package changed by the unpacker's side after it was verified (it
# stands in for a compromised unpacker writing through a descriptor it
# kept): what is published is the checker's copy, made in the same read
# as the check, so the change reaches nothing; the batch publishes.
# shellcheck disable=SC2016 # expanded by the wrapper
after_unpack tamper 'f=$d/beta.rpm
printf XYZW | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") - 64)) conv=notrunc status=none'
receive "$T/tamper.conf" "$T/o" $GOOD
g=$(readlink "$T/tamper/repo/current")
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] &&
    [ "$(consistent "$T/tamper/repo")" = "alpha.rpm beta.rpm gamma.rpm " ] &&
    same_from_header "$T/tamper/repo/$g/beta.rpm" "$P/beta.rpm"; then
    t_ok "receive: a package modified by the unpacker's side after verification cannot alter what is published"
else
    t_fail "receive: modified after verification" "send $RC_S recv $RC_R: $(consistent "$T/tamper/repo"); $(tr '\n' ' ' <"$T/o.recv")"
fi

# The same with the package replaced by another validly signed one (same
# name, different bytes): the published beta.rpm is still the one that
# was checked, and the metadata describes it.
after_unpack swap "cat '$P/delta.rpm' >\"\$d/beta.rpm\""
receive "$T/swap.conf" "$T/o" $GOOD
g=$(readlink "$T/swap/repo/current")
if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] &&
    [ "$(consistent "$T/swap/repo")" = "alpha.rpm beta.rpm gamma.rpm " ] &&
    same_from_header "$T/swap/repo/$g/beta.rpm" "$P/beta.rpm" &&
    ! same_from_header "$T/swap/repo/$g/beta.rpm" "$P/delta.rpm"; then
    t_ok "receive: a package replaced by the unpacker's side after verification: the checked one is published"
else
    t_fail "receive: replaced after verification" "send $RC_S recv $RC_R: $(consistent "$T/swap/repo"); $(tr '\n' ' ' <"$T/o.recv")"
fi

# ------------------------------------------------------------ install

I=$T/inst
L=$I/usr/libexec/airlock
# The layout in detail is 71-install.sh's; here: the service runs the
# installed driver, which finds its helpers beside it.
if make -s install DESTDIR="$I" PREFIX=/usr >"$T/inst.log" 2>&1 &&
    (for p in airlock-receive airlock-unpack airlock-sigcheck airlock-result; do
        [ -x "$L/$p" ] || exit 1
    done) && [ -x "$I/usr/bin/airlock-send" ] &&
    grep -q '^exec /usr/libexec/airlock/airlock-receive$' "$L/qubes.ReceiveUpdates" &&
    [ -x "$L/qubes.ReceiveUpdates" ] && [ ! -e "$I/etc/qubes-rpc/qubes.ReceiveUpdates" ] &&
    grep -q '^gpgcheck=1$' "$I/etc/yum.real.repos.d/airlock.repo" &&
    grep -q '^baseurl=file:///var/lib/airlock/repo/current$' "$I/etc/yum.real.repos.d/airlock.repo" &&
    [ -f "$I/etc/airlock/airlock.conf" ] && [ -d "$I/etc/airlock/keys" ] &&
    "$L/airlock-receive" --help | grep -q 'Exit status'; then
    t_ok "receive: make install DESTDIR= PREFIX= installs the helpers in libexec/airlock, the service script, dnf .repo, config; no qubes.ReceiveUpdates in /etc/qubes-rpc"
else
    t_fail "receive: make install" "$(tail -n 3 "$T/inst.log" | tr '\n' ' ')"
fi

# ------------------------------------------------------------ lint

if shellcheck -s sh -x tests/receive-lib.sh tests/suites/50-receive-publish.sh tests/suites/51-receive-reject.sh \
    tests/suites/53-receive-faults.sh tests/suites/54-receive-lock.sh tests/suites/56-receive-budget.sh >"$T/sc.out" 2>&1; then
    t_ok "receive: the receive suites and tests/receive-lib.sh are clean under shellcheck"
else
    t_fail "receive: shellcheck" "$(head -n 5 "$T/sc.out" | tr '\n' ' ')"
fi


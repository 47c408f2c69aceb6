#!/bin/sh
# The whole update (issue 15): airlock-update in a scratch "dom0" root,
# airlock-download as the UpdateVM over a file:// mirror, airlock-receive
# between them; only the qrexec hops are stand-ins (tests/qrexec-sim/).
# Set-up in tests/updatelib.sh. Needs root (the stages run as nobody).
#
#   every option and exit status; "nothing to update" (no batch, the
#   repository unchanged); packages dom0 already holds not sent again;
#   a failing UpdateVM (exits early, answers garbage, sends a garbage
#   stream, sends nothing, sends a tampered package): status and message,
#   nothing installed; refused requests (airlock-download's validation);
#   a second airlock-update while one runs.
# shellcheck disable=SC1091 # sourced helpers
set -u
. tests/lib.sh
. tests/rpmlib.sh
. tests/updatelib.sh
export LC_ALL=C
umask 022

if [ "$(id -u)" -ne 0 ]; then
    t_ok "update suite skipped: needs root (stages run as nobody)"
    exit 0
fi
for p in airlock-update airlock-download airlock-receive airlock-send airlock-unpack airlock-sigcheck; do
    [ -x "build/$p" ] || { t_fail "update: setup" "build/$p missing (make all)"; exit 0; }
done
T=$(mktemp -d /tmp/airlock-update-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
U=$T/w
mkdir -p "$U"
if ! ul_setup "$U" || ! ul_mirror_add "$U" hello 1.0 >/dev/null || ! ul_mirror_add "$U" tools 1.0 >/dev/null ||
    ! ul_mirror_add "$U" extra 1.0 >/dev/null || ! ul_dom0_install "$U" hello tools; then
    t_fail "update: setup" "$(tail -n 2 "$U/dom0-install.log" 2>/dev/null)"
    exit 0
fi

# run NAME ARGS...: airlock-update ARGS; RC, OUT (stdout), ERR (stderr).
run() {
    ul_update "$U" "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
# expect NAME STATUS PATTERN [HELLO]: RC is STATUS, stdout+stderr match
# the extended regex PATTERN, and (if given) dom0 has hello-HELLO.
expect() {
    _why=""
    [ "$RC" -eq "$2" ] || _why="status $RC, not $2"
    cat "$T/out" "$T/err" | grep -Eq -- "$3" || _why="$_why; no '$3' in the output"
    [ -z "${4-}" ] || [ "$(ul_dom0_has "$U" hello)" = "$4" ] || _why="$_why; hello is $(ul_dom0_has "$U" hello), not $4"
    if [ -z "$_why" ]; then t_ok "$1"; else t_fail "$1" "$_why: $(tail -n 3 "$T/err" | tr '\n' ' ')"; fi
}
cur() { readlink "$U/repo/current" 2>/dev/null; }
# sent: the packages of airlock-receive's last batch (its status.json).
sent() {
    /usr/bin/python3 -c 'import json, sys
for p in json.load(open(sys.argv[1])).get("packages", []): print(p.get("file") or p.get("name"), end=" ")' \
        "$U/state/status.json" 2>/dev/null
}

# ------------------------------------------------------------ options, statuses

run --check-only
expect "update: --check-only with nothing new: 'no updates', status 0" 0 'no updates$' 1.0-1
run
expect "update: nothing to update: 'no updates', status 0, no batch, no repository" 0 'no updates$' 1.0-1
[ -z "$(cur)" ] && [ ! -e "$U/state/status.json" ] && t_ok "update: 'no updates' published nothing" ||
    t_fail "update: 'no updates' published nothing" "current is '$(cur)'"

ul_mirror_add "$U" hello 2.0 >/dev/null
run --check-only
expect "update: --check-only with an update: status 100, lists it, nothing installed" 100 \
    'update available: hello-2.0-1.noarch.rpm' 1.0-1
[ -z "$(cur)" ] && t_ok "update: --check-only sends and publishes nothing" ||
    t_fail "update: --check-only sends and publishes nothing" "current is '$(cur)'"

run --downloadonly
expect "update: --downloadonly: received, verified, published, not installed" 0 \
    'received hello-2.0-1.noarch.rpm: verified' 1.0-1
G1=$(cur)
[ -n "$G1" ] && [ "$(sent)" = "hello-2.0-1.noarch.rpm " ] && t_ok "update: only what dom0 lacks is sent (hello-2.0, not tools)" ||
    t_fail "update: only what dom0 lacks is sent" "sent: $(sent)"

run
expect "update: after --downloadonly, nothing sent again, then upgraded" 0 'already holds the 1 package' 2.0-1
[ "$(cur)" = "$G1" ] && t_ok "update: a batch dom0 holds is not sent again (same generation)" ||
    t_fail "update: a batch dom0 holds is not sent again" "current $(cur), was $G1"

# Partly held: tools-2.0 is new, hello-3.0 new; hello-2.0 installed.
# Then one held package (the previous generation) and one new: only the
# new one crosses, dnf finds the held one in the previous generation.
ul_mirror_add "$U" tools 2.0 >/dev/null
run --downloadonly
ul_mirror_add "$U" hello 3.0 >/dev/null
run
expect "update: held tools-2.0 and new hello-3.0: upgraded, both installed" 0 'updated' 3.0-1
[ "$(sent)" = "hello-3.0-1.noarch.rpm " ] && [ "$(ul_dom0_has "$U" tools)" = 2.0-1 ] &&
    t_ok "update: only hello-3.0 crossed; tools-2.0 from the previous generation" ||
    t_fail "update: only the new package crosses" "sent: $(sent); tools $(ul_dom0_has "$U" tools)"

run extra
expect "update: PACKAGE names without --action install them" 0 'updated' 3.0-1
[ "$(ul_dom0_has "$U" extra)" = 1.0-1 ] && t_ok "update: extra installed" || t_fail "update: extra installed" "not installed"

run --action=downgrade hello
expect "update: --action=downgrade hello: hello-2.0" 0 'updated' 2.0-1
run --action=reinstall hello
expect "update: --action=reinstall hello: status 0, hello-2.0 stays" 0 'updated' 2.0-1
run --action=upgrade hello
expect "update: --action=upgrade hello: hello-3.0" 0 'updated' 3.0-1

# (The run before changed dom0: this one stubs the new state, the next
# one must reuse it.)
run
i1=$(stat -c %i "$U/updatevm/stubroot" 2>/dev/null)
run
i2=$(stat -c %i "$U/updatevm/stubroot" 2>/dev/null)
[ "$RC" -eq 0 ] && [ -n "$i1" ] && [ "$i1" = "$i2" ] && t_ok "download: the stub rpmdb is reused while dom0's packages are the same" ||
    t_fail "download: the stub rpmdb is reused" "status $RC, inode $i1 then $i2"
# (Markers, not inode numbers: a directory removed and made again may get
# the same inode number back.)
mkdir -p "$U/updatevm/cache/marker" && : >"$U/updatevm/stubroot/marker"
run --clean
expect "update: --clean with nothing new: 'no updates'" 0 'no updates$' 3.0-1
[ ! -e "$U/updatevm/cache/marker" ] && [ -d "$U/updatevm/stubroot" ] && [ ! -e "$U/updatevm/stubroot/marker" ] &&
    t_ok "update: --clean drops the UpdateVM's dnf cache and stub rpmdb" ||
    t_fail "update: --clean drops the UpdateVM's dnf cache and stub rpmdb" "marker or stub root still there"

run --quiet
[ "$RC" -eq 0 ] && [ "$(cat "$T/out" "$T/err")" = "airlock-update: no updates" ] &&
    t_ok "update: --quiet prints only the final line" || t_fail "update: --quiet" "$(cat "$T/out" "$T/err" | head -n 3)"
run --console
expect "update: --console prints progress" 0 '\[ *[0-9]+%\] resolve'
ul_mirror_add "$U" hello 4.0 >/dev/null
run --just-print-progress
if [ "$RC" -eq 0 ] && [ -s "$T/out" ] && ! grep -Evq '^[0-9]+ [a-z]+$' "$T/out" &&
    [ "$(tail -n 1 "$T/out")" = "100 done" ] && grep -q '^[0-9]* send$' "$T/out" &&
    awk 'NR > 1 && $1 < last { exit 1 } { last = $1 }' "$T/out"; then
    t_ok "update: --just-print-progress: only 'PCT PHASE' lines, rising, ending '100 done'"
else
    t_fail "update: --just-print-progress" "status $RC: $(head -c 300 "$T/out" | tr '\n' '|')"
fi

for a in --action=bogus --frobnicate '-x' 'bad%name' '--action=install'; do
    run "$a"
    expect "update: usage error '$a': status 2" 2 'airlock-update: ' 4.0-1
done
ul_update "$U" --config "$T/missing.conf" >"$T/out" 2>"$T/err"
RC=$?
expect "update: missing configuration: status 2" 2 'cannot read .*missing.conf' 4.0-1
sed 's|^DNF=.*|DNF=/bin/false|' "$U/update.conf" >"$T/false.conf"
ul_mirror_add "$U" hello 5.0 >/dev/null
ul_update "$U" --config "$T/false.conf" >"$T/out" 2>"$T/err"
RC=$?
expect "update: dnf fails in dom0: status 5, says so" 5 'dnf upgrade failed' 4.0-1

# ------------------------------------------------------------ a failing UpdateVM

SVC=$U/qubes/sys-demo/airlock.Download
cp "$SVC" "$T/real.Download"
fake() { printf '#!/bin/sh\ncat >/dev/null\n%s\n' "$1" >"$SVC"; chmod 755 "$SVC"; }
ul_mirror_add "$U" hello 6.0 >/dev/null
G=$(cur)

fake 'exit 1'
run
expect "update: UpdateVM exits early: status 3, 'without a result', nothing installed" 3 'ended without a result' 4.0-1
sed 's|^TIMEOUT=.*|TIMEOUT=2|' "$U/update.conf" >"$T/slow.conf"
fake 'exec sleep 30'
ul_update "$U" --config "$T/slow.conf" >"$T/out" 2>"$T/err"
RC=$?
expect "update: UpdateVM silent past TIMEOUT: status 3, says so, nothing installed" 3 \
    'status 124: no whole answer within TIMEOUT=2s' 4.0-1
fake 'echo "progress 5 request"; echo "Traceback (most recent call last):"; echo "result ok sent"'
run
expect "update: UpdateVM answers garbage: status 3, 'malformed', nothing installed" 3 'malformed \(line 2' 4.0-1
fake 'echo "send hello-6.0-1.noarch.rpm"; echo "result ok sent 1 package(s)"'
run
expect "update: UpdateVM sends nothing but says it did: status 3, nothing installed" 3 'received nothing' 4.0-1
fake "\"$PWD/tests/qrexec-sim/qrexec-client-vm\" dom0 qubes.ReceiveUpdates sh -c 'head -c 4096 /dev/urandom; cat >/dev/null'
echo 'send hello-6.0-1.noarch.rpm'; echo 'result ok sent'"
run
expect "update: UpdateVM sends a garbage stream: status 1, dom0's reason, nothing installed" 1 \
    'dom0 refused the batch: stream rejected' 4.0-1
[ "$(cur)" = "$G" ] && t_ok "update: the failures left the repository as it was" ||
    t_fail "update: the failures left the repository as it was" "current $(cur), was $G"
cp "$T/real.Download" "$SVC"

f=$(ul_mirror_add "$U" hello 7.0)
patch_byte "$f" $(($(rpm_payload_offset "$f") + 1000))
ul_mirror_refresh "$U"
run
expect "update: tampered package: status 1, names it and the reason, nothing installed" 1 \
    'REJECTED hello-7.0-1.noarch.rpm: payload digest mismatch' 4.0-1
[ "$(cur)" = "$G" ] && t_ok "update: after the tampered batch the repository is as it was" ||
    t_fail "update: after the tampered batch the repository is as it was" "current $(cur), was $G"
rm -f "$f"
ul_mirror_refresh "$U"

# ------------------------------------------------------------ refused requests

# dl REQUEST-TEXT: airlock-download's answer to it, as dom0 calls it.
dl() {
    printf '%s' "$1" | QREXEC_REMOTE_DOMAIN=${2:-dom0} build/airlock-download --config "$U/download.conf" \
        >"$T/out" 2>"$T/err"
    RC=$?
}
H='airlock-request 1\nreleasever 1\naction upgrade\n'
while IFS='|' read -r name req pat; do
    dl "$(printf "$req")"
    if [ "$RC" -eq 2 ] && grep -q "^result failed refused: .*$pat" "$T/out"; then
        t_ok "download: refuses $name"
    else
        t_fail "download: refuses $name" "status $RC: $(cat "$T/out" | tr '\n' ' ')"
    fi
done <<EOF
another header|airlock-request 2\nend\n|not an airlock request
no end line|${H}pkg hello 0 1 1 noarch\n|no end line
a % in a provide|${H}pkg hello 0 1 1 noarch\nprov %%{lua:x}\nend\n|not a valid request line
a space in a version|${H}pkg hello 0 1 x y 1 noarch\nend\n|not a valid request line
a provide before any package|${H}prov hello\nend\n|not a valid request line
an unknown repository setting|${H}repo a.repo 2\n[a]\nsslclientkey=/x\nend\n|repository setting "sslclientkey"
a short repository file|${H}repo a.repo 3\n[a]\n|cut short
a control byte|${H}name he\001llo\nend\n|not printable ASCII
a line after end|${H}end\nname x\n|data after end
a held name that is not an rpm name|${H}have ../x.rpm\nend\n|not a valid request line
the action twice|${H}action install\nend\n|not a valid request line
EOF
head -c 9000000 /dev/zero | tr '\0' 'a' >"$T/big"
QREXEC_REMOTE_DOMAIN=dom0 build/airlock-download --config "$U/download.conf" <"$T/big" >"$T/out" 2>&1
RC=$?
[ "$RC" -eq 2 ] && grep -q 'longer than 8388608 bytes' "$T/out" && t_ok "download: refuses a request over MAX_REQUEST" ||
    t_fail "download: refuses a request over MAX_REQUEST" "status $RC"
dl "$(printf "${H}end\n")" sys-net
[ "$RC" -eq 2 ] && grep -q "caller 'sys-net' is not dom0" "$T/out" && t_ok "download: refuses a caller other than dom0" ||
    t_fail "download: refuses a caller other than dom0" "status $RC"

# ------------------------------------------------------------ two at once

printf '#!/bin/sh\nsleep 3\nexec "%s"\n' "$T/real.Download" >"$SVC"
chmod 755 "$SVC"
ul_update "$U" >"$T/first.out" 2>&1 &
FIRST=$!
sleep 1
run
expect "update: a second airlock-update while one runs: status 4, says so" 4 'another airlock-update is running' 4.0-1
wait "$FIRST"
[ $? -eq 0 ] && [ "$(ul_dom0_has "$U" hello)" = 6.0-1 ] && t_ok "update: the first one completes (hello-6.0)" ||
    t_fail "update: the first one completes" "$(tail -n 2 "$T/first.out" | tr '\n' ' ')"
cp "$T/real.Download" "$SVC"

# ------------------------------------------------------------ socket service

# qubes.ReceiveUpdates as the socket-based service (Qubes 4.1+):
# airlock-qrexec-front under systemd-socket-activate, the caller's name in
# qrexec's descriptor (the stand-in writes it).
RSVC=$U/qubes/dom0/qubes.ReceiveUpdates
mv "$RSVC" "$T/real.Receive"
systemd-socket-activate -l "$RSVC" --accept --inetd "$PWD/build/airlock-qrexec-front" --config "$U/airlock.conf" \
    </dev/null >/dev/null 2>"$T/front.log" &
ACT=$!
i=0
while [ ! -S "$RSVC" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
ul_mirror_add "$U" hello 8.0 >/dev/null
run
expect "update: through the socket service (descriptor, airlock-qrexec-front): hello-8.0 verified and installed" 0 \
    'received hello-8.0-1.noarch.rpm: verified' 8.0-1
grep -q 'sys-demo' "$T/front.log" && t_ok "update: the front saw the caller sys-demo in the descriptor" ||
    t_fail "update: the front saw the caller in the descriptor" "$(head -c 300 "$T/front.log")"
kill "$ACT" 2>/dev/null
wait "$ACT" 2>/dev/null
rm -f "$RSVC"
mv "$T/real.Receive" "$RSVC"

# The UpdateVM must see a mirror that changed since its last check even
# when the repository lets dnf keep metadata for a day (dnf's cache counts
# as fresh for metadata_expire seconds; airlock-download refreshes).
sed -i 's/^metadata_expire=.*/metadata_expire=1d/' "$U/yum.repos.d/mirror.repo"
run --check-only
ul_mirror_add "$U" hello 9.0 >/dev/null
run
expect "update: a mirror changed since the UpdateVM's last check is seen (metadata_expire=1d)" 0 \
    'received hello-9.0-1.noarch.rpm: verified' 9.0-1

# dom0's dnf must see the generation just published even when airlock's
# repository lets dnf keep metadata for a day (airlock-update refreshes).
sed -i 's/^metadata_expire=.*/metadata_expire=1d/' "$U/real.repos.d/airlock.repo"
run --check-only
ul_mirror_add "$U" hello 9.1 >/dev/null
run
expect "update: a generation published since dom0's last look is installed (metadata_expire=1d)" 0 \
    'received hello-9.1-1.noarch.rpm: verified' 9.1-1

# ------------------------------------------------------------ lint

if shellcheck -s sh -S warning src/update/airlock-update src/update/airlock-download tests/qrexec-sim/qvm-run \
    tests/qrexec-sim/qrexec-client-vm >"$T/sc" 2>&1; then
    t_ok "update: shellcheck (warnings and errors) finds nothing in airlock-update, airlock-download, the stand-ins"
else
    t_fail "update: shellcheck" "$(head -n 3 "$T/sc" | tr '\n' ' ')"
fi

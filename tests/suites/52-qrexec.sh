#!/bin/sh
# qubes.ReceiveUpdates as a socket-based qrexec service (issue 12, first
# slice): the systemd units and the real airlock-qrexec-front under
# systemd-socket-activate (Debian's systemd package; --accept --inetd is
# Accept=yes with StandardInput=socket: one front per connection, the
# connection on fd 0 and 1). tests/qrexec-call.py talks to it as qrexec
# does: the NUL-terminated descriptor, then airlock-send's stream, wired
# both ways on the connection.
#
#   units-verify      systemd-analyze verify on both units (ExecStart
#                     pointed at build/)
#   units-security    systemd-analyze security --offline=yes on the service
#                     rates it OK or better (exposure below 5.0)
#   units-socket      the socket: /run/qubes-rpc/qubes.ReceiveUpdates,
#                     Accept=yes, root:qubes 0660, RemoveOnStop
#   front-help        --help names the exit statuses
#   socket-publish    a good batch through the socket is published, the
#                     sender sees success
#   socket-reject     a batch with an unsigned package is refused by the
#                     driver through the socket, the sender names it
#   wrong-caller      source not UPDATEVM: EACCES, the sender prints it in
#                     words; the result comes with no stream byte sent;
#                     repository and state unchanged; logged at <4>
#   bad-descriptor    double space, argument, target not dom0, no NUL
#                     before the end, 300 bytes without NUL: EBADR in words,
#                     nothing changed
#   config-error      no UPDATEVM: EIO, logged at <3>
#   non-root          the refusals above come from a front run as nobody
#                     (no privilege is needed before the driver)
# The driver's stages run as nobody and a check user: root only; the
# unit checks run as any user.
# shellcheck disable=SC1091 # sourced helpers
set -u
. tests/lib.sh
. tests/rpmlib.sh

BIN=$PWD/build
FRONT=$BIN/airlock-qrexec-front
QCALL=$PWD/tests/qrexec-call.py
qcall() { python3 "$QCALL" "$@"; }
export LC_ALL=C
umask 022

T=$(mktemp -d /tmp/airlock-qrexec-test.XXXXXX)
chmod 755 "$T"
ACT_PIDS=""
cleanup() {
    for _p in $ACT_PIDS; do kill "$_p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# ------------------------------------------------------------ units

U=$T/units
mkdir -p "$U"
for f in packaging/systemd/airlock-receive.socket packaging/systemd/airlock-receive@.service; do
    sed "s|@BINDIR@|$BIN|g" "$f" >"$U/${f##*/}"
done
# --man=no: the Documentation= page is airlock's own (72-man checks it).
if systemd-analyze verify --man=no "$U/airlock-receive.socket" "$U/airlock-receive@.service" \
    >"$T/verify.log" 2>&1 && [ ! -s "$T/verify.log" ]; then
    t_ok "units-verify (systemd-analyze verify: both units, no message)"
else
    t_fail units-verify "$(head -n 3 "$T/verify.log" | tr '\n' ' ')"
fi
systemd-analyze security --offline=yes "$U/airlock-receive@.service" >"$T/sec.log" 2>&1
level=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p' "$T/sec.log")
case ${level#* } in
    OK | SAFE | PERFECT) t_ok "units-security (systemd-analyze security: exposure $level)" ;;
    *) t_fail units-security "exposure '$level': $(tail -n 1 "$T/sec.log")" ;;
esac
S=$U/airlock-receive.socket
bad=""
for kv in ListenStream=/run/qubes-rpc/qubes.ReceiveUpdates Accept=yes SocketUser=root \
    SocketGroup=qubes SocketMode=0660 RemoveOnStop=yes; do
    grep -q -x -F "$kv" "$S" || bad="$bad $kv"
done
if [ -z "$bad" ] && grep -q -x -F "ExecStart=$FRONT" "$U/airlock-receive@.service" &&
    grep -q -x -F "StandardInput=socket" "$U/airlock-receive@.service"; then
    t_ok "units-socket (ListenStream /run/qubes-rpc/qubes.ReceiveUpdates, Accept=yes, root:qubes 0660, RemoveOnStop; the service runs the front on the socket)"
else
    t_fail units-socket "missing:$bad"
fi

if "$FRONT" --help >"$T/help" 2>&1 && grep -q '^Usage: airlock-qrexec-front' "$T/help" &&
    grep -q '^  3 the caller is not the UpdateVM' "$T/help"; then
    t_ok "front-help (usage and exit statuses)"
else
    t_fail front-help "$(head -n 2 "$T/help")"
fi

# ------------------------------------------------------------ the front, live

if [ "$(id -u)" -ne 0 ]; then
    t_ok "socket tests skipped: the driver's stages need root"
    exit 0
fi
for p in airlock-receive airlock-send airlock-unpack airlock-sigcheck airlock-result \
    airlock-qrexec-front; do
    [ -x "$BIN/$p" ] || { t_fail "qrexec: setup" "$BIN/$p missing (make all)"; exit 0; }
done
CHECK_USER=airlock-test-check
ensure_user "$CHECK_USER" || { t_fail "qrexec: setup" "cannot create user $CHECK_USER"; exit 0; }

P=$T/pkgs
setup() {
    mkdir -p "$P" "$T/kr" "$T/build" && mk_key "$T" trusted ed25519 || return 1
    cp "$T/trusted.asc" "$T/kr/" && chmod -R a+rX "$T/kr" || return 1
    for n in alpha beta; do
        mk_rpm "$T/build" "$n" 8 >/dev/null && sign_rpm "$T" trusted "$T/build/$n.rpm" &&
            mv "$T/build/$n.rpm" "$P/$n.rpm" || return 1
    done
    mk_rpm "$T/build" unsigned 8 >/dev/null && mv "$T/build/unsigned.rpm" "$P/x-unsigned.rpm"
}
if ! setup 2>"$T/setup.err"; then
    t_fail "qrexec: setup" "cannot make keys or packages: $(head -n 2 "$T/setup.err" | tr '\n' ' ')"
    exit 0
fi

# conf NAME [KEY=VALUE...]: $T/NAME.conf, the repository under $T/NAME.
conf() {
    _n=$1
    shift
    mkdir -p "$T/$_n"
    {
        echo "UPDATEVM=sys-test"
        echo "KEYRING=$T/kr"
        echo "REPO_DIR=$T/$_n/repo"
        echo "STAGING_DIR=$T/$_n/staging"
        echo "STATE_DIR=$T/$_n/state"
        echo "USER=nobody"
        echo "CHECK_USER=$CHECK_USER"
        echo "BINDIR=$BIN"
        echo "RPMDB_ROOT="
        echo "LOCK_WAIT=30"
        echo "SYNC=no"
        for _kv in "$@"; do echo "$_kv"; done
    } >"$T/$_n.conf"
    chmod 644 "$T/$_n.conf"
}

# activate SOCKET LOG CONF [setpriv ARGS...]: systemd-socket-activate
# serving SOCKET with the front (one per connection, fd 0 and 1), stderr
# of both in LOG; waits until the socket is there.
activate() {
    _s=$1 _l=$2 _c=$3
    shift 3
    "$@" systemd-socket-activate -l "$_s" --accept --inetd "$FRONT" --config "$_c" \
        </dev/null >/dev/null 2>"$_l" &
    ACT_PIDS="$ACT_PIDS $!"
    _i=0
    while [ ! -S "$_s" ] && [ "$_i" -lt 50 ]; do sleep 0.1; _i=$((_i + 1)); done
    [ -S "$_s" ]
}

# desc TEXT: the descriptor file $T/desc, TEXT and a NUL.
desc() { printf '%s\0' "$1" >"$T/desc"; }
GOOD_DESC="qubes.ReceiveUpdates+ sys-test name dom0"

# call SOCKET FILES...: airlock-send FILES on a connection that starts
# with $T/desc; RC_S, the sender's stderr in $T/send.err.
call() {
    _s=$1
    shift
    timeout 120 python3 "$QCALL" "$_s" "$T/desc" "$BIN/airlock-send" "$@" 2>"$T/send.err"
    RC_S=$?
}

snapshot() {
    (cd "$1" && find . -printf '%p %l %s\n' | sort && find . -type f -exec cat {} + | sha256sum)
}

conf main
SOCK=$T/qubes.ReceiveUpdates
activate "$SOCK" "$T/front.log" "$T/main.conf" ||
    { t_fail "qrexec: setup" "systemd-socket-activate did not listen: $(cat "$T/front.log")"; exit 0; }
R=$T/main/repo

desc "$GOOD_DESC"
call "$SOCK" "$P/alpha.rpm" "$P/beta.rpm"
g=$(readlink "$R/current" 2>/dev/null)
have=$( (cd "$R/$g" 2>/dev/null && ls -- *.rpm) | tr '\n' ' ')
if [ "$RC_S" -eq 0 ] && [ -n "$g" ] && [ "$have" = "alpha.rpm beta.rpm " ] &&
    [ -f "$R/$g/repodata/repomd.xml" ] &&
    grep -q '^<6>airlock-qrexec-front: call from sys-test accepted' "$T/front.log"; then
    t_ok "socket-publish (descriptor + stream through the socket: $g published, sender sees success)"
else
    t_fail socket-publish "send $RC_S, generation '$g' with '$have': $(tr '\n' ' ' <"$T/send.err"); $(tail -n 3 "$T/front.log" | tr '\n' ' ')"
fi

before=$(snapshot "$R")
call "$SOCK" "$P/alpha.rpm" "$P/x-unsigned.rpm"
if [ "$RC_S" -eq 1 ] && grep -q 'x-unsigned.rpm' "$T/send.err" && [ "$(snapshot "$R")" = "$before" ]; then
    t_ok "socket-reject (unsigned package: refused by the driver through the socket, named to the sender)"
else
    t_fail socket-reject "send $RC_S: $(tr '\n' ' ' <"$T/send.err")"
fi

# refused SOCKET LOG NAME CODE LOGRE: one refusal, both ways: the result
# with no stream byte sent (CODE in its first byte), then airlock-send
# wired on, which prints it in words; nothing changed; LOG has LOGRE.
refused() {
    _s=$1 _log=$2 _name=$3 _code=$4 _re=$5
    _before=$(snapshot "$R")
    _st=$(cat "$T/main/state/status.json")
    _res=$(qcall "$_s" "$T/desc" | od -An -tu1 | tr -s ' \n' '  ')
    call "$_s" "$P/alpha.rpm"
    case $_code in 13) _w='not the UpdateVM.*(EACCES)' ;; 53) _w='descriptor was malformed.*(EBADR)' ;;
        *) _w='Input/output error (error 5)' ;; esac
    if [ "$_res" = " $_code 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 " ] && [ "$RC_S" -eq 1 ] &&
        grep -q "^airlock-send: receiver failed: .*$_w" "$T/send.err" &&
        [ "$(snapshot "$R")" = "$_before" ] && [ "$(cat "$T/main/state/status.json")" = "$_st" ] &&
        grep -q "$_re" "$_log"; then
        t_ok "$_name"
    else
        t_fail "$_name" "result '$_res', send $RC_S: $(tr '\n' ' ' <"$T/send.err"); log: $(tail -n 2 "$_log" | tr '\n' ' ')"
    fi
}

desc "qubes.ReceiveUpdates+ sys-evil name dom0"
refused "$SOCK" "$T/front.log" "wrong-caller (EACCES in words, no stream needed, nothing changed)" 13 \
    "^<4>airlock-qrexec-front: refused: caller 'sys-evil' is not the UpdateVM 'sys-test'"
for d in "qubes.ReceiveUpdates+  sys-test name dom0|not four fields" \
    "qubes.ReceiveUpdates+x sys-test name dom0|takes no argument" \
    "qubes.ReceiveUpdates+ sys-test name sys-net|target is not dom0"; do
    desc "${d%|*}"
    refused "$SOCK" "$T/front.log" "bad-descriptor '${d%|*}' (EBADR in words, nothing changed)" 53 \
        "^<4>airlock-qrexec-front: refused: .*${d#*|}"
done
head -c 300 /dev/zero | tr '\0' a >"$T/desc"
refused "$SOCK" "$T/front.log" "bad-descriptor: 300 bytes without a NUL (EBADR after 256 bytes read)" 53 \
    "^<4>airlock-qrexec-front: refused: descriptor longer than 256 bytes (256 bytes read)"

conf nouvm
sed -i '/^UPDATEVM=/d' "$T/nouvm.conf"
activate "$T/cfg.sock" "$T/cfg.log" "$T/nouvm.conf" || t_fail config-error "no socket"
desc "$GOOD_DESC"
refused "$T/cfg.sock" "$T/cfg.log" "config-error (no UPDATEVM: EIO, logged at <3>)" 5 \
    "^<3>airlock-qrexec-front: configuration error: .*no UPDATEVM"

# The same refusals from a front that runs as nobody.
mkdir -p "$T/nr" && chown nobody "$T/nr"
if command -v setpriv >/dev/null &&
    activate "$T/nr/s" "$T/nr.log" "$T/main.conf" setpriv --reuid=nobody --regid=nogroup --clear-groups; then
    ok=1
    for d in "qubes.ReceiveUpdates+ sys-evil name dom0|13" "qubes.ReceiveUpdates+ sys-test uuid dom0|53"; do
        desc "${d%|*}"
        r=$(qcall "$T/nr/s" "$T/desc" | od -An -tu1 | awk '{ print $1; exit }')
        [ "$r" = "${d#*|}" ] || ok=0
    done
    if [ "$ok" -eq 1 ] && grep -q "refused: caller 'sys-evil'" "$T/nr.log"; then
        t_ok "non-root (the front refuses as nobody: EACCES, EBADR)"
    else
        t_fail non-root "$(tail -n 3 "$T/nr.log" | tr '\n' ' ')"
    fi
else
    t_ok "non-root # SKIP no setpriv"
fi

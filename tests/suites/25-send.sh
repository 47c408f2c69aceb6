#!/bin/sh
# airlock-send (issue 3): round trips with airlock-unpack connected both
# ways as qrexec connects them (0, 1, 500 files, empty files, 100 MiB),
# the byte-exact golden stream, refused inputs, and every kind of result
# from a scripted receiver (error codes, CRC mismatch, malformed, none).
# Run from the repo root after `make all test-bins`.
set -u
. tests/lib.sh

SEND=build/airlock-send
UNPACK=build/airlock-unpack
MK=build/test/airlock-mkstream
PIPE2=build/test/airlock-pipe2
W=$(mktemp -d /tmp/airlock-t25.XXXXXX)
trap 'rm -rf "$W"' EXIT
chmod 755 "$W"
USER_OPT=""
[ "$(id -u)" -eq 0 ] && USER_OPT="--user nobody"

fresh_dir() {
    rm -rf "$W/d" "$W/src"
    mkdir "$W/d" "$W/src"
    [ -z "$USER_OPT" ] || chown nobody "$W/d"
}

# trip FILE...: airlock-send FILE... <-> airlock-unpack DIR; sets $sts to
# "SEND_STATUS UNPACK_STATUS", stderr of both in $W/err.
trip() {
    # shellcheck disable=SC2086
    sts=$($PIPE2 $SEND "$@" -- $UNPACK $USER_OPT --max-bytes 2000000000 "$W/d" 2> "$W/err")
}

# same_files: every file of src is in d with the same bytes, mode 0644 and
# the same mtime to the nanosecond; and d holds nothing else. (atime is
# sent too, but reading either file may move it under relatime; the
# golden tests check atime.)
same_files() {
    [ "$(ls -A "$W/src")" = "$(ls -A "$W/d")" ] || return 1
    for f in "$W"/src/*; do
        [ -e "$f" ] || continue
        b=${f##*/}
        cmp -s "$f" "$W/d/$b" || return 1
        [ "$(stat -c '%.9Y' "$f")" = "$(stat -c '%.9Y' "$W/d/$b")" ] || return 1
        [ "$(stat -c %a "$W/d/$b")" = 644 ] || return 1
    done
}

fresh_dir
trip
[ "$sts" = "0 0" ] && [ -z "$(ls -A "$W/d")" ] && t_ok "round trip: 0 files" ||
    t_fail "round trip: 0 files" "$sts $(cat "$W/err")"

fresh_dir
printf 'hello' > "$W/src/one.rpm"
chmod 4755 "$W/src/one.rpm"
touch -d '2023-05-06 07:08:09.123456789' "$W/src/one.rpm"
trip "$W/src/one.rpm"
[ "$sts" = "0 0" ] && same_files && t_ok "round trip: 1 file (setuid source stored 0644, times kept)" ||
    t_fail "round trip: 1 file" "$sts $(cat "$W/err")"

fresh_dir
: > "$W/src/e1.rpm"; : > "$W/src/e2.rpm"; printf x > "$W/src/x.rpm"; : > "$W/src/e3.rpm"
trip "$W/src/e1.rpm" "$W/src/e2.rpm" "$W/src/x.rpm" "$W/src/e3.rpm"
[ "$sts" = "0 0" ] && same_files && t_ok "round trip: empty files" ||
    t_fail "round trip: empty files" "$sts $(cat "$W/err")"

fresh_dir
i=0
while [ "$i" -lt 500 ]; do
    head -c $((i * 37 % 5000)) /dev/urandom > "$W/src/p$i.rpm"
    i=$((i + 1))
done
touch -d '2022-01-01 00:00:00.5' "$W/src/p7.rpm"
trip "$W"/src/*.rpm
[ "$sts" = "0 0" ] && same_files && t_ok "round trip: 500 files" ||
    t_fail "round trip: 500 files" "$sts $(head -c 300 "$W/err")"

fresh_dir
head -c 104857600 /dev/urandom > "$W/src/big.rpm"
trip "$W/src/big.rpm"
[ "$sts" = "0 0" ] && same_files && t_ok "round trip: 100 MiB file" ||
    t_fail "round trip: 100 MiB file" "$sts $(cat "$W/err")"
rm -f "$W/src/big.rpm"

# --- the golden stream of FACTS.md §1, byte for byte ---------------------------
fresh_dir
printf abcd > "$W/src/a.rpm"
chmod 644 "$W/src/a.rpm"
touch -d @1711276032 "$W/src/a.rpm"
$MK hdr 6 0100644 4 0x66000000 0 0x66000000 0 name a.rpm bytes abcd end > "$W/golden"
# A receiver that keeps the 74 stream bytes and answers the golden result.
GOLDEN_RESULT='\0\0\0\0\0\0\0\0\143\213\163\211\0\0\0\0\5\0\0\0a.rpm'
sts=$($PIPE2 $SEND "$W/src/a.rpm" -- sh -c 'head -c 74 > "$0"; printf "$1"' "$W/captured" "$GOLDEN_RESULT" 2> "$W/err")
[ "$sts" = "0 0" ] && cmp -s "$W/captured" "$W/golden" && [ ! -s "$W/err" ] &&
    t_ok "golden example: stream byte-exact, result accepted" ||
    t_fail "golden example" "$sts $(od -An -tx1 "$W/captured" | head -3) $(cat "$W/err")"

# scripted NAME WANT_STATUS PATTERN RESULT: airlock-send a.rpm to a receiver
# that reads the 74-byte stream and answers RESULT (printf format); the
# exit status and one stderr line matching PATTERN are checked.
scripted() {
    touch -d @1711276032 "$W/src/a.rpm"
    sts=$($PIPE2 $SEND "$W/src/a.rpm" -- sh -c 'head -c 74 > /dev/null; printf "$0"' "$4" 2> "$W/err")
    if [ "${sts%% *}" != "$2" ]; then t_fail "$1" "status $sts, $(cat "$W/err")"
    elif [ "$(wc -l < "$W/err")" -ne 1 ] || ! grep -q -- "$3" "$W/err"; then t_fail "$1" "stderr: $(cat "$W/err")"
    else t_ok "$1"
    fi
}
scripted "CRC mismatch: exit 4" 4 "CRC mismatch: sent 0x89738b63, receiver computed 0x89738b64" \
    '\0\0\0\0\0\0\0\0\144\213\163\211\0\0\0\0\5\0\0\0a.rpm'
touch -d @1711276032 "$W/src/a.rpm"
sts=$($PIPE2 $SEND "$W/src/a.rpm" -- sh -c 'head -c 74 > /dev/null; printf "$0"' \
    '\0\0\0\0\0\0\0\0\143\213\163\211\0\0\0\0' 2> "$W/err")
[ "$sts" = "0 0" ] && [ ! -s "$W/err" ] && t_ok "result without extension accepted" ||
    t_fail "result without extension accepted" "$sts $(cat "$W/err")"
scripted "malformed result (pad set): exit 4" 4 "malformed result" '\0\0\0\0\1\0\0\0\143\213\163\211\0\0\0\0'
scripted "malformed result (extension length): exit 4" 4 "malformed result" \
    '\0\0\0\0\0\0\0\0\143\213\163\211\0\0\0\0\7\0\0\0a.rpm'
scripted "short result: exit 4" 4 "malformed result" '\0\0\0\0\0\0'
scripted "no result: exit 4" 4 "no result" ''
scripted "EEXIST explained, last file named: exit 1" 1 "already exists.*(EEXIST); last file: a.rpm" \
    '\21\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0a.rpm'
scripted "EILSEQ explained" 1 "rejected a file name (EILSEQ); last file: a.rpm" \
    '\124\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0a.rpm'
scripted "EINVAL explained" 1 "malformed entry header (EINVAL)" '\26\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "EDQUOT explained" 1 "limits or quota (EDQUOT)" '\172\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "ENOLINK explained" 1 "(ENOLINK)" '\103\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "EACCES explained (not the UpdateVM)" 1 "not the UpdateVM.*(EACCES)$" '\15\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "EBADR explained (bad qrexec descriptor)" 1 "service descriptor was malformed.*(EBADR)$" '\65\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "other errno: strerror text and last file" 1 "Operation not permitted (error 1); last file: a.rpm" \
    '\1\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0a.rpm'
# The receiver's refusals (issue 12), each in words.
scripted "EBUSY explained (another update running)" 1 "another update is being received.*(EBUSY)$" \
    '\20\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "ENOKEY naming a package explained (not signed by a trusted key)" 1 \
    "not signed by a key dom0 trusts (ENOKEY); last file: a.rpm" \
    '\176\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0a.rpm'
scripted "ENOKEY naming nothing explained (keyring empty)" 1 "keyring holds no usable key.*(ENOKEY)$" \
    '\176\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "EBADMSG explained (bad signature)" 1 "do not verify.*(EBADMSG); last file: a.rpm" \
    '\112\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0a.rpm'
scripted "EIO explained (internal error)" 1 "internal error.*(EIO)$" '\5\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "ETIMEDOUT explained (stream deadline)" 1 "stalled or took longer.*(ETIMEDOUT)$" \
    '\156\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "ENOSPC explained (disk full)" 1 "no space left.*(ENOSPC)$" '\34\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'
scripted "ESTALE explained (older than installed or published)" 1 \
    "older than one it has installed or published.*(ESTALE); last file: a.rpm" \
    '\164\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\5\0\0\0a.rpm'
scripted "hostile name in result escaped" 1 'last file: a\\x1b\[2Jb' \
    '\5\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\6\0\0\0a\033[2Jb'

# --- receiver errors through the real airlock-unpack ---------------------------
fresh_dir
printf abc > "$W/src/bad name.rpm"
trip "$W/src/bad name.rpm"
[ "$sts" = "1 1" ] && grep -q "^airlock-send: receiver failed: .*(EILSEQ); last file: bad name.rpm$" "$W/err" &&
    grep -q "^airlock-unpack: 'bad name.rpm': bad name" "$W/err" &&
    t_ok "bad name: both ends report it, exit 1 and 1" || t_fail "bad name" "$sts $(cat "$W/err")"
fresh_dir
printf abc > "$W/src/a.rpm"
echo old > "$W/d/a.rpm"
trip "$W/src/a.rpm"
[ "$sts" = "1 1" ] && grep -q "(EEXIST); last file: a.rpm" "$W/err" && [ "$(cat "$W/d/a.rpm")" = old ] &&
    t_ok "existing name: EEXIST reported, not overwritten" || t_fail "existing name" "$sts $(cat "$W/err")"
fresh_dir
head -c 3000000 /dev/zero > "$W/src/a.rpm"
# shellcheck disable=SC2086
sts=$($PIPE2 $SEND "$W/src/a.rpm" -- $UNPACK $USER_OPT --max-bytes 1000 "$W/d" 2> "$W/err")
[ "$sts" = "1 1" ] && grep -q "(EDQUOT); last file: a.rpm" "$W/err" && [ -z "$(ls -A "$W/d")" ] &&
    t_ok "receiver stops early (limit): sender gets EPIPE, reports EDQUOT" ||
    t_fail "receiver stops early" "$sts $(cat "$W/err")"

# --- inputs refused before anything is sent ------------------------------------
fresh_dir
printf x > "$W/src/ok.rpm"
mkdir "$W/src/dir.rpm"
ln -s ok.rpm "$W/src/link.rpm"
mkfifo "$W/src/fifo.rpm"
mkdir "$W/src/other"; printf y > "$W/src/other/ok.rpm"
for bad in "dir.rpm:is a directory" "link.rpm:is a symbolic link" "fifo.rpm:is not a regular file" \
           "missing.rpm:No such file" "other/ok.rpm:same name as"; do
    f=${bad%%:*} why=${bad#*:}
    $SEND "$W/src/ok.rpm" "$W/src/$f" > "$W/out" 2> "$W/err" < /dev/null
    rc=$?
    [ "$rc" -eq 2 ] && [ ! -s "$W/out" ] && grep -q "$why.*nothing sent" "$W/err" &&
        t_ok "refuses $f before sending anything (exit 2)" || t_fail "refuses $f" "$rc $(cat "$W/err")"
done
$SEND --bogus > /dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] && t_ok "unknown option: exit 2" || t_fail "unknown option" "$rc"

# --- progress and help -----------------------------------------------------------
fresh_dir
printf abc > "$W/src/a.rpm"; printf de > "$W/src/b.rpm"
trip "$W/src/a.rpm" "$W/src/b.rpm"
# (airlock-unpack, on the same stderr, names its confinement in one line.)
[ "$sts" = "0 0" ] && [ -z "$(grep -v '^airlock-unpack: confinement: ' "$W/err")" ] &&
    t_ok "no progress when stderr is not a terminal" ||
    t_fail "quiet by default" "$(cat "$W/err")"
fresh_dir
printf abc > "$W/src/a.rpm"; printf de > "$W/src/b.rpm"
# shellcheck disable=SC2086
sts=$($PIPE2 $SEND --progress "$W/src/a.rpm" "$W/src/b.rpm" -- $UNPACK $USER_OPT "$W/d" 2> "$W/err")
[ "$sts" = "0 0" ] && grep -q "^airlock-send: 1/2 files, 41/113 bytes$" "$W/err" &&
    grep -q "^airlock-send: 2/2 files, 113/113 bytes$" "$W/err" &&
    t_ok "--progress: files and bytes sent" || t_fail "--progress" "$(cat "$W/err")"
out=$($SEND --help); rc=$?
echo "$out" | grep -q "Exit status" && echo "$out" | grep -q -- "--progress" && [ "$rc" -eq 0 ] &&
    t_ok "--help: options and exit statuses" || t_fail "--help" "$rc"

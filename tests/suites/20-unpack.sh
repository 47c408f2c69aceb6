#!/bin/sh
# airlock-unpack (issue 3): golden result, crafted-stream table (each case
# over a pipe and again in 1-byte reads), truncation at every offset,
# limits, symlinks planted in DIR, options, hardening, seccomp probe, vchan.
# Run from the repo root after `make all test-bins`.
set -u
. tests/lib.sh

UNPACK=build/airlock-unpack
PROBE=build/test/airlock-unpack-seccomp-probe
MK=build/test/airlock-mkstream
FEED=build/test/airlock-feed
W=$(mktemp -d /tmp/airlock-t20.XXXXXX)
trap 'rm -rf "$W"' EXIT
chmod 755 "$W"
USER_OPT=""
[ "$(id -u)" -eq 0 ] && USER_OPT="--user nobody"

# errno values of Linux (asm-generic/errno*.h).
EEXIST=17 ENOSPC=28 EINVAL=22 EILSEQ=84 EREMOTEIO=121 EDQUOT=122

fresh_dir() {
    rm -rf "$W/d"
    mkdir "$W/d"
    [ -z "$USER_OPT" ] || chown nobody "$W/d"
}

# unpack FEED_OPTS UNPACK_OPTS: feed $W/s to airlock-unpack into $W/d;
# status in $st, decoded result in $res, stderr in $W/err but for the
# line naming the confinement in force, which goes to $W/conf.
# stderr goes through a pipe: RLIMIT_FSIZE (= --max-bytes) also limits
# writes to a regular file on stderr.
CONF_RE='^airlock-unpack: confinement: '
unpack() {
    # shellcheck disable=SC2086
    { $FEED -t 30 $1 "$W/s" "$W/r" -- $UNPACK $USER_OPT $2 "$W/d" 2>&1 >/dev/null
      echo $? > "$W/st"; } | cat > "$W/err.all"
    grep "$CONF_RE" "$W/err.all" > "$W/conf"
    grep -v "$CONF_RE" "$W/err.all" > "$W/err"
    st=$(cat "$W/st")
    res=$($MK result "$W/r")
}

listing() { (cd "$W/d" && ls -A | tr '\n' ' ' | sed 's/ $//'); }

# verdict NAME CODE ENAME FILES: compare the last unpack() with the
# expected errno value, result name ('-' = any), and DIR listing.
verdict() {
    _n=$1 _code=$2 _name=$3 _files=$4
    _want_st=1
    [ "$_code" -eq 0 ] && _want_st=0
    _got_code=${res#code=}; _got_code=${_got_code%% *}
    _got_name=${res#* name=}
    _lines=$(wc -l < "$W/err")
    if [ "$st" -ne "$_want_st" ]; then t_fail "$_n" "exit status $st, want $_want_st ($(head -c 300 "$W/err"))"
    elif [ "$_got_code" != "$_code" ]; then t_fail "$_n" "result '$res', want code $_code"
    elif [ "$_name" != "-" ] && [ "$_got_name" != "$_name" ]; then t_fail "$_n" "result name '$_got_name', want '$_name'"
    elif [ "$(listing)" != "$_files" ]; then t_fail "$_n" "DIR holds '$(listing)', want '$_files'"
    elif [ "$_code" -eq 0 ] && [ "$_lines" -ne 0 ]; then t_fail "$_n" "stderr not empty: $(cat "$W/err")"
    elif [ "$_code" -ne 0 ] && [ "$_lines" -ne 1 ]; then t_fail "$_n" "want one stderr line, got $_lines"
    elif [ "$_code" -eq 0 ] && [ "${res#*crc=}" != "$($MK crc "$W/s") ext=1 name=$_got_name" ]; then
        t_fail "$_n" "CRC in result '$res' is not the stream's $($MK crc "$W/s")"
    else t_ok "$_n"
    fi
}

# case NAME UNPACK_OPTS CODE ENAME FILES ITEM...: build the stream, run it
# over a pipe and again in 1-byte reads; both must give the same verdict.
# The stream stays open after its last byte (as the reference sender
# keeps it) unless EOF_OPT is -e (truncated streams).
EOF_OPT=""
case_() {
    _cn=$1 _uo=$2 _cc=$3 _ce=$4 _cf=$5
    shift 5
    $MK "$@" > "$W/s" || { t_fail "$_cn" "mkstream failed"; return; }
    fresh_dir; unpack "$EOF_OPT" "$_uo"; verdict "$_cn" "$_cc" "$_ce" "$_cf"
    _err1=$(sed 's/at byte [0-9]*/at byte N/' "$W/err")
    fresh_dir; unpack "$EOF_OPT -n 1" "$_uo"; verdict "$_cn (1-byte reads)" "$_cc" "$_ce" "$_cf"
    _err2=$(sed 's/at byte [0-9]*/at byte N/' "$W/err")
    [ "$_err1" = "$_err2" ] || t_fail "$_cn (1-byte stderr)" "'$_err1' vs '$_err2'"
}

# --- golden example of FACTS.md §1, byte for byte -------------------------
$MK hdr 6 0100644 4 0x66000000 0 0x66000000 0 name a.rpm bytes abcd end > "$W/s"
fresh_dir; unpack "" ""
want="00000000 00000000 638b7389 00000000 05000000 612e7270 6d"
got=$(od -An -tx1 -v "$W/r" | tr -d ' \n' | sed 's/\(........\)/\1 /g; s/ $//')
if [ "$(od -An -tx1 -v "$W/s" | tr -d ' \n' | head -c 20)" = "06000000a48100000400" ] &&
   [ "$(wc -c < "$W/s")" -eq 74 ] && [ "$got" = "$want" ] && [ "$st" -eq 0 ]; then
    t_ok "golden example: 74-byte stream, 25-byte result byte-exact"
else
    t_fail "golden example" "result $got (status $st)"
fi
if [ "$(stat -c '%a %X %Y' "$W/d/a.rpm")" = "644 1711276032 1711276032" ] && [ "$(cat "$W/d/a.rpm")" = abcd ]; then
    t_ok "golden example: a.rpm content, mode 0644, times"
else
    t_fail "golden example: file" "$(stat -c '%a %X %Y' "$W/d/a.rpm" 2>&1)"
fi
# One stderr line names the confinement in force (seal.h): as root both
# layers, as another user Landlock alone.
if [ -n "$USER_OPT" ]; then want_conf="airlock-unpack: confinement: mount namespace (DIR is /) + Landlock ABI "
else want_conf="airlock-unpack: confinement: Landlock ABI "; fi
case "$(cat "$W/conf")" in
    "$want_conf"[0-9]*) [ "$(wc -l < "$W/conf")" -eq 1 ] &&
        t_ok "one stderr line names the confinement in force" ||
        t_fail "confinement line" "$(cat "$W/conf")" ;;
    *) t_fail "confinement line" "'$(cat "$W/conf")', want '$want_conf'N" ;;
esac
# The stream stays open after the end marker (airlock-feed without -e):
# the result came anyway, so the receiver did not wait for end of input.
t_check "answers right after the end marker, stream still open" test "$st" -eq 0

# --- crafted-stream table --------------------------------------------------
N250=$(printf '%0250d' 0)
N255=$(printf '%0255d' 0)
case_ "empty stream: end marker only" "" 0 "" "" end
case_ "zero-length file" "" 0 e.rpm e.rpm file e.rpm 0 end
case_ "two files" "" 0 b.rpm "a.rpm b.rpm" file a.rpm 4 file b.rpm 3 end
case_ "name of NAME_MAX (255) bytes" "" 0 "a${N250}.rpm" "a${N250}.rpm" file "a${N250}.rpm" 1 end
# 260 bytes pass the core (namelen 261) but not the filesystem: the OS
# error is passed through and nothing is created.
case_ "longest rpm name (namelen 261): ENAMETOOLONG passed through" "" 36 "a${N255}.rpm" "" \
    file "a${N255}.rpm" 1 end
case_ "name of 261 bytes: namelen 262" "" $EINVAL "" "" file "a${N255}x.rpm" 1 end
case_ "namelen 0 with other bytes set: bad end marker" "" $EINVAL a.rpm a.rpm \
    file a.rpm 4 hdr 0 0100644 0 0 0 0 0
case_ "end marker with last byte set" "" $EINVAL "" "" hdr 0 0 0 0 0 0 1
case_ "namelen 1 (too short)" "" $EINVAL "" "" hdr 1 0100644 0 0 0 0 0 bytes 'x'
case_ "namelen 262 (too long)" "" $EINVAL "" "" hdr 262 0100644 0 0 0 0 0
case_ "namelen 0xffffffff (huge)" "" $EINVAL "" "" hdr 0xffffffff 0100644 0 0 0 0 0
case_ "namelen shorter than the name (no NUL)" "" $EILSEQ - "" \
    hdr 4 0100644 0 0 0 0 0 name a.rpm end
case_ "namelen longer than the name (NUL inside)" "" $EILSEQ - "" \
    hdr 8 0100644 0 0 0 0 0 name a.rpm bytes xy end
for bad in ../a.rpm a/b.rpm .a.rpm -a.rpm a.rpmx 'a b.rpm' a.RPM .rpm 'a\xff.rpm' 'a\x01.rpm' a.rpm/; do
    case_ "rpm policy rejects '$bad'" "" $EILSEQ - "" file "$bad" 1 end
done
case_ "rpm policy accepts [A-Za-z0-9._+^~-]" "" 0 'Z9._+^~-x.rpm' 'Z9._+^~-x.rpm' file 'Z9._+^~-x.rpm' 2 end
for bad in . .. a/b '\x7f' 'tab\x09' '\xc3\xa9' "${N255}x"; do
    case_ "portable policy rejects '$bad'" "--names portable" $EILSEQ - "" file "$bad" 1 end
done
case_ "portable policy accepts 'read me.txt'" "--names portable" 0 'read me.txt' 'read me.txt' \
    file 'read me.txt' 3 end
for m in 040755 0120777 010644 020644 060644 0140755 0 0200644 0110644; do
    case_ "mode $m rejected" "" $EINVAL a.rpm "" hdr 6 "$m" 0 0 0 0 0 name a.rpm end
done
case_ "atime_nsec 1000000000 rejected" "" $EINVAL a.rpm "" hdr 6 0100644 0 0 1000000000 0 0 name a.rpm end
case_ "mtime_nsec 0xffffffff rejected" "" $EINVAL a.rpm "" hdr 6 0100644 0 0 0 0 0xffffffff name a.rpm end
case_ "nsec 999999999 accepted" "" 0 a.rpm a.rpm hdr 6 0100644 0 5 999999999 7 999999999 name a.rpm end
# Bytes after the end marker are rejected when they arrive with it; the
# receiver answers right after the end marker and never waits for more,
# so in 1-byte reads they are not seen (pipe only).
$MK file a.rpm 4 end bytes x > "$W/s"; fresh_dir; unpack "" ""
verdict "bytes after the end marker (same read)" $EINVAL a.rpm a.rpm
case_ "duplicate name in the stream" "" $EEXIST a.rpm a.rpm file a.rpm 4 file a.rpm 5 end
case_ "--max-files 2: two files" "--max-files 2" 0 b.rpm "a.rpm b.rpm" file a.rpm 1 file b.rpm 1 end
case_ "--max-files 2: three files" "--max-files 2" $EDQUOT c.rpm "a.rpm b.rpm" \
    file a.rpm 1 file b.rpm 1 file c.rpm 1 end
case_ "--max-bytes 10: exactly 10" "--max-bytes 10" 0 b.rpm "a.rpm b.rpm" file a.rpm 4 file b.rpm 6 end
case_ "--max-bytes 10: 11" "--max-bytes 10" $EDQUOT b.rpm "a.rpm" file a.rpm 4 file b.rpm 7 end
case_ "--max-bytes 10: one huge filelen" "--max-bytes 10" $EDQUOT a.rpm "" \
    hdr 6 0100644 0xffffffffffffffff 0 0 0 0 name a.rpm end
EOF_OPT=-e
case_ "truncated inside data names the entry" "" $EREMOTEIO c.rpm "a.rpm b.rpm" file a.rpm 4 file b.rpm 3 \
    hdr 6 0100644 9 0 0 0 0 name c.rpm bytes xy
if grep -q "^airlock-unpack: 'c.rpm': input ended before the end marker (EREMOTEIO)$" "$W/err"; then
    t_ok "stderr line names the entry and the reason"
else
    t_fail "stderr line names the entry and the reason" "$(cat "$W/err")"
fi
EOF_OPT=""

# --- the default --max-files 4096, at and one past -------------------------
$MK files 4096 0 f end > "$W/s"; fresh_dir; unpack "" ""
[ "$st" -eq 0 ] && [ "$(ls "$W/d" | wc -l)" -eq 4096 ] && t_ok "default --max-files: 4096 files" ||
    t_fail "default --max-files: 4096 files" "status $st, $(ls "$W/d" | wc -l) files"
$MK files 4097 0 f end > "$W/s"; fresh_dir; unpack "" ""
case "$res" in
    "code=$EDQUOT "*"name=f04096.rpm") [ "$st" -eq 1 ] && [ "$(ls "$W/d" | wc -l)" -eq 4096 ] &&
        t_ok "default --max-files: 4097th file refused" || t_fail "default --max-files: 4097" "status $st" ;;
    *) t_fail "default --max-files: 4097th file refused" "$res" ;;
esac

# --- times and mode of stored files ------------------------------------------
$MK hdr 6 0104755 3 1600000000 123456789 1700000000 987654321 name s.rpm bytes xyz end > "$W/s"
fresh_dir; unpack "" ""
got=$(stat -c '%a %.9X %.9Y' "$W/d/s.rpm" 2>&1)
if [ "$st" -eq 0 ] && [ "$got" = "644 1600000000.123456789 1700000000.987654321" ]; then
    t_ok "setuid mode 0104755 stored as 0644, times to the nanosecond"
else
    t_fail "setuid mode stored as 0644, times" "$got (status $st)"
fi

# --- truncation at every offset ---------------------------------------------
# a.rpm (4 bytes) ends at 42, b.rpm (3 bytes) at 83, the end marker at 115.
$MK file a.rpm 4 file b.rpm 3 end > "$W/full"
total=$(wc -c < "$W/full")
bad=""
off=0
while [ "$off" -lt "$total" ]; do
    head -c "$off" "$W/full" > "$W/s"
    want=""
    [ "$off" -ge 42 ] && want="a.rpm"
    [ "$off" -ge 83 ] && want="a.rpm b.rpm"
    for mode in "-e" "-e -n 1"; do
        fresh_dir; unpack "$mode" ""
        case "$res" in "code=$EREMOTEIO "*) ;; *) bad="$bad $off($mode):$res" ;; esac
        [ "$st" -eq 1 ] || bad="$bad $off($mode):status=$st"
        [ "$(listing)" = "$want" ] || bad="$bad $off($mode):dir='$(listing)'"
        [ "$(wc -l < "$W/err")" -eq 1 ] || bad="$bad $off($mode):stderr"
    done
    off=$((off + 1))
done
if [ -z "$bad" ]; then
    t_ok "truncation at each of $total offsets (pipe and 1-byte reads): EREMOTEIO, only complete files"
else
    t_fail "truncation at every offset" "$bad"
fi

# --- nothing outside DIR, symlinks planted in DIR ----------------------------
mkdir -p "$W/outside"
[ -z "$USER_OPT" ] || chown nobody "$W/outside"
echo secret > "$W/outside/b.rpm"
# Every path outside DIR (names), and size and mtime of what is in outside/.
snapshot() {
    find "$W" -path "$W/d" -prune -o -print | sort
    stat -c '%n %s %Y' "$W"/outside/*
}
fresh_dir
ln -s ../outside/a.rpm "$W/d/a.rpm"
ln -s ../outside/b.rpm "$W/d/b.rpm"
ln -s ../outside "$W/d/sub"
before=$(snapshot)
$MK file a.rpm 4 end > "$W/s"; unpack "" ""
verdict "symlink planted in DIR to a missing file: EEXIST" $EEXIST a.rpm "a.rpm b.rpm sub"
[ ! -e "$W/outside/a.rpm" ] && t_ok "symlink planted in DIR: nothing created at its target" ||
    t_fail "symlink planted in DIR" "outside/a.rpm was created"
$MK file b.rpm 4 end > "$W/s"; unpack "" ""
verdict "symlink planted in DIR to an existing file: EEXIST" $EEXIST b.rpm "a.rpm b.rpm sub"
[ "$(cat "$W/outside/b.rpm")" = secret ] && t_ok "symlink planted in DIR: its target unchanged" ||
    t_fail "symlink planted in DIR" "outside/b.rpm changed"
$MK file sub/c 4 end > "$W/s"; unpack "" "--names portable"
verdict "name through a symlinked directory: EILSEQ" $EILSEQ sub/c "a.rpm b.rpm sub"
fresh_dir
mkdir "$W/d/c.rpm"
$MK file c.rpm 4 end > "$W/s"; unpack "" ""
verdict "directory of the same name in DIR: EEXIST" $EEXIST c.rpm "c.rpm"
fresh_dir
echo old > "$W/d/a.rpm"
$MK file a.rpm 4 end > "$W/s"; unpack "" ""
verdict "existing file in DIR: EEXIST" $EEXIST a.rpm "a.rpm"
[ "$(cat "$W/d/a.rpm")" = old ] && t_ok "existing file in DIR: not overwritten" ||
    t_fail "existing file in DIR" "overwritten"
fresh_dir
$MK files 20 1000 x end > "$W/s"; unpack "" ""
after=$(snapshot)
[ "$before" = "$after" ] && [ "$st" -eq 0 ] && t_ok "nothing created or changed outside DIR" ||
    t_fail "nothing created outside DIR" "tree outside DIR changed"

# --- ENOSPC from the filesystem is passed through ----------------------------
if [ "$(id -u)" -eq 0 ] && mkdir -p "$W/small" && mount -t tmpfs -o size=64k tmpfs "$W/small" 2>/dev/null; then
    mkdir "$W/small/d"; chown nobody "$W/small/d"
    $MK file a.rpm 100 file big.rpm 1000000 end > "$W/s"
    { $FEED -t 30 "$W/s" "$W/r" -- $UNPACK $USER_OPT --max-bytes 2000000 "$W/small/d" 2>&1 >/dev/null
      echo $? > "$W/st"; } | cat > "$W/err"
    res=$($MK result "$W/r")
    case "$res" in
        "code=$ENOSPC "*"name=big.rpm")
            [ "$(ls -A "$W/small/d")" = a.rpm ] && grep -q "'big.rpm': write: No space left on device (ENOSPC)" "$W/err" &&
                t_ok "ENOSPC passed through, partial file not visible" ||
                t_fail "ENOSPC" "dir: $(ls -A "$W/small/d"), stderr: $(cat "$W/err")" ;;
        *) t_fail "ENOSPC passed through" "$res" ;;
    esac
    # Without --max-bytes the limit is 90% of the free space at start: the
    # same file is refused by the limit (EDQUOT) before the disk fills.
    rm -rf "$W/small/d"; mkdir "$W/small/d"; chown nobody "$W/small/d"
    { $FEED -t 30 "$W/s" "$W/r" -- $UNPACK $USER_OPT "$W/small/d" 2>&1 >/dev/null
      echo $? > "$W/st"; } | cat > "$W/err"
    res=$($MK result "$W/r")
    case "$res" in
        "code=$EDQUOT "*"name=big.rpm") [ "$(ls -A "$W/small/d")" = a.rpm ] &&
            t_ok "default --max-bytes: 90% of free space (EDQUOT, not ENOSPC)" ||
            t_fail "default --max-bytes" "dir: $(ls -A "$W/small/d")" ;;
        *) t_fail "default --max-bytes: 90% of free space" "$res $(cat "$W/err")" ;;
    esac
    umount "$W/small"
else
    t_ok "ENOSPC passed through # SKIP needs root and tmpfs mounts"
fi

# --- options: bad values are usage errors before any input is read ----------
# The values are eval'ed on purpose (quoted empty and space values).
# shellcheck disable=SC2089,SC2090
for args in "--max-files 0" "--max-files -1" "--max-files 12x" "--max-files ''" \
            "--max-bytes 0" "--max-bytes 18446744073709551616" "--max-bytes 1e9" \
            "--max-bytes ' 5'" "--names rpms" "--vchan 0 /x" "--vchan x /x" \
            "--max-files" "--bogus" "" "$W/d $W/d"; do
    fresh_dir
    eval "set -- $args"
    label=$(echo "$args" | sed "s|$W/d|DIR|g")
    # The input is a stream that would succeed; it must not be consumed.
    $MK file a.rpm 4 end > "$W/s"
    out=$(sh -c 'build/airlock-unpack "$@" < "$0"; echo "status=$?"' "$W/s" $USER_OPT "$@" ${args:+"$W/d"} 2>&1)
    case "$out" in
        *"status=2") [ -z "$(listing)" ] && [ "$(echo "$out" | grep -c '^usage:')" -eq 1 ] &&
            t_ok "usage error: '$label'" || t_fail "usage error: '$label'" "$out" ;;
        *) t_fail "usage error: '$label'" "$out" ;;
    esac
done

# --- hardening --------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
    fresh_dir
    out=$($UNPACK "$W/d" < "$W/s" 2>&1); rc=$?
    [ "$rc" -eq 3 ] && echo "$out" | grep -q "root needs --user" && [ -z "$(listing)" ] &&
        t_ok "refuses root without --user (exit 3)" || t_fail "refuses root without --user" "$rc $out"
    out=$($UNPACK --user root "$W/d" < "$W/s" 2>&1); rc=$?
    [ "$rc" -eq 3 ] && t_ok "refuses --user root (exit 3)" || t_fail "refuses --user root" "$rc $out"
    out=$($UNPACK --user no-such-user-x "$W/d" < "$W/s" 2>&1); rc=$?
    [ "$rc" -eq 3 ] && t_ok "refuses an unknown --user (exit 3)" || t_fail "unknown --user" "$rc $out"
fi
$MK file a.rpm 4 end > "$W/s"
for probe in socket open execve mkdir; do
    fresh_dir
    # shellcheck disable=SC2086
    AIRLOCK_PROBE=$probe $FEED -t 30 "$W/s" "$W/r" -- $PROBE $USER_OPT "$W/d" 2>"$W/err"
    rc=$?
    # 159 = 128 + SIGSYS: killed by the seccomp filter.
    [ "$rc" -eq 159 ] && [ -z "$(listing)" ] && [ ! -s "$W/r" ] &&
        t_ok "seccomp: forbidden $probe after the filter kills the process" ||
        t_fail "seccomp: forbidden $probe" "status $rc, $(cat "$W/err")"
done
fresh_dir
$FEED -t 30 "$W/s" "$W/r" -- $PROBE $USER_OPT "$W/d" 2>"$W/err"
rc=$?
[ "$rc" -eq 0 ] && [ "$(listing)" = a.rpm ] && t_ok "seccomp probe build without a probe receives normally" ||
    t_fail "seccomp probe build without a probe" "status $rc $(cat "$W/err")"

# --- vchan without Xen --------------------------------------------------------
fresh_dir
# shellcheck disable=SC2086
out=$($UNPACK $USER_OPT --vchan 5 /local/domain/0/data/airlock "$W/d" < /dev/null 2>&1); rc=$?
[ "$rc" -eq 4 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] && echo "$out" | grep -q "Xen" &&
    t_ok "--vchan without Xen: one-line message, exit 4" || t_fail "--vchan without Xen" "$rc: $out"
if pkg-config --exists xenvchan; then
    nm -D "$UNPACK" 2>/dev/null | grep -q libxenvchan_server_init &&
        t_ok "built and linked with libxenvchan" || t_fail "libxenvchan link" "symbol missing"
fi

# --- --help documents the mapping and the exit statuses ---------------------
out=$($UNPACK --help); rc=$?
for word in EILSEQ EINVAL EDQUOT EREMOTEIO EEXIST "Exit status" --max-bytes --vchan --user; do
    echo "$out" | grep -q -- "$word" || { rc=1; echo "# --help lacks $word"; }
done
[ "$rc" -eq 0 ] && t_ok "--help: errno mapping, exit statuses, options" || t_fail "--help" "incomplete"

#!/bin/sh
# airlock-sigcheck's rollback and freeze protection (issue 13): a validly
# signed package older than a related one dom0 has installed (a scratch
# rpmdb, `rpm --root R --justdb`) or published (--published DIR) fails
# with its reason; equal and newer pass; --allow-downgrade lifts it.
# Every package here is made offline (tests/rpmlib.sh) and signed by a
# trusted key, and rpmkeys -K accepts every one: a refusal is airlock's
# version policy, never a signature matter. The EVR order itself is held
# against python3-rpm's labelCompare and a model of rpm's rules over
# generated versions (tests/vercmp.py), and the reading of headers and
# the check's rules by build/test/test-evr.
# Run from the repository root after `make all test-bins`.
set -u
# shellcheck source=tests/lib.sh
. tests/lib.sh
# shellcheck source=tests/rpmlib.sh
. tests/rpmlib.sh

scratch_dir
# airlock-sigcheck with its one confinement line (src/os/confine.h) taken
# out of stderr, which this suite compares whole; stderr then follows
# stdout, and the exit status is kept.
SC=$T/sigcheck
cat >"$SC" <<EOF
#!/bin/sh
"$PWD/build/airlock-sigcheck" "\$@" 2>"$T/sc.stderr.\$\$"
rc=\$?
grep -v '^airlock-sigcheck: confinement: ' "$T/sc.stderr.\$\$" >&2
rm -f "$T/sc.stderr.\$\$"
exit \$rc
EOF
chmod 755 "$SC"
export LC_ALL=C
AS=""
[ "$(id -u)" -eq 0 ] && AS="--user nobody"

# Installed: sys-3.0-1.noarch, ep-1:1.0-1.noarch, multi-5-1.x86_64.
# Published: app-2.0-1.x86_64, sys-4.0-1.noarch.
setup() {
    mk_key "$T" trusted ed25519 || return 1
    mkdir -p "$T/kr" "$T/db" "$T/root" "$T/pub" "$T/c" "$T/out" || return 1
    cp "$T/trusted.asc" "$T/kr/" && chmod -R a+rX "$T/kr" &&
        rpmkeys --dbpath "$T/db" --import "$T/trusted.asc" || return 1
    while read -r _dir _file _name _evr _arch; do
        mk_rpm_evr "$T/$_dir" "$_file" "$_name" "$_evr" "$_arch" >/dev/null &&
            sign_rpm "$T" trusted "$T/$_dir/$_file.rpm" || return 1
    done <<'LIST'
root sys sys 3.0-1 noarch
root ep ep 1:1.0-1 noarch
root multi multi 5-1 x86_64
pub app app 2.0-1 x86_64
pub sys sys 4.0-1 noarch
c app-older app 1.9-1 x86_64
c app-equal app 2.0-1 x86_64
c app-newer app 2.0-2 x86_64
c app-other-name app-extra 0.1-1 x86_64
c sys-older sys 2.9-1 noarch
c sys-between sys 3.5-1 noarch
c sys-tilde sys 4.0~rc1-1 noarch
c sys-caret sys 4.0^git1-1 noarch
c ep-higher-version ep 9.0-1 noarch
c ep-equal ep 1:1.0-1 noarch
c ep-higher-epoch ep 2:0.1-1 noarch
c multi-i686 multi 4-1 i686
c multi-noarch multi 4-1 noarch
LIST
    HOME=$T rpm --root "$T/root" --dbpath /var/lib/rpm --define '_db_backend sqlite' \
        -i --nodeps --justdb --nosignature "$T"/root/*.rpm 2>/dev/null || return 1
    rm -f "$T"/root/*.rpm
    chmod -R a+rX "$T"
    chmod 777 "$T/out"   # the dropped user writes the copies
}
if ! setup >"$T/setup.log" 2>&1; then
    t_fail "rollback: setup" "$(tail -n 3 "$T/setup.log" | tr '\n' ' ')"
    exit 0
fi
t_ok "rollback: setup (signed packages, scratch rpmdb with 3 packages, published generation)"

# sc_line FILE [OPTION...]: airlock-sigcheck's text line for FILE, checked
# against the scratch rpmdb and the published generation.
sc_line() {
    _f=$1
    shift
    # shellcheck disable=SC2086
    "$SC" $AS --keyring "$T/kr" --rpmdb-root "$T/root" --published "$T/pub" "$@" "$_f" 2>&1
}

# case_ NAME FILE WANT: the line must be exactly WANT (with the file's
# path for @), and rpmkeys -K must accept FILE.
case_() {
    _want=$(printf '%s' "$3" | sed "s|@|$2|")
    _got=$(sc_line "$2")
    if [ "$_got" != "$_want" ]; then
        t_fail "rollback: $1" "expected '$_want', got '$_got'"
    elif [ "$(rk_verdict "$T/db" "$2")" != ok ]; then
        t_fail "rollback: $1" "rpmkeys -K does not accept the package"
    else
        t_ok "rollback: $1"
    fi
}
C=$T/c
case_ "older than published: rejected with its reason" "$C/app-older.rpm" \
    "FAIL @: older than published (app-0:2.0-1.x86_64 published; this is app-0:1.9-1.x86_64)"
case_ "equal to published (reinstall): accepted" "$C/app-equal.rpm" "OK @"
case_ "newer release than published: accepted" "$C/app-newer.rpm" "OK @"
case_ "another name (app-extra beside app) is not compared" "$C/app-other-name.rpm" "OK @"
case_ "older than installed: rejected with its reason" "$C/sys-older.rpm" \
    "FAIL @: older than installed (sys-0:3.0-1.noarch installed; this is sys-0:2.9-1.noarch)"
case_ "newer than installed, older than published: rejected as older than published" \
    "$C/sys-between.rpm" \
    "FAIL @: older than published (sys-0:4.0-1.noarch published; this is sys-0:3.5-1.noarch)"
case_ "a tilde pre-release of the published version is older" "$C/sys-tilde.rpm" \
    "FAIL @: older than published (sys-0:4.0-1.noarch published; this is sys-0:4.0~rc1-1.noarch)"
case_ "a caret snapshot after the published version is newer" "$C/sys-caret.rpm" "OK @"
case_ "epoch wins over version: 9.0 without epoch is older than 1:1.0" \
    "$C/ep-higher-version.rpm" \
    "FAIL @: older than installed (ep-1:1.0-1.noarch installed; this is ep-0:9.0-1.noarch)"
case_ "same epoch, version and release as installed: accepted" "$C/ep-equal.rpm" "OK @"
case_ "a higher epoch with a lower version: accepted" "$C/ep-higher-epoch.rpm" "OK @"
case_ "another arch (i686 beside x86_64) is not compared" "$C/multi-i686.rpm" "OK @"
case_ "noarch is compared with an arch package of the same name" "$C/multi-noarch.rpm" \
    "FAIL @: older than installed (multi-0:5-1.x86_64 installed; this is multi-0:4-1.noarch)"

# --allow-downgrade: every older one passes, and nothing is read.
out=$(sc_line "$C/app-older.rpm" --allow-downgrade; sc_line "$C/sys-older.rpm" --allow-downgrade;
      sc_line "$C/ep-higher-version.rpm" --allow-downgrade)
want="OK $C/app-older.rpm
OK $C/sys-older.rpm
OK $C/ep-higher-version.rpm"
if [ "$out" = "$want" ]; then
    t_ok "rollback: --allow-downgrade accepts older than published and installed"
else
    t_fail "rollback: --allow-downgrade" "$out"
fi
# shellcheck disable=SC2086
out=$("$SC" $AS --keyring "$T/kr" --allow-downgrade --rpmdb-root "$T/none" --published "$T/none" \
    "$C/app-older.rpm" 2>&1)
if [ "$out" = "OK $C/app-older.rpm" ]; then
    t_ok "rollback: with --allow-downgrade, --rpmdb-root and --published are not read"
else
    t_fail "rollback: --allow-downgrade reads nothing" "$out"
fi

# Only what is asked is compared.
# shellcheck disable=SC2086
a=$("$SC" $AS --keyring "$T/kr" --published "$T/pub" "$C/sys-older.rpm" "$C/app-older.rpm" 2>&1)
# shellcheck disable=SC2086
b=$("$SC" $AS --keyring "$T/kr" --rpmdb-root "$T/root" "$C/sys-between.rpm" "$C/app-older.rpm" 2>&1)
# shellcheck disable=SC2086
c=$("$SC" $AS --keyring "$T/kr" "$C/sys-older.rpm" "$C/app-older.rpm" 2>&1)
words() { echo "$1" | awk '{ printf "%s ", $1 }'; }
if [ "$(words "$a")" = "FAIL FAIL " ] &&
    echo "$a" | grep -q "sys-older.rpm: older than published (sys-0:4.0-1" &&
    [ "$(words "$b")" = "OK OK " ] && [ "$(words "$c")" = "OK OK " ]; then
    t_ok "rollback: --published alone, --rpmdb-root alone, neither: each compares only with what it names"
else
    t_fail "rollback: only what is asked" "$a | $b | $c"
fi

# JSON, the exit status, and no canonical copy for a rejected package.
# shellcheck disable=SC2086
j=$("$SC" $AS --keyring "$T/kr" --rpmdb-root "$T/root" --published "$T/pub" --json \
    --output-dir "$T/out" "$C/app-older.rpm" "$C/app-newer.rpm" 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && echo "$j" | head -n 1 | grep -q '"ok":false,"code":"older-than-published","reason":"older than published","detail":"app-0:2.0-1.x86_64 published; this is app-0:1.9-1.x86_64"' &&
    echo "$j" | sed -n 2p | grep -q '"ok":true' &&
    [ "$(ls "$T/out")" = "app-newer.rpm" ]; then
    t_ok "rollback: JSON code older-than-published, exit 1, no copy of the rejected package (--output-dir)"
else
    t_fail "rollback: JSON and copy" "rc $rc: $j; out: $(ls "$T/out")"
fi

# Set-up errors, each before any package is read: exit 2, nothing on
# standard output, a one-line reason naming the path.
setup_err() { # NAME PATTERN OPTION...
    _n=$1 _p=$2
    shift 2
    # shellcheck disable=SC2086
    "$SC" $AS --keyring "$T/kr" "$@" "$C/app-newer.rpm" >"$T/se.out" 2>"$T/se.err"
    _rc=$?
    if [ "$_rc" -eq 2 ] && [ ! -s "$T/se.out" ] && [ "$(wc -l <"$T/se.err")" -eq 1 ] &&
        grep -q -- "$_p" "$T/se.err"; then
        t_ok "rollback: $_n: set-up error (exit 2)"
    else
        t_fail "rollback: $_n" "status $_rc, stdout $(cat "$T/se.out"), stderr $(cat "$T/se.err")"
    fi
}
setup_err "no rpm database beneath --rpmdb-root" "no rpm database $T/none/var/lib/rpm/rpmdb.sqlite" \
    --rpmdb-root "$T/none"
mkdir -p "$T/empty"
HOME=$T rpm --root "$T/empty" --dbpath /var/lib/rpm --define '_db_backend sqlite' --initdb &&
    chmod -R a+rX "$T/empty"
setup_err "an rpm database that lists no package" "lists no package" --rpmdb-root "$T/empty"
mkdir -p "$T/notsqlite/var/lib/rpm"
printf 'not a database' >"$T/notsqlite/var/lib/rpm/rpmdb.sqlite"
chmod -R a+rX "$T/notsqlite"
setup_err "an rpm database that does not read" "cannot read the rpm database .*not a database" \
    --rpmdb-root "$T/notsqlite"
# A header librpm cannot read in the rpmdb: rpm skips it with a log line
# (and `rpm -qa` lists the others); airlock refuses the whole database.
cp -a "$T/root" "$T/skip"
/usr/bin/python3 - "$T/skip/var/lib/rpm/rpmdb.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
hnum, blob = db.execute("SELECT hnum, blob FROM Packages ORDER BY hnum LIMIT 1").fetchone()
blob = bytearray(blob)
blob[40] ^= 0xFF
db.execute("UPDATE Packages SET blob = ? WHERE hnum = ?", (bytes(blob), hnum))
db.commit()
PY
# (rpm, as root, puts back the persistent WAL files a reader needs.)
HOME=$T rpm --root "$T/skip" --dbpath /var/lib/rpm -qa >/dev/null 2>&1
chmod -R a+rX "$T/skip"
setup_err "an rpmdb header librpm skips" "cannot read the rpm database .*skipping h#" \
    --rpmdb-root "$T/skip"
setup_err "--published directory missing" "--published $T/none: No such file" --published "$T/none"
mkdir -p "$T/badpub"
cp "$T/pub/app.rpm" "$T/badpub/" && printf 'not an rpm' >"$T/badpub/junk.rpm" && chmod -R a+rX "$T/badpub"
setup_err "a published package that does not read" "--published: $T/badpub/junk.rpm: not an RPM" \
    --published "$T/badpub"
mkdir -p "$T/linkpub"
ln -s "$T/pub/app.rpm" "$T/linkpub/app.rpm"
setup_err "a symlink in the published generation" "--published: $T/linkpub/app.rpm: not a regular file" \
    --published "$T/linkpub"
# Hidden names and other files (repodata) are not packages.
mkdir -p "$T/otherpub/repodata"
cp "$T/pub/app.rpm" "$T/otherpub/" && printf 'x' >"$T/otherpub/.junk.rpm" &&
    printf 'x' >"$T/otherpub/repodata/repomd.xml" && chmod -R a+rX "$T/otherpub"
out=$(sc_line "$C/app-older.rpm" --published "$T/otherpub" 2>&1)
case $out in
    *"older than published (app-0:2.0-1.x86_64"*) t_ok "rollback: hidden names and repodata/ of a generation are skipped" ;;
    *) t_fail "rollback: skipped names" "$out" ;;
esac

# The EVR order against python3-rpm and a model; the unit table.
if out=$(/usr/bin/python3 tests/vercmp.py build/test/test-evr 3000 2>&1); then
    t_ok "rollback: EVR order equals python3-rpm labelCompare and the model: $out"
else
    t_fail "rollback: EVR order" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
fi
build/test/test-evr | sed 's/^\(not \)\{0,1\}ok - /&evr: /'

if shellcheck -s sh -x tests/suites/44-sigcheck-rollback.sh >"$T/sc.out" 2>&1; then
    t_ok "rollback: this suite is clean under shellcheck"
else
    t_fail "rollback: shellcheck" "$(head -n 5 "$T/sc.out" | tr '\n' ' ')"
fi

#!/bin/sh
# make install / make uninstall (issue 14; packaging/install.sh), each run
# into a fresh scratch DESTDIR:
#   install-layout  PREFIX=/usr: every file and its mode is exactly what
#                   the two RPMs hold (rpm -qp --dump of build/rpm/, after
#                   `make rpm`), read with three differences: one doc and
#                   one licence directory for both packages
#                   (share/doc/airlock), man pages not gzipped, and the
#                   manifest share/airlock/install-manifest added; every
#                   directory the RPMs own exists with their mode, and any
#                   other is a parent of an installed path
#   install-config  the manifest's configuration entries are exactly the
#                   RPMs' %config files
#   install-prefix  PREFIX=/usr/local: nothing outside /usr/local, /etc and
#                   /var/lib/airlock; the service script execs
#                   /usr/local/libexec/airlock/airlock-receive and
#                   airlock-receive@.service runs
#                   /usr/local/libexec/airlock/airlock-qrexec-front; the
#                   installed programs answer --help
#   refuse-link-file  a symbolic link planted at a destination file: the
#                   install fails naming it, the link's target is
#                   unchanged, and nothing at all was installed
#   refuse-link-dir  the same for a planted link at /etc/airlock, a
#                   directory on the way to the configuration
#   no-write-through  a destination that is a hard link to an outside file:
#                   replaced by the new file, the outside file unchanged
#   noreplace       a configuration file changed after the install, and one
#                   that was there before it, are kept by a second install,
#                   each with the new default beside it as FILE.new; an
#                   unchanged one is still the shipped file
#   uninstall       after those two installs and a repository in the state
#                   directory: `make uninstall` leaves exactly the changed
#                   configuration, the state directory with its content,
#                   and their parents
set -u
# shellcheck disable=SC1091 # sourced helpers (t_ok, t_fail)
. tests/lib.sh

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
scratch_home "$T"
VERSION=$(cat VERSION)
MANIFEST=share/airlock/install-manifest

# mk ARGS...: make as typed at a shell, output in $T/make.log.
mk() { shell_make "$T/make.log" SKIP_DEPS=1 "$@"; }

# tree DIR: "TYPE MODE PATH" of everything in DIR (PATH from DIR's root),
# TYPE d, f or l, sorted by PATH.
tree() {
    (cd "$1" && find . -mindepth 1 -printf '%y %m %p\n') |
        awk '{ m = sprintf("%04d", $2); sub(/^\./, "", $3); print $1, m, $3 }' | sort -k3
}

# rpm_tree: the same for both RPMs (rpm -qp --dump), in install's terms.
rpm_tree() {
    for _r in build/rpm/airlock-dom0-"$VERSION"-1.*.rpm build/rpm/airlock-updatevm-"$VERSION"-1.*.rpm; do
        rpm -qp --dump "$_r" 2>/dev/null
    done | awk '
        $1 ~ /^\/usr\/lib\/\.build-id/ { next }
        {
            p = $1; mode = $5
            t = mode ~ /^04/ ? "d" : "f"
            sub(/^\/usr\/share\/doc\/airlock-(dom0|updatevm)/, "/usr/share/doc/airlock", p)
            sub(/^\/usr\/share\/licenses\/airlock-(dom0|updatevm)/, "/usr/share/licenses/airlock", p)
            if (p ~ /^\/usr\/share\/man\//) sub(/\.gz$/, "", p)
            print t, substr(mode, length(mode) - 3), p
        }' | sort -u -k3
}

layout() {
    if ! mk rpm; then
        t_fail install-layout "make rpm failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
        return
    fi
    _d=$T/usr
    if ! mk install DESTDIR="$_d" PREFIX=/usr; then
        t_fail install-layout "make install failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
        return
    fi
    rpm_tree >"$T/rpm.tree"
    { grep '^f ' "$T/rpm.tree"; echo "f 0644 /usr/$MANIFEST"; } | sort -k3 >"$T/want.files"
    tree "$_d" | grep -v '^d ' >"$T/got.files"
    _bad=$(diff "$T/want.files" "$T/got.files" | grep '^[<>]' | tr '\n' ' ')
    # Directories: the RPMs' with their mode; any other only as a parent.
    _dirs=$(tree "$_d" | awk '$1 == "d"' | while read -r _t _m _p; do
        _w=$(awk -v p="$_p" '$3 == p { print $2 }' "$T/rpm.tree")
        if [ -n "$_w" ] && [ "$_w" != "$_m" ]; then
            echo "$_p:$_m(rpm:$_w)"
        elif [ -z "$_w" ] && ! grep -q " $_p/" "$T/want.files" "$T/rpm.tree"; then
            echo "unexpected:$_p"
        fi
    done)
    _lost=$(awk '$1 == "d" { print $3 }' "$T/rpm.tree" | while read -r _p; do
        [ -d "$_d$_p" ] || echo "missing:$_p"
    done)
    if [ ! -s "$T/rpm.tree" ]; then
        t_fail install-layout "rpm -qp --dump listed nothing"
    elif [ -n "$_bad$_dirs$_lost" ]; then
        t_fail install-layout "(< RPM, > install) $_bad $_dirs $_lost"
    else
        t_ok "install-layout ($(wc -l <"$T/got.files") files, modes as in the RPMs; $(grep -c '^d ' "$T/rpm.tree") RPM directories)"
    fi
    config_entries "$_d"
}

config_entries() {
    _got=$(awk '$1 == "c" { print $3 }' "$1/usr/$MANIFEST" | sort | tr '\n' ' ')
    _want=$(for _r in build/rpm/*.rpm; do rpm -qp --configfiles "$_r" 2>/dev/null; done | sort | tr '\n' ' ')
    if [ -z "$_want" ] || [ "$_got" != "$_want" ]; then
        t_fail install-config "manifest: '$_got'; RPM %config: '$_want'"
    else
        t_ok "install-config (${_want% })"
    fi
}

prefix() {
    _d=$T/local
    if ! mk install DESTDIR="$_d"; then
        t_fail install-prefix "make install failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
        return
    fi
    _out=$(tree "$_d" | awk '$1 != "d" { print $3 }' |
        grep -v -E '^/usr/local/|^/etc/|^/var/lib/airlock$' | tr '\n' ' ')
    _exec=$(grep '^exec ' "$_d/usr/local/libexec/airlock/qubes.ReceiveUpdates")
    _nohelp=""
    _unit=$(grep '^ExecStart=' "$_d/usr/local/lib/systemd/system/airlock-receive@.service")
    for _p in libexec/airlock/airlock-unpack libexec/airlock/airlock-sigcheck \
        libexec/airlock/airlock-receive libexec/airlock/airlock-qrexec-front bin/airlock-send; do
        "$_d/usr/local/$_p" --help >/dev/null 2>&1 || _nohelp="$_nohelp $_p"
    done
    if [ -n "$_out" ]; then
        t_fail install-prefix "outside /usr/local, /etc, /var/lib/airlock: $_out"
    elif [ "$_exec" != "exec /usr/local/libexec/airlock/airlock-receive" ]; then
        t_fail install-prefix "the service script runs '$_exec'"
    elif [ "$_unit" != "ExecStart=/usr/local/libexec/airlock/airlock-qrexec-front" ]; then
        t_fail install-prefix "airlock-receive@.service runs '$_unit'"
    elif [ -n "$_nohelp" ]; then
        t_fail install-prefix "--help failed:$_nohelp"
    else
        t_ok "install-prefix (under /usr/local, /etc and /var/lib/airlock; service execs /usr/local/libexec/airlock/airlock-receive, the unit /usr/local/libexec/airlock/airlock-qrexec-front)"
    fi
}

# refused NAME LINK TARGET: make install into $T/NAME, where LINK (below
# it) was planted pointing to TARGET, must fail naming LINK, leave TARGET
# as it was and install nothing.
refused() {
    _d=$T/$1
    find "$3" -exec stat -c '%n %s %Y %a' {} + | sort >"$T/$1.before"
    mk install DESTDIR="$_d" PREFIX=/usr
    _rc=$?
    find "$3" -exec stat -c '%n %s %Y %a' {} + | sort >"$T/$1.after"
    _extra=$(tree "$_d" | awk '$1 != "d" && $3 != l { print $3 }' l="$2" | tr '\n' ' ')
    if [ "$_rc" -eq 0 ]; then
        t_fail "$1" "make install succeeded"
    elif ! grep -q -F "$_d$2 is a symbolic link" "$T/make.log"; then
        t_fail "$1" "no refusal naming $2: $(grep install.sh "$T/make.log" | tail -n 1)"
    elif ! cmp -s "$T/$1.before" "$T/$1.after"; then
        t_fail "$1" "the link's target $3 changed"
    elif [ -n "$_extra" ]; then
        t_fail "$1" "installed anyway: $_extra"
    else
        t_ok "$1 ($2 -> outside: refused, target untouched, nothing installed)"
    fi
}

refuse_file() {
    mkdir -p "$T/refuse-link-file/usr/bin"
    echo victim >"$T/victim"
    ln -s "$T/victim" "$T/refuse-link-file/usr/bin/airlock-send"
    refused refuse-link-file /usr/bin/airlock-send "$T/victim"
}

refuse_dir() {
    mkdir -p "$T/refuse-link-dir/etc" "$T/elsewhere"
    ln -s "$T/elsewhere" "$T/refuse-link-dir/etc/airlock"
    refused refuse-link-dir /etc/airlock "$T/elsewhere"
}

no_write_through() {
    _d=$T/hard
    mkdir -p "$_d/usr/bin"
    echo other >"$T/outside"
    ln "$T/outside" "$_d/usr/bin/airlock-send"
    if ! mk install DESTDIR="$_d" PREFIX=/usr; then
        t_fail no-write-through "make install failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
    elif [ "$(cat "$T/outside")" != other ]; then
        t_fail no-write-through "the outside file was written through its hard link"
    elif ! cmp -s build/airlock-send "$_d/usr/bin/airlock-send" ||
        [ "$(stat -c %h "$_d/usr/bin/airlock-send")" != 1 ]; then
        t_fail no-write-through "the destination is not a new airlock-send"
    else
        t_ok "no-write-through (hard-linked destination replaced by rename; the other name keeps its content)"
    fi
}

noreplace() {
    _d=$T/conf
    mkdir -p "$_d/etc/yum.real.repos.d"
    echo '# the admin wrote this' >"$_d/etc/yum.real.repos.d/airlock.repo"
    if ! mk install DESTDIR="$_d" PREFIX=/usr; then
        t_fail noreplace "first make install failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
        return
    fi
    echo 'MAX_FILES=10' >>"$_d/etc/airlock/airlock.conf"
    cp "$_d/etc/airlock/airlock.conf" "$T/changed.conf"
    if ! mk install DESTDIR="$_d" PREFIX=/usr; then
        t_fail noreplace "second make install failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
        return
    fi
    _bad=""
    cmp -s "$T/changed.conf" "$_d/etc/airlock/airlock.conf" || _bad="$_bad changed-airlock.conf-replaced"
    cmp -s src/receive/airlock.conf "$_d/etc/airlock/airlock.conf.new" || _bad="$_bad no-airlock.conf.new"
    [ "$(cat "$_d/etc/yum.real.repos.d/airlock.repo")" = '# the admin wrote this' ] ||
        _bad="$_bad earlier-airlock.repo-replaced"
    cmp -s src/receive/airlock.repo "$_d/etc/yum.real.repos.d/airlock.repo.new" || _bad="$_bad no-airlock.repo.new"
    cmp -s src/receive/30-airlock.policy "$_d/etc/qubes/policy.d/30-airlock.policy" || _bad="$_bad policy"
    [ ! -e "$_d/etc/qubes/policy.d/30-airlock.policy.new" ] || _bad="$_bad policy.new"
    if [ -n "$_bad" ]; then
        t_fail noreplace "$_bad"
    else
        t_ok "noreplace (changed airlock.conf and an earlier airlock.repo kept, defaults as .new; the unchanged policy as shipped)"
    fi
}

uninstall() {
    _d=$T/conf
    mkdir -p "$_d/var/lib/airlock/repo/gen-1"
    echo pkg >"$_d/var/lib/airlock/repo/gen-1/x.rpm"
    if ! mk uninstall DESTDIR="$_d" PREFIX=/usr; then
        t_fail uninstall "make uninstall failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
        return
    fi
    _left=$(tree "$_d" | awk '{ print $3 }' | tr '\n' ' ')
    _want="/etc /etc/airlock /etc/airlock/airlock.conf /etc/yum.real.repos.d /etc/yum.real.repos.d/airlock.repo /var /var/lib /var/lib/airlock /var/lib/airlock/repo /var/lib/airlock/repo/gen-1 /var/lib/airlock/repo/gen-1/x.rpm "
    if [ "$_left" != "$_want" ]; then
        t_fail uninstall "left: $_left"
    elif ! cmp -s "$T/changed.conf" "$_d/etc/airlock/airlock.conf"; then
        t_fail uninstall "the changed airlock.conf was altered"
    else
        t_ok "uninstall (left: the changed airlock.conf, the admin's airlock.repo, /var/lib/airlock and its repository)"
    fi
}

layout
prefix
refuse_file
refuse_dir
no_write_through
noreplace
uninstall

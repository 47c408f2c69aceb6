#!/bin/sh
# The binary RPMs (issue 14): airlock.spec, `make rpm` (packaging/rpm.mk).
# rpm, rpmbuild and rpmlint run with HOME a scratch directory (no
# ~/.rpmmacros, no user rpmlint configuration).
#   rpm-build       `make rpm` succeeds and build/rpm/ holds exactly the
#                   two RPMs, named for VERSION; Source0 has the spec and
#                   VERSION and nothing of build/
#   rpm-fresh       right after it, `make -q rpm` finds nothing to rebuild
#   rpm-version     both packages' Version is VERSION's line, the payload
#                   is zstd, and the newest %changelog entry is for that
#                   version-release (the one other place the version is
#                   written; rpmlint checks it for no subpackage)
#   rpmlint         rpmlint -c packaging/rpmlint.toml on the spec and both
#                   RPMs: no error, and every warning named in a "W: NAME"
#                   comment line of the spec
#   rpm-requires    airlock-dom0 requires each runtime dependency (Fedora
#                   names), airlock-updatevm isa-l; neither anything of
#                   Debian
#   rpm-config      the %config(noreplace) files are exactly airlock.conf,
#                   the policy and the repo file
#   rpm-scripts     airlock-dom0 has a %post, running systemd-sysusers
#                   and systemd-tmpfiles --create on its two files, no
#                   systemctl (the socket is not enabled by the package),
#                   and a %preun that on erase only stops and disables
#                   airlock-receive.socket; airlock-updatevm has no scriptlet
# Installed (root only) with rpm -i --root R --dbpath /.rpmdb --nodeps
# --noscripts:
#   rpm-install     both install; rpm lists them in R's database
#   files-exact     each package's files (rpm -qlp, the build-id links
#                   aside) are exactly the expected list, and R holds them
#                   with the expected type and nothing else but their
#                   parent directories (build-id links: to the programs)
#   owners-modes    every installed path root:root with its expected mode
#   no-setid        nothing setuid, setgid or world-writable; nothing in
#                   R/etc group- or world-writable or executable but the
#                   UpdateVM's qrexec service /etc/qubes-rpc/airlock.Download
#   path-clean      no file of /usr/libexec/airlock has a namesake in a
#                   PATH directory; the packages' only files in one are
#                   /usr/bin/airlock-send, airlock-update, airlock-download
#   policy          the policy's rules are exactly the allow for
#                   airlock.conf's UPDATEVM, then the deny for @anyvm
#   repo-file       the .repo: baseurl file://REPO_DIR/current of
#                   airlock.conf, gpgcheck=1, repo_gpgcheck=0,
#                   metadata_expire=0, gpgkey inside KEYRING; a second
#                   section, the same over REPO_DIR/previous
#   service         the qrexec service script parses, execs the installed
#                   airlock-receive, no @BINDIR@ left; /etc/qubes-rpc
#                   holds only the UpdateVM's airlock.Download, which
#                   execs the installed /usr/bin/airlock-download (never
#                   qubes.ReceiveUpdates, the reference receiver's)
#   units           the systemd units are exactly airlock-receive.socket
#                   and airlock-receive@.service in /usr/lib/systemd/system
#                   (no init script, /run path); the
#                   socket listens at /run/qubes-rpc/qubes.ReceiveUpdates,
#                   the service runs the installed airlock-qrexec-front, no
#                   @BINDIR@ left
#   installed-run   every installed program answers --help (exit 0)
#   sysusers        systemd-sysusers on the installed file (a root of its
#                   own) makes exactly USER and CHECK_USER of airlock.conf:
#                   system ids, home /, nologin, locked password
#   tmpfiles        systemd-tmpfiles --create on the installed file (as
#                   %post does) makes REPO_DIR 0755, STAGING_DIR 0711,
#                   STATE_DIR 0755, root's
#   rpm-erase       after a published repository and state are put in
#                   /var/lib/airlock: rpm -e --nodeps --noscripts both (the
#                   scratch root has no shell for %preun, checked above); the database is
#                   empty, no package path is left, nothing is left but
#                   /var/lib/airlock (state intact) and unowned parent
#                   directories
set -u
# shellcheck disable=SC1091 # sourced helpers (t_ok, t_fail)
. tests/lib.sh

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
scratch_home "$T"
unset XDG_CONFIG_HOME
RPMDIR=build/rpm
VERSION=$(cat VERSION)
R=$T/root
DB=/.rpmdb
LINT_CONF=packaging/rpmlint.toml
ARCH=$(rpm --eval '%{_arch}')
ISA=$(rpm --eval '%{?_isa}')
# Debian's rpm warns on every install unless told --force-debian.
FORCE=$(rpm --help 2>/dev/null | grep -q -e '--force-debian' && echo --force-debian)

# make_rpm ARGS...: make as typed at a shell (nothing inherited from a
# calling make), output in $T/make.log.
make_rpm() { shell_make "$T/make.log" "$@"; }

# ------------------------------------------------------------ the build
build() {
    if ! make_rpm rpm; then
        t_fail rpm-build "make rpm failed: $(tail -n 3 "$T/make.log" | tr '\n' ' ')"
        return 1
    fi
    DOM0=$RPMDIR/airlock-dom0-$VERSION-1.$ARCH.rpm
    UVM=$RPMDIR/airlock-updatevm-$VERSION-1.$ARCH.rpm
    _rpms=$(for _f in "$RPMDIR"/*.rpm; do [ ! -e "$_f" ] || printf '%s ' "${_f##*/}"; done)
    _want="$(basename "$DOM0") $(basename "$UVM") "
    _tar=$RPMDIR/SOURCES/airlock-$VERSION.tar.gz
    if [ "$_rpms" != "$_want" ]; then
        t_fail rpm-build "build/rpm/ holds '$_rpms', not '$_want'"
        return 1
    fi
    if ! tar -tzf "$_tar" >"$T/tar.list" 2>/dev/null; then
        t_fail rpm-build "no readable Source0 $_tar"
    elif ! grep -q -x "airlock-$VERSION/airlock.spec" "$T/tar.list" ||
        ! grep -q -x "airlock-$VERSION/VERSION" "$T/tar.list"; then
        t_fail rpm-build "Source0 lacks airlock.spec or VERSION"
    elif grep -q "^airlock-$VERSION/build/" "$T/tar.list"; then
        t_fail rpm-build "Source0 holds build/: $(grep -m 1 "/build/" "$T/tar.list")"
    else
        t_ok "rpm-build (${_rpms% }; Source0 $(wc -l <"$T/tar.list") files)"
    fi
}

fresh() {
    if make_rpm -q rpm SKIP_DEPS=1; then
        t_ok "rpm-fresh (make -q rpm: up to date)"
    else
        t_fail rpm-fresh "make -q rpm after make rpm: out of date"
    fi
}

qp() { rpm -qp "$@" 2>/dev/null; }

version() {
    _v=$(qp --qf '%{VERSION} %{PAYLOADCOMPRESSOR}\n' "$DOM0" "$UVM" | sort -u)
    _rel=$(qp --qf '%{RELEASE}' "$DOM0")
    _cl=$(qp --qf '%{CHANGELOGNAME}\n' "$DOM0" "$UVM" | sed 's/.* - //' | sort -u)
    if [ "$_v" != "$VERSION zstd" ]; then
        t_fail rpm-version "version and payload '$(echo "$_v" | tr '\n' ' ')', not '$VERSION zstd'"
    elif [ "$_cl" != "$VERSION-$_rel" ]; then
        t_fail rpm-version "newest %changelog entry for '$_cl', not $VERSION-$_rel: add one"
    else
        t_ok "rpm-version (both $VERSION-$_rel, newest %changelog entry too, zstd payload)"
    fi
}

lint() {
    rpmlint -c "$LINT_CONF" airlock.spec "$DOM0" "$UVM" >"$T/lint" 2>&1
    _rc=$?
    _errs=$(grep -c ': E: ' "$T/lint")
    _unlisted=""
    sed -n 's/.*: W: \([^ ]*\).*/\1/p' "$T/lint" | sort -u >"$T/warnings"
    while read -r _w; do
        grep -q -E "^#.*W: $_w( |,|$)" airlock.spec || _unlisted="$_unlisted $_w"
    done <"$T/warnings"
    _sum=$(sed -n 's/.*checked; \([0-9]* errors, [0-9]* warnings\).*/\1/p' "$T/lint")
    if ! grep -q -E '2 packages and 1 specfiles checked' "$T/lint"; then
        t_fail rpmlint "did not check 2 packages and the spec: $(tail -n 2 "$T/lint" | tr '\n' ' ')"
    elif [ "$_rc" -ne 0 ] || [ "$_errs" -ne 0 ]; then
        t_fail rpmlint "exit $_rc, $_errs errors: $(grep -m 3 ': E: ' "$T/lint" | tr '\n' ' ')"
    elif [ -n "$_unlisted" ]; then
        t_fail rpmlint "warnings not listed in airlock.spec:$_unlisted"
    else
        t_ok "rpmlint ($_sum; every warning listed in the spec)"
    fi
}

requires() {
    qp -R "$DOM0" | sed 's/ .*//' | sort -u >"$T/req.dom0"
    qp -R "$UVM" | sed 's/ .*//' | sort -u >"$T/req.uvm"
    _miss=""
    for _r in "isa-l$ISA" "libseccomp$ISA" "rpm-libs$ISA" "libgcrypt$ISA" \
        createrepo_c dnf systemd util-linux procps-ng coreutils findutils gawk sed; do
        grep -q -x -F "$_r" "$T/req.dom0" || _miss="$_miss dom0:$_r"
    done
    grep -q -x -F "isa-l$ISA" "$T/req.uvm" || _miss="$_miss updatevm:isa-l$ISA"
    # Debian names that must not leak into a Fedora package.
    _deb=$(cat "$T/req.dom0" "$T/req.uvm" | grep -E '^(libisal2|libseccomp2|libgcrypt20|librpm9|createrepo-c|procps)$')
    if [ -n "$_miss" ]; then
        t_fail rpm-requires "missing:$_miss"
    elif [ -n "$_deb" ]; then
        t_fail rpm-requires "Debian package names: $(echo "$_deb" | tr '\n' ' ')"
    else
        t_ok "rpm-requires (dom0: $(wc -l <"$T/req.dom0") requirements, updatevm: $(wc -l <"$T/req.uvm"))"
    fi
}

config() {
    _c=$(qp --qf '[%{FILEFLAGS:fflags}|%{FILENAMES}\n]' "$DOM0" "$UVM" | grep '^[^|]*c' | sort)
    _want="cn|/etc/airlock/airlock.conf
cn|/etc/airlock/update.conf
cn|/etc/qubes/policy.d/30-airlock.policy
cn|/etc/yum.real.repos.d/airlock.repo"
    if [ "$_c" = "$_want" ]; then
        t_ok "rpm-config (the four %config(noreplace) files)"
    else
        t_fail rpm-config "config files: $(echo "$_c" | tr '\n' ' ')"
    fi
}

scripts() {
    _d=$(qp --qf '%{PREIN}|%{POSTUN}|%{PRETRANS}|%{POSTTRANS}\n' "$DOM0")
    _preun=$(qp --qf '%{PREUN}\n' "$DOM0")
    _u=$(qp --scripts "$UVM")
    _post=$(qp --qf '%{POSTIN}\n' "$DOM0")
    if [ "$_d" != "(none)|(none)|(none)|(none)" ]; then
        t_fail rpm-scripts "airlock-dom0 has scriptlets besides %post and %preun: $_d"
    elif ! echo "$_preun" | grep -q '^if \[ "\$1" -eq 0 \]' ||
        ! echo "$_preun" | grep -q 'systemctl --no-reload disable --now airlock-receive.socket'; then
        t_fail rpm-scripts "airlock-dom0's %preun: $(echo "$_preun" | grep -v '^#' | tr '\n' '|')"
    elif ! echo "$_post" | grep -q -x 'systemd-sysusers /usr/lib/sysusers.d/airlock.conf || :' ||
        ! echo "$_post" | grep -q -x 'systemd-tmpfiles --create /usr/lib/tmpfiles.d/airlock.conf || :'; then
        t_fail rpm-scripts "airlock-dom0's %post: $(echo "$_post" | grep -v '^#' | tr '\n' '|')"
    elif echo "$_post" | grep -q systemctl; then
        t_fail rpm-scripts "airlock-dom0's %post runs systemctl"
    elif [ -n "$_u" ]; then
        t_fail rpm-scripts "airlock-updatevm has scriptlets: $(echo "$_u" | head -n 1)"
    else
        t_ok "rpm-scripts (dom0: %post sysusers + tmpfiles, %preun disables the socket on erase; updatevm: none)"
    fi
}

# ------------------------------------------------------------ installed
# PACKAGE MODE TYPE PATH: what each package holds (but the build-id
# links), d directory, f regular file. The man pages are gzipped by
# brp-compress (packaging/rpm.mk runs it with bash on Debian).
expected() {
    cat <<'EOF'
dom0 755 d /etc/airlock
dom0 644 f /etc/airlock/airlock.conf
dom0 644 f /etc/airlock/update.conf
dom0 755 f /usr/bin/airlock-update
dom0 755 d /etc/airlock/keys
dom0 644 f /etc/qubes/policy.d/30-airlock.policy
dom0 644 f /etc/yum.real.repos.d/airlock.repo
dom0 644 f /usr/lib/systemd/system/airlock-receive.socket
dom0 644 f /usr/lib/systemd/system/airlock-receive@.service
dom0 644 f /usr/lib/sysusers.d/airlock.conf
dom0 644 f /usr/lib/tmpfiles.d/airlock.conf
dom0 755 d /usr/libexec/airlock
dom0 755 f /usr/libexec/airlock/airlock-qrexec-front
dom0 755 f /usr/libexec/airlock/airlock-receive
dom0 755 f /usr/libexec/airlock/airlock-result
dom0 755 f /usr/libexec/airlock/airlock-sigcheck
dom0 755 f /usr/libexec/airlock/airlock-unpack
dom0 755 f /usr/libexec/airlock/qubes.ReceiveUpdates
dom0 644 f /usr/share/man/man1/airlock-sigcheck.1.gz
dom0 644 f /usr/share/man/man1/airlock-unpack.1.gz
dom0 644 f /usr/share/man/man5/airlock.conf.5.gz
dom0 644 f /usr/share/man/man8/airlock-receive.8.gz
dom0 644 f /usr/share/man/man8/airlock-update.8.gz
dom0 755 d /usr/share/doc/airlock-dom0
dom0 644 f /usr/share/doc/airlock-dom0/README.md
dom0 755 d /usr/share/licenses/airlock-dom0
dom0 644 f /usr/share/licenses/airlock-dom0/LICENSE
dom0 755 d /var/lib/airlock
updatevm 755 f /etc/qubes-rpc/airlock.Download
updatevm 755 f /usr/bin/airlock-download
updatevm 755 f /usr/bin/airlock-send
updatevm 644 f /usr/share/man/man1/airlock-send.1.gz
updatevm 644 f /usr/share/man/man8/airlock-download.8.gz
updatevm 755 d /usr/share/doc/airlock-updatevm
updatevm 644 f /usr/share/doc/airlock-updatevm/README.md
updatevm 755 d /usr/share/licenses/airlock-updatevm
updatevm 644 f /usr/share/licenses/airlock-updatevm/LICENSE
EOF
}
BUILD_ID='^/usr/lib/\.build-id(/[0-9a-f]{2}(/[0-9a-f]+)?)?$'
PROGS='/usr/libexec/airlock/airlock-unpack /usr/libexec/airlock/airlock-sigcheck
       /usr/libexec/airlock/airlock-result /usr/libexec/airlock/airlock-qrexec-front
       /usr/bin/airlock-send'

# conf KEY: KEY's value in the installed airlock.conf.
conf() { sed -n "s/^$1=//p" "$R/etc/airlock/airlock.conf"; }

install_both() {
    mkdir -p "$R"
    if ! rpm --root "$R" --dbpath "$DB" --initdb >"$T/inst.log" 2>&1 ||
        ! rpm -i ${FORCE:+"$FORCE"} --root "$R" --dbpath "$DB" --nodeps --noscripts "$DOM0" "$UVM" >>"$T/inst.log" 2>&1; then
        t_fail rpm-install "rpm -i failed: $(tail -n 3 "$T/inst.log" | tr '\n' ' ')"
        return 1
    fi
    _q=$(rpm -qa --root "$R" --dbpath "$DB" --qf '%{NAME}\n' 2>/dev/null | sort | tr '\n' ' ')
    if [ "$_q" != "airlock-dom0 airlock-updatevm " ]; then
        t_fail rpm-install "the database lists '$_q'"
        return 1
    fi
    if [ -s "$T/inst.log" ]; then
        t_fail rpm-install "rpm -i said: $(head -n 2 "$T/inst.log" | tr '\n' ' ')"
    else
        t_ok "rpm-install (both, into a scratch root, database in the root's $DB)"
    fi
}

files_exact() {
    _bad=""
    for _p in dom0 updatevm; do
        if [ "$_p" = dom0 ]; then _f=$DOM0; else _f=$UVM; fi
        qp -l "$_f" | grep -v -E "$BUILD_ID" >"$T/list.$_p"
        expected | awk -v p="$_p" '$1 == p { print $4 }' | sort >"$T/want.$_p"
        if ! cmp -s "$T/list.$_p" "$T/want.$_p"; then
            _bad="$_bad airlock-$_p holds $(diff "$T/want.$_p" "$T/list.$_p" | grep '^[<>]' | tr '\n' ' ')"
        fi
    done
    # What R holds (but the database): expected paths with their type,
    # build-id links to the programs, and parents of those only.
    expected | awk '{ print $4 }' >"$T/all"
    (cd "$R" && find . -path "./${DB#/}" -prune -o -print) | sed 's|^\.||; /^$/d' | sort >"$T/tree"
    while read -r _path; do
        if grep -q -x -F "$_path" "$T/all"; then
            _type=$(expected | awk -v q="$_path" '$4 == q { print $3 }')
            if [ "$_type" = d ] && { [ ! -d "$R$_path" ] || [ -L "$R$_path" ]; }; then
                _bad="$_bad $_path-not-a-directory"
            elif [ "$_type" = f ] && { [ ! -f "$R$_path" ] || [ -L "$R$_path" ]; }; then
                _bad="$_bad $_path-not-a-regular-file"
            fi
        elif echo "$_path" | grep -q -E "$BUILD_ID"; then
            if [ -L "$R$_path" ]; then
                _to=$(readlink "$R$_path" | sed 's|^\(\.\./\)*|/|')
                echo "$PROGS" | tr ' ' '\n' | grep -q -x -F "$_to" || _bad="$_bad $_path->$_to"
            elif [ ! -d "$R$_path" ]; then
                _bad="$_bad $_path"
            fi
        elif [ -d "$R$_path" ] && [ ! -L "$R$_path" ] && grep -q "^$_path/" "$T/all"; then
            :
        else
            _bad="$_bad unexpected:$_path"
        fi
    done <"$T/tree"
    while read -r _path; do
        grep -q -x -F "$_path" "$T/tree" || _bad="$_bad missing:$_path"
    done <"$T/all"
    if [ -n "$_bad" ]; then
        t_fail files-exact "$_bad"
    else
        t_ok "files-exact ($(wc -l <"$T/list.dom0") + $(wc -l <"$T/list.updatevm") files, as the spec lists them)"
    fi
}

owners_modes() {
    _bad=""
    _out=$(expected | while read -r _p _mode _type _path; do
        _got=$(stat -c '%a %U:%G' "$R$_path" 2>/dev/null)
        [ "$_got" = "$_mode root:root" ] || printf ' %s:%s' "$_path" "${_got:-absent}"
    done)
    _other=$(find "$R" \! -user 0 -o \! -group 0 2>/dev/null | head -n 3)
    if [ -n "$_out" ]; then
        t_fail owners-modes "not as expected (want MODE root:root):$_out"
    elif [ -n "$_other" ]; then
        t_fail owners-modes "not root's: $_other"
    else
        t_ok "owners-modes (all root:root; programs 755, files 644, directories 755)"
    fi
}

no_setid() {
    _s=$(find "$R" -perm /6000 2>/dev/null | head -n 3)
    _w=$(find "$R" -perm -0002 \! -type l 2>/dev/null | head -n 3)
    _e=$(find "$R/etc" \! -type d \( -perm /0022 -o -perm /0111 \) \! -path "$R/etc/qubes-rpc/airlock.Download" \
        2>/dev/null | head -n 3)
    _ed=$(find "$R/etc" -type d -perm /0022 2>/dev/null | head -n 3)
    if [ -n "$_s" ]; then
        t_fail no-setid "setuid/setgid: $_s"
    elif [ -n "$_w" ]; then
        t_fail no-setid "world-writable: $_w"
    elif [ -n "$_e$_ed" ]; then
        t_fail no-setid "in /etc, group/world-writable or executable: $_e $_ed"
    else
        t_ok "no-setid (nothing setuid, setgid or world-writable; /etc files 644)"
    fi
}

path_clean() {
    _bad=""
    for _h in "$R"/usr/libexec/airlock/*; do
        _n=$(basename "$_h")
        for _d in /usr/bin /usr/sbin /bin /sbin /usr/local/bin /usr/local/sbin; do
            [ ! -e "$R$_d/$_n" ] || _bad="$_bad $_d/$_n"
        done
    done
    _inpath=$(cat "$T/list.dom0" "$T/list.updatevm" | grep -E '^(/usr)?(/local)?/s?bin/' | tr '\n' ' ')
    if [ -n "$_bad" ]; then
        t_fail path-clean "helpers in PATH:$_bad"
    elif [ "$_inpath" != "/usr/bin/airlock-update /usr/bin/airlock-download /usr/bin/airlock-send " ]; then
        t_fail path-clean "files in PATH directories: '$_inpath', not only airlock-update, -download, -send"
    else
        t_ok "path-clean (helpers only in /usr/libexec/airlock; in PATH only /usr/bin/airlock-update, -download, -send)"
    fi
}

policy() {
    _f=$R/etc/qubes/policy.d/30-airlock.policy
    _vm=$(conf UPDATEVM)
    _rules=$(grep -v -E '^[[:space:]]*(#|$)' "$_f" 2>/dev/null | tr -s ' \t' '  ')
    _want="qubes.ReceiveUpdates * $_vm dom0 allow
qubes.ReceiveUpdates * @anyvm dom0 deny"
    if [ -z "$_vm" ]; then
        t_fail policy "no UPDATEVM in the installed airlock.conf"
    elif [ "$_rules" != "$_want" ]; then
        t_fail policy "rules '$(echo "$_rules" | tr '\n' '|')', not '$(echo "$_want" | tr '\n' '|')'"
    else
        t_ok "policy (allow $_vm, the configured UPDATEVM, then deny @anyvm)"
    fi
}

repo_file() {
    _f=$R/etc/yum.real.repos.d/airlock.repo
    _bad=""
    for _kv in "baseurl=file://$(conf REPO_DIR)/current" "baseurl=file://$(conf REPO_DIR)/previous"; do
        [ "$(grep -c -x -F "$_kv" "$_f" 2>/dev/null)" = 1 ] || _bad="$_bad $_kv"
    done
    for _kv in gpgcheck=1 repo_gpgcheck=0 metadata_expire=0; do
        [ "$(grep -c -x -F "$_kv" "$_f" 2>/dev/null)" = 2 ] || _bad="$_bad $_kv-in-both"
    done
    for _keys in $(sed -n 's|^gpgkey=file://||p' "$_f" 2>/dev/null); do
        case $_keys in
            "$(conf KEYRING)"/?*) ;;
            *) _bad="$_bad gpgkey-in-$(conf KEYRING)(is:$_keys)" ;;
        esac
    done
    [ "$(grep -c '^\[' "$_f" 2>/dev/null)" = 2 ] || _bad="$_bad two-sections"
    if [ -n "$_bad" ]; then
        t_fail repo-file "not as expected:$_bad"
    else
        t_ok "repo-file (baseurl $(conf REPO_DIR)/current, gpgcheck=1, repo_gpgcheck=0, metadata_expire=0)"
    fi
}

service() {
    _f=$R/usr/libexec/airlock/qubes.ReceiveUpdates
    _exec=$(grep -E '^[[:space:]]*exec ' "$_f" 2>/dev/null)
    if ! sh -n "$_f" 2>/dev/null || [ "$(head -n 1 "$_f")" != "#!/bin/sh" ]; then
        t_fail service "$_f is no /bin/sh script that parses"
    elif grep -q '@BINDIR@' "$_f"; then
        t_fail service "@BINDIR@ left in $_f"
    elif [ "$_exec" != "exec /usr/libexec/airlock/airlock-receive" ] ||
        [ ! -x "$R/usr/libexec/airlock/airlock-receive" ]; then
        t_fail service "runs '$_exec', not the installed /usr/libexec/airlock/airlock-receive"
    elif [ "$(ls -A "$R/etc/qubes-rpc" 2>/dev/null)" != airlock.Download ] ||
        [ "$(grep -E '^[[:space:]]*exec ' "$R/etc/qubes-rpc/airlock.Download")" != "exec /usr/bin/airlock-download" ] ||
        ! sh -n "$R/etc/qubes-rpc/airlock.Download" || [ ! -x "$R/usr/bin/airlock-download" ]; then
        t_fail service "/etc/qubes-rpc holds '$(ls -A "$R/etc/qubes-rpc" 2>/dev/null | tr '\n' ' ')', not only airlock.Download running the installed airlock-download"
    else
        t_ok "service (execs /usr/libexec/airlock/airlock-receive; /etc/qubes-rpc: only airlock.Download, execs /usr/bin/airlock-download)"
    fi
}

units() {
    _u=$(qp -l "$DOM0" "$UVM" | grep -E '^/(usr/)?lib/systemd/|^/etc/systemd/|^/etc/(rc\.d/)?init\.d/|^/run/|^/var/run/|\.(service|socket|timer|path)$' | tr '\n' ' ')
    _sd=$R/usr/lib/systemd/system
    if [ "$_u" != "/usr/lib/systemd/system/airlock-receive.socket /usr/lib/systemd/system/airlock-receive@.service " ]; then
        t_fail units "unit and init paths: $_u"
    elif ! grep -q -x 'ListenStream=/run/qubes-rpc/qubes.ReceiveUpdates' "$_sd/airlock-receive.socket" ||
        ! grep -q -x 'ExecStart=/usr/libexec/airlock/airlock-qrexec-front' "$_sd/airlock-receive@.service" ||
        grep -q '@BINDIR@' "$_sd/airlock-receive@.service"; then
        t_fail units "the installed units do not name the socket path and the installed front"
    else
        t_ok "units (airlock-receive.socket at /run/qubes-rpc/qubes.ReceiveUpdates, airlock-receive@.service runs /usr/libexec/airlock/airlock-qrexec-front; no init script)"
    fi
}

installed_run() {
    _bad=""
    for _p in $PROGS /usr/libexec/airlock/airlock-receive; do
        if ! "$R$_p" --help >"$T/help" 2>&1 || ! grep -q -i '^usage' "$T/help"; then
            _bad="$_bad $_p"
        fi
    done
    if [ -n "$_bad" ]; then
        t_fail installed-run "--help failed:$_bad"
    else
        t_ok "installed-run (the six installed programs answer --help)"
    fi
}

sysusers() {
    if ! command -v systemd-sysusers >/dev/null; then
        t_ok "sysusers # SKIP no systemd-sysusers"
        return
    fi
    _s=$T/users
    mkdir -p "$_s/etc" "$_s/usr/lib/sysusers.d"
    cp "$R/usr/lib/sysusers.d/airlock.conf" "$_s/usr/lib/sysusers.d/"
    if ! systemd-sysusers --root="$_s" "$_s/usr/lib/sysusers.d/airlock.conf" >"$T/su.log" 2>&1; then
        t_fail sysusers "systemd-sysusers failed: $(head -n 2 "$T/su.log" | tr '\n' ' ')"
        return
    fi
    _bad=""
    _names=$(cut -d: -f1 "$_s/etc/passwd" | sort | tr '\n' ' ')
    _want=$(printf '%s\n%s\n' "$(conf USER)" "$(conf CHECK_USER)" | sort | tr '\n' ' ')
    [ "$_names" = "$_want" ] || _bad="$_bad users '$_names', not USER and CHECK_USER '$_want'"
    while IFS=: read -r _n _x _uid _gid _gecos _home _shell; do
        if [ "$_uid" -ge 1000 ] || [ "$_uid" -eq 0 ]; then _bad="$_bad $_n:uid=$_uid"; fi
        [ "$_home" = / ] || _bad="$_bad $_n:home=$_home"
        case $_shell in */nologin) ;; *) _bad="$_bad $_n:shell=$_shell" ;; esac
        _pw=$(awk -F: -v n="$_n" '$1 == n { print $2 }' "$_s/etc/shadow")
        case $_pw in '!'*) ;; *) _bad="$_bad $_n:password-not-locked" ;; esac
    done <"$_s/etc/passwd"
    if [ -n "$_bad" ]; then
        t_fail sysusers "$_bad"
    else
        t_ok "sysusers (${_names% }: system users, home /, nologin, locked)"
    fi
}

tmpfiles() {
    if ! command -v systemd-tmpfiles >/dev/null; then
        t_ok "tmpfiles # SKIP no systemd-tmpfiles"
        return
    fi
    if ! systemd-tmpfiles --root="$R" --create "$R/usr/lib/tmpfiles.d/airlock.conf" >"$T/tf.log" 2>&1; then
        t_fail tmpfiles "systemd-tmpfiles failed: $(head -n 2 "$T/tf.log" | tr '\n' ' ')"
        return
    fi
    _got=$(for _k in REPO_DIR STAGING_DIR STATE_DIR; do
        _d=$(conf "$_k")
        printf '%s=%s ' "$_k" "$(stat -c '%a %U:%G %F' "$R$_d" 2>/dev/null | tr ' ' ,)"
    done)
    _want="REPO_DIR=755,root:root,directory STAGING_DIR=711,root:root,directory STATE_DIR=755,root:root,directory "
    if [ "$_got" != "$_want" ]; then
        t_fail tmpfiles "made $_got"
    else
        t_ok "tmpfiles (REPO_DIR 755, STAGING_DIR 711, STATE_DIR 755, root's, as %post makes them)"
    fi
}

erase() {
    # What a receive leaves: a generation, the current link, state files.
    _repo=$R$(conf REPO_DIR)
    _state=$R$(conf STATE_DIR)
    mkdir -p "$_repo/1" "$_state" "$R$(conf STAGING_DIR)"
    echo pkg >"$_repo/1/x-1-1.noarch.rpm"
    ln -s 1 "$_repo/current"
    echo '{}' >"$_state/status.json"
    : >"$_state/lock"
    find "$R/var/lib/airlock" -exec stat -c '%n %a %s %Y' {} + | sort >"$T/state.before"
    if ! rpm -e ${FORCE:+"$FORCE"} --root "$R" --dbpath "$DB" --nodeps --noscripts airlock-dom0 airlock-updatevm \
        >"$T/erase.log" 2>&1; then
        t_fail rpm-erase "rpm -e failed: $(tail -n 2 "$T/erase.log" | tr '\n' ' ')"
        return
    fi
    _bad=""
    [ ! -s "$T/erase.log" ] || _bad="$_bad rpm-said:$(head -n 2 "$T/erase.log" | tr '\n' ' ')"
    _q=$(rpm -qa --root "$R" --dbpath "$DB" 2>/dev/null)
    [ -z "$_q" ] || _bad="$_bad still-installed:$(echo "$_q" | tr '\n' ,)"
    find "$R/var/lib/airlock" -exec stat -c '%n %a %s %Y' {} + 2>/dev/null | sort >"$T/state.after"
    cmp -s "$T/state.before" "$T/state.after" || _bad="$_bad state-changed"
    if [ "$(readlink "$_repo/current")" != 1 ] || [ ! -f "$_repo/1/x-1-1.noarch.rpm" ]; then
        _bad="$_bad repository-lost"
    fi
    # Left: /var/lib/airlock's tree, and directories that are parents of
    # packaged paths and not themselves packaged.
    expected | awk '{ print $4 }' >"$T/all"
    (cd "$R" && find . -path "./${DB#/}" -prune -o -print) | sed 's|^\.||; /^$/d' >"$T/left"
    while read -r _path; do
        case $_path in /var/lib/airlock | /var/lib/airlock/*) continue ;; esac
        if grep -q -x -F "$_path" "$T/all"; then
            _bad="$_bad left:$_path"
        elif [ -d "$R$_path" ] && [ ! -L "$R$_path" ] && grep -q "^$_path/" "$T/all"; then
            :
        else
            _bad="$_bad left:$_path"
        fi
    done <"$T/left"
    if [ -n "$_bad" ]; then
        t_fail rpm-erase "$_bad"
    else
        t_ok "rpm-erase (database empty; only /var/lib/airlock left, its repository and state intact, and $(grep -c -v '^/var/lib/airlock' "$T/left") unowned parent directories)"
    fi
}

build || exit 1
fresh
version
lint
requires
config
scripts
if [ "$(id -u)" -ne 0 ]; then
    for _t in rpm-install files-exact owners-modes no-setid path-clean policy repo-file \
        service units installed-run sysusers tmpfiles rpm-erase; do
        t_ok "$_t # SKIP needs root (rpm --root chroots)"
    done
    exit 0
fi
install_both || exit 1
files_exact
owners_modes
no_setid
path_clean
policy
repo_file
service
units
installed_run
sysusers
tmpfiles
erase

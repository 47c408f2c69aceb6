# Binary RPMs (issue 14): `make rpm` builds airlock-dom0 and
# airlock-updatevm from airlock.spec with rpmbuild (Debian's rpm package),
# in a private _topdir, build/rpm/, and leaves them there:
#   build/rpm/airlock-dom0-VERSION-RELEASE.ARCH.rpm
#   build/rpm/airlock-updatevm-VERSION-RELEASE.ARCH.rpm
# Source0 is a tarball of the working tree, not of a commit: the files git
# tracks or would track (.gitignore honoured) of what the build needs (the
# Makefile, its fragments, src/, spec/, man/, the spec, VERSION, LICENSE,
# README.md). Nothing is rebuilt while none of them changed.
# --nodeps: Debian's rpm database knows none of the Fedora BuildRequires
# (the Debian packages are installed by the package step: DEPS_rpm).
# The inner make (the spec's %build) starts clean of this make's flags.
# Debian's brp-compress (which gzips the man pages, as on Fedora) is a
# bash script that starts with #!/bin/sh, so under dash it fails quietly
# and leaves the pages uncompressed: it is run with bash here.
# Tests: tests/suites/70-rpm.sh.

RPM_TOP := $(CURDIR)/$(BUILD)/rpm
RPM_PATHS := Makefile VERSION airlock.spec LICENSE README.md packaging src spec \
             tests/tests.mk man

.PHONY: rpm
rpm: $(RPM_TOP)/.built

# The file list (a git call) only when an RPM is asked for.
ifneq ($(filter rpm $(RPM_TOP)/%,$(MAKECMDGOALS)),)
RPM_FILES := $(sort $(wildcard $(shell \
    git ls-files --cached --others --exclude-standard -- $(RPM_PATHS) 2>/dev/null || \
    find $(RPM_PATHS) -type f)))
endif

$(RPM_TOP)/.built: $(RPM_FILES)
	rm -rf $(RPM_TOP)
	mkdir -p $(RPM_TOP)/SOURCES
	tar --create --gzip --sort=name --owner=0 --group=0 --numeric-owner \
	    --transform 's,^,airlock-$(AIRLOCK_VERSION)/,' \
	    --file $(RPM_TOP)/SOURCES/airlock-$(AIRLOCK_VERSION).tar.gz $(RPM_FILES)
	cp VERSION $(RPM_TOP)/SOURCES/VERSION
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    rpmbuild -bb --nodeps --define '_topdir $(RPM_TOP)' --define '_rpmdir $(RPM_TOP)' \
	    --define '_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm' \
	    --define '__brp_compress bash %{_rpmconfigdir}/brp-compress %{?_prefix}' airlock.spec
	touch $@

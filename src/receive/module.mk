# airlock-receive (issue 5): the dom0 driver (POSIX sh), its result helper
# (C, on the proven core's result codec), install, demo and the receive
# benchmark.
#
#   make install [DESTDIR=] [PREFIX=/usr/local] [SYSCONFDIR=/etc]
#       programs into PREFIX/bin; the qrexec service
#       SYSCONFDIR/qubes-rpc/qubes.ReceiveUpdates; the dnf repo file
#       SYSCONFDIR/yum.repos.d/airlock.repo; SYSCONFDIR/airlock/airlock.conf
#       (never overwritten: a changed default goes to airlock.conf.new) and
#       the keyring directory SYSCONFDIR/airlock/keys. Manual: each
#       program's --help.
#   make demo            tests/demo.sh (the runtime packages installed first)
#   make bench-receive   tests/bench/receive.sh (part of `make bench`)

PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc

PROGRAMS += $(BUILD)/airlock-receive $(BUILD)/airlock-result

# The version is filled in from VERSION (the one place it is written).
$(BUILD)/airlock-receive: src/receive/airlock-receive VERSION | $(BUILD)
	sed 's/@AIRLOCK_VERSION@/$(AIRLOCK_VERSION)/' $< >$@.tmp
	chmod 0755 $@.tmp
	mv $@.tmp $@

$(BUILD)/receive/result.o: src/receive/result.c $(wildcard src/core/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Ispec -c $< -o $@

$(BUILD)/airlock-result: $(BUILD)/receive/result.o $(CORE_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ -o $@

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(SYSCONFDIR)/qubes-rpc \
		$(DESTDIR)$(SYSCONFDIR)/yum.repos.d $(DESTDIR)$(SYSCONFDIR)/airlock
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/airlock/keys
	install -m 0755 $(PROGRAMS) $(DESTDIR)$(PREFIX)/bin/
	sed 's|@BINDIR@|$(PREFIX)/bin|g' src/receive/qubes.ReceiveUpdates \
		>$(DESTDIR)$(SYSCONFDIR)/qubes-rpc/qubes.ReceiveUpdates
	chmod 0755 $(DESTDIR)$(SYSCONFDIR)/qubes-rpc/qubes.ReceiveUpdates
	install -m 0644 src/receive/airlock.repo $(DESTDIR)$(SYSCONFDIR)/yum.repos.d/airlock.repo
	if [ -e $(DESTDIR)$(SYSCONFDIR)/airlock/airlock.conf ]; then \
		install -m 0644 src/receive/airlock.conf $(DESTDIR)$(SYSCONFDIR)/airlock/airlock.conf.new; \
	else \
		install -m 0644 src/receive/airlock.conf $(DESTDIR)$(SYSCONFDIR)/airlock/airlock.conf; \
	fi

# The Makefile runs `tests/deps.sh runtime` before this make is even read.
demo: all
	@sh tests/demo.sh

.PHONY: bench-receive
bench-receive: all
	sh tests/bench/receive.sh

bench: bench-receive

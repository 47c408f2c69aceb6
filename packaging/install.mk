# make install [DESTDIR=] [PREFIX=/usr/local] and make uninstall (issue
# 14): the layout of the RPMs (airlock.spec), PREFIX in place of /usr,
# everything under DESTDIR. packaging/install.sh does the work and says
# what it promises: it never writes through a symbolic link or a file it
# does not own, keeps changed configuration (%config(noreplace)), and
# records a manifest, PREFIX/share/airlock/install-manifest, from which
# uninstall removes exactly what it installed (leaving changed
# configuration and /var/lib/airlock). `make uninstall` takes the same
# DESTDIR and PREFIX. Tests: tests/suites/71-install.sh.

PREFIX ?= /usr/local

.PHONY: install uninstall
install: all
	sh packaging/install.sh install '$(DESTDIR)' '$(PREFIX)' '$(BUILD)'

uninstall:
	sh packaging/install.sh uninstall '$(DESTDIR)' '$(PREFIX)'

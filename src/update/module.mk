# airlock-update (dom0) and airlock-download (UpdateVM), issue 15: POSIX
# sh, the version filled in from VERSION. The demo (tests/demo.sh) is the
# whole update through them; tests in tests/suites/55-update.sh; the
# qrexec stand-ins for the tests in tests/qrexec-sim/.
#
#   make bench-update   tests/bench/update.sh (part of `make bench`)

PROGRAMS += $(BUILD)/airlock-update $(BUILD)/airlock-download

$(BUILD)/airlock-update $(BUILD)/airlock-download: $(BUILD)/%: src/update/% VERSION | $(BUILD)
	sed 's/@AIRLOCK_VERSION@/$(AIRLOCK_VERSION)/' $< >$@.tmp
	chmod 0755 $@.tmp
	mv $@.tmp $@

.PHONY: bench-update
bench-update: all
	sh tests/bench/update.sh

bench: bench-update

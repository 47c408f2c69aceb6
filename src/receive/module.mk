# airlock-receive (issue 5): the dom0 driver (POSIX sh), its result helper
# (C, on the proven core's result codec), the qrexec socket front (C,
# issue 12: descriptor.c parses qrexec's service descriptor, front.c
# checks the caller and runs the driver), its systemd units, demo and the
# receive benchmark.
# `make install` is packaging/install.mk's.
#
#   make demo            tests/demo.sh (the runtime packages installed first)
#   make bench-receive   tests/bench/receive.sh (part of `make bench`)

PROGRAMS += $(BUILD)/airlock-receive $(BUILD)/airlock-result $(BUILD)/airlock-qrexec-front

# The version is filled in from VERSION (the one place it is written).
$(BUILD)/airlock-receive: src/receive/airlock-receive VERSION | $(BUILD)
	sed 's/@AIRLOCK_VERSION@/$(AIRLOCK_VERSION)/' $< >$@.tmp
	chmod 0755 $@.tmp
	mv $@.tmp $@

$(BUILD)/receive/result.o: src/receive/result.c $(wildcard src/core/*.h) $(wildcard src/os/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Ispec -Isrc/os -c $< -o $@

$(BUILD)/airlock-result: $(BUILD)/receive/result.o $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ -o $@

$(BUILD)/receive/descriptor.o: src/receive/descriptor.c src/receive/descriptor.h | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Wconversion -Wsign-conversion -c $< -o $@

$(BUILD)/receive/front.o: src/receive/front.c src/receive/descriptor.h $(wildcard src/core/*.h) $(wildcard src/os/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Ispec -Isrc/os -c $< -o $@

$(BUILD)/airlock-qrexec-front: $(BUILD)/receive/front.o $(BUILD)/receive/descriptor.o $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ -o $@

# The Makefile runs `tests/deps.sh runtime` before this make is even read.
demo: all
	@sh tests/demo.sh

.PHONY: bench-receive
bench-receive: all
	sh tests/bench/receive.sh

bench: bench-receive

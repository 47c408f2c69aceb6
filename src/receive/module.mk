# airlock-receive (issues 5, 12): the dom0 supervisor (C), its result helper
# (C, on the proven core's result codec), the qrexec socket front (C,
# issue 12: descriptor.c parses qrexec's service descriptor, front.c
# checks the caller and runs the driver), its systemd units, demo and the
# receive benchmark.
# `make install` is packaging/install.mk's.
#
#   make demo            tests/demo.sh (the runtime packages installed first)
#   make bench-receive   tests/bench/receive.sh (part of `make bench`)

PROGRAMS += $(BUILD)/airlock-receive $(BUILD)/airlock-result $(BUILD)/airlock-qrexec-front

# The supervisor: every src/receive/*.c but the result helper and the
# socket front's two files.
SUP_SRCS := $(filter-out src/receive/result.c src/receive/front.c src/receive/descriptor.c,\
              $(wildcard src/receive/*.c))
SUP_OBJS := $(patsubst src/receive/%.c,$(BUILD)/receive/%.o,$(SUP_SRCS))

$(SUP_OBJS): $(BUILD)/receive/%.o: src/receive/%.c $(wildcard src/receive/*.h) \
             $(wildcard src/core/*.h) $(wildcard src/os/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Ispec -Isrc/os -c $< -o $@

# createrepo_c's seccomp filter (crconf.c).
SUP_LIBS := $(shell pkg-config --libs libseccomp)

$(BUILD)/airlock-receive: $(SUP_OBJS) $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(SUP_LIBS) -o $@

$(BUILD)/receive/result.o: src/receive/result.c $(wildcard src/core/*.h) $(wildcard src/os/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Ispec -Isrc/os -c $< -o $@

$(BUILD)/airlock-result: $(BUILD)/receive/result.o $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ -o $@

$(BUILD)/receive/descriptor.o: src/receive/descriptor.c src/receive/descriptor.h | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Wconversion -Wsign-conversion -c $< -o $@

$(BUILD)/receive/front.o: src/receive/front.c src/receive/descriptor.h src/receive/args.h $(wildcard src/core/*.h) $(wildcard src/os/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Ispec -Isrc/os -c $< -o $@

$(BUILD)/airlock-qrexec-front: $(BUILD)/receive/front.o $(BUILD)/receive/descriptor.o $(BUILD)/receive/args.o $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ -o $@

# The Makefile runs `tests/deps.sh runtime` before this make is even read.
demo: all
	@sh tests/demo.sh

.PHONY: bench-receive
bench-receive: all
	sh tests/bench/receive.sh

bench: bench-receive

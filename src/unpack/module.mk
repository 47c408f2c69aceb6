# airlock-unpack (issue 3): receives a qfile stream into a directory.
# Built from src/unpack/*.c on top of the proven core ($(CORE_LIB)), with
# libseccomp and ISA-L (crc32_gzip_refl: zlib's CRC-32, with PCLMUL); the --vchan transport (vchan.c) when pkg-config finds
# xenvchan (libxen-dev), else vchan_none.c. Objects under build/unpack/.
#
# Test-only programs (TEST_BINS, built by `make test-bins`):
#   build/test/airlock-unpack-seccomp-probe  airlock-unpack with the probe
#       hook of probe.h (a forbidden call after the filter is installed)
#   build/test/airlock-mkstream  crafted-stream generator, CRC, result dump
#   build/test/airlock-feed      feeds a stream to a command in N-byte writes
#   build/test/airlock-pipe2     connects two commands both ways (as qrexec)
# `make bench-unpack` (part of `make bench`) runs tests/bench/unpack.sh.

UNPACK_HAVE_VCHAN := $(shell pkg-config --exists xenvchan && echo yes)
UNPACK_SRCS := $(filter-out src/unpack/vchan.c src/unpack/vchan_none.c src/unpack/probe.c,\
                 $(wildcard src/unpack/*.c))
ifeq ($(UNPACK_HAVE_VCHAN),yes)
UNPACK_SRCS += src/unpack/vchan.c
UNPACK_VCHAN_CFLAGS := $(shell pkg-config --cflags xenvchan)
UNPACK_VCHAN_LIBS := $(shell pkg-config --libs xenvchan)
else
UNPACK_SRCS += src/unpack/vchan_none.c
endif
UNPACK_OBJS := $(patsubst src/unpack/%.c,$(BUILD)/unpack/%.o,$(UNPACK_SRCS))
UNPACK_CFLAGS := $(CFLAGS_BASE) -Isrc/core -Isrc/os -Ispec \
                 $(shell pkg-config --cflags libseccomp) $(UNPACK_VCHAN_CFLAGS)
UNPACK_LIBS := $(shell pkg-config --libs libseccomp) -lisal $(UNPACK_VCHAN_LIBS)
UNPACK_DEPS := $(wildcard src/unpack/*.h) $(wildcard src/os/*.h) $(wildcard src/core/*.h) $(wildcard spec/*.acsl)

PROGRAMS += $(BUILD)/airlock-unpack

$(BUILD)/unpack/%.o: src/unpack/%.c $(UNPACK_DEPS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(UNPACK_CFLAGS) -c $< -o $@

$(BUILD)/airlock-unpack: $(UNPACK_OBJS) $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(UNPACK_LIBS) -o $@

# The same program with the seccomp probe hook compiled in (tests only).
UNPACK_PROBE_OBJS := $(filter-out $(BUILD)/unpack/main.o,$(UNPACK_OBJS)) \
                     $(BUILD)/test/unpack-probe/main.o $(BUILD)/test/unpack-probe/probe.o

$(BUILD)/test/unpack-probe/%.o: src/unpack/%.c $(UNPACK_DEPS) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(UNPACK_CFLAGS) -DAL_SECCOMP_PROBE -c $< -o $@

$(BUILD)/test/airlock-unpack-seccomp-probe: $(UNPACK_PROBE_OBJS) $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(UNPACK_LIBS) -o $@

# Stream test helpers (tests/qfile/*.c).
UNPACK_HELPERS := $(BUILD)/test/airlock-mkstream $(BUILD)/test/airlock-feed \
                  $(BUILD)/test/airlock-pipe2
TEST_BINS += $(BUILD)/test/airlock-unpack-seccomp-probe $(UNPACK_HELPERS)

$(UNPACK_HELPERS): $(BUILD)/test/airlock-%: tests/qfile/%.c $(CORE_LIB) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Ispec $< $(CORE_LIB) $(shell pkg-config --libs zlib) -o $@

.PHONY: bench-unpack
bench-unpack: $(BUILD)/airlock-unpack $(BUILD)/test/airlock-mkstream
	sh tests/bench/unpack.sh

bench: bench-unpack

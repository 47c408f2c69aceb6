# airlock-sigcheck: signature check of received packages (issue 4).
# Built from src/sigcheck/*.c against Debian's librpm (pkg-config rpm),
# libseccomp and the confinement of $(OS_LIB) (src/os/confine.h).
# Objects under build/sigcheck/. `make bench-sigcheck` and `make
# bench-sigcheck-mem` (part of `make bench`) run tests/bench/sigcheck.sh
# and tests/bench/sigcheck-mem.sh.

SIGCHECK_SRCS := $(wildcard src/sigcheck/*.c)
SIGCHECK_OBJS := $(patsubst src/sigcheck/%.c,$(BUILD)/sigcheck/%.o,$(SIGCHECK_SRCS))
SIGCHECK_RPM_CFLAGS := $(shell pkg-config --cflags rpm)
SIGCHECK_RPM_LIBS := $(shell pkg-config --libs rpm) -lgcrypt $(shell pkg-config --libs libseccomp)

PROGRAMS += $(BUILD)/airlock-sigcheck

# The package prefix is judged by the proven core's al_rpm_check
# (src/core/rpm.h) before anything else parses it: rpm.h and its ACSL
# spec are included, the core library linked.
$(BUILD)/sigcheck/%.o: src/sigcheck/%.c $(wildcard src/sigcheck/*.h) $(wildcard src/core/*.h) \
                       $(wildcard src/os/*.h) $(wildcard spec/*.acsl) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/core -Isrc/os -Ispec $(SIGCHECK_RPM_CFLAGS) -c $< -o $@

$(BUILD)/airlock-sigcheck: $(SIGCHECK_OBJS) $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(SIGCHECK_RPM_LIBS) -o $@

.PHONY: bench-sigcheck
bench-sigcheck: $(BUILD)/airlock-sigcheck
	sh tests/bench/sigcheck.sh

bench: bench-sigcheck

# Peak RSS of the workers on the largest header spec/RPM.md §3.5 allows
# (issue 13), per worker and in all, against each worker's RLIMIT_AS.
.PHONY: bench-sigcheck-mem
bench-sigcheck-mem: $(BUILD)/airlock-sigcheck
	sh tests/bench/sigcheck-mem.sh

bench: bench-sigcheck-mem

# Loading a keyring of 10,000 keys (issue 10: under a second).
.PHONY: bench-keyring
bench-keyring: $(BUILD)/airlock-sigcheck
	sh tests/bench/keyring.sh

bench: bench-keyring

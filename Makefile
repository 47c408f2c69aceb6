# airlock top-level Makefile.
#
#   make            build every program into build/
#   make check      install missing Debian packages, build, run every test
#   make prove      Frama-C WP + Eva on the proven core (fails on any unproved goal)
#   make bench      benchmarks (ratios against the baselines the issues name)
#   make demo       end-to-end demonstration (see README)
#
# Each component keeps its own fragment (src/*/module.mk, proofs/prove.mk,
# fuzz/fuzz.mk, tests/tests.mk); this file only ties them together.

CC      ?= gcc
BUILD   := build
OPT     ?= -O2
CFLAGS_BASE := -std=gnu11 $(OPT) -g -D_GNU_SOURCE -Wall -Wextra -Werror \
               -fstack-protector-strong -D_FORTIFY_SOURCE=2
# The proven core is also compiled with -Wconversion.
CORE_CFLAGS := $(CFLAGS_BASE) -Wconversion -Wsign-conversion -Isrc/core -Ispec
LDFLAGS_BASE := -Wl,-z,relro,-z,now

PROGRAMS :=
TEST_BINS :=

.PHONY: all check prove bench demo deps clean install
all:

include src/core/core.mk
include $(sort $(filter-out src/core/core.mk,$(wildcard src/*/module.mk)))
include tests/tests.mk
-include proofs/prove.mk
-include fuzz/fuzz.mk

all: $(PROGRAMS)

# After every fragment: each has appended to PROGRAMS and TEST_BINS.
.PHONY: test-bins
test-bins: $(TEST_BINS)

$(BUILD):
	mkdir -p $@

deps:
	@tests/deps.sh

check: deps
	@$(MAKE) --no-print-directory all test-bins
	@tests/run

clean:
	rm -rf $(BUILD)

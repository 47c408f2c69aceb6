# airlock top-level Makefile.
#
#   make            build every program into build/
#   make check      install missing Debian packages, build, run every test
#   make prove      Frama-C WP + Eva on the proven core (fails on any unproved goal)
#   make bench      benchmarks (ratios against the baselines the issues name)
#   make demo       end-to-end demonstration (see README)
#   make fuzz       libFuzzer targets (also fuzz-run, fuzz-coverage: fuzz/fuzz.mk)
#   make rpm        binary RPMs airlock-dom0, airlock-updatevm into build/rpm/
#                   (airlock.spec, packaging/rpm.mk)
#   make man        check and render the man pages into build/man/ (man/man.mk)
#   make install    programs, configuration and man pages under DESTDIR, as
#   make uninstall  the RPMs lay them out (packaging/install.mk)
#
# Each component keeps its own fragment (src/*/module.mk, proofs/prove.mk,
# fuzz/fuzz.mk, tests/tests.mk, packaging/*.mk, man/man.mk); this file only
# ties them together. The version is the one line of VERSION (also read by
# airlock.spec).

# ------------------------------------------------------------ packages first
# A target that needs Debian packages runs tests/deps.sh with its package
# sets first (as root it installs what is missing; otherwise it prints the
# apt-get line and stops), then a second make that does the work. Only the
# second make reads the fragments, because they run pkg-config as they are
# read (flags, libraries, whether libxenvchan is there): nothing of the
# build is even parsed before the packages are in, and with -j nothing can
# start early, since the first make has no other rule. All goals of one
# command line go to the second make; the sets are their union.
# SKIP_DEPS=1 skips the step (the second make gets it).
#
# `make` (all), `make install` and single files have no package step: that
# is the plain build, which must also work where the libraries come from
# elsewhere (another distribution, a packaging chroot) and must not run the
# package manager as a side effect. `make deps [SETS="runtime test"]` runs
# the step alone (default: runtime, what `make` needs).
SETS               ?= runtime
DEPS_deps          := $(SETS)
DEPS_demo          := runtime
DEPS_check         := runtime test prove fuzz packaging
DEPS_prove         := prove
DEPS_bench         := runtime test
DEPS_fuzz          := runtime fuzz
DEPS_fuzz-run      := runtime fuzz
DEPS_fuzz-coverage := runtime fuzz
DEPS_rpm           := runtime packaging
DEPS_man           := test
deps_of = $(if $(filter bench-%,$(1)),$(DEPS_bench),$(DEPS_$(1)))
DEPS_WANTED := $(foreach g,$(MAKECMDGOALS),$(call deps_of,$(g)))
DEPS_SETS := $(strip $(foreach s,runtime test prove fuzz packaging,\
                 $(if $(filter $(s),$(DEPS_WANTED)),$(s))))

ifneq ($(DEPS_SETS),)
ifeq ($(SKIP_DEPS),)
DEPS_STEP_ONLY := yes
.PHONY: $(MAKECMDGOALS) deps-then-make
$(MAKECMDGOALS): deps-then-make ;
deps-then-make:
	@tests/deps.sh $(DEPS_SETS)
	@$(MAKE) --no-print-directory SKIP_DEPS=1 $(MAKECMDGOALS)
endif
endif

ifneq ($(DEPS_STEP_ONLY),yes)

CC      ?= gcc
BUILD   := build
OPT     ?= -O2
AIRLOCK_VERSION := $(strip $(file <VERSION))
ifeq ($(AIRLOCK_VERSION),)
$(error VERSION is missing or empty)
endif
# AIRLOCK_VERSION: a string macro every program is compiled with; each
# prints it on --version (airlock-receive gets it substituted).
CFLAGS_BASE := -std=gnu11 $(OPT) -g -D_GNU_SOURCE -Wall -Wextra -Werror \
               -fstack-protector-strong -D_FORTIFY_SOURCE=2 \
               -DAIRLOCK_VERSION='"$(AIRLOCK_VERSION)"'
# The proven core is also compiled with -Wconversion.
CORE_CFLAGS := $(CFLAGS_BASE) -Wconversion -Wsign-conversion -Isrc/core -Ispec
LDFLAGS_BASE := -Wl,-z,relro,-z,now

PROGRAMS :=
TEST_BINS :=

.PHONY: all check prove bench demo deps clean
all:

include src/core/core.mk
include $(sort $(filter-out src/core/core.mk,$(wildcard src/*/module.mk)))
include tests/tests.mk
-include proofs/prove.mk
-include fuzz/fuzz.mk
include packaging/rpm.mk
include packaging/install.mk
include man/man.mk

all: $(PROGRAMS)

# After every fragment: each has appended to PROGRAMS and TEST_BINS.
.PHONY: test-bins
test-bins: $(TEST_BINS)

$(BUILD):
	mkdir -p $@

# Done by the package step above.
deps:
	@:

# After the package step (above): all sets, since the suites prove,
# smoke-run the fuzzers and build and lint the RPMs too.
check:
	@$(MAKE) --no-print-directory all test-bins
	@tests/run

clean:
	rm -rf $(BUILD)

endif # DEPS_STEP_ONLY

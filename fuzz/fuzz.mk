# fuzz/fuzz.mk -- fuzzing (issue 6). See fuzz/README.md.
#
#   make fuzz                    libFuzzer targets (clang, ASan+UBSan) in build/fuzz/
#   make fuzz-run FUZZ_SECONDS=N run every target N s on both cores, merge the
#                                new coverage into corpus/<target>/, crashes to
#                                tests/regress/<target>/ (fuzz/run.sh)
#   make fuzz-coverage           llvm-cov line/branch report over corpus + regress
#   make fuzz-seeds              regenerate the seed inputs (fuzz/gen_seeds.py,
#                                gen_sigcheck_seeds.sh, gen_rpmcheck_seeds.sh,
#                                gen_report_seeds.sh: runs build/airlock-sigcheck)
#
# Every harness fuzz/<target>.c is also built with gcc, ASan+UBSan and
# fuzz/replay_main.c as build/fuzz/replay-<target> (in TEST_BINS, so
# `make check` builds them; tests/suites/60-fuzz.sh runs them over
# corpus/<target>/ and tests/regress/<target>/).

FUZZ_BUILD  := $(BUILD)/fuzz
FUZZ_CLANG  ?= clang-14
FUZZ_GCC    ?= gcc
FUZZ_SECONDS ?= 60
FUZZ_COMMON := -std=gnu11 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE \
               -Wall -Wextra -Isrc/core -Ispec -Ifuzz
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_HDRS   := fuzz/fuzz.h fuzz/ref.h fuzz/model.h $(wildcard src/core/*.h) $(wildcard spec/*.acsl)

# Targets on the proven core: the harness plus the core's sources.
FUZZ_TARGETS := parser name result
FUZZ_SRCS_parser := $(CORE_SRCS)
FUZZ_SRCS_name   := $(CORE_SRCS)
FUZZ_SRCS_result := $(CORE_SRCS)

# Targets on the shells are added by fuzz/shell.mk when their code exists.
-include fuzz/shell.mk

# One target's three builds: libFuzzer (clang), replay (gcc), coverage (clang).
define FUZZ_TARGET_RULES
$(FUZZ_BUILD)/$(1): fuzz/$(1).c $$(FUZZ_SRCS_$(1)) $(FUZZ_HDRS) $$(FUZZ_DEPS_$(1))
	@mkdir -p $$(dir $$@)
	$(FUZZ_CLANG) $(FUZZ_COMMON) $$(FUZZ_CFLAGS_$(1)) -fsanitize=fuzzer $(FUZZ_SAN) \
	    fuzz/$(1).c $$(FUZZ_SRCS_$(1)) $$(FUZZ_LIBS_$(1)) -o $$@

$(FUZZ_BUILD)/replay-$(1): fuzz/$(1).c fuzz/replay_main.c $$(FUZZ_SRCS_$(1)) $(FUZZ_HDRS) $$(FUZZ_DEPS_$(1))
	@mkdir -p $$(dir $$@)
	$(FUZZ_GCC) $(FUZZ_COMMON) $$(FUZZ_CFLAGS_$(1)) $(FUZZ_SAN) \
	    fuzz/replay_main.c fuzz/$(1).c $$(FUZZ_SRCS_$(1)) $$(FUZZ_LIBS_$(1)) -o $$@

$(FUZZ_BUILD)/cov-$(1): fuzz/$(1).c fuzz/replay_main.c $$(FUZZ_SRCS_$(1)) $(FUZZ_HDRS) $$(FUZZ_DEPS_$(1))
	@mkdir -p $$(dir $$@)
	$(FUZZ_CLANG) $(FUZZ_COMMON) $$(FUZZ_CFLAGS_$(1)) -fprofile-instr-generate -fcoverage-mapping \
	    fuzz/replay_main.c fuzz/$(1).c $$(FUZZ_SRCS_$(1)) $$(FUZZ_LIBS_$(1)) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_TARGET_RULES,$(t))))

FUZZ_BINS   := $(addprefix $(FUZZ_BUILD)/,$(FUZZ_TARGETS))
FUZZ_REPLAY := $(addprefix $(FUZZ_BUILD)/replay-,$(FUZZ_TARGETS))
FUZZ_COV    := $(addprefix $(FUZZ_BUILD)/cov-,$(FUZZ_TARGETS))
TEST_BINS   += $(FUZZ_REPLAY)

.PHONY: fuzz fuzz-run fuzz-coverage fuzz-replay fuzz-seeds fuzz-list
fuzz: $(FUZZ_BINS)

fuzz-replay: $(FUZZ_REPLAY)
	@for t in $(FUZZ_TARGETS); do \
	    $(FUZZ_BUILD)/replay-$$t corpus/$$t tests/regress/$$t || exit 1; done

fuzz-run: $(FUZZ_BINS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh fuzz/run.sh $(FUZZ_TARGETS)

fuzz-coverage: $(FUZZ_COV)
	sh fuzz/coverage.sh $(FUZZ_TARGETS)

fuzz-seeds: $(BUILD)/airlock-sigcheck
	python3 fuzz/gen_seeds.py
	sh fuzz/gen_sigcheck_seeds.sh
	sh fuzz/gen_rpmcheck_seeds.sh
	sh fuzz/gen_report_seeds.sh

# One line per target, TARGET|SOURCES|CFLAGS|LIBS: what fuzz/oss-fuzz/build.sh
# and tests/suites/60-fuzz.sh build and run (one list, kept here).
fuzz-list:
	@$(foreach t,$(FUZZ_TARGETS),echo '$(t)|$(strip $(FUZZ_SRCS_$(t)))|$(strip $(FUZZ_CFLAGS_$(t)))|$(strip $(FUZZ_LIBS_$(t)))';)

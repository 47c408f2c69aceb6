# The probe suite (tests/probe/, run by tests/suites/45-probe.sh): each
# program links the shipped objects of a stage's confinement, not copies.
#   build/test/airlock-probe-unpack    seal.o harden.o sandbox.o store.o
#   build/test/airlock-probe-sigcheck  every airlock-sigcheck object but main.o
#   build/test/airlock-probe-createrepo  airlock-receive's crconf.o (createrepo_c's stage)
PROBE_CFLAGS := $(CFLAGS_BASE) -Itests/probe -Isrc/os -Isrc/core -Ispec

# Each stage's probe sees only its own stage's headers (both have a sandbox.h).
$(BUILD)/test/probe/probe.o: PROBE_STAGE :=
$(BUILD)/test/probe/unpack.o: PROBE_STAGE := -Isrc/unpack
$(BUILD)/test/probe/sigcheck.o: PROBE_STAGE := -Isrc/sigcheck $(SIGCHECK_RPM_CFLAGS)
$(BUILD)/test/probe/createrepo.o: PROBE_STAGE := -Isrc/receive
$(BUILD)/test/probe/%.o: tests/probe/%.c tests/probe/probe.h $(wildcard src/unpack/*.h) \
    $(wildcard src/sigcheck/*.h) $(wildcard src/os/*.h) src/receive/crconf.h | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(PROBE_CFLAGS) $(PROBE_STAGE) -c $< -o $@

PROBE_UNPACK_OBJS := $(addprefix $(BUILD)/unpack/,seal.o harden.o sandbox.o store.o)
$(BUILD)/test/airlock-probe-unpack: $(BUILD)/test/probe/unpack.o $(BUILD)/test/probe/probe.o \
    $(PROBE_UNPACK_OBJS) $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(UNPACK_LIBS) -o $@

$(BUILD)/test/airlock-probe-sigcheck: $(BUILD)/test/probe/sigcheck.o $(BUILD)/test/probe/probe.o \
    $(filter-out $(BUILD)/sigcheck/main.o,$(SIGCHECK_OBJS)) $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(SIGCHECK_RPM_LIBS) -o $@

$(BUILD)/test/airlock-probe-createrepo: $(BUILD)/test/probe/createrepo.o \
    $(BUILD)/test/probe/probe.o $(BUILD)/receive/crconf.o $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(SUP_LIBS) -o $@

TEST_BINS += $(BUILD)/test/airlock-probe-unpack $(BUILD)/test/airlock-probe-sigcheck \
    $(BUILD)/test/airlock-probe-createrepo

# Runs a command with the Landlock calls failing ENOSYS (a kernel without it).
$(BUILD)/test/airlock-nolandlock: tests/probe/nolandlock.c | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $< $(shell pkg-config --libs libseccomp) -o $@
TEST_BINS += $(BUILD)/test/airlock-nolandlock

# Compromised workers against the parent's judgement (tests/probe/jobs.c).
$(BUILD)/test/probe/jobs.o: PROBE_STAGE := -Isrc/sigcheck $(SIGCHECK_RPM_CFLAGS)
$(BUILD)/test/airlock-probe-jobs: $(BUILD)/test/probe/jobs.o \
    $(filter-out $(BUILD)/sigcheck/main.o,$(SIGCHECK_OBJS)) $(CORE_LIB) $(OS_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(SIGCHECK_RPM_LIBS) -o $@
TEST_BINS += $(BUILD)/test/airlock-probe-jobs

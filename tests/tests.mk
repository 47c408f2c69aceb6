# Test programs: every fragment appends its test binaries to TEST_BINS;
# the top-level Makefile makes `test-bins` depend on all of them once every
# fragment is read.

# Unit tests of the proven core.
TEST_BINS += $(BUILD)/test/test-core
$(BUILD)/test/test-core: tests/unit/test_core.c tests/unit/report.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -Isrc/core -Ispec $< $(CORE_LIB) -o $@

# The proven canonical signature-header encoder (src/core/rpmcanon.c):
# every header it writes read back by the proven checker.
TEST_BINS += $(BUILD)/test/test-rpmcanon
$(BUILD)/test/test-rpmcanon: tests/unit/test_rpmcanon.c tests/unit/report.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -Isrc/core -Ispec -Itests/unit $< $(CORE_LIB) -o $@

# qrexec's service descriptor (src/receive/descriptor.c): accept/reject
# table, reading up to the NUL only.
TEST_BINS += $(BUILD)/test/test-descriptor
$(BUILD)/test/test-descriptor: tests/unit/test_descriptor.c tests/unit/report.h src/receive/descriptor.c \
    src/receive/descriptor.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -Isrc/receive $< src/receive/descriptor.c -o $@

# The stage report's record reader (src/receive/record.c): accept/reject
# table, each refusal's reason.
TEST_BINS += $(BUILD)/test/test-record
$(BUILD)/test/test-record: tests/unit/test_record.c tests/unit/report.h src/receive/record.c \
    src/receive/record.h src/os/escape.c src/os/escape.h $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -Isrc/receive -Isrc/os -Isrc/core -Ispec $< src/receive/record.c src/os/escape.c $(CORE_LIB) -o $@

# src/os: the stage report's escaping and number parsing.
TEST_BINS += $(BUILD)/test/test-os
$(BUILD)/test/test-os: tests/unit/test_os.c tests/unit/report.h $(wildcard src/os/*.c) $(wildcard src/os/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -Isrc/os $< src/os/escape.c src/os/num.c -o $@

# The shells' CRC (ISA-L) against zlib's crc32().
TEST_BINS += $(BUILD)/test/test-crc
$(BUILD)/test/test-crc: tests/unit/test_crc.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $< -lisal -lz -o $@

# LD_PRELOAD shim that changes a package while airlock-sigcheck reads it.
TEST_BINS += $(BUILD)/test/readshim.so
$(BUILD)/test/readshim.so: tests/unit/readshim.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -shared -fPIC $< -ldl -o $@

# airlock-sigcheck's EVR reading and order, and the rollback check
# (src/sigcheck/evr.c, rollback.c), on headers made with librpm;
# --compare serves tests/vercmp.py.
TEST_BINS += $(BUILD)/test/test-evr
$(BUILD)/test/test-evr: tests/unit/test_evr.c tests/unit/report.h $(BUILD)/sigcheck/evr.o \
    $(filter-out $(BUILD)/sigcheck/main.o,$(SIGCHECK_OBJS)) $(CORE_LIB) $(OS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Isrc/sigcheck -Isrc/core -Isrc/os -Ispec $(SIGCHECK_RPM_CFLAGS) $< \
	    $(filter-out $(BUILD)/sigcheck/main.o,$(SIGCHECK_OBJS)) $(CORE_LIB) $(OS_LIB) \
	    $(SIGCHECK_RPM_LIBS) -o $@

# The probes are tests only: an RPM build (its tarball holds no tests/probe/) skips them.
-include tests/probe/probe.mk

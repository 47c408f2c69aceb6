# airlock-send (issue 3): the UpdateVM side of the qfile stream.
# Built from src/send/*.c on top of the proven core ($(CORE_LIB): header
# encoding with al_put_le32/al_put_le64, result decoding with
# al_result_decode) and ISA-L's crc32_gzip_refl() (zlib's CRC-32). Objects under build/send/.
# Its tests are tests/suites/25-send.sh (helpers built by src/unpack/module.mk).

SEND_SRCS := $(wildcard src/send/*.c)
SEND_OBJS := $(patsubst src/send/%.c,$(BUILD)/send/%.o,$(SEND_SRCS))
SEND_CFLAGS := $(CFLAGS_BASE) -Isrc/core -Ispec
SEND_LIBS := -lisal

PROGRAMS += $(BUILD)/airlock-send

$(BUILD)/send/%.o: src/send/%.c $(wildcard src/send/*.h) $(wildcard src/core/*.h) $(wildcard spec/*.acsl) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(SEND_CFLAGS) -c $< -o $@

$(BUILD)/airlock-send: $(SEND_OBJS) $(CORE_LIB)
	$(CC) $(CFLAGS_BASE) $(LDFLAGS_BASE) $^ $(SEND_LIBS) -o $@

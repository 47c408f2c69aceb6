# Proven core: built as a static library used by every program.
CORE_SRCS := $(wildcard src/core/*.c)
CORE_OBJS := $(patsubst src/core/%.c,$(BUILD)/core/%.o,$(CORE_SRCS))
CORE_LIB  := $(BUILD)/libairlock-core.a

$(BUILD)/core/%.o: src/core/%.c $(wildcard src/core/*.h) $(wildcard spec/*.acsl) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CORE_CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJS)
	rm -f $@
	ar rcs $@ $^

# src/os: the OS helpers shared by the programs (full reads and writes,
# and what later joins them), built once into $(OS_LIB). Not the proven
# core: nothing here is prefixed al_. A program links $(OS_LIB) and adds
# -Isrc/os.
OS_SRCS := $(wildcard src/os/*.c)
OS_OBJS := $(patsubst src/os/%.c,$(BUILD)/os/%.o,$(OS_SRCS))
OS_LIB  := $(BUILD)/libairlock-os.a

$(BUILD)/os/%.o: src/os/%.c $(wildcard src/os/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Wconversion -Wsign-conversion -c $< -o $@

$(OS_LIB): $(OS_OBJS)
	rm -f $@
	ar rcs $@ $^

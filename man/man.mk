# Man pages (issue 14): one hand-written mdoc source per page in man/,
# installed as they are by the RPM and by `make install` (nothing here is
# needed to install them).
#
#   make man   check every page (mandoc -Tlint at warning level, and groff
#              -ww as man(1) renders it: a warning fails) and render it
#              into build/man/PAGE.txt (plain text) and PAGE.html
#
# mandoc and groff come from the test package set (DEPS_man in the
# Makefile), so `man` is a target of its own, not part of `all`.
# Tests: tests/suites/72-man.sh (options against --help, keys against
# airlock-receive, the lint).

MAN_PAGES := $(sort $(wildcard man/*.[1-8]))
MAN_OUT   := $(patsubst man/%,$(BUILD)/man/%.txt,$(MAN_PAGES)) \
             $(patsubst man/%,$(BUILD)/man/%.html,$(MAN_PAGES))

.PHONY: man
man: $(MAN_OUT)

# The lint runs before each rendering: a page with a warning renders
# nothing. groff prints its warnings and still exits 0, hence the test of
# its output. The text has mandoc's overstrike (bold, underline) removed.
$(BUILD)/man/%.txt: man/% | $(BUILD)
	@mkdir -p $(dir $@)
	mandoc -Tlint -W warning $<
	@w=$$(groff -mandoc -ww -z $< 2>&1); [ -z "$$w" ] || { echo "$$w" >&2; exit 1; }
	mandoc -Tascii -O width=78 $< | sed 's/.\x08//g' >$@.tmp
	mv $@.tmp $@

$(BUILD)/man/%.html: man/% | $(BUILD)
	@mkdir -p $(dir $@)
	mandoc -Tlint -W warning $<
	mandoc -Thtml -O fragment $< >$@.tmp
	mv $@.tmp $@

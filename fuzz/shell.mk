# fuzz/shell.mk -- fuzz targets on the shells, included by fuzz/fuzz.mk.
# Each is added only when the code it exercises exists, so the fragment
# keeps working while the programs are being written.

# airlock-unpack: the receive path (receive.h) with its store, errmap,
# describe and fd transport; no main, options, sandbox or hardening.
ifneq ($(wildcard src/unpack/receive.h),)
FUZZ_TARGETS += unpack
FUZZ_SRCS_unpack := $(CORE_SRCS) $(addprefix src/unpack/,receive.c store.c errmap.c describe.c fdio.c) src/os/io.c
FUZZ_CFLAGS_unpack := -Isrc/unpack -Isrc/os
FUZZ_LIBS_unpack := -lz -lisal
FUZZ_DEPS_unpack := $(wildcard src/unpack/*.h)
endif

# airlock-send: the result judgement (outcome.h) and the stream writer
# (stream.h).
ifneq ($(wildcard src/send/outcome.h),)
FUZZ_TARGETS += send
FUZZ_SRCS_send := $(CORE_SRCS) src/send/outcome.c src/send/stream.c
FUZZ_CFLAGS_send := -Isrc/send
FUZZ_LIBS_send := -lz -lisal
FUZZ_DEPS_send := $(wildcard src/send/*.h)
endif

# airlock-sigcheck: the per-file verification (verify.h) with the layout
# reader and the proven RPM prefix checker it calls (the core), airlock's
# own signature-header items and OpenPGP code, the keyring loader and the
# policy set-up.
ifneq ($(wildcard src/sigcheck/verify.h),)
FUZZ_TARGETS += sigcheck
FUZZ_SRCS_sigcheck := $(CORE_SRCS) $(addprefix src/sigcheck/,verify.c filesum.c layout.c policy.c keyring.c cert.c armor.c pgp.c pgpsig.c pgpkey.c pkverify.c rules.c sighdr.c sigverify.c verdict.c canon.c copy.c rollback.c evr.c open.c)
FUZZ_CFLAGS_sigcheck := -Isrc/sigcheck $(shell pkg-config --cflags rpm)
FUZZ_LIBS_sigcheck := $(shell pkg-config --libs rpm) -lgcrypt
FUZZ_DEPS_sigcheck := $(wildcard src/sigcheck/*.h)
endif

# airlock-sigcheck's keyring reader: one key file through armor, certificate
# and OpenPGP parsing, every key settled; librpm's OpenPGP code as oracle.
ifneq ($(wildcard src/sigcheck/keyring.h),)
FUZZ_TARGETS += keyring
FUZZ_SRCS_keyring := $(addprefix src/sigcheck/,keyring.c cert.c armor.c pgp.c pgpsig.c pgpkey.c pkverify.c policy.c)
FUZZ_CFLAGS_keyring := -Isrc/sigcheck $(shell pkg-config --cflags rpm)
FUZZ_LIBS_keyring := $(shell pkg-config --libs rpm) -lgcrypt
FUZZ_DEPS_keyring := $(wildcard src/sigcheck/*.h)
endif

# The proven checker's judgement of a signature header on its own
# (sc_sighdr_parse: al_rpm_header, al_rpm_items) against librpm's header
# import on the same bytes (differential: what airlock accepts, librpm
# imports alike).
ifneq ($(wildcard src/sigcheck/sighdr.h),)
FUZZ_TARGETS += rpmhdr
FUZZ_SRCS_rpmhdr := $(CORE_SRCS) $(addprefix src/sigcheck/,rules.c sighdr.c verdict.c)
FUZZ_CFLAGS_rpmhdr := -Isrc/sigcheck $(shell pkg-config --cflags rpm)
FUZZ_LIBS_rpmhdr := $(shell pkg-config --libs rpm)
FUZZ_DEPS_rpmhdr := $(wildcard src/sigcheck/*.h)
endif

# qrexec's service descriptor (airlock-qrexec-front): parser and reader,
# against a regular-expression reference model and a round trip.
ifneq ($(wildcard src/receive/descriptor.h),)
FUZZ_TARGETS += descriptor
FUZZ_SRCS_descriptor := src/receive/descriptor.c
FUZZ_CFLAGS_descriptor := -Isrc/receive
FUZZ_DEPS_descriptor := src/receive/descriptor.h
endif

# The proven RPM prefix checker (src/core/rpm*.c, al_rpm_check) against
# librpm's own package reader and header import on the same bytes
# (differential: what airlock accepts, librpm reads alike).
ifneq ($(wildcard src/core/rpm.h),)
FUZZ_TARGETS += rpmcheck
FUZZ_SRCS_rpmcheck := $(CORE_SRCS)
FUZZ_CFLAGS_rpmcheck := $(shell pkg-config --cflags rpm)
FUZZ_LIBS_rpmcheck := $(shell pkg-config --libs rpm)
endif

# airlock-receive's reading of airlock-sigcheck's stage report, one record
# (src/receive/record.c): against a second reader of the README's grammar,
# and round trips through airlock-sigcheck's own writer (sc_write_record,
# src/sigcheck/output.c; librpm's headers only, for filesum.h's types).
ifneq ($(wildcard src/receive/record.h),)
FUZZ_TARGETS += report
FUZZ_SRCS_report := $(CORE_SRCS) src/receive/record.c src/os/escape.c src/os/io.c \
                    src/sigcheck/output.c src/sigcheck/verdict.c
FUZZ_CFLAGS_report := -Isrc/receive -Isrc/os -Isrc/sigcheck $(shell pkg-config --cflags rpm)
FUZZ_DEPS_report := src/receive/record.h src/os/escape.h src/sigcheck/output.h src/sigcheck/verdict.h
endif

#!/bin/sh
# Unit tests of qrexec's service descriptor parser and reader
# (tests/unit/test_descriptor.c, src/receive/descriptor.c), under ASan+UBSan.
exec build/test/test-descriptor

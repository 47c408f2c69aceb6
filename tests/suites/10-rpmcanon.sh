#!/bin/sh
# Unit tests of the proven canonical signature-header encoder
# (tests/unit/test_rpmcanon.c), under ASan+UBSan.
exec build/test/test-rpmcanon

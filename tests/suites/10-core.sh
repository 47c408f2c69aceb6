#!/bin/sh
# Unit tests of the proven core (tests/unit/test_core.c), under ASan+UBSan.
exec build/test/test-core

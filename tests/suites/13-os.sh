#!/bin/sh
# Unit tests of src/os (tests/unit/test_os.c: escape.c, num.c), under
# ASan+UBSan.
exec build/test/test-os

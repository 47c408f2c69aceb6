#!/bin/sh
# Unit tests of the stage report's record reader (tests/unit/test_record.c,
# src/receive/record.c: airlock-receive's reading of airlock-sigcheck's
# report), under ASan+UBSan.
exec build/test/test-record

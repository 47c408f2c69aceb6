# Test programs: every module appends its unit-test binaries to TEST_BINS.
.PHONY: test-bins
test-bins: $(TEST_BINS)

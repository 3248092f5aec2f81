#!/usr/bin/env bats
# Robustness: random programs never take the process down by a signal.
# `make fuzz` runs the full 2,000; the suite runs a fixed sample.

load helper

@test "200 random programs from the dictionary's words: none ends by a signal" {
  run "$BATS_TEST_DIRNAME/fuzz.sh" 200 12345
  assert_status 0
  [[ "${lines[-1]}" == "fuzz: 200 programs (seed 12345), 0 ended by a signal" ]]
}

#!/usr/bin/env bats
# Robustness: random programs never take the process down by a signal.
# `make fuzz` runs the full 2,000; the suite runs a fixed sample.

load helper

@test "200 random programs from the dictionary's words: none ends by a signal" {
  run "$BATS_TEST_DIRNAME/fuzz.sh" 200 12345
  assert_status 0
  [[ "${lines[-1]}" == "fuzz: 200 programs (seed 12345), 0 ended by a signal" ]]
}

@test "200 random programs of standard mode's words: none ends by a signal" {
  FUZZ_STD=1 run "$BATS_TEST_DIRNAME/fuzz.sh" 200 12345
  assert_status 0
  [[ "${lines[-1]}" == "fuzz: 200 programs (seed 12345), 0 ended by a signal" ]]
}

@test "fuzz.sh off a terminal: a progress line on stderr at every tenth, the summary alone on stdout" {
  run --separate-stderr "$BATS_TEST_DIRNAME/fuzz.sh" 20 12345
  assert_status 0
  assert_output "fuzz: 20 programs (seed 12345), 0 ended by a signal"
  expected=""
  for n in 2 4 6 8 10 12 14 16 18; do
    expected+="fuzz: $n/20 programs, 0 ended by a signal"$'\n'
  done
  assert_stderr "${expected%$'\n'}"
}

@test "fuzz.sh on a terminal: one progress line on stderr, rewritten in place, then cleared" {
  need_tool script "a terminal is made with script (util-linux)"
  in_tmp
  # The terminal's input stays open and silent, as when a person runs
  # `make fuzz`: nothing may wait for it.
  exec 4< <(exec 3>&-; sleep 60)
  idle=$!
  status=0
  timeout 30 script -qec "'$BATS_TEST_DIRNAME/fuzz.sh' 5 1 > out.txt" /dev/null <&4 > tty.txt ||
    status=$?
  kill "$idle"
  exec 4<&-
  assert_status 0
  [ "$(cat out.txt)" = "fuzz: 5 programs (seed 1), 0 ended by a signal" ]
  expected=$(for n in 1 2 3 4 5; do
    printf '\r\033[Kfuzz: %d/5 programs, 0 ended by a signal' "$n"
  done; printf '\r\033[K')
  output=$(cat tty.txt)
  assert_output "$expected"
}

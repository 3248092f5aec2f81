#!/usr/bin/env bats
# The bootstrap's encoder (boot/encode.c): its bytes match GNU as, case by
# case (tests/encode/cases.c, run by tests/encode/golden.sh).

load helper

@test "every encoder case writes the same bytes as GNU as" {
	need_tool gcc "the cases are built with the host's C compiler"
	run "$BATS_TEST_DIRNAME/encode/golden.sh"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[-1]} =~ ^([0-9]+)\ cases,\ 0\ differ$ ]]
	[ "${BASH_REMATCH[1]}" -ge 100 ]
}

@test "the encoder's golden check fails when a byte differs" {
	printf 'mov rax, rbx\t48 89 d8\nmov rbx, rax\t48 89 d8\n' >"$BATS_TEST_TMPDIR/cases.txt"
	CASES="$BATS_TEST_TMPDIR/cases.txt" run "$BATS_TEST_DIRNAME/encode/golden.sh"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "mov rbx, rax" ]
	[ "${lines[1]}" = "    as:     48 89 c3" ]
	[ "${lines[2]}" = "    encode: 48 89 d8" ]
	[ "${lines[-1]}" = "2 cases, 1 differ" ]
}

@test "a rel8 jump patched beyond its reach stops the encoder with a message" {
	need_tool gcc "the cases are built with the host's C compiler"
	run "$BATS_TEST_DIRNAME/encode/golden.sh" too-far
	assert_status 3
	assert_output "encode: a rel8 jump of 200 bytes does not fit"
}

#!/usr/bin/env bats
# The start-up image (boot/snapshot.c): incant starts from what
# incant-stage1 built by interpreting the prelude.  The image stores some
# regions transformed (the hash index as entry numbers, ENTRIES and the
# line table as differences, the entries' links and the xt map not at
# all, the word reference compressed until asked for); each test below
# compares what one of them serves with what incant-stage1, which built
# it all from source, gives.  incant serves it two ways: mapped from the
# image file beside it (incant.image), and, alone, decompressed from its
# own copy; both are compared.  The last tests are the image file's: when
# it is used, and when it is not trusted.

load helper

STAGE1="$BATS_TEST_DIRNAME/../incant-stage1"

setup() {
  [ -x "$STAGE1" ] || skip "incant-stage1 is built by make"
  [ -f "$INCANT.image" ] || skip "the image file is built by make"
  ALONE=$BATS_TEST_TMPDIR/alone/incant
  mkdir -p "${ALONE%/*}" && cp "$INCANT" "$ALONE"
}

# same_from_both CODE...: incant (the image mapped from its file), a copy
# of incant alone (the image decompressed) and incant-stage1 print the
# same for the -e options CODE (stdout and stderr), and it is not empty.
same_from_both() {
  local args=() code
  for code in "$@"; do args+=(-e "$code"); done
  run "$INCANT" "${args[@]}"
  local mapped=$output
  run "$ALONE" "${args[@]}"
  local decompressed=$output
  run "$STAGE1" "${args[@]}"
  [ -n "$output" ] || { echo "nothing printed" >&2; return 1; }
  [ "$output" = "$mapped" ] && [ "$output" = "$decompressed" ] || {
    printf 'incant printed:\n%s\nincant alone:\n%s\nincant-stage1:\n%s\n' \
      "$mapped" "$decompressed" "$output" >&2
    return 1
  }
}

# image_file_used BINARY: BINARY started from an image file (which it
# prints), not by decompressing
image_file_used() {
  run mapped_files "$1"
  [[ "$output" == *.image ]]
}

# The prelude's plain names (no characters a script would have to quote).
plain_names() {
  "$INCANT" -e words | tr ' ' '\n' | grep -E '^[a-z][a-z0-9-]*$'
}

@test "the image lists the same words, newest first, as the prelude builds (the links)" {
  same_from_both "words"
}

@test "every word the image lists is found by name, as the same execution token (the hash index)" {
  local script="" n count=0
  for n in $(plain_names); do script+="' $n . "; count=$((count + 1)); done
  [ "$count" -gt 100 ]
  same_from_both "$script"
}

@test "see shows every word of the image as the prelude built it (the xt map)" {
  local script="" n
  for n in $(plain_names); do script+="see $n "; done
  same_from_both "$script"
  [[ $output == *": handle-crash "* ]]
}

@test "an error in a prelude word names its file and line as the prelude's source does (the line table)" {
  same_from_both ": t ( -- ) 0 0 / ;" "t"
  [[ $output == *"in / (core/core.e:"* ]]
  same_from_both ": t ( -- ) s\" nofile\" r/o open-file ;" "t"
  [[ $output == *"(lib/files.e:"* ]]
}

@test "help and apropos read the same word reference from the image (decompressed on first use)" {
  same_from_both "help dup" "help see"
  [[ $output == *"dup ( x -- x x )"* ]]
  same_from_both "apropos stack"
}

@test "incant maps the image file beside it, and nothing else" {
  in_tmp
  run mapped_files "$INCANT"
  assert_output "$(readlink -f "$INCANT").image"
}

@test "incant alone decompresses its own image: no file is needed" {
  in_tmp
  run mapped_files "$ALONE"
  assert_output ""
  run "$ALONE" -e "6 7 * . bye"
  assert_output "42 "
}

@test "through a symbolic link, incant finds the image file beside the binary itself" {
  in_tmp
  ln -s "$INCANT" linked
  image_file_used ./linked
  assert_output "$(readlink -f "$INCANT").image"
}

@test "run by its path, incant finds the image file without resolving /proc/self/exe" {
  # the path execve ran (AT_EXECFN) is enough; resolving /proc/self/exe
  # costs a new process some 15 microseconds, a tenth of its start-up
  command -v strace >/dev/null || skip "strace is not installed"
  strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here"
  in_tmp
  strace -f -o trace -e trace=readlink,openat "$INCANT" -e bye
  grep -q "$INCANT.image" trace
  run grep -c 'readlink("/proc/self/exe"' trace
  assert_output 0
}

@test "start-up maps each region once, around the image file, instead of mapping over or cutting up a reservation" {
  # mapping over what is mapped, or mprotect on part of a mapping, makes
  # the kernel split and unmap: twice the cost of a fresh mapping.  The
  # global block's fixed page comes from the file incant wrote
  # (--write-image), read-only and executable with the prelude after it
  # (one mapping): nothing is left to seal.
  command -v strace >/dev/null || skip "strace is not installed"
  strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here"
  in_tmp
  strace -o trace -e trace=mmap,mprotect,munmap "$INCANT" -e bye
  grep -q 'mmap(0x10001000, .*PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED_NOREPLACE, [0-9]*,' trace
  run grep -c 'MAP_FIXED[,|]\|munmap' trace
  assert_output 0
  run grep -c 'mprotect' trace
  assert_output 0
  grep -q 'mmap(0x10000000, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED_NOREPLACE, [0-9]*,' trace
  # a run that defines nothing maps none of the superinstruction code or
  # the line table: the regions grow as definitions need them
  run grep -c 'mmap(0xc000000,\|mmap(0x54000000,' trace
  assert_output 0
}

@test "a run from -e leaves the names region's page untouched: -e is found first there without reading it" {
  # the page would cost a fault (and a page table) that nothing else needs
  code='create buf 512 allot
    : show ( -- ) s" /proc/self/smaps" r/o open-file throw >r
      begin buf 512 r@ read-line throw while buf swap type cr repeat
      drop r> close-file throw ;
    show'
  run bash -c "'$INCANT' --std -e '$code' | awk '/^0f000000-/ { f = 1 } f && /^Rss:/ { print \$2; exit }'"
  assert_output 0
  # and it still names where a word was defined
  run "$INCANT" -e ': f 1 0 / ; f'
  [[ "$output" == *"in f (-e:1)"* ]]
}

@test "a marker forgets past what the xt map has mapped; a definition of long fused bodies outgrows the optimizer's estimate" {
  # the xt map is mapped as far as the newest word's bit; forgetting a
  # 50 MB allot cleared bits past it.  The code region is mapped whole at
  # its first superinstruction: the optimizer's room check is an
  # estimate that fused bodies of roll (84 bytes each) overrun
  run "$INCANT" -e 'marker m  50000000 allot  m .( ok) cr'
  ok_output "ok"
  in_tmp
  { echo ": r12 roll roll roll roll roll roll roll roll roll roll roll roll ;"
    for j in $(seq 100); do printf ": b$j "; for i in $(seq 30); do printf "r12 "; done; echo ";"; done
    echo ".( defined) cr"; } > fused.e
  run "$INCANT" fused.e
  ok_output "defined"
}

@test "start-up touches no page of the data region or the names region: its own state lives on pages it writes anyway" {
  # each page would cost a fault and a page table; the signal bindings
  # incant makes at start are in the global block (vm.signal_state)
  in_tmp
  paused_proc smaps >smaps
  run awk '/^0e000000-|^0f000000-/ { f = 1 } f && /^Rss:/ { print $2; f = 0 }' smaps
  assert_output "0
0"
}

@test "the regions grow as definitions need them: entries, the index, the xt map, lines, variables, superinstructions" {
  # 60000 definitions outgrow what the image holds of every table, a
  # 600 KB buffer the data region's first chunks; the words are found,
  # the buffer's last byte is there, a superinstruction runs, and a
  # backtrace names the words and lines from the tables
  in_tmp
  { for i in $(seq 1 60000); do echo ": w$i $i ;"; done
    echo "600000 buffer: big  big 599999 + constant last-byte  7 last-byte c!"
    echo ": sum 0 1000 0 do i + loop ;"
    echo "w1 . w30000 . w60000 . last-byte c@ . sum . cr"
    echo ": boom 1 0 / ;"
    echo ": outer boom ;"
    echo "outer"; } > grow.e
  cp "$INCANT" copied   # without the image file beside it: decompressed
  for binary in "$INCANT" ./copied; do
    run "$binary" grow.e
    assert_status 1
    [ "${lines[0]}" = "1 30000 60000 7 499500 " ]
    [[ "$output" == *"in boom (grow.e:60004)"*"in outer (grow.e:60005)"* ]]
  done
}

@test "a #! script starts from the image file beside incant, not beside itself" {
  # AT_EXECFN names the script there: /proc/self/exe names incant
  put_proc_printer maps.fs maps "#!$INCANT"
  in_tmp
  chmod +x maps.fs
  run bash -c "./maps.fs | awk '\$6 ~ /\\.image\$/ { print \$6 }' | sort -u"
  assert_output "$(readlink -f "$INCANT").image"
}

@test "incant's program headers load two segments: code and constants, then data" {
  # a constant table the compiler sends to .lrodata (-mlarge-data-threshold)
  # lands after .lbss in a segment of its own (boot/sys.h IN_RODATA), and
  # split code (-z separate-code) makes three more: mappings every exec
  # makes and every exit undoes
  command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
  # the flags: fields 7 to the last but one (R E is two)
  run bash -c "readelf -lW '$INCANT' |
    awk '\$1 == \"LOAD\" { f = \"\"; for (i = 7; i < NF; i++) f = f \$i; print f }'"
  assert_output "$(printf 'RE\nRW')"
}

@test "incant's data segment takes nothing from the file: no variable has a start value" {
  # a variable with a start value goes to .data, and then every exec maps
  # that page of the file as a mapping of its own, and copies it when
  # the first store lands (some 10 microseconds of start-up); zeroed
  # variables (.bss) are fresh memory, part of one mapping
  command -v readelf >/dev/null || skip "readelf (binutils) is not installed"
  run bash -c "readelf -lW '$INCANT' | awk '\$1 == \"LOAD\" && \$7 == \"RW\" { print \$5 }'"
  assert_output "0x000000"
  run bash -c "readelf -SW '$INCANT' | grep -c ' \\.data '"
  assert_output "0"
}

@test "an image file of another build, cut short, damaged or for another binary is not used" {
  in_tmp
  local image=$ALONE.image
  # another build: the id the embedded image carries differs
  cp "$INCANT.image" "$image"
  printf 'x' | dd of="$image" bs=1 seek=8 conv=notrunc status=none
  ! image_file_used "$ALONE"
  run "$ALONE" -e "6 7 * . bye"
  assert_output "42 "
  # cut short by a page
  cp "$INCANT.image" "$image"
  truncate -s -4096 "$image"
  ! image_file_used "$ALONE"
  # a mapping outside the regions (the header's first address, at 32)
  cp "$INCANT.image" "$image"
  printf '\0\0\0\0\0\0\0\0' | dd of="$image" bs=1 seek=32 conv=notrunc status=none
  ! image_file_used "$ALONE"
  run "$ALONE" -e "6 7 * . bye"
  assert_output "42 "
  # and the real one is used
  cp "$INCANT.image" "$image"
  image_file_used "$ALONE"
}

@test "an image file of another build beside a link to incant does not hide the one beside incant" {
  # looked for beside the path execve ran first (AT_EXECFN): a file there
  # that cannot be used sends the search on to /proc/self/exe's path
  in_tmp
  mkdir -p bin lib/incant
  ln -s "$INCANT" bin/incant
  cp "$INCANT.image" lib/incant/incant.image
  printf 'x' | dd of=lib/incant/incant.image bs=1 seek=8 conv=notrunc status=none
  image_file_used bin/incant
  assert_output "$(readlink -f "$INCANT").image"
}

@test "one image file that cannot be used does not hide the next place to look" {
  # bin/incant.image of another build and lib/incant/incant.image (make
  # install's) of this one: only a missing file sent the search on
  in_tmp
  mkdir -p bin lib/incant
  cp "$INCANT" bin/incant
  cp "$INCANT.image" lib/incant/incant.image
  cp "$INCANT.image" bin/incant.image
  printf 'x' | dd of=bin/incant.image bs=1 seek=8 conv=notrunc status=none
  image_file_used bin/incant
  assert_output "$PWD/lib/incant/incant.image"
  # a directory there is passed over the same way
  rm bin/incant.image && mkdir bin/incant.image
  image_file_used bin/incant
}

@test "a FIFO where the image file would be does not hold start-up" {
  # opened without O_NONBLOCK, it blocked until someone wrote to it
  in_tmp
  mkfifo "${ALONE}.image"
  run timeout 10 "$ALONE" -e "6 7 * . bye"
  assert_status 0
  assert_output "42 "
}

@test "an image file that others may write, or another user owns, is not trusted" {
  in_tmp
  local image=$ALONE.image
  cp "$INCANT.image" "$image"
  chmod 666 "$image"
  ! image_file_used "$ALONE"
  chmod 664 "$image"
  ! image_file_used "$ALONE"
  chmod 644 "$image"
  image_file_used "$ALONE"
  if [ "$(id -u)" = 0 ]; then
    chown nobody "$image"
    ! image_file_used "$ALONE"
  fi
}

@test "with the image file mapped, the prelude is still sealed: a store into it is refused" {
  run "$INCANT" -e "' dup 0 swap !"
  assert_status 1
  [[ "$output" == *"error -9"*"a store into the prelude, which is read-only"* ]]
}

@test "the same sources give the same image and image file, byte for byte" {
  in_tmp
  "$STAGE1" --write-snapshot a.bin a.image
  "$STAGE1" --write-snapshot b.bin b.image
  cmp a.bin b.bin
  cmp a.image b.image
  # and the build's own are those, but for the global block's fixed page,
  # which incant writes again with its own C addresses (--write-image, as
  # make does): the bytes that differ lie in one page, the one mapped at
  # the fixed page's address (0x10001000)
  [ "$(stat -c %s "$INCANT.image")" = "$(stat -c %s a.image)" ]
  run bash -c "cmp -l a.image '$INCANT.image' | awk '{ print int((\$1 - 1) / 4096) }' | sort -u"
  [ "${#lines[@]}" = 1 ]
  local page=${lines[0]}
  # the header's mappings: address, length, offset, protection, from byte 32
  run bash -c "od -An -tu8 -j32 -w32 -N \$((32 * 24)) a.image | awk '\$1 == 268439552 { print \$3 / 4096 }'"
  assert_output "$page"
  "$INCANT" --write-image c.image
  cmp c.image "$INCANT.image"
}

@test "start-up only reads the global block's fixed page, from the image file incant wrote; another binary's file works too" {
  in_tmp
  # mapped from the file with the prelude and read: never copied
  paused_proc smaps >smaps
  run awk '/^10001000-/ { f = 1; next } f && /^[0-9a-f]+-/ { f = 0 }
           f && /^(Private_Dirty|Anonymous):/ { print $1, $2 }' smaps
  assert_output "Private_Dirty: 0
Anonymous: 0"
  # incant-stage1's image file holds its own C addresses there: a binary
  # that maps it writes its own in, and seals the page again
  "$STAGE1" --write-snapshot s.bin "$ALONE.image"
  image_file_used "$ALONE"
  run "$ALONE" -e "6 7 * . bye"
  assert_output "42 "
  run "$ALONE" -e ": w ( -- ) ['] dup execute ; 5 w + . bye"
  assert_output "10 "
  run "$ALONE" -e "0x10001000 @ 0x10001000 ! bye"
  assert_status 1
  [[ "$output" == *"error -9"*"a store into the prelude, which is read-only"* ]]
}

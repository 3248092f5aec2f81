#!/bin/sh
# gen-load.sh DIR - write DIR/load.e (incant) and DIR/load.fs (standard
# Forth), the same 10,000-line program: two header lines, 9,997 lines that
# alternate a small colon definition and a use of it (and of an earlier
# word) added to a total, and a last line that checks the total.  Prints
# the expected total.
set -e
dir=$1
[ -n "$dir" ] || { echo "usage: gen-load.sh DIR" >&2; exit 2; }
awk -v efile="$dir/load.e" -v ffile="$dir/load.fs" 'BEGIN {
  print "variable total" > efile
  print "variable total" > ffile
  print ": check ( n expected -- ) over . cr <> if .\" FAIL\" cr 1 sys-exit then ;" > efile
  print ": check ( n expected -- ) over . cr <> if .\" FAIL\" cr abort then ;" > ffile
  total = 0; k = 0
  for (line = 3; line <= 9999; line++) {
    if (line % 2) {
      k++
      s = sprintf(": w%d ( -- n ) %d 3 * 1+ dup drop ;", k, k)
      val[k] = k * 3 + 1
    } else {
      h = int(k / 2) + 1
      s = sprintf("w%d w%d + total +!", k, h)
      total += val[k] + val[h]
    }
    print s > efile
    print s > ffile
  }
  printf "total @ %d check bye\n", total > efile
  printf "total @ %d check bye\n", total > ffile
  print total
}'

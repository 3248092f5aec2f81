#!/usr/bin/env bats
# The manual page, docs/incant.1: it renders cleanly with whatever man
# tools are installed (each test skips without its tool), and it agrees
# with the binary about the options and the version.

load helper

PAGE="$BATS_TEST_DIRNAME/../docs/incant.1"

setup() { in_tmp; }

@test "man -l renders the page without a warning" {
  need_tool man "rendering is checked with man (Debian package man-db)"
  run --separate-stderr env MANWIDTH=80 man --warnings -l "$PAGE"
  assert_status 0
  assert_stderr ""
  [[ "${lines[0]}" == "INCANT(1)"*"User Commands"*"INCANT(1)" ]]
  # every section the page promises is there, in order
  run bash -c "MANWIDTH=80 man -l '$PAGE' 2>/dev/null | grep -E '^[A-Z][A-Z ]+\$'"
  assert_output "NAME
SYNOPSIS
DESCRIPTION
OPTIONS
EXIT STATUS
ENVIRONMENT
FILES
EXAMPLES
SEE ALSO"
}

@test "groff -man -ww renders the page without a warning" {
  need_tool groff "rendering is checked with groff"
  run --separate-stderr groff -man -Tutf8 -ww -z "$PAGE"
  assert_status 0
  assert_stderr ""
}

@test "mandoc -T lint finds nothing in the page" {
  need_tool mandoc "the page is linted with mandoc when it is installed"
  run mandoc -T lint -W style "$PAGE"
  assert_status 0
  assert_output ""
}

# The options a page or a usage text lists, one a line, sorted.
help_options() {
  "$INCANT" --help | sed -nE 's/^  (-[^ ,]*(, -[^ ,]*)?).*/\1/p' | tr ',' '\n' |
    tr -d ' ' | LC_ALL=C sort
}
page_options() {
  # the line after each .TP in OPTIONS is a .B/.BI/.BR line naming options
  sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$PAGE" | sed 's/\\-/-/g' |
    awk 'after_tp { print; after_tp = 0 } /^\.TP/ { after_tp = 1 }' |
    tr ' ",' '\n\n\n' | grep -E '^-' | LC_ALL=C sort
}

@test "the page's OPTIONS section lists every option incant --help lists, and --" {
  help_options > help.txt
  page_options > page.txt
  grep -qx -- -e help.txt            # the usage text was read at all
  run comm -23 help.txt page.txt     # in --help, missing from the page
  assert_output ""
  grep -qx -- -- page.txt
}

@test "the page's title carries the version incant --version prints" {
  run incant --version
  assert_status 0
  version=${output#incant }
  run grep -c "^\.TH INCANT 1 [0-9-]* \"incant $version\" \"User Commands\"\$" "$PAGE"
  assert_output 1
}

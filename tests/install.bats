#!/usr/bin/env bats
# The Makefile's user-facing targets: `make install` and `make uninstall`
# into a staging directory (DESTDIR), and `make help`.

load helper

ROOT="$BATS_TEST_DIRNAME/.."

setup() {
  in_tmp
  stage=$BATS_TEST_TMPDIR/stage
}

# make_in_root ARGS...: make in the source tree, quietly
make_in_root() { make -s -C "$ROOT" "$@"; }

# files: the files and links under the stage, with their modes, sorted
files() {
  (cd "$stage" && find . \( -type f -o -type l \) -printf '%m %P\n' | LC_ALL=C sort)
}

@test "make install DESTDIR=... PREFIX=/usr puts each file in its place" {
  run make_in_root install DESTDIR="$stage" PREFIX=/usr
  assert_status 0
  run files
  assert_output "644 usr/bin/.debug/incant.debug
644 usr/lib/incant/incant.image
644 usr/share/bash-completion/completions/incant
644 usr/share/doc/incant/README.md
644 usr/share/doc/incant/docs/design.md
644 usr/share/doc/incant/docs/words.md
644 usr/share/incant/editors/emacs/incant-mode.el
644 usr/share/incant/editors/textmate/incant.tmLanguage.json
644 usr/share/incant/editors/vim/ftdetect/incant.vim
644 usr/share/incant/editors/vim/syntax/incant.vim
644 usr/share/man/man1/incant.1
644 usr/share/vim/vimfiles/ftdetect/incant.vim
644 usr/share/vim/vimfiles/syntax/incant.vim
644 usr/share/zsh/site-functions/_incant
755 usr/bin/incant"
  run "$stage/usr/bin/incant" -e '6 7 * . bye'
  assert_output "42 "
  # it starts from the image file installed for it
  run mapped_files "$stage/usr/bin/incant"
  assert_output "$stage/usr/lib/incant/incant.image"
}

@test "make install copies every file of editors/ and docs/*.md, unchanged" {
  make_in_root install DESTDIR="$stage" PREFIX=/usr
  cd "$ROOT"
  for f in $(find editors -type f) docs/*.md README.md; do
    case $f in
      editors/*) installed=$stage/usr/share/incant/$f ;;
      *) installed=$stage/usr/share/doc/incant/$f ;;
    esac
    cmp "$f" "$installed"
  done
  cmp docs/incant.1 "$stage/usr/share/man/man1/incant.1"
  cmp completions/incant.bash "$stage/usr/share/bash-completion/completions/incant"
}

@test "make uninstall removes what install put there and incant's own directories, nothing else" {
  make_in_root install DESTDIR="$stage" PREFIX=/usr
  echo "not incant's" > "$stage/usr/bin/other"
  run make_in_root uninstall DESTDIR="$stage" PREFIX=/usr
  assert_status 0
  run files
  assert_output "644 usr/bin/other"
  [ ! -e "$stage/usr/share/incant" ]
  [ ! -e "$stage/usr/share/doc/incant" ]
}

@test "make uninstall a second time, or with nothing installed, succeeds" {
  run make_in_root uninstall DESTDIR="$stage" PREFIX=/usr
  assert_status 0
  make_in_root install DESTDIR="$stage" PREFIX=/usr
  make_in_root uninstall DESTDIR="$stage" PREFIX=/usr
  run make_in_root uninstall DESTDIR="$stage" PREFIX=/usr
  assert_status 0
  run files
  assert_output ""
}

@test "make help lists every target the Makefile declares, one line each" {
  run make_in_root help
  assert_status 0
  targets=$(sed -n 's/^\.PHONY: *//p' "$ROOT/Makefile" | tr ' ' '\n' | grep .)
  for t in $targets; do
    [ "$(grep -c "^  make $t  *[a-z]" <<< "$output")" = 1 ] ||
      { echo "make help does not list $t once:"; echo "$output"; return 1; }
  done
  # and nothing that is not a target
  [ "$(grep -c '^  make ' <<< "$output")" = "$(wc -w <<< "$targets")" ]
  for t in run test bench fuzz install uninstall clean help; do
    grep -qw "$t" <<< "$targets"
  done
}

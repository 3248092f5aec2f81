#!/usr/bin/env bats
# Editor support (editors/): Vim, Emacs and the TextMate grammar detect
# incant files and highlight the same classes of word.  Each editor's tests
# skip when it is not installed; `make test` installs none of them.

load helper

EDITORS="$BATS_TEST_DIRNAME/../editors"

setup() {
  in_tmp
  # one of each class, on lines of their own where possible
  put sample.e '#!/usr/bin/env incant
~ sample.e - a note
: square ( n -- n*n ) dup * ;
variable hits  0x1F constant mask  -42 . 1+ drop
: count-down ( n -- ) begin dup . 1- dup 0= until drop ;
: risky ( -- ) s" a ( b ~ c" fail ;
'"'"' risky catch throw
'"'"' on-usr1 wrap-signal-handler SIGUSR1 bind-signal
'
  put tilde.e '~ tilde.e - no #! line, but a comment only incant has
: x ( -- ) ;
'
  put plain.e ': y ( -- ) ;
'
  put eiffel.e 'class HELLO
-- an Eiffel class
feature
end
'
  put greet '#!/usr/local/bin/incant
1 .
'
}

# --- Vim ------------------------------------------------------------------

need_vim() {
  need_tool vim "the Vim tests need it (apt-get install vim-nox)"
  vim --version | grep -q '+syntax' || skip "this vim has no +syntax"
}

# vim_run SCRIPT: run the Vim script SCRIPT with incant's files on the
# runtime path and filetype detection and syntax on; it writes its answers
# to out.txt, which becomes $output.
vim_run() {
  printf '%s\nqa!\n' "$1" > check.vim
  run vim -es -N -u NONE -i NONE --cmd "set rtp^=$EDITORS/vim" \
    -c 'filetype on' -c 'syntax on' -S check.vim
  assert_status 0 || return 1
  output=$(cat out.txt)
}

@test "vim: the syntax and ftdetect files load without an error" {
  need_vim
  run vim -es -N -u NONE -i NONE -c "source $EDITORS/vim/ftdetect/incant.vim" \
    -c "source $EDITORS/vim/syntax/incant.vim" \
    -c 'call writefile([v:errmsg, b:current_syntax], "out.txt")' -c 'qa!'
  assert_status 0
  [ "$(cat out.txt)" = "
incant" ]
}

@test "vim: a .e file with an incant #! or a ~ first line is incant; an Eiffel .e file is not" {
  need_vim
  vim_run 'let out = []
for f in ["sample.e", "tilde.e", "greet", "eiffel.e", "plain.e"]
  execute "edit " . f
  call add(out, f . " " . &filetype)
endfor
call writefile(out, "out.txt")'
  assert_output "sample.e incant
tilde.e incant
greet incant
eiffel.e eiffel
plain.e eiffel"
}

@test "vim: comments, strings, numbers, definitions, control flow and signal words get their groups" {
  need_vim
  vim_run 'function! Group(pattern)
  call cursor(1, 1)
  call search(a:pattern, "cW")
  return a:pattern . " " . synIDattr(synID(line("."), col("."), 1), "name")
endfunction
edit sample.e
call writefile(map(["#!", "\\~ sample", "a note", "( n --", "n\\*n", "^: square", "square",
  \ "hits", "mask", "0x1F", "-42", "1+", "begin", "until", "0=", "s\" a", "( b", "\\~ c", "fail",
  \ "catch", "throw", "wrap-signal-handler", "SIGUSR1", "\\s\\zsbind-signal"], "Group(v:val)"), "out.txt")'
  assert_output '#! incantShebang
\~ sample incantComment
a note incantComment
( n -- incantComment
n\*n incantComment
^: square incantDefine
square incantWordName
hits incantDataName
mask incantDataName
0x1F incantNumber
-42 incantNumber
1+ 
begin incantRepeat
until incantRepeat
0= 
s" a incantString
( b incantString
\~ c incantString
fail incantException
catch incantException
throw incantException
wrap-signal-handler incantSignal
SIGUSR1 
\s\zsbind-signal incantSignal'
}

# --- Emacs ----------------------------------------------------------------

need_emacs() {
  need_tool emacs "the Emacs tests need it (apt-get install emacs-nox)"
}

# emacs_run FORM: evaluate FORM in a batch Emacs that has loaded
# incant-mode; what it prints with `princ` becomes $output.
emacs_run() {
  run emacs --batch -Q -L "$EDITORS/emacs" -l incant-mode --eval "$1"
}

@test "emacs: incant-mode.el byte-compiles without a warning" {
  need_emacs
  cp "$EDITORS/emacs/incant-mode.el" .
  run emacs --batch -Q --eval '(setq byte-compile-error-on-warn t)' \
    -f batch-byte-compile incant-mode.el
  assert_status 0
  [ -f incant-mode.elc ]
}

@test "emacs: a .e file opens in incant-mode and its comments get font-lock-comment-face" {
  need_emacs
  emacs_run '(with-current-buffer (find-file-noselect "sample.e")
  (font-lock-ensure)
  (princ (format "%s\n" major-mode))
  (dolist (pattern (list "sample.e - a" "n -- n" ") s" "a ( b ~ c"))
    (goto-char (point-min))
    (search-forward pattern)
    (princ (format "%s %s\n" pattern (get-text-property (1- (point)) (quote face))))))'
  assert_status 0
  assert_output "incant-mode
sample.e - a font-lock-comment-face
n -- n font-lock-comment-face
) s font-lock-string-face
a ( b ~ c font-lock-string-face"
}

@test "emacs: definitions, control flow, numbers and signal words get their faces" {
  need_emacs
  emacs_run '(with-current-buffer (find-file-noselect "sample.e")
  (font-lock-ensure)
  (dolist (word (list "square" "hits" "mask" "0x1F" "-42" "1+" "begin" "until" "0="
                      "risky" "fail" "catch" "throw" "wrap-signal-handler"
                      "SIGUSR1" "bind-signal"))
    (goto-char (point-min))
    (re-search-forward (concat "\\_<" (regexp-quote word) "\\_>"))
    (princ (format "%s %s\n" word (get-text-property (match-beginning 0) (quote face))))))'
  assert_status 0
  assert_output "square font-lock-function-name-face
hits font-lock-variable-name-face
mask font-lock-variable-name-face
0x1F font-lock-constant-face
-42 font-lock-constant-face
1+ nil
begin font-lock-keyword-face
until font-lock-keyword-face
0= nil
risky font-lock-function-name-face
fail font-lock-builtin-face
catch font-lock-builtin-face
throw font-lock-builtin-face
wrap-signal-handler font-lock-builtin-face
SIGUSR1 nil
bind-signal font-lock-builtin-face"
}

@test "emacs: with an Eiffel mode on .e, only a .e file that starts like incant opens in incant-mode" {
  need_emacs
  run emacs --batch -Q --eval '(define-derived-mode eiffel-mode prog-mode "Eiffel")' \
    --eval '(add-to-list (quote auto-mode-alist) (quote ("\\.e\\'"'"'" . eiffel-mode)))' \
    -L "$EDITORS/emacs" -l incant-mode \
    --eval '(dolist (f (list "sample.e" "tilde.e" "greet" "eiffel.e" "plain.e"))
  (princ (format "%s %s\n" f (with-current-buffer (find-file-noselect f) major-mode))))'
  assert_status 0
  assert_output "sample.e incant-mode
tilde.e incant-mode
greet incant-mode
eiffel.e eiffel-mode
plain.e eiffel-mode"
}

# --- the TextMate grammar ------------------------------------------------

GRAMMAR="$EDITORS/textmate/incant.tmLanguage.json"

@test "textmate: the grammar is JSON naming source.incant, the .e type and the #! line" {
  if command -v jq >/dev/null 2>&1; then
    run jq -r '[.scopeName, (.fileTypes | join(",")), .firstLineMatch] | join(" ")' "$GRAMMAR"
  else
    need_tool python3 "reading the JSON grammar needs jq or python3"
    run python3 -c 'import json, sys; g = json.load(open(sys.argv[1]))
print(g["scopeName"], ",".join(g["fileTypes"]), g["firstLineMatch"])' "$GRAMMAR"
  fi
  assert_status 0
  assert_output 'source.incant e ^#!.*[/ ]incant(\s|$)'
}

@test "textmate: firstLineMatch takes incant's #! lines and no other" {
  need_tool python3 "the grammar's regexes are checked with Python's re"
  run python3 -c 'import json, re, sys
rx = re.compile(json.load(open(sys.argv[1]))["firstLineMatch"])
for line in sys.argv[2:]:
    print("yes" if rx.search(line) else "no", line)' "$GRAMMAR" \
    '#!/usr/bin/env incant' '#!/usr/local/bin/incant -e 1' '#!/bin/sh' \
    '#!/usr/bin/env incantation' '~ incant'
  assert_status 0
  assert_output 'yes #!/usr/bin/env incant
yes #!/usr/local/bin/incant -e 1
no #!/bin/sh
no #!/usr/bin/env incantation
no ~ incant'
}

@test "textmate: every regex compiles and each class gets its scope" {
  need_tool python3 "the grammar is run by tests/tm-scopes.py"
  run python3 "$BATS_TEST_DIRNAME/tm-scopes.py" "$GRAMMAR" sample.e
  assert_status 0
  assert_output '1:1 #!/usr/bin/env incant => comment.line.shebang.incant
2:1 ~ => punctuation.definition.comment.incant
2:3 sample.e - a note => comment.line.tilde.incant
3:1 : => storage.type.function.incant
3:3 square => entity.name.function.incant
3:10 ( => punctuation.definition.comment.begin.incant
3:12 n -- n*n => comment.block.parenthesis.incant
3:21 ) => punctuation.definition.comment.end.incant
3:23 dup * => -
3:29 ; => storage.type.function.incant
4:1 variable => storage.type.variable.incant
4:10 hits => variable.other.definition.incant
4:16 0x1F => constant.numeric.hex.incant
4:21 constant => storage.type.variable.incant
4:30 mask => variable.other.definition.incant
4:36 -42 => constant.numeric.decimal.incant
4:40 . 1+ drop => -
5:1 : => storage.type.function.incant
5:3 count-down => entity.name.function.incant
5:14 ( => punctuation.definition.comment.begin.incant
5:16 n -- => comment.block.parenthesis.incant
5:21 ) => punctuation.definition.comment.end.incant
5:23 begin => keyword.control.incant
5:29 dup . 1- dup 0= => -
5:45 until => keyword.control.incant
5:51 drop => -
5:56 ; => storage.type.function.incant
6:1 : => storage.type.function.incant
6:3 risky => entity.name.function.incant
6:9 ( => punctuation.definition.comment.begin.incant
6:11 -- => comment.block.parenthesis.incant
6:14 ) => punctuation.definition.comment.end.incant
6:16 s" => punctuation.definition.string.begin.incant
6:19 a ( b ~ c => string.quoted.double.incant
6:28 " => punctuation.definition.string.end.incant
6:30 fail => keyword.control.exception.incant
6:35 ; => storage.type.function.incant
7:1 '"'"' risky => -
7:9 catch => keyword.control.exception.incant
7:15 throw => keyword.control.exception.incant
8:1 '"'"' on-usr1 => -
8:11 wrap-signal-handler => support.function.signal.incant
8:31 SIGUSR1 => -
8:39 bind-signal => support.function.signal.incant'
}

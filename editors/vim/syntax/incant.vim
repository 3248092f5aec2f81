" Vim syntax file for incant, a Forth for x86-64 Linux (.e files).
"
" incant words are separated by white space and may contain any other
" character (`?do`, `+loop`, `buffer:`, `s"`), so every pattern here is
" anchored on white space: `\S\@1<!` is "at the start of a line or after
" white space" and `\S\@!` is "before white space or the end of the line".
" The classes are the ones editors/emacs/incant-mode.el and
" editors/textmate/incant.tmLanguage.json highlight too.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
" every printable character but the space belongs to a word
syn iskeyword 33-255

" control flow (core/core.e); `exit` and `recurse` leave or re-enter a word
syn keyword incantConditional if else then
syn keyword incantRepeat begin until while repeat again do ?do loop +loop
syn keyword incantStatement leave unloop exit recurse

" errors and signals: the words that change where control goes next
syn keyword incantException catch throw abort fail
syn keyword incantSignal bind-signal bind-signal-info bind-signal-with
syn keyword incantSignal bind-fault unbind-signal pass-signal pass-signal-info
syn keyword incantSignal wrap-signal-handler wrap-signal-handler-info
syn keyword incantSignal wrap-fault-handler raise install-crash-handler
syn keyword incantSignal install-fault-handlers install-interrupt-handler

" decimal or 0x hex, with an optional minus sign (boot/text.c, text_number)
syn match incantNumber "\S\@1<!-\=\%(0[xX]\x\+\|\d\+\)\S\@!"

" defining words, and the name that follows those that parse one
syn match incantDefine "\S\@1<!\%(:\|code\)\S\@!" nextgroup=incantWordName skipwhite skipnl
syn match incantDefine "\S\@1<!\%(constant\|variable\|buffer:\)\S\@!" nextgroup=incantDataName skipwhite skipnl
syn match incantDefine "\S\@1<!\%(;\|;asm\|end-code\|create\|immediate\)\S\@!"
syn match incantWordName "\S\+" contained
syn match incantDataName "\S\+" contained

" s" ." abort": the text starts after the one space that ends the word and
" runs to the next double quote, across lines if need be
syn region incantString start=+\S\@1<!\%(s\|\.\|abort\)"\S\@!+ end=+"+ contains=@Spell

" `~` to the end of the line, `( ... )` to the next `)`, and a #! first line
syn match incantComment "\S\@1<!\~\S\@!.*$" contains=incantTodo,@Spell
syn region incantComment start="\S\@1<!(\S\@!" end=")" contains=incantTodo,@Spell
syn match incantShebang "\%1l^#!.*$"
syn keyword incantTodo contained TODO FIXME XXX

hi def link incantConditional Conditional
hi def link incantRepeat      Repeat
hi def link incantStatement   Statement
hi def link incantException   Exception
hi def link incantSignal      Special
hi def link incantNumber      Number
hi def link incantDefine      Define
hi def link incantWordName    Function
hi def link incantDataName    Identifier
hi def link incantString      String
hi def link incantComment     Comment
hi def link incantShebang     PreProc
hi def link incantTodo        Todo

let b:current_syntax = "incant"

let &cpo = s:cpo_save
unlet s:cpo_save

" Detect incant source (.e files, and scripts that run incant).
"
" .e is also Eiffel's extension, and Vim's own detection gives every .e file
" to Eiffel (or Specman).  So a .e file becomes incant only when its first
" line says so: a #! line that runs incant, or a `~` comment, which an
" Eiffel file (comments are --) cannot start with.  Other .e files are left
" alone; a modeline such as `~ vim: ft=incant` settles the rest.
"
" Install: copy syntax/ and ftdetect/ into ~/.vim (or a package under
" ~/.vim/pack/*/start/), or `make install`, which puts them under
" $(PREFIX)/share/vim/vimfiles.

" `#!/usr/bin/env incant`, `#!/usr/local/bin/incant -e ...`
let s:shebang = '^#!.*[/ ]incant\%(\s\|$\)'
let s:tilde_comment = '^\s*\~\%(\s\|$\)'

autocmd BufNewFile,BufRead *.e,*.E
      \ if getline(1) =~# s:shebang || getline(1) =~# s:tilde_comment |
      \   set filetype=incant |
      \ endif

" a script of any name: only when nothing else has claimed it
autocmd BufNewFile,BufRead * if getline(1) =~# s:shebang | setfiletype incant | endif

;;; incant-mode.el --- Major mode for incant, a Forth for x86-64 Linux  -*- lexical-binding: t; -*-

;; Keywords: languages, forth
;; Package-Requires: ((emacs "25.1"))

;;; Commentary:

;; Highlighting and comment handling for incant source (.e files and
;; scripts whose first line is `#!/usr/bin/env incant').
;;
;; Install: put this file on `load-path' (`make install' copies it to
;; $(PREFIX)/share/incant/editors/emacs/) and add
;;
;;     (require 'incant-mode)
;;
;; to your init file.
;;
;; incant words are separated by white space and may contain any other
;; character, so the syntax table makes every printable character part of
;; a symbol.  The three things that are not plain words -- `~ ...' and
;; `( ... )' comments and `s" ..."' strings -- are found by
;; `incant-syntax-propertize', which gives their delimiters comment or
;; string syntax only where they stand as words of their own.  The classes
;; highlighted are the ones editors/vim and editors/textmate highlight too.

;;; Code:

(defgroup incant nil
  "Editing incant source."
  :group 'languages
  :prefix "incant-")

(defconst incant-control-words
  '("if" "else" "then" "begin" "until" "while" "repeat" "again"
    "do" "?do" "loop" "+loop" "leave" "unloop" "exit" "recurse")
  "Control-flow words of core/core.e.")

(defconst incant-important-words
  '("catch" "throw" "abort" "fail"
    "bind-signal" "bind-signal-info" "bind-signal-with" "bind-fault"
    "unbind-signal" "pass-signal" "pass-signal-info"
    "wrap-signal-handler" "wrap-signal-handler-info" "wrap-fault-handler"
    "raise" "install-crash-handler" "install-fault-handlers"
    "install-interrupt-handler")
  "Words that change where control goes next: exceptions and signals.")

(defconst incant-defining-words
  '(";" ";asm" "end-code" "create" "immediate")
  "Defining words that do not parse a name of their own.")

(defvar incant-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; every printable character is part of a word: `?do', `buffer:', `s"'
    (let ((c 33))
      (while (< c 127)
        (unless (or (and (>= c ?0) (<= c ?9))
                    (and (>= c ?a) (<= c ?z))
                    (and (>= c ?A) (<= c ?Z)))
          (modify-syntax-entry c "_" table))
        (setq c (1+ c))))
    ;; a `~' comment ends at the newline; its start is marked in the text
    (modify-syntax-entry ?\n ">" table)
    table)
  "Syntax table for `incant-mode'.")

(defun incant--word-at-p (beg end)
  "Non-nil when BEG..END is a whole word: white space (or the buffer's
edge) on both sides."
  (and (or (= beg (point-min)) (memq (char-before beg) '(?\s ?\t ?\n ?\r ?\f)))
       (or (= end (point-max)) (memq (char-after end) '(?\s ?\t ?\n ?\r ?\f)))))

(defconst incant--delimiter-regexp
  "~\\|(\\|)\\|\\(?:s\\|\\.\\|abort\\)?\""
  "Everything that may open or close a comment or a string.")

(defun incant-syntax-propertize (start end)
  "Mark the comments and strings of START..END.
A `~' or `(' word outside a string opens a comment, and the next `)'
closes a `(' comment; an `s\"', `.\"' or `abort\"' word opens a string
that the next `\"' closes.  Both may span lines, as in incant itself."
  (goto-char start)
  (while (and (< (point) end)
              (re-search-forward incant--delimiter-regexp end t))
    (let* ((beg (match-beginning 0))
           (last (1- (match-end 0)))
           (token (match-string-no-properties 0))
           (state (save-excursion (syntax-ppss beg)))
           (in-string (nth 3 state))
           (in-comment (nth 4 state)))
      (cond
       ;; inside a string only its closing quote matters
       (in-string
        (when (eq (char-after last) ?\")
          (put-text-property last (1+ last) 'syntax-table
                             (string-to-syntax "|"))
          (goto-char (1+ last))))
       ;; inside a ( comment only its closing paren matters
       ((and in-comment (eq (nth 7 state) 'syntax-table))
        (when (eq (char-after last) ?\))
          (put-text-property last (1+ last) 'syntax-table
                             (string-to-syntax "!"))
          (goto-char (1+ last))))
       (in-comment
        (goto-char (1+ last)))
       ((not (incant--word-at-p beg (match-end 0)))
        (goto-char (1+ beg)))
       ((string= token "~")
        (put-text-property beg (1+ beg) 'syntax-table (string-to-syntax "<")))
       ((string= token "(")
        (put-text-property beg (1+ beg) 'syntax-table (string-to-syntax "!")))
       ((member token '("s\"" ".\"" "abort\""))
        (put-text-property last (1+ last) 'syntax-table
                           (string-to-syntax "|")))))))

(defconst incant-font-lock-keywords
  ;; The syntax table makes every printable character part of a symbol, so
  ;; \\_< and \\_> are exactly the white space around an incant word.
  `(;; a #! first line
    ("\\`#!.*$" . font-lock-comment-face)
    ;; : name, code name
    ("\\_<\\(:\\|code\\)[ \t\n]+\\([^ \t\n]+\\)"
     (1 font-lock-keyword-face) (2 font-lock-function-name-face))
    ;; constant name, variable name, buffer: name
    ("\\_<\\(constant\\|variable\\|buffer:\\)[ \t\n]+\\([^ \t\n]+\\)"
     (1 font-lock-keyword-face) (2 font-lock-variable-name-face))
    ;; the word that opens a string is part of it, as its quote is
    ("\\_<\\(?:s\\|\\.\\|abort\\)\"" 0 font-lock-string-face keep)
    (,(regexp-opt incant-defining-words 'symbols) . font-lock-keyword-face)
    (,(regexp-opt incant-control-words 'symbols) . font-lock-keyword-face)
    (,(regexp-opt incant-important-words 'symbols) . font-lock-builtin-face)
    ;; decimal or 0x hex, with an optional minus sign (boot/text.c)
    ("\\_<-?\\(?:0[xX][0-9a-fA-F]+\\|[0-9]+\\)\\_>" . font-lock-constant-face))
  "Highlighting for `incant-mode' beyond comments and strings.")

;;;###autoload
(define-derived-mode incant-mode prog-mode "incant"
  "Major mode for incant, a Forth for x86-64 Linux.

Comments are `~' to the end of the line and `( ... )'; strings are
`s\" ...\"', `.\" ...\"' and `abort\" ...\"'.  Defining words and the
names they define, control flow, exceptions and signal words, and
numbers (decimal and 0x hex) are highlighted."
  :syntax-table incant-mode-syntax-table
  (setq-local syntax-propertize-function #'incant-syntax-propertize)
  (setq-local comment-start "~ ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "~+[ \t]*")
  (setq-local font-lock-defaults '(incant-font-lock-keywords))
  (setq-local indent-tabs-mode nil))

;;;###autoload
(defun incant--e-file-says-incant-p ()
  "Non-nil for a .e file whose first line is a `~' comment.
Called by `magic-mode-alist' with point at the start of the buffer."
  (and buffer-file-name
       (string-match-p "\\.e\\'" buffer-file-name)
       (looking-at "[ \t]*~\\(?:[ \t]\\|$\\)")))

;; A #! line that runs incant claims any file.  For .e, which Eiffel uses
;; too: a .e file whose first line is a `~' comment is incant's whatever
;; else is installed (magic-mode-alist is consulted before auto-mode-alist),
;; and other .e files are incant's only if no other mode claims .e (the
;; auto-mode-alist entry goes at the end of the list).
;;;###autoload
(add-to-list 'magic-mode-alist
             '("#!.*[/ ]incant\\(?:[ \t]\\|$\\)" . incant-mode))
;;;###autoload
(add-to-list 'magic-mode-alist '(incant--e-file-says-incant-p . incant-mode))
;;;###autoload
(add-to-list 'interpreter-mode-alist '("incant" . incant-mode))
;;;###autoload
(add-to-list 'auto-mode-alist '("\\.e\\'" . incant-mode) t)

(provide 'incant-mode)

;;; incant-mode.el ends here

/* docs.c - docs/words.md, the word reference, embedded for `help` and
 * `apropos` (lib/help.e).  It stays where the linker puts it, in the
 * binary's read-only data: start-up neither copies nor parses it, and
 * only those two words read it, when they run.  Both stages link this
 * file; the start-up image holds no C address, so the language reaches
 * the text through the helper `word-reference` (helpers.c).  The Makefile
 * rebuilds this file when docs/words.md changes. */
#include "docs.h"

__asm__(".section .rodata\n"
	".globl docs_words_start, docs_words_end\n"
	"docs_words_start:\n"
	".incbin \"docs/words.md\"\n"
	"docs_words_end:\n"
	".previous\n");

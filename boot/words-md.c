/* words-md.c - docs/words.md as it is, linked into incant-stage1 only:
 * the stage that writes the start-up image puts it there compressed
 * (docs.c, snapshot.c).  The Makefile rebuilds this file when
 * docs/words.md changes. */
__asm__(".section .rodata\n"
	".globl words_md_start, words_md_end\n"
	"words_md_start:\n"
	".incbin \"docs/words.md\"\n"
	"words_md_end:\n"
	".previous\n");

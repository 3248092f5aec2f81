/* image.c - the prelude as built by incant-stage1 (see snapshot.c),
 * embedded in the final binary.  The Makefile regenerates boot/image.bin
 * whenever boot/ or a prelude file changes. */
__asm__(".section .rodata\n"
	".balign 8\n"
	".globl boot_image_start, boot_image_end\n"
	"boot_image_start:\n"
	".incbin \"boot/image.bin\"\n"
	"boot_image_end:\n"
	".zero 16\n" /* lz.c may read a word past the end */
	".previous\n");

/* layout.h - the layouts C and the language share, declared once.
 *
 * The .e files read C's entries and signal frames, and the kernel's
 * signal, stat and time structs, by offset.  Those offsets are named here
 * (layout.c exports each as a constant before core/core.e loads), so no .e
 * file carries a bare 24 or 168, and the C code that reads the same
 * structs (error.c) uses the same declarations: vm.h's, and the kernel's
 * in sys.h. */
#ifndef INCANT_LAYOUT_H
#define INCANT_LAYOUT_H

#include "vm.h"

/* NEXT, the end of every primitive: lodsq (48 ad) ; jmp [rax] (ff 20).
 * Its four bytes read as a little-endian 32-bit number, for code that
 * appends it or looks for it (core/core.e `;asm`, lib/disasm.e). */
#define NEXT_CODE 0x20ffad48u
#define NEXT_SIZE 4

/* Define the constants of the table (layout.c) in the dictionary. */
void layout_define(void);

#endif

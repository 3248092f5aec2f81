/* stage1.c - what only incant-stage1 does: build the language from its
 * source (emit the primitives, interpret the prelude) and write what that
 * built as the start-up image (snapshot.c).  The Makefile links this file,
 * the prelude's source (prelude.c) and the word reference as it is (here)
 * into incant-stage1 only; incant carries the image instead, and the
 * linker's --gc-sections then leaves out the primitives' emitters, the
 * compressor and the image writer, which nothing there calls. */
#include "stage1.h"
#include "vm.h"
#include "prims.h"
#include "text.h"
#include "prelude.h"
#include "wordlist.h"
#include "snapshot.h"
#include "docs.h"
#include "layout.h"
#include "log.h"

/* docs/words.md as it is (docs.c reads it here, else from the image);
 * the Makefile rebuilds this file when docs/words.md changes. */
__asm__(".section .rodata\n"
	".globl words_md_start, words_md_end\n"
	"words_md_start:\n"
	".incbin \"docs/words.md\"\n"
	"words_md_end:\n"
	".previous\n");

/* The prelude's own words are built without superinstructions: they are
 * not where a program spends its time (a short one is still inlined into
 * the user's definitions, from its threaded body), and their fused copies
 * would double the start-up image. */
static void load_prelude(void)
{
	u64 interpret = prims_xt("interpret");
	VM->superinstructions = 0;
	for (const struct prelude_file *p = prelude; p->name; p++) {
		text_push_string(p->name, p->start, (u64)(p->end - p->start));
		prims_run(interpret);
		text_pop();
	}
	VM->superinstructions = 1;
}

void stage1_build(void)
{
	/* the sources' names most runs give, first in the names region: a
	 * run that only asks for them (log_name) leaves the region's page
	 * untouched, neither read nor copied */
	log_names_first();
	wordlist_init();
	prims_emit();
	layout_define();
	VMF->throw_xt = prims_xt("fatal-error");
	load_prelude();
	u64 docs_len;
	const char *docs = docs_words(&docs_len);
	wordlist_publish(docs, docs + docs_len);
}

void stage1_list_prims(void)
{
	prims_list();
}

bool stage1_write_image(const char *path, const char *file_path)
{
	/* where this run's C stack was (the process's, placed at random):
	 * set again whenever Forth is entered, and left out so that the
	 * same sources always give the same image */
	VM->c_rsp = 0;
	/* nor which control stack levels this run mapped: a start maps
	 * none (start.c reset_machine), and incant --write-image writes
	 * the image file again as a start leaves it */
	memset(VM->level_mapped, 0, sizeof VM->level_mapped);
	return snapshot_write(path, file_path);
}

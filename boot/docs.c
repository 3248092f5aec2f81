/* docs.c - docs/words.md, the word reference, for `help` and `apropos`
 * (lib/help.e, through the helper `word-reference`) and for the words'
 * one-line summaries (wordlist_publish).  incant-stage1 links the text
 * as it is (stage1.c); incant carries it compressed in the start-up
 * image (snapshot.c), in less than half the size, and decompresses it
 * the first time one of those words asks: start-up never reads it. */
#include "docs.h"
#include "snapshot.h"

extern const char words_md_start[] __attribute__((weak));
extern const char words_md_end[] __attribute__((weak));

const char *docs_words(u64 *len)
{
	if (words_md_start) {
		*len = (u64)(words_md_end - words_md_start);
		return words_md_start;
	}
	return snapshot_docs(len);
}

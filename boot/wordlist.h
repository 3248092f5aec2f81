/* wordlist.h - wordlists, the search order, the prelude's public face. */
#ifndef INCANT_WORDLIST_H
#define INCANT_WORDLIST_H

#include "vm.h"

void wordlist_init(void);
/* Move every prelude word docs/words.md does not document (the text
 * doc..end) to its library's private wordlist. */
void wordlist_publish(const char *doc, const char *end);
struct entry *wordlist_find_anywhere(const char *name, u64 len);
bool wordlist_in_view(struct entry *e);

/* helpers (see helpers.c's table) */
u64 *h_wordlist(u64 *sp);
u64 *h_vocabulary(u64 *sp);
u64 *h_get_current(u64 *sp);
u64 *h_set_current(u64 *sp);
u64 *h_get_order(u64 *sp);
u64 *h_set_order(u64 *sp);
u64 *h_top_order(u64 *sp);
u64 *h_search_wordlist(u64 *sp);

#endif

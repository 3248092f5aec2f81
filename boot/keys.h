/* keys.h - keys from a terminal in raw mode, decoded. */
#ifndef INCANT_KEYS_H
#define INCANT_KEYS_H

#include "sys.h"

enum key_code {
	KEY_TEXT,        /* one character, its UTF-8 bytes in text */
	KEY_ENTER,
	KEY_TAB,
	KEY_BACKSPACE,
	KEY_DELETE,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_UP,
	KEY_DOWN,
	KEY_HOME,
	KEY_END,
	KEY_WORD_LEFT,
	KEY_WORD_RIGHT,
	KEY_KILL_END,
	KEY_KILL_START,
	KEY_KILL_WORD,
	KEY_YANK,
	KEY_CLEAR,
	KEY_SEARCH,
	KEY_CANCEL,      /* Ctrl-G */
	KEY_ESCAPE,      /* Esc alone */
	KEY_INTERRUPT,   /* Ctrl-C */
	KEY_EOF,         /* Ctrl-D */
	KEY_SUSPEND,     /* Ctrl-Z */
	KEY_IGNORED,     /* a key or sequence with no meaning here */
	KEY_SIGNAL,      /* the read was interrupted by a signal */
	KEY_CLOSED,      /* the terminal is gone */
};

struct key {
	enum key_code code;
	u8 text[4];
	u8 len;
};

/* Bytes already read that no key has used yet. */
bool key_buffered(void);
/* The next key; waits for it. */
void key_read(struct key *k);
/* Forget buffered bytes (a new session of the terminal). */
void key_reset(void);

#endif

/* keys.c - turn the bytes a terminal sends in raw mode into keys.
 *
 * Control characters are keys by themselves (Ctrl-A is 0x01).  Escape
 * starts a sequence: ESC [ ... final (CSI, ECMA-48 §5.4: parameter bytes
 * 0x30-0x3f, intermediate bytes 0x20-0x2f, a final byte 0x40-0x7e),
 * ESC O x (SS3, what some terminals send for arrows and Home/End), or
 * ESC x (Alt-x).  A sequence is always consumed whole, so an unknown
 * one is ignored instead of typed.  A lone Esc is told apart from the
 * start of a sequence by a pause: the bytes of one sequence arrive
 * together. */
#include "keys.h"
#include "terminal.h"

/* Long enough for the rest of a sequence sent in one write to arrive
 * even over a slow link; short enough that Esc alone feels immediate. */
#define KEY_PAUSE_MS 100

static u8 key_buf[512];
static u32 key_len, key_pos;

bool key_buffered(void)
{
	return key_pos < key_len;
}

void key_reset(void)
{
	key_len = key_pos = 0;
}

/* Fill the buffer; the read's result. */
static i64 key_fill(void)
{
	i64 r = term_read(key_buf, sizeof key_buf);
	key_pos = 0;
	key_len = r > 0 ? (u32)r : 0;
	return r;
}

/* The next byte of a sequence already begun, or -1 when none comes
 * within the pause. */
static int key_next_byte(void)
{
	if (key_pos == key_len &&
	    (!term_wait_input(KEY_PAUSE_MS) || key_fill() <= 0))
		return -1;
	return key_buf[key_pos++];
}

static void key_unread(void)
{
	key_pos--;
}

static void key_set(struct key *k, enum key_code code)
{
	k->code = code;
	k->len = 0;
}

/* The final byte of an arrow, Home or End, in both CSI and SS3 forms. */
static enum key_code key_final(int c)
{
	switch (c) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	default: return KEY_IGNORED;
	}
}

/* ESC [ n ~, the VT220 editing keys (and rxvt's 7~ 8~ for Home, End). */
static enum key_code key_tilde(u32 n)
{
	switch (n) {
	case 1: case 7: return KEY_HOME;
	case 4: case 8: return KEY_END;
	case 3: return KEY_DELETE;
	default: return KEY_IGNORED;
	}
}

/* ESC [ params final.  Only the first two numbers of the parameters
 * matter: the key (1~ Home, 3~ Delete, 4~ End, and the rxvt 7~ 8~) and
 * a modifier (3 Alt, 5 Ctrl: with an arrow, move by word). */
static void key_csi(struct key *k)
{
	u32 num[2] = { 0, 0 };
	int n = 0, c;
	while ((c = key_next_byte()) >= 0x30 && c <= 0x3f) {
		if (c >= '0' && c <= '9' && n < 2)
			num[n] = num[n] * 10 + (u32)(c - '0');
		else if (c == ';')
			n++;
	}
	while (c >= 0x20 && c <= 0x2f)
		c = key_next_byte();
	key_set(k, KEY_IGNORED);
	if (c < 0x40 || c > 0x7e) {
		if (c >= 0)
			key_unread(); /* not part of it: the start of a key */
		return;
	}
	bool word = n >= 1 && (num[1] == 3 || num[1] == 5);
	if (c == '~')
		k->code = key_tilde(num[0]);
	else if (word && (c == 'C' || c == 'D'))
		k->code = c == 'C' ? KEY_WORD_RIGHT : KEY_WORD_LEFT;
	else
		k->code = key_final(c);
}

/* ESC O x */
static void key_ss3(struct key *k)
{
	key_set(k, key_final(key_next_byte()));
}

static void key_escape(struct key *k)
{
	int c = key_next_byte();
	key_set(k, KEY_IGNORED);
	if (c < 0) {
		k->code = KEY_ESCAPE;
	} else if (c == 0x1b) {
		key_unread(); /* Esc, then a key that starts with Esc */
		k->code = KEY_ESCAPE;
	} else if (c == '[') {
		key_csi(k);
	} else if (c == 'O') {
		key_ss3(k);
	} else if (c == 'b' || c == 'B') {
		k->code = KEY_WORD_LEFT;
	} else if (c == 'f' || c == 'F') {
		k->code = KEY_WORD_RIGHT;
	} else if (c == 0x7f || c == 0x08) {
		k->code = KEY_KILL_WORD; /* Alt-Backspace */
	}
}

/* The length of a UTF-8 sequence from its first byte; 0 when the byte
 * cannot start one (RFC 3629 §4: C0, C1 and F5..FF never appear). */
static int key_utf8_length(u8 c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* A printable character: gather the whole UTF-8 sequence, so that a
 * character is inserted in one piece.  A broken sequence is dropped. */
static void key_text(struct key *k, u8 first)
{
	int n = key_utf8_length(first);
	key_set(k, KEY_IGNORED);
	if (!n)
		return;
	k->text[0] = first;
	for (int i = 1; i < n; i++) {
		int c = key_next_byte();
		if (c < 0 || (c & 0xc0) != 0x80) {
			if (c >= 0)
				key_unread();
			return;
		}
		k->text[i] = (u8)c;
	}
	k->code = KEY_TEXT;
	k->len = (u8)n;
}

/* Control characters, by their ASCII value. */
static enum key_code key_control(u8 c)
{
	switch (c) {
	case 0x01: return KEY_HOME;        /* Ctrl-A */
	case 0x02: return KEY_LEFT;        /* Ctrl-B */
	case 0x03: return KEY_INTERRUPT;   /* Ctrl-C */
	case 0x04: return KEY_EOF;         /* Ctrl-D */
	case 0x05: return KEY_END;         /* Ctrl-E */
	case 0x06: return KEY_RIGHT;       /* Ctrl-F */
	case 0x07: return KEY_CANCEL;      /* Ctrl-G */
	case 0x08: return KEY_BACKSPACE;   /* Ctrl-H */
	case 0x09: return KEY_TAB;
	case 0x0a: return KEY_ENTER;       /* Ctrl-J */
	case 0x0b: return KEY_KILL_END;    /* Ctrl-K */
	case 0x0c: return KEY_CLEAR;       /* Ctrl-L */
	case 0x0d: return KEY_ENTER;       /* Enter in raw mode */
	case 0x0e: return KEY_DOWN;        /* Ctrl-N */
	case 0x10: return KEY_UP;          /* Ctrl-P */
	case 0x12: return KEY_SEARCH;      /* Ctrl-R */
	case 0x15: return KEY_KILL_START;  /* Ctrl-U */
	case 0x17: return KEY_KILL_WORD;   /* Ctrl-W */
	case 0x19: return KEY_YANK;        /* Ctrl-Y */
	case 0x1a: return KEY_SUSPEND;     /* Ctrl-Z */
	case 0x7f: return KEY_BACKSPACE;
	default: return KEY_IGNORED;
	}
}

void key_read(struct key *k)
{
	if (!key_buffered()) {
		i64 r = key_fill();
		if (r == -EAGAIN) /* a non-blocking terminal: wait, never spin */
			term_wait_input(-1);
		if (r <= 0) {
			key_set(k, r == -EINTR || r == -EAGAIN ? KEY_SIGNAL
							       : KEY_CLOSED);
			return;
		}
	}
	u8 c = key_buf[key_pos++];
	if (c == 0x1b)
		key_escape(k);
	else if (c < 0x20 || c == 0x7f)
		key_set(k, key_control(c));
	else
		key_text(k, c);
}

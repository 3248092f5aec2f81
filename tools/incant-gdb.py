# tools/incant-gdb.py - gdb sees incant's Forth.
#
#   gdb -x tools/incant-gdb.py --args ./incant prog.e
#
# Commands:
#   forth-word ADDR   which Forth word holds ADDR: an entry of the log (its
#                     code, body or header), or a superinstruction, the
#                     primitive copied there and the definition it belongs to
#   forth-bt          the Forth backtrace of the selected frame: the running
#                     word, then each return point on the control stack, as
#                     a colon definition with file:line; through signal
#                     handlers to what they interrupted
#   forth-stack       the value stack of the selected frame, deepest first,
#                     as `.s` prints it
#   forth-barriers [on|off]
#                     let SIGSEGV pass to incant without stopping or
#                     printing (also: `set $incant_barriers = 1` before
#                     loading this file).  Off by default, because a stop at
#                     a fault is usually what you want; a program that uses
#                     memory barriers takes SIGSEGV on purpose, often.
#
# It also teaches gdb's own `bt` about Forth (see ForthUnwinder): frames in
# the log or the superinstruction region are unwound to the signal frame
# when a signal handler is running, else to the C code that entered Forth,
# so `bt` inside a Forth signal handler shows `<signal handler called>` and
# what it interrupted, whatever the value stack holds.  A frame filter
# names those frames after their Forth words.
#
# What gdb's bt shows, stopped at a breakpoint on a C helper that a Forth
# SIGUSR1 handler calls (tests/observe.bats checks it):
#
#   #0  h_find ()                      the helper: gcc's unwind tables
#   #1  find ()                        the primitive that called it
#   #2  <signal handler called>        gdb's own signal-frame unwinder
#   #3  syscall-2 in super:raise+8 {self-tid @ swap SYS_tkill syscall-2 drop} ()
#   #4  start_c ()                     the C that entered Forth
#   #5  _start ()
#
# All the Forth code of one level (a handler, or what it interrupted) is
# one gdb frame: threaded code makes no machine frames, its calls live on
# the control stack.  forth-bt shows those.  (With frame filters on, gdb
# prints frame #2 with its address, `0x... in <signal handler called> ()`;
# `bt -no-filters` prints it bare.)
#
# Why an unwinder in Python rather than unwind tables for the generated
# code (gdb's JIT interface, __jit_debug_register_code with an in-memory
# ELF holding .eh_frame): a CFI rule says where the caller's frame is from
# the registers at each pc, and Forth code has no such rule -- a handler
# word's threaded code moves rsp by whatever it pushes, so at a pc in `dup`
# nothing but a search says how far up the signal frame is.  Tables could
# cover the trampoline's own first instructions only, or every code word
# if each trampoline stored rsp in a fixed cell (a change to the
# trampolines DESIGN §7 fixes, and a store per signal); and the runtime
# would have to build and register ELF objects for a debugger's sake.  The
# search here finds the frame exactly (see find_signal_frame) at no cost to
# incant.
#
# Everything is read from the inferior's memory (or a core file); nothing
# here calls into incant.  The layout of incant's memory, which this file
# must agree with, is in one block below.

import bisect
import struct

import gdb
from gdb.FrameDecorator import FrameDecorator
from gdb.unwinder import Unwinder

# ==== incant's layout: keep in step with boot/vm.h, boot/prims.c, ========
# ==== boot/snapshot.c, boot/lz.c and lib/signals.e                 ========

PAGE = 0x1000
LOG_BASE, LOG_SIZE = 0x10000000, 0x40000000          # the log
LOG_GAP = 0x4000000                                  # inaccessible, after it
LINES_BASE = LOG_BASE + LOG_SIZE + LOG_GAP           # line table
CODE_BASE, CODE_SIZE = 0x0C000000, 0x2000000         # superinstructions
SUPERMAP_BASE, SUPERMAP_SIZE = 0x0B000000, 0x1000000 # their piece map
DATA_BASE, DATA_SIZE = 0x0E000000, 0xFF0000          # variables
DATA_GAP = 0x10000                                   # inaccessible, after them
NAMES_BASE, NAMES_SIZE = 0x0F000000, 0x1000000       # source names
GUARD = 0x10000


def _stack(base, size):
    """(lowest usable address, top) of a stack mapped with guards."""
    return (base + GUARD, base + GUARD + size)


VSTACK = _stack(0x60010000, 0x100000)     # value stack; rsp starts at top
CSTACK = _stack(0x68000000, 0x100000)     # control stack region 0; rbp
SIGSTACK = _stack(0x6C000000, 0x20000)    # alternate signal stack
ESTACK = _stack(0x6D000000, 0x4000)       # emergency control stack
C_STACK = _stack(0x5FEF0000, 0x110000)    # the C helpers' stack (vm.h CSTACKC)
# Each level of the text interpreter runs on a control stack region of its
# own, CSTACK_STRIDE below the one before (boot/vm.h); vm.level_rbp[k] is
# the rbp level k switched away from, valid for k <= vm.level.
CSTACK_STRIDE, CSTACK_LEVELS = 0x200000, 32
CSTACKS = [_stack(0x68000000 - k * CSTACK_STRIDE, 0x100000) for k in range(CSTACK_LEVELS)]

# Stacks that hold control-stack frames (rbp), and those that hold value
# stack cells (rsp; the signal stack too: handlers run on it).  A walk
# goes from rbp to the top of the region holding it, then on from the rbp
# its level switched away from.
CONTROL_STACKS = CSTACKS + [ESTACK]
VALUE_STACKS = [VSTACK, SIGSTACK]

# struct vm_fixed, the page after struct vm's (boot/vm.h VM_END; u64
# fields, offsets in bytes)
VMF = LOG_BASE + 0x1000
VMF_DOCOL, VMF_DOVAR, VMF_DOCON = 0, 8, 16
VMF_ENTER_FORTH, VMF_THROW_FROM, VMF_THROW_STUB = 40, 48, 56
VMF_C_TEXT_START, VMF_C_TEXT_END = 64, 72
VMF_N_HELPERS = 96
VMF_PRIMS = 80 + 8 * VMF_N_HELPERS + 8            # after helpers[], n_prims
VMF_MAX_PRIMS, VMF_PRIM_INFO = 128, 12            # struct prim_info: u32 u32 u8 u8 u16
VMF_XTS = VMF_PRIMS + VMF_MAX_PRIMS * VMF_PRIM_INFO
# xt_lit, xt_branch, xt_0branch, xt_exit, xt_squote, xt_do, xt_qdo, xt_loop,
# xt_ploop, in that order from VMF_XTS
XT_NAMES = ["lit", "branch", "0branch", "exit", "(s\")", "(do)", "(?do)",
            "(loop)", "(+loop)"]

# struct vm: placed to end where the sealed prelude begins, so where it
# starts depends on its size; vm_fixed.vm_block, after the interpreter
# routines of data words, says (VM_BLOCK below)
VMF_VM_BLOCK = VMF_XTS + 9 * 8 + 5 * 8
VMF_VM_END = VMF_VM_BLOCK + 8


def vm_block(mem):
    """Where struct vm lies in the process mem reads."""
    return mem.u64(VMF + VMF_VM_BLOCK)


def vm_end(mem):
    """Where it ends: the user variables lie just before (VM_HERE ...)."""
    return mem.u64(VMF + VMF_VM_END)

VM_HERE, VM_LATEST = -64, -56   # from vm_end: users write near them
VM_SAVE_RSP, VM_C_RSP = 24, 32
VM_N_LINES, VM_CODE_HERE, VM_N_PIECES = 56, 112, 136
VM_LEVEL, VM_LEVEL_RBP = 144, 152   # boot/vm.h pins these offsets (GDB_OFFSET)

# struct entry: link +0, flags +8 (u8), len +9 (u8), line +12 (u32),
# file +16, name +24 (NUL-terminated, padded to 8), then the codeword.
# Entries lie in address order, each linked to the one before it, the
# newest in vm.latest (Forth.entries walks that chain: with wordlists, it
# must visit every list's entries).
E_LINK, E_FLAGS, E_LEN, E_LINE, E_FILE, E_NAME = 0, 8, 9, 12, 16, 24
F_HIDDEN = 0x02

# line table records: (u32 offset from LOG_BASE, u32 line)
# superinstruction map records: (u32 offset from CODE_BASE, u32 primitive
# xt, u32 inlined definition xt or 0, u32 pad)
LINE_REC, PIECE_REC = 8, 16

# A superinstruction: [cells it covers][xt it replaced][codeword = xt+8]
# [code]; its xt sits in the body cell where the run starts.
SUPER_CELLS, SUPER_REPLACED = -16, -8

# The C boundary (prims.c emit_c_call): a primitive calling C keeps rsi in
# rbx.  enter_forth pushes rbx rbp r12 r13 r14 r15 on C's stack, then saves
# rsp in vm.c_rsp: the frame of the C code that entered Forth.
ENTER_FORTH_SAVED = ["r15", "r14", "r13", "r12", "rbp", "rbx"]   # from c_rsp up

# A signal trampoline (lib/signals.e): a hidden entry named signal-handler
# holding `mov rax, <xt> ; jmp [rax]` (48 b8 imm64 ff 20); its second half
# A: .quad A+8 ; A+8: .quad A+16 ; ret -- A is what the handler word's
# docol pushes on the control stack.
TRAMPOLINE_NAME = "signal-handler"

# The kernel's x86-64 signal frame (arch/x86/include/asm/sigframe.h,
# uapi/asm/sigcontext.h): at P the return address (the restorer), the
# ucontext at P+8 -- uc_link +8, uc_mcontext +40 (r8..r15, rdi, rsi, rbp,
# rbx, rdx, rax, rcx, rsp, rip at +128, eflags, cs at +144, fpstate at
# +184) -- then the siginfo (filled for SA_SIGINFO only), then the FPU
# state, 64-byte aligned, which fpstate points at.  The restorer is
# `mov rax, 15 ; syscall`.
UC_LINK, UC_MCONTEXT, UC_SIZE = 8, 40, 304
MC_CS, MC_FPSTATE = 144, 184
FPSTATE_WITHIN = 0x10000     # how far above P the FPU state may lie
USER_CS = 0x33
SIGRETURN_CODE = bytes([0x48, 0xC7, 0xC0, 0x0F, 0, 0, 0, 0x0F, 0x05])

# The start-up image (snapshot.c): "incant-4", a record count, an id, then per
# record (address, length, compressed length, form, bytes padded to 8),
# compressed as lz.c does.  The line table and the piece map stay
# compressed until an error needs them (snapshot_load_deferred);
# kept_image is non-zero until then.  Form 1 (FORM_DELTA32, the line
# table): u32 fields stored as differences, form >> 8 fields a record.
IMAGE_MAGIC = b"incant-4"
LZ_MIN_MATCH = 4
FORM_DELTA32 = 1
DEFERRED = [(LINES_BASE, 0x4000000), (SUPERMAP_BASE, SUPERMAP_SIZE)]

# ==== end of the layout ===================================================


def _stack_of(addr, stacks):
    for lo, hi in stacks:
        if lo <= addr <= hi:
            return (lo, hi)
    return None


def _signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


class Memory:
    """Reads of the inferior in 64 KiB chunks, kept for one command (or
    one unwinder call): the program does not run meanwhile."""

    CHUNK = 0x10000

    def __init__(self):
        self.inferior = gdb.selected_inferior()
        self.chunks = {}

    def _chunk(self, base):
        if base not in self.chunks:
            try:
                data = bytes(self.inferior.read_memory(base, self.CHUNK))
            except gdb.MemoryError:
                data = self._pages(base)
            self.chunks[base] = data
        return self.chunks[base]

    def _pages(self, base):
        """A chunk read page by page: unreadable pages become None."""
        pages = []
        for p in range(base, base + self.CHUNK, PAGE):
            try:
                pages.append(bytes(self.inferior.read_memory(p, PAGE)))
            except gdb.MemoryError:
                pages.append(None)
        return pages

    def read(self, addr, n):
        out = bytearray()
        while n > 0:
            base = addr & ~(self.CHUNK - 1)
            chunk = self._chunk(base)
            off = addr - base
            take = min(n, self.CHUNK - off)
            if isinstance(chunk, list):
                page = chunk[off // PAGE]
                if page is None:
                    raise gdb.MemoryError("cannot read 0x%x" % addr)
                take = min(take, PAGE - off % PAGE)
                out += page[off % PAGE:off % PAGE + take]
            else:
                out += chunk[off:off + take]
            addr += take
            n -= take
        return bytes(out)

    def u64(self, addr):
        return struct.unpack("<Q", self.read(addr, 8))[0]

    def u32(self, addr):
        return struct.unpack("<I", self.read(addr, 4))[0]

    def u16(self, addr):
        return struct.unpack("<H", self.read(addr, 2))[0]

    def u8(self, addr):
        return self.read(addr, 1)[0]

    def cstring(self, addr, limit=256):
        try:
            s = self.read(addr, limit)
        except gdb.MemoryError:
            return "?"
        return s.split(b"\0", 1)[0].decode("utf-8", "replace")

    def readable(self, addr, n=1):
        try:
            self.read(addr, n)
            return True
        except gdb.MemoryError:
            return False


# ---- the start-up image: what is still compressed -----------------------

def _lz_decompress(src, out_n):
    out = bytearray()
    p, n = 0, len(src)

    def length(p, v):
        while True:
            b = src[p]
            p += 1
            v += b
            if b != 255:
                return p, v

    while p < n:
        token = src[p]
        p += 1
        nlit, mlen = token >> 4, token & 15
        if nlit == 15:
            p, nlit = length(p, nlit)
        out += src[p:p + nlit]
        p += nlit
        if p >= n:
            break
        dist = src[p] | src[p + 1] << 8
        p += 2
        if mlen == 15:
            p, mlen = length(p, mlen)
        mlen += LZ_MIN_MATCH
        start = len(out) - dist
        if dist >= mlen:
            out += out[start:start + mlen]
        else:
            for i in range(mlen):
                out.append(out[start + i])
    return bytes(out[:out_n])


def _delta32_undo(data, stride):
    w = list(struct.unpack("<%dI" % (len(data) // 4), data[:len(data) // 4 * 4]))
    for i in range(stride, len(w)):
        w[i] = (w[i] + w[i - stride]) & 0xFFFFFFFF
    return struct.pack("<%dI" % len(w), *w)


_image_runs = {}


def _symbol_address(name):
    try:
        return int(gdb.parse_and_eval("(unsigned long)&%s" % name))
    except gdb.error:
        return None


def _deferred_runs(mem):
    """[(address, bytes)] of the image's runs that incant has not yet
    decompressed (empty once it has, or with no image)."""
    kept = _symbol_address("kept_image")
    start = _symbol_address("boot_image_start")
    end = _symbol_address("boot_image_end")
    if kept is None or start is None or end is None or not mem.u64(kept):
        return []
    key = (start, end)
    if key not in _image_runs:
        image = bytes(gdb.selected_inferior().read_memory(start, end - start))
        runs = []
        if image[:8] == IMAGE_MAGIC:
            count = struct.unpack_from("<Q", image, 8)[0]
            p = 24
            for _ in range(count):
                addr, length, size, form = struct.unpack_from("<QQQQ", image, p)
                p += 32
                if any(b <= addr < b + s for b, s in DEFERRED):
                    data = _lz_decompress(image[p:p + size], length)
                    if form & 255 == FORM_DELTA32:
                        data = _delta32_undo(data, form >> 8)
                    runs.append((addr, data))
                p += (size + 7) & ~7
        _image_runs[key] = runs
    return _image_runs[key]


# ---- a view of the Forth system, for one command --------------------------

class Entry:
    def __init__(self, mem, addr):
        self.addr = addr
        self.link = mem.u64(addr + E_LINK)
        self.flags = mem.u8(addr + E_FLAGS)
        length = mem.u8(addr + E_LEN)
        self.line = mem.u32(addr + E_LINE)
        self._file = mem.u64(addr + E_FILE)
        self.name = mem.read(addr + E_NAME, length).decode("utf-8", "replace")
        self.xt = addr + E_NAME + ((length + 1 + 7) & ~7)
        self.codeword = mem.u64(self.xt)
        self.end = None    # the next entry, or here
        self._mem = mem

    @property
    def file(self):
        return self._mem.cstring(self._file) if self._file else ""

    def where(self):
        """file:line of the definition, or ''"""
        return "%s:%d" % (self.file, self.line) if self.line and self._file else ""


class Forth:
    def __init__(self, mem=None):
        self.mem = mem or Memory()
        m = self.mem
        self.here = m.u64(vm_end(m) + VM_HERE)
        self.latest = m.u64(vm_end(m) + VM_LATEST)
        self.code_here = m.u64(vm_block(m) + VM_CODE_HERE) or CODE_BASE
        self.docol = m.u64(VMF + VMF_DOCOL)
        self.dovar = m.u64(VMF + VMF_DOVAR)
        self.docon = m.u64(VMF + VMF_DOCON)
        self.c_text = (m.u64(VMF + VMF_C_TEXT_START), m.u64(VMF + VMF_C_TEXT_END))
        self.xts = {XT_NAMES[i]: m.u64(VMF + VMF_XTS + 8 * i) for i in range(len(XT_NAMES))}
        self._entries = None
        self._supers = None
        self._lines = None
        self._pieces = None

    def check_layout(self):
        """The C text bounds incant noted must be the ELF's: if not, the
        offsets above no longer match boot/vm.h."""
        start = _symbol_address("__executable_start")
        if not self.c_text[0]:
            raise gdb.GdbError("incant-gdb: incant has not set up its memory yet")
        lit = self.entry_of_xt(self.xts["lit"])
        if (start is not None and start != self.c_text[0]) or not lit or lit.name != "lit":
            raise gdb.GdbError("incant-gdb: the layout constants in "
                               "tools/incant-gdb.py do not match this incant "
                               "(boot/vm.h changed?)")

    # -- where an address is --
    def in_log_code(self, addr):
        return LOG_BASE <= addr < self.here

    def in_supers(self, addr):
        return CODE_BASE <= addr < self.code_here

    def in_forth_code(self, addr):
        return self.in_log_code(addr) or self.in_supers(addr)

    def in_c(self, addr):
        return self.c_text[0] <= addr < self.c_text[1]

    # -- the dictionary --
    def entries(self):
        """All entries, oldest first, each with its end."""
        if self._entries is None:
            out, e, end = [], self.latest, self.here
            while e:
                try:
                    entry = Entry(self.mem, e)
                except gdb.MemoryError:
                    break
                entry.end = end
                out.append(entry)
                end = e
                link = entry.link
                if not (LOG_BASE <= link < e and link % 8 == 0):
                    break
                e = link
            out.reverse()
            self._entries = out
            self._starts = [x.addr for x in out]
            self._by_xt = {x.xt: x for x in out}
        return self._entries

    def entry_containing(self, addr):
        entries = self.entries()
        if not (LOG_BASE <= addr < self.here):
            return None
        i = bisect.bisect_right(self._starts, addr)
        return entries[i - 1] if i else None

    def entry_of_xt(self, xt):
        self.entries()
        return self._by_xt.get(xt)

    def name_of_xt(self, xt):
        e = self.entry_of_xt(xt)
        return e.name if e else "0x%x" % xt

    def is_code_word(self, e):
        return e.codeword == e.xt + 8

    def is_colon(self, e):
        return e.codeword == self.docol

    def routines(self):
        """The code between the global block and the first entry."""
        m = self.mem
        named = [(self.docol, "docol"), (self.dovar, "dovar"), (self.docon, "docon"),
                 (m.u64(VMF + VMF_THROW_STUB), "(throw-pending)"),
                 (m.u64(VMF + VMF_THROW_FROM), "(throw-from)"),
                 (m.u64(VMF + VMF_ENTER_FORTH), "(enter-forth)")]
        return sorted(named)

    def routine_at(self, addr):
        """The interpreter routine holding addr, or None."""
        entries = self.entries()
        if not entries or not (LOG_BASE <= addr < entries[0].addr):
            return None
        for start, name in reversed(self.routines()):
            if addr >= start:
                return name
        return None

    def trampoline_target(self, e):
        """The word a signal trampoline runs."""
        try:
            code = self.mem.read(e.xt + 8, e.end - e.xt - 8)
        except gdb.MemoryError:
            return None
        i = code.find(b"\x48\xb8")
        while i >= 0:
            if code[i + 10:i + 12] == b"\xff\x20":
                target = self.entry_of_xt(struct.unpack_from("<Q", code, i + 2)[0])
                if target:
                    return target
            i = code.find(b"\x48\xb8", i + 1)
        return None

    def is_trampoline(self, e):
        return e.flags & F_HIDDEN and e.name == TRAMPOLINE_NAME

    def code_word_name(self, e):
        if self.is_trampoline(e):
            t = self.trampoline_target(e)
            return "%s:%s" % (TRAMPOLINE_NAME, t.name if t else "?")
        return e.name

    def is_trampoline_return(self, cell):
        """cell is the A of a trampoline's second half."""
        e = self.entry_containing(cell)
        if not e or not self.is_trampoline(e) or cell % 8:
            return False
        try:
            return self.mem.u64(cell) == cell + 8 and self.mem.u64(cell + 8) == cell + 16
        except gdb.MemoryError:
            return False

    # -- tables that may still be compressed in the image --
    def _table(self, base, count, size):
        # the region is mapped as incant fills it (boot/log.c log_need):
        # what the image holds of it may not be loaded yet, nor mapped
        data = bytearray(count * size)
        for at in range(0, len(data), 4096):
            n = min(4096, len(data) - at)
            try:
                data[at:at + n] = self.mem.read(base + at, n)
            except gdb.MemoryError:
                pass
        for addr, run in _deferred_runs(self.mem):
            if base <= addr < base + len(data):
                off = addr - base
                data[off:off + len(run)] = run[:len(data) - off]
        return bytes(data)

    def lines(self):
        if self._lines is None:
            n = self.mem.u64(vm_block(self.mem) + VM_N_LINES)
            data = self._table(LINES_BASE, n, LINE_REC)
            recs = [struct.unpack_from("<II", data, i * LINE_REC) for i in range(n)]
            self._lines = ([r[0] for r in recs], [r[1] for r in recs])
        return self._lines

    def line_at(self, addr):
        """The source line that compiled the cell at addr (error.c lines_find)."""
        offsets, lines = self.lines()
        i = bisect.bisect_right(offsets, addr - LOG_BASE)
        return lines[i - 1] if i else 0

    def pieces(self):
        if self._pieces is None:
            n = self.mem.u64(vm_block(self.mem) + VM_N_PIECES)
            data = self._table(SUPERMAP_BASE, n, PIECE_REC)
            recs = [struct.unpack_from("<IIII", data, i * PIECE_REC) for i in range(n)]
            self._pieces = ([r[0] for r in recs], recs)
        return self._pieces

    def piece_at(self, addr):
        """(primitive xt, inlined definition xt or 0) copied at addr."""
        offsets, recs = self.pieces()
        i = bisect.bisect_right(offsets, addr - CODE_BASE)
        return (recs[i - 1][1], recs[i - 1][2]) if i else (0, 0)

    # -- superinstructions --
    def is_super(self, x):
        if not (CODE_BASE + 16 <= x < self.code_here):
            return False
        try:
            return self.mem.u64(x) == x + 8
        except gdb.MemoryError:
            return False

    def supers(self):
        """[(xt, definition, body cell)] sorted by xt, found through the
        bodies that use them."""
        if self._supers is None:
            found = []
            for e in self.entries():
                if not self.is_colon(e):
                    continue
                body = self.mem.read(e.xt + 8, max(0, (e.end & ~7) - e.xt - 8))
                for i in range(0, len(body) - 7, 8):
                    x = struct.unpack_from("<Q", body, i)[0]
                    if CODE_BASE <= x < self.code_here and self.is_super(x):
                        found.append((x, e, e.xt + 8 + i))
            found.sort(key=lambda s: s[0])
            self._supers = found
            self._super_xts = [s[0] for s in found]
        return self._supers

    def super_containing(self, addr):
        """(xt, definition, cell, end of its code) of the superinstruction
        whose header or code holds addr."""
        supers = self.supers()
        i = bisect.bisect_right(self._super_xts, addr + 16)
        if not i:
            return None
        xt, e, cell = supers[i - 1]
        end = supers[i][0] - 16 if i < len(supers) else self.code_here
        return (xt, e, cell, end)

    def takes_operand(self, xt):
        return xt in (self.xts["lit"], self.xts["branch"], self.xts["0branch"],
                      self.xts["(do)"], self.xts["(?do)"], self.xts["(loop)"],
                      self.xts["(+loop)"])

    def super_name(self, xt, e, cell):
        """super:DEF+N {what it fuses}, as the perf map names it."""
        m = self.mem
        count = m.u64(xt + SUPER_CELLS)
        words, p, end = [], cell, cell + 8 * count
        while p < end:
            x = m.u64(p)
            if self.is_super(x):
                x = m.u64(x + SUPER_REPLACED)
            if x == self.xts["lit"]:
                words.append(str(_signed(m.u64(p + 8))))
            else:
                words.append(self.name_of_xt(x))
            p += 16 if self.takes_operand(x) else 8
        return "super:%s+%d {%s}" % (e.name, (cell - e.xt - 8) // 8, " ".join(words))

    # -- frames --
    def colon_word_at(self, addr):
        """The colon definition whose body holds addr."""
        e = self.entry_containing(addr)
        return e if e and self.is_colon(e) and addr >= e.xt + 8 else None

    def return_point_word(self, r):
        """error.c return_point_word: r lies in a colon body, just after a
        cell holding an xt or a superinstruction."""
        if r % 8:
            return None
        e = self.colon_word_at(r - 8)
        if not e:
            return None
        x = self.mem.u64(r - 8)
        return e if self.entry_of_xt(x) or self.is_super(x) else None

    def running(self, rip, rsi):
        """(word entry, inlined definition entry, superinstruction name):
        error.c running_word."""
        if CODE_BASE <= rip < CODE_BASE + CODE_SIZE:
            prim, via = self.piece_at(rip)
            s = self.super_containing(rip)
            sname = self.super_name(*s[:3]) if s else None
            return (self.entry_of_xt(prim), self.entry_of_xt(via) if via else None, sname)
        e = self.entry_containing(rip)
        if e and not self.is_colon(e):
            return (e, None, None)
        if LOG_BASE + 8 <= rsi < self.here and rsi % 8 == 0:
            return (self.entry_of_xt(self.mem.u64(rsi - 8)), None, None)
        return (None, None, None)

    def code_name(self, pc):
        """A name for the machine code at pc, as the perf map gives it."""
        if self.in_supers(pc):
            prim, via = self.piece_at(pc)
            s = self.super_containing(pc)
            where = self.super_name(*s[:3]) if s else "superinstruction"
            return "%s in %s" % (self.name_of_xt(prim), where) if prim else where
        e = self.entry_containing(pc)
        if e is None:
            for start, name in reversed(self.routines()):
                if pc >= start:
                    return name
            return None
        return self.code_word_name(e) if self.is_code_word(e) else e.name

    # -- words for addresses --
    def describe(self, addr):
        if self.in_supers(addr):
            return self._describe_super(addr)
        if LOG_BASE <= addr < self.here:
            return self._describe_log(addr)
        if self.in_c(addr):
            sym = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
            return "0x%x is in the C text: %s" % (addr, sym)
        for region, what in [(VSTACK, "the value stack")] + [(c, "the control stack") for c in CSTACKS] + [
                             (SIGSTACK, "the signal stack"), (ESTACK, "the emergency control stack")]:
            if region[0] <= addr < region[1]:
                return "0x%x is in %s, %d bytes below its top" % (addr, what, region[1] - addr)
            if region[0] - GUARD <= addr < region[0]:
                return "0x%x is in the guard region below %s (an overflow)" % (addr, what)
            if region[1] <= addr < region[1] + GUARD:
                return "0x%x is in the guard region above %s (an underflow)" % (addr, what)
        for base, size, what in [(DATA_BASE, DATA_SIZE, "the data region (variables, buffers)"),
                                 (DATA_BASE + DATA_SIZE, DATA_GAP,
                                  "the inaccessible gap after the data region (a store ran off its end)"),
                                 (NAMES_BASE, NAMES_SIZE, "the source names region"),
                                 (SUPERMAP_BASE, SUPERMAP_SIZE, "the superinstruction map"),
                                 (LOG_BASE, LOG_SIZE, "the log, past here"),
                                 (LOG_BASE + LOG_SIZE, LOG_GAP,
                                  "the inaccessible gap after the log (a store ran off its end)")]:
            if base <= addr < base + size:
                return "0x%x is in %s" % (addr, what)
        return "0x%x is not in any of incant's regions" % addr

    def _describe_super(self, addr):
        s = self.super_containing(addr)
        if not s:
            return "0x%x is in the superinstruction region" % addr
        xt, e, cell, end = s
        name = self.super_name(xt, e, cell)
        if addr < xt + 8:
            return "0x%x is in the header of superinstruction %s" % (addr, name)
        prim, via = self.piece_at(addr)
        text = "0x%x is in superinstruction %s (code 0x%x, +%d)" % (addr, name, xt + 8, addr - xt - 8)
        if prim:
            text += ", in its copy of %s" % self.name_of_xt(prim)
        if via:
            text += " (inlined from %s)" % self.name_of_xt(via)
        line = self.line_at(cell)
        text += "; it belongs to %s, cell %d of its body (%s)" % (
            e.name, (cell - e.xt - 8) // 8, "%s:%d" % (e.file, line) if line else e.where() or "?")
        return text

    def _describe_log(self, addr):
        e = self.entry_containing(addr)
        if e is None:
            for start, name in reversed(self.routines()):
                if addr >= start:
                    return "0x%x is in %s (+%d), an interpreter routine" % (addr, name, addr - start)
            return "0x%x is in the global block" % addr
        where = " (%s)" % e.where() if e.where() else ""
        if addr < e.xt:
            return "0x%x is in the header of %s%s" % (addr, e.name, where)
        if addr < e.xt + 8:
            return "0x%x is the codeword of %s%s" % (addr, e.name, where)
        if self.is_code_word(e):
            name = self.code_word_name(e)
            if self.is_trampoline(e):
                return "0x%x is in %s (+%d), the trampoline that runs %s as a signal handler" % (
                    addr, name, addr - e.xt - 8, name.split(":", 1)[1])
            return "0x%x is in the machine code of %s (+%d)%s" % (addr, name, addr - e.xt - 8, where)
        if self.is_colon(e):
            cell = addr & ~7
            x = self.mem.u64(cell)
            if self.is_super(x):
                what = "its superinstruction %s" % self.super_name(x, e, cell)
            else:
                what = self.name_of_xt(x) if self.entry_of_xt(x) else "0x%x" % x
            line = self.line_at(cell)
            return "0x%x is in the body of %s, cell %d: %s (%s)" % (
                addr, e.name, (cell - e.xt - 8) // 8, what,
                "%s:%d" % (e.file, line) if line else e.where() or "?")
        if e.codeword == self.docon:
            return "0x%x is in the constant %s%s" % (addr, e.name, where)
        return "0x%x is in the data of %s%s" % (addr, e.name, where)


# ---- signal frames on the stacks ------------------------------------------

def find_signal_frame(mem, sp):
    """The innermost live signal frame at or above sp on sp's stack: the
    address P of its return address (the restorer), or None.  A slot is
    taken only when the kernel's frame around it is all there -- the
    restorer's code, uc_link 0, the user code segment, a pointer to the
    FPU state just above -- so values a handler left on the stack cannot
    pass for one."""
    region = _stack_of(sp, VALUE_STACKS)
    if not region:
        return None
    lo = sp & ~7
    try:
        data = mem.read(lo, region[1] - lo)
    except gdb.MemoryError:
        return None
    cs_at = 8 + UC_MCONTEXT + MC_CS       # from P
    i = data.find(struct.pack("<H", USER_CS))
    while i >= 0:
        q = i - cs_at
        if q >= 0 and q % 8 == 0 and q + 8 + UC_SIZE <= len(data):
            link = struct.unpack_from("<Q", data, q + 8 + UC_LINK)[0]
            fp = struct.unpack_from("<Q", data, q + 8 + UC_MCONTEXT + MC_FPSTATE)[0]
            fp_ok = fp == 0 or (fp % 64 == 0 and 0 < fp - (lo + q) < FPSTATE_WITHIN)
            if link == 0 and fp_ok:
                restorer = struct.unpack_from("<Q", data, q)[0]
                try:
                    if mem.read(restorer, len(SIGRETURN_CODE)) == SIGRETURN_CODE:
                        return lo + q
                except gdb.MemoryError:
                    pass
        i = data.find(struct.pack("<H", USER_CS), i + 1)
    return None


# ---- gdb's own bt: an unwinder for Forth frames -----------------------------

_ULONG = None


def _value(v):
    global _ULONG
    if _ULONG is None:
        _ULONG = gdb.lookup_type("unsigned long")
    return gdb.Value(_signed(v)).cast(_ULONG)


class _FrameId:
    def __init__(self, sp, pc):
        self.sp = _value(sp)
        self.pc = _value(pc)


class ForthUnwinder(Unwinder):
    """Forth code has no machine frames of its own: whatever runs in the
    log or the superinstruction region was entered either by the kernel
    (a signal trampoline: the signal frame is the caller) or by
    enter_forth from C (its caller is the caller).  A live signal frame
    above rsp on rsp's stack means a handler is running.  All Forth code
    of one level is one frame, with the same id as it moves from word to
    word."""

    def __init__(self):
        super().__init__("incant-forth")

    def __call__(self, pending):
        try:
            return self._unwind(pending)
        except (gdb.error, gdb.MemoryError):
            return None

    def _unwind(self, pending):
        pc = int(pending.read_register("rip"))
        mem = Memory()
        forth = Forth(mem)
        if not forth.in_forth_code(pc) or mem.read(pc, len(SIGRETURN_CODE)) == SIGRETURN_CODE:
            return None    # not ours; the restorer is gdb's sigtramp frame
        sp = int(pending.read_register("rsp"))
        if _stack_of(sp, [C_STACK]):
            # a primitive that called C: its own sp is the one it saved
            sp = mem.u64(vm_block(mem) + VM_SAVE_RSP)
        p = find_signal_frame(mem, sp)
        if p is not None:
            saved = {"rip": mem.u64(p), "rsp": p + 8}
        else:
            c = mem.u64(vm_block(mem) + VM_C_RSP)
            if not c:
                return None
            saved = {r: mem.u64(c + 8 * i) for i, r in enumerate(ENTER_FORTH_SAVED)}
            saved["rip"] = mem.u64(c + 8 * len(ENTER_FORTH_SAVED))
            saved["rsp"] = c + 8 * (len(ENTER_FORTH_SAVED) + 1)
        info = pending.create_unwind_info(_FrameId(saved["rsp"], LOG_BASE))
        for reg, v in saved.items():
            info.add_saved_register(reg, _value(v))
        return info


class _ForthFrame(FrameDecorator):
    def __init__(self, base, name):
        super().__init__(base)
        self._name = name

    def function(self):
        return self._name


class ForthFrameFilter:
    """Names frames in Forth code after their words in gdb's bt."""

    def __init__(self):
        self.name = "incant-forth"
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        forth = None
        for f in frames:
            frame = f.inferior_frame()
            if frame.type() == gdb.SIGTRAMP_FRAME:
                yield f     # gdb's <signal handler called>
                continue
            pc = frame.pc()
            try:
                if forth is None:
                    forth = Forth()
                name = forth.code_name(pc) if forth.in_forth_code(pc) else None
            except (gdb.error, gdb.MemoryError):
                name = None
            yield _ForthFrame(f, name) if name else f


# ---- the commands -----------------------------------------------------------

def _forth_levels(frame):
    """The Forth levels from frame outward: per level the gdb frame of its
    Forth code, its rip, rsi, rbp, and rsp when known (None for a
    primitive that called C: its Forth sp is the saved one, see
    forth-stack), and whether a signal frame separates it from the level
    inside it."""
    levels = []
    inner_is_c, after_signal = False, False
    forth = None
    while frame is not None:
        if frame.type() == gdb.SIGTRAMP_FRAME:
            after_signal, inner_is_c = True, False
        else:
            pc = frame.pc()
            if forth is None:
                forth = Forth()
            if forth.in_forth_code(pc):
                rsi = frame.read_register("rbx" if inner_is_c else "rsi")
                levels.append({"frame": frame, "rip": pc, "rsi": int(rsi),
                               "rax": int(frame.read_register("rax")),
                               "rbp": int(frame.read_register("rbp")),
                               "rsp": None if inner_is_c else int(frame.read_register("rsp")),
                               "signal": after_signal})
                after_signal = False
            inner_is_c = forth.in_c(pc)
        try:
            frame = frame.older()
        except gdb.error:
            break
    return levels


def _selected_levels():
    """A view of the Forth system, and the levels of the selected frame."""
    forth = Forth()
    forth.check_layout()
    levels = _forth_levels(gdb.selected_frame())
    if not levels:
        raise gdb.GdbError("no Forth code on this stack")
    return forth, levels


def _signal_inside(frame):
    """A signal frame lies between the newest frame and frame."""
    f = gdb.newest_frame()
    while f is not None and f != frame:
        if f.type() == gdb.SIGTRAMP_FRAME:
            return True
        f = f.older()
    return False


def _line_text(e, line):
    return "%s (%s:%d)" % (e.name, e.file, line) if line and e.file else e.name


class _ForthCommand(gdb.Command):
    """A command that reads incant's memory: say so when it cannot."""

    def invoke(self, arg, from_tty):
        try:
            self.run(arg)
        except gdb.MemoryError as e:
            raise gdb.GdbError("incant-gdb: cannot read incant's memory (%s); "
                               "is incant running, its memory set up?" % e)


class ForthWord(_ForthCommand):
    """forth-word ADDR: the Forth word that holds ADDR -- an entry of the
log (its machine code, body or header), a superinstruction (the primitive
copied there and the definition it belongs to), or a stack or region."""

    def __init__(self):
        super().__init__("forth-word", gdb.COMMAND_DATA)

    def run(self, arg):
        if not arg:
            raise gdb.GdbError("forth-word ADDR")
        addr = int(gdb.parse_and_eval(arg)) & ((1 << 64) - 1)
        forth = Forth()
        forth.check_layout()
        gdb.write(forth.describe(addr) + "\n")


class ForthBacktrace(_ForthCommand):
    """forth-bt: the Forth backtrace of the selected frame.  The running
word, the colon definition running it, then each return point on the
control stack, innermost first, with file:line where the line table has
it; at a signal handler's entry, <signal handler called>, then what it
interrupted."""

    def __init__(self):
        super().__init__("forth-bt", gdb.COMMAND_STACK)

    def run(self, arg):
        forth, levels = _selected_levels()
        n = 0
        for i, level in enumerate(levels):
            if level["signal"]:
                gdb.write("    <signal handler called>\n")
            outer = levels[i + 1]["rbp"] if i + 1 < len(levels) else None
            for addr, text in self._level(forth, level, outer):
                gdb.write("#%-2d %18s in %s\n" % (n, "0x%016x" % addr if addr else "(inlined)", text))
                n += 1

    def _level(self, forth, level, outer_rbp):
        """The frames of one level, innermost first; its control stack
        ends where the level it interrupted starts (outer_rbp)."""
        rip, rsi, rbp = level["rip"], level["rsi"], level["rbp"]
        out = []
        word, via, sname = forth.running(rip, rsi)
        routine = forth.routine_at(rip)
        if routine:
            entering = forth.entry_of_xt(level["rax"])
            out.append((rip, routine + (" (entering %s)" % entering.name if entering else "")))
        elif word:
            text = forth.code_word_name(word) if forth.is_code_word(word) else word.name
            out.append((rip, text + (" [%s]" % sname if sname else "")))
        if via:
            out.append((0, via.name + (" (defined at %s)" % via.where() if via.where() else "")))
        holder = forth.colon_word_at(rsi - 8) if LOG_BASE + 8 <= rsi < forth.here and rsi % 8 == 0 else None
        if holder:
            out.append((rsi - 8, _line_text(holder, forth.line_at(rsi - 8))))
        for _ in range(CSTACK_LEVELS + 1):
            region = _stack_of(rbp, CONTROL_STACKS)
            if not region:
                return out
            end = region[1]
            stop = outer_rbp is not None and rbp <= outer_rbp < end
            if stop:
                end = outer_rbp
            cells = forth.mem.read(rbp & ~7, end - (rbp & ~7))
            for i in range(0, len(cells), 8):
                r = struct.unpack_from("<Q", cells, i)[0]
                if forth.is_trampoline_return(r):
                    return out  # the handler's entry: the interrupted level follows
                e = forth.return_point_word(r)
                if e:
                    out.append((r - 8, _line_text(e, forth.line_at(r - 8))))
            if stop or region not in CSTACKS:
                return out
            k = CSTACKS.index(region)
            if k < 1 or k > forth.mem.u64(vm_block(forth.mem) + VM_LEVEL):
                return out
            rbp = forth.mem.u64(vm_block(forth.mem) + VM_LEVEL_RBP + 8 * k)
        return out


class ForthStack(_ForthCommand):
    """forth-stack: the value stack of the selected frame, deepest first,
as `.s` prints it: <depth> then the cells as signed numbers.  Inside a
signal handler, the handler's own cells (up to the signal frame)."""

    def __init__(self):
        super().__init__("forth-stack", gdb.COMMAND_DATA)

    def run(self, arg):
        forth, levels = _selected_levels()
        sp = levels[0]["rsp"]
        note = ""
        if sp is None:    # a primitive in C: the Forth sp it saved
            sp = forth.mem.u64(vm_block(forth.mem) + VM_SAVE_RSP)
            if _signal_inside(levels[0]["frame"]):
                note = " (saved at the last C call, perhaps a signal handler's)"
        region = _stack_of(sp, VALUE_STACKS)
        if not region:
            raise gdb.GdbError("rsp 0x%x is not on a value stack" % sp)
        top = region[1]
        p = find_signal_frame(forth.mem, sp)
        if p is not None:
            top = p
            note += " (a signal handler's; the signal frame is at 0x%x)" % p
        cells = forth.mem.read(sp, top - sp) if top > sp else b""
        values = [_signed(v) for v in struct.unpack("<%dQ" % (len(cells) // 8), cells)]
        values.reverse()
        gdb.write("<%d> %s%s\n" % (len(values), " ".join(str(v) for v in values), note))


class ForthBarriers(gdb.Command):
    """forth-barriers [on|off]: on (the default), SIGSEGV goes to incant
without gdb stopping or printing -- for programs that use memory barriers
(guard pages they fault on on purpose, often).  off: gdb stops at every
SIGSEGV again, which is what shows a crash where it happens."""

    def __init__(self):
        super().__init__("forth-barriers", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        if arg.strip() == "off":
            gdb.execute("handle SIGSEGV stop print pass", to_string=True)
            gdb.write("incant-gdb: gdb stops at SIGSEGV again.\n")
            return
        gdb.execute("handle SIGSEGV nostop noprint pass", to_string=True)
        gdb.write("incant-gdb: SIGSEGV passes to incant silently (memory barriers).\n"
                  "  A real crash no longer stops here: incant reports it itself;\n"
                  "  `forth-barriers off` to stop at faults again.\n")


ForthWord()
ForthBacktrace()
ForthStack()
ForthBarriers()
ForthFrameFilter()
gdb.unwinder.register_unwinder(None, ForthUnwinder(), replace=True)

_barriers = gdb.convenience_variable("incant_barriers")
if _barriers is not None and int(_barriers):
    gdb.execute("forth-barriers on")

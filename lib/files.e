~ lib/files.e - files, with Forth-2012's FILE words: names are addr len,
~ a fileid is the kernel's file descriptor, and every word that can fail
~ gives an ior: 0, or the negative errno (-2 no such file, -13 permission
~ denied, -9 a bad fileid, -36 a name too long, ...; errno-name names it).
~ Nothing is buffered here: reads and writes are system calls.  Writing
~ to stdout or stderr first flushes what . and type buffered.

0 constant r/o  1 constant w/o  2 constant r/w
: bin ( fam -- fam ) ;                    ~ no text mode to leave
0 constant stdin  1 constant stdout  2 constant stderr
0x80000 constant O_CLOEXEC
: sys-lseek ( fd offset whence -- result ) SYS_lseek syscall-3 ;

~ The kernel wants names NUL-terminated: they are copied to one of two
~ buffers (two for rename-file).
4096 constant path-max
path-max buffer: path-a  path-max buffer: path-b
: >path ( addr len buf -- str | 0 )
  over path-max u< 0= if drop 2drop 0 exit then
  2dup + 0 swap c!  dup >r swap move r> ;
~ ( result -- fileid ior ) a descriptor or a negative errno
: file-result ( result -- fileid ior ) dup 0< if 0 swap else 0 then ;
: open-path ( addr len flags mode -- fileid ior )
  2swap path-a >path ?dup 0= if 2drop 0 -36 exit then
  -rot sys-open file-result ;

: open-file ( addr len fam -- fileid ior ) O_CLOEXEC or 0 open-path ;
~ create-file: made (mode 0666, less the umask) or emptied
: create-file ( addr len fam -- fileid ior )
  O_CLOEXEC or O_CREAT or O_TRUNC or 438 open-path ;

~ ---- reading ------------------------------------------------------------
~ read-line on what cannot seek reads a byte at a time; the byte after a
~ line that fills the buffer is kept here, per fileid (up to 63), until
~ the next read: byte + 1, or 0 for none.
64 constant pushback-fds
pushback-fds cells buffer: pushback
: pushback-cell ( fd -- addr | 0 ) dup pushback-fds u< if cells pushback + else drop 0 then ;
: close-file ( fileid -- ior ) dup pushback-cell ?dup if 0 swap ! then sys-close ;

~ ( addr u fd -- n | -errno ) one read(2), again when a signal cut it
~ short; a byte handed back comes first, and standard input first gives
~ what key and accept read ahead
: read-once ( addr u fd -- n | -errno )
  dup pushback-cell ?dup if dup @ ?dup if
    1- 4 pick c!  0 swap !  drop 2drop 1 exit
  then drop then
  dup 0= if >r 2dup stdin-buffered ?dup if nip nip rdrop exit then r> then
  begin dup 3 pick 3 pick sys-read dup -4 = while drop repeat
  nip nip nip ;

~ read-file ( addr u fileid -- u2 ior ): u bytes, fewer at the end of the
~ file (0 there)
: read-file ( addr u fileid -- u2 ior )
  >r 0                                            ( addr u got ) ~ R: fd
  begin 2dup u> while
    2 pick over +  2 pick 2 pick -  r@ read-once  ( addr u got n )
    dup 0< if >r nip nip r> rdrop exit then
    ?dup 0= if nip nip 0 rdrop exit then
    +
  repeat nip nip 0 rdrop ;

: strip-cr ( addr n -- n' ) dup if 2dup + 1- c@ 13 = if 1- then then nip ;
: newline-at ( addr n -- k | -1 )
  0 ?do dup i + c@ 10 = if drop i unloop exit then loop drop -1 ;
: unread ( n fd -- ) swap negate 1 sys-lseek drop ;
: seekable? ( fd -- flag ) dup 0= if drop false exit then 0 1 sys-lseek 0< 0= ;

~ ( addr u fd -- u2 flag ior ) up to u+1 bytes at once, the ones past
~ the line handed back by seeking
: read-line-seek ( addr u fd -- u2 flag ior )
  >r 2dup 1+ r@ read-once                         ( addr u n ) ~ R: fd
  dup 0< if >r 2drop 0 false r> rdrop exit then
  dup 0= if drop 2drop 0 false 0 rdrop exit then
  2 pick over newline-at                          ( addr u n k )
  dup 0< 0= if tuck - 1- r> unread nip strip-cr true 0 exit then
  drop 2dup u< if drop 1 r> unread nip true 0 exit then   ~ n = u+1
  nip nip true 0 rdrop ;
~ ( addr u fd -- u2 flag ior ) a byte at a time
: read-line-bytes ( addr u fd -- u2 flag ior )
  >r 0                                            ( addr u got ) ~ R: fd
  begin
    2dup = r@ pushback-cell 0= and if nip nip true 0 rdrop exit then
    2 pick over + 1 r@ read-once                  ( addr u got n )
    dup 0< if >r nip nip false r> rdrop exit then
    0= if nip nip dup 0<> 0 rdrop exit then
    2 pick over + c@                              ( addr u got c )
    dup 10 = if drop nip strip-cr true 0 rdrop exit then
    over 3 pick = if 1+ r> pushback-cell ! nip nip true 0 exit then
    drop 1+
  again ;
~ read-line ( addr u1 fileid -- u2 flag ior ): the next line into addr
~ (which needs room for u1+2 bytes), without its end (\n or \r\n); at
~ most u1 bytes: the rest of a longer line comes next time.  flag is
~ false at the end of the file.  A negative u1 is -24: read-line-seek
~ asks for u1+1 bytes, which for -1 is none, the end of the file.
: read-line ( addr u1 fileid -- u2 flag ior )
  over 0< if -24 throw then
  dup seekable? if read-line-seek else read-line-bytes then ;

~ ---- writing ------------------------------------------------------------
: flush-if-standard ( fd -- ) dup 1 = swap 2 = or if flush-output then ;
: write-file ( addr u fileid -- ior )
  dup flush-if-standard >r
  begin dup while
    2dup r@ -rot sys-write
    dup -4 = if drop else
      dup 0> 0= if nip nip dup 0= if drop -5 then rdrop exit then
      /string
    then
  repeat 2drop 0 rdrop ;
1 buffer: line-end  10 line-end c!
: write-line ( addr u fileid -- ior )
  dup >r write-file ?dup if rdrop exit then  line-end 1 r> write-file ;
~ flush-file: written through to the disk (fsync); 0 for what cannot
~ be (a pipe, a terminal)
: flush-file ( fileid -- ior )
  dup flush-if-standard SYS_fsync syscall-1 dup -22 = if drop 0 then ;

~ ---- size, position, names -----------------------------------------------
stat-size buffer: stat-buffer            ~ struct stat (boot/layout.h)
: ud-result ( result -- ud ior ) dup 0< if 0 0 rot else 0 0 then ;
: file-size ( fileid -- ud ior )
  stat-buffer SYS_fstat syscall-2 ?dup if 0 0 rot exit then  stat-buffer st-size-offset + @ 0 0 ;
: file-position ( fileid -- ud ior ) 0 1 sys-lseek ud-result ;
: reposition-file ( ud fileid -- ior )
  >r if rdrop drop -22 exit then  r> swap 0 sys-lseek 0 min ;
: resize-file ( ud fileid -- ior )
  >r if rdrop drop -22 exit then  r> swap SYS_ftruncate syscall-2 ;
: delete-file ( addr len -- ior ) path-a >path ?dup 0= if -36 exit then SYS_unlink syscall-1 ;
: rename-file ( addr1 len1 addr2 len2 -- ior )
  path-b >path ?dup 0= if 2drop -36 exit then
  -rot path-a >path ?dup 0= if drop -36 exit then  swap SYS_rename syscall-2 ;
~ file-status ( addr len -- mode ior ): the file's mode (st_mode) if it is there
: file-status ( addr len -- x ior )
  path-a >path ?dup 0= if 0 -36 exit then
  AT_FDCWD swap stat-buffer 0 SYS_newfstatat syscall-4
  ?dup if 0 swap else stat-buffer st-mode-offset + l@ 0 then ;

~ ---- loading source ------------------------------------------------------
~ The dialect's include-file and require-file take a NUL-terminated name
~ (not a fileid, as the standard's include-file does); these take addr len.
: included ( addr len -- ) path-a >path ?dup 0= if -38 throw then include-file ; quiet
: required ( addr len -- ) path-a >path ?dup 0= if -38 throw then require-file ; quiet

~ the internals
hide-word O_CLOEXEC  hide-word sys-lseek  hide-word path-max  hide-word path-a
hide-word path-b  hide-word >path  hide-word file-result  hide-word open-path
hide-word pushback-fds  hide-word pushback  hide-word pushback-cell
hide-word read-once  hide-word strip-cr  hide-word newline-at  hide-word unread
hide-word seekable?  hide-word read-line-seek  hide-word read-line-bytes
hide-word flush-if-standard  hide-word line-end  hide-word stat-buffer
hide-word ud-result  hide-word stdin-buffered

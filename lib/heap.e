~ lib/heap.e - heap memory: heap-allocate, free, resize (Forth-2012's
~ MEMORY words; the dialect's allocate takes bytes of the log, for good).
~ Memory comes from mmap, outside the log, and free gives it back for
~ reuse.  The results are ior: 0, or a negative errno (-12 no memory,
~ -22 an address heap-allocate did not give, or given back already).
~
~ A block has a 16-byte header before the address handed out: a tag (a
~ magic and the block's size class) and its size.  Requests up to 64 KiB
~ are rounded up to one of 13 classes, 16 bytes to 64 KiB, doubling;
~ such blocks are cut from 1 MiB chunks, and a freed one goes on its
~ class's free list (linked through its first cell) for the next request
~ of that class.  A larger request gets a mapping of its own, which free
~ unmaps; its header holds the mapping's length.

0x6865617000000000 constant heap-magic    ~ "heap" in the high bytes
0x6672656500000000 constant freed-magic   ~ "free": given back
0xff constant large-class
13 constant heap-classes
65536 constant largest-small
1048576 constant chunk-size
heap-classes cells buffer: free-lists
variable chunk-next  variable chunk-end   ~ what is left of the chunk

: class-size ( class -- n ) 16 swap lshift ;
: size-class ( u -- class ) 0 begin 2dup class-size u> while 1+ repeat nip ;
: list-of ( class -- addr ) cells free-lists + ;
: heap-tag? ( tag -- flag ) 0xff invert and heap-magic = ;
: page-round ( n -- n' ) 4095 + -4096 and ;
~ ( n -- addr ior ) fresh zeroed memory from the kernel
: heap-map ( n -- addr ior )
  0 swap 3 0x22 -1 0 sys-mmap            ~ read+write, private+anonymous
  dup -4096 u> if 0 swap else 0 then ;
~ ( block tag size -- addr ) write the header, give the address after it
: header ( block tag size -- addr ) 2 pick cell+ !  over !  16 + ;
: new-chunk ( -- ior )
  chunk-size heap-map ?dup if nip exit then
  dup chunk-next !  chunk-size + chunk-end !  0 ;
: carve ( bytes -- block ior )
  chunk-next @ over + chunk-end @ u> if new-chunk ?dup if nip 0 swap exit then then
  chunk-next @ tuck + chunk-next !  0 ;
: allocate-small ( u -- addr ior )
  size-class >r
  r@ list-of @ ?dup if  dup 16 + @ r@ list-of !
  else  r@ class-size 16 + carve ?dup if rdrop exit then  then
  heap-magic r@ or  r> class-size  header 0 ;
: allocate-large ( u -- addr ior )
  16 + page-round dup heap-map ?dup if nip nip 0 swap exit then   ( len block )
  swap heap-magic large-class or swap header 0 ;
: heap-allocate ( u -- addr ior )
  dup 0x100000000000 u> if drop 0 -12 exit then            ~ past 16 TiB
  dup largest-small u> if allocate-large else allocate-small then ;

~ ( addr -- block | 0 ) the block of an address heap-allocate gave.  The
~ header of a large block went with its mapping when it was freed, and an
~ address heap-allocate never gave may have nothing mapped below it: a
~ header that cannot be read is no block's (-22), not a fault.
: header-tag ( block -- tag | 0 ) ['] @ catch if drop 0 then ;
: block-of ( addr -- block | 0 )
  dup 0= over 15 and or if drop 0 exit then
  16 - dup header-tag heap-tag? 0= if drop 0 then ;
~ ( block -- n ) the bytes it can hold
: usable ( block -- n ) dup @ 0xff and large-class = if cell+ @ 16 - else cell+ @ then ;
: free ( addr -- ior )
  block-of ?dup 0= if -22 exit then
  dup @ 0xff and dup large-class = if drop dup cell+ @ sys-munmap exit then
  freed-magic over or 2 pick !                 ~ a second free is -22
  list-of  2dup @ swap 16 + !  !  0 ;
~ resize ( addr u -- addr' ior ): the block made to hold u bytes, its
~ contents kept (up to u); the same address while it fits.  On failure
~ addr' is addr, unchanged.  A 0 addr is heap-allocate.
: resize ( addr u -- addr' ior )
  over 0= if nip heap-allocate exit then
  over block-of ?dup 0= if drop -22 exit then
  usable over u< 0= if drop 0 exit then
  dup heap-allocate ?dup if >r 2drop r> exit then         ( addr u new )
  >r  over block-of usable min  over r@ rot move
  free drop  r> 0 ;

~ the internals
hide-word heap-magic  hide-word freed-magic  hide-word large-class
hide-word heap-classes  hide-word largest-small  hide-word chunk-size
hide-word free-lists  hide-word chunk-next  hide-word chunk-end
hide-word class-size  hide-word size-class  hide-word list-of  hide-word heap-tag?
hide-word page-round  hide-word heap-map  hide-word header  hide-word new-chunk
hide-word carve  hide-word allocate-small  hide-word allocate-large
hide-word header-tag  hide-word block-of  hide-word usable

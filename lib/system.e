~ lib/system.e - the process's surroundings: environment variables, the
~ clock and the calendar, random numbers.

~ ---- the environment ---------------------------------------------------
~ ( entry addr len -- value | 0 ) the value of "NAME=value" if NAME is addr len
: env-value ( entry addr len -- value | 0 )
  >r over r@ rot r@ compare if rdrop drop 0 exit then
  r> + dup c@ [char] = = if 1+ else drop 0 then ;
~ getenv ( addr len -- addr' len' ): the variable's value, 0 0 when it
~ is not set (a variable set to "" gives a real address and 0)
: getenv ( addr len -- addr' len' )
  envp begin dup @ while                        ( addr len p )
    dup @ 3 pick 3 pick env-value ?dup if nip nip nip dup strlen exit then
    cell+
  repeat drop 2drop 0 0 ;

~ ---- time --------------------------------------------------------------
timespec-size buffer: clock-time
: utime ( -- ud )                        ~ microseconds since 1970 (UTC)
  CLOCK_REALTIME clock-time SYS_clock_gettime syscall-2 drop
  clock-time timespec-seconds @ 1000000 *
  clock-time timespec-nanoseconds @ 1000 / +  0 ;

~ civil-date ( days -- day month year ): the date days after 1970-01-01,
~ by Howard Hinnant's civil_from_days (eras of 400 years, 146097 days;
~ years counted from March, so that February ends them).
: era-day ( days -- era doe ) 719468 + 146097 /% swap ;
: year-of-era ( doe -- yoe ) dup dup 1460 / - over 36524 / + swap 146096 / - 365 / ;
: day-of-year ( doe yoe -- doy ) dup 365 * over 4 / + swap 100 / - - ;
: month-and-day ( doy -- day month )
  dup 5 * 2 + 153 /  tuck 153 * 2 + 5 / - 1+  swap
  dup 10 < if 3 + else 9 - then ;
: civil-date ( days -- day month year )
  era-day dup year-of-era tuck day-of-year month-and-day
  2swap swap 400 * +  over 3 < if 1+ then ;
: time&date ( -- sec min hour day month year )   ~ now, in UTC
  utime drop 1000000 / 86400 /% >r 60 /% 60 /% r> civil-date ;

~ ---- random numbers ------------------------------------------------------
~ xoshiro256** (Blackman and Vigna, prng.di.unimi.it): 256 bits of state,
~ period 2^256-1.  seed fills the state from one number with splitmix64,
~ as its authors advise; without a seed, the first random takes one from
~ getrandom(2).
4 cells buffer: rng-state
variable rng-seeded
: rng ( i -- addr ) cells rng-state + ;
: rotl ( x k -- x' ) 2dup lshift -rot 64 swap - rshift or ;
: xor! ( x addr -- ) tuck @ xor swap ! ;
: splitmix ( x -- x' z )
  0x9e3779b97f4a7c15 + dup
  dup 30 rshift xor 0xbf58476d1ce4e5b9 *
  dup 27 rshift xor 0x94d049bb133111eb *
  dup 31 rshift xor ;
: seed ( u -- ) 4 0 do splitmix i rng ! loop drop  true rng-seeded ! ;
: fresh-seed ( -- u )
  rng-state 8 0 SYS_getrandom syscall-3 8 = if rng-state @ else utime drop sys-getpid xor then ;
: random ( -- u )
  rng-seeded @ 0= if fresh-seed seed then
  1 rng @ 5 * 7 rotl 9 *                         ~ the result
  1 rng @ 17 lshift                              ( u t )
  0 rng @ 2 rng xor!  1 rng @ 3 rng xor!
  2 rng @ 1 rng xor!  3 rng @ 0 rng xor!
  2 rng xor!  3 rng @ 45 rotl 3 rng ! ;

~ the internals
hide-word env-value  hide-word clock-time  hide-word era-day  hide-word year-of-era
hide-word day-of-year  hide-word month-and-day  hide-word civil-date
hide-word rng-state  hide-word rng-seeded  hide-word rng  hide-word rotl
hide-word xor!  hide-word splitmix  hide-word fresh-seed

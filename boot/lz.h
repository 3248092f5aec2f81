/* lz.h - a small LZ77 compressor for the start-up image. */
#ifndef INCANT_LZ_H
#define INCANT_LZ_H

#include "sys.h"

/* Compress n bytes; out needs n + n/255 + 16 bytes.  The size written. */
u64 lz_compress(const u8 *in, u64 n, u8 *out);
/* Decompress exactly out_n bytes; false if the data is damaged. */
bool lz_decompress(const u8 *in, u64 n, u8 *out, u64 out_n);

#endif

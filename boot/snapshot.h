/* snapshot.h - the loaded prelude as an image, for a fast start. */
#ifndef INCANT_SNAPSHOT_H
#define INCANT_SNAPSHOT_H

#include "vm.h"

/* Write every region the prelude filled (log, data, names, line table). */
bool snapshot_write(const char *path);
/* Copy an image back into the (freshly mapped, empty) regions. */
bool snapshot_load(const u8 *image, u64 size);
/* What snapshot_load left for later (the line table, the superinstruction
 * map): the error reporting calls this before it reads them. */
void snapshot_load_deferred(void);
/* The word reference the image carries, decompressed on first use (docs.c);
 * 0 without an image. */
const char *snapshot_docs(u64 *len);

#endif

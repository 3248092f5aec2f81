/* snapshot.h - the loaded prelude as an image, for a fast start. */
#ifndef INCANT_SNAPSHOT_H
#define INCANT_SNAPSHOT_H

#include "log.h"

/* Write every region the prelude filled (log, data, names, line table...):
 * compressed, the image the binary embeds, to path; uncompressed, the
 * image file start-up maps, to file_path. */
bool snapshot_write(const char *path, const char *file_path);
/* The image file alone, for the image the binary carries (image, size),
 * from the memory as this binary has it. */
bool snapshot_write_file(const char *file_path, const u8 *image, u64 size);
/* Map the image file that belongs to this image, if there is one to be
 * trusted, where its regions go (before they are mapped: log_map maps
 * them around it).  The number of mappings made, their spans by address
 * in taken (room for SNAPSHOT_MAPS); 0 (nothing mapped) if none. */
#define SNAPSHOT_MAPS 24
int snapshot_map(const u8 *image, u64 size, struct span *taken);
/* Copy an image back into the (freshly mapped, empty) regions. */
bool snapshot_load(const u8 *image, u64 size);
/* What snapshot_load left for later (the line table, the superinstruction
 * map): the error reporting calls this before it reads them. */
void snapshot_load_deferred(void);
/* The word reference the image carries, decompressed on first use (docs.c);
 * 0 without an image. */
const char *snapshot_docs(u64 *len);

#endif

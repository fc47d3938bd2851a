// zlib as Debian ships it (zlib1g-dev), for the raw deflate streams and CRC-32 of .npz
// archives. Only Sources/BlockNumerics/IO/Deflate.swift imports it.
#ifndef BLOCKNUMERICS_CZLIB_SHIM_H
#define BLOCKNUMERICS_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 and deflateInit2 are macros (they pass the library version and the stream's
// size), which Swift cannot call; these forward to them.
static inline int blocknumerics_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}

static inline int blocknumerics_deflateInit2(z_streamp stream, int level, int windowBits) {
  return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif

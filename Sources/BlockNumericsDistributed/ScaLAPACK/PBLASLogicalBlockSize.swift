import BlockNumerics
import Foundation

// PBLAS's logical block size: the width of the panels its level-3 routines broadcast and
// multiply, so the inner dimension of every local dgemm in p?gemm's SUMMA loop. The reference
// PBLAS returns 32 from PILAENV, whatever the distribution's block size; its documentation
// names PILAENV as the routine to change "to tune the library performance on your system".
// With 32, each panel step reads and writes all of a process's C for 64 flops per entry,
// which on this machine made p?gemm on two processes memory-bound at 0.73 of one process's
// two-threaded dgemm (docs/SCALING.md); with 256 the local updates run at dgemm speed.
//
// BlockNumericsDistributed defines `pilaenv_` itself. An executable's definition of a
// symbol takes precedence over a shared library's, ScaLAPACK's internal calls included, so
// this is the value every PBLAS call in the process sees. PILAENV's second rule, that every
// process must use the same value, is checked when a ProcessGrid is built.

/// The logical block size this process gives PBLAS: `BLOCKNUMERICS_PBLAS_BLOCK` when set to
/// a positive integer, else 256.
let _pblasLogicalBlockSize: Int32 = {
  if let text = ProcessInfo.processInfo.environment["BLOCKNUMERICS_PBLAS_BLOCK"], let value = Int32(text), value > 0 {
    return value
  }
  return 256
}()

/// PBLAS's `PILAENV(ICTXT, PREC)`, which PBLAS calls for its logical block size; not API.
/// See `ProcessGrid.pblasLogicalBlockSize`.
@_cdecl("pilaenv_")
public func _pilaenv(_ context: UnsafePointer<Int32>?, _ precision: UnsafePointer<CChar>?, _ precisionLength: Int) -> Int32 {
  _pblasLogicalBlockSize
}

extension ProcessGrid {
  /// The width of the panels PBLAS broadcasts and multiplies in `p?gemm` (its logical block
  /// size, `PILAENV`): 256, or `BLOCKNUMERICS_PBLAS_BLOCK` when set. Reference PBLAS uses 32,
  /// which leaves the local products memory-bound (docs/SCALING.md); every process must use
  /// the same value, which building a grid checks.
  public static var pblasLogicalBlockSize: Int { Int(_pblasLogicalBlockSize) }
}

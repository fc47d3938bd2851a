// Which compiled variant of the vector kernels runs ("path"), chosen once per process from
// the CPU's features and an optional setting, and switchable for tests.
#ifndef BLOCKNUMERICS_KERNEL_PATH_H
#define BLOCKNUMERICS_KERNEL_PATH_H

#include <stdbool.h>
#include "CPU.h"

/// The variants every vector kernel is compiled in, narrowest first.
typedef enum {
  /// Portable C for the package's baseline (SSE2 on x86-64): separate multiply and add.
  blocknumerics_kernels_portable = 0,
  /// AVX2 with FMA (Haswell and later, AMD Zen and later): 256-bit registers, fused multiply-add.
  blocknumerics_kernels_avx2 = 1,
  /// AVX-512 F, VL, BW and DQ (Skylake-SP and later, AMD Zen 4 and later): 512-bit
  /// registers and masks, fused multiply-add.
  blocknumerics_kernels_avx512 = 2,
} blocknumerics_kernel_path;

/// The environment variable that names a path (`portable`, `avx2`, `avx512`, or `auto`).
#define BLOCKNUMERICS_VECTOR_KERNELS_VARIABLE "BLOCKNUMERICS_VECTOR_KERNELS"

/// Whether `cpu` can run `path` (and this build contains it: off x86-64 only the portable path).
bool blocknumerics_kernel_path_supported(const blocknumerics_cpu *cpu, blocknumerics_kernel_path path);

/// The path for `cpu` and `setting` (the environment variable's value, or NULL): the path
/// the setting names when `cpu` supports it, else the widest path `cpu` supports that is
/// no wider than the one named; with no setting, `auto` or an unknown word, the widest.
/// A pure function: the decision the library makes once per process.
blocknumerics_kernel_path blocknumerics_choose_kernel_path(const blocknumerics_cpu *cpu, const char *setting);

/// The path the kernels run on now; the first call (from any kernel or from here) chooses
/// it from this CPU and the environment variable.
blocknumerics_kernel_path blocknumerics_kernel_path_in_use(void);

/// Makes every later kernel call run on `path`, for tests that compare paths in one process.
/// Returns false and changes nothing when this CPU cannot run it. Not for use while another
/// thread is inside a kernel whose result must come from one path.
bool blocknumerics_use_kernel_path(blocknumerics_kernel_path path);

#endif

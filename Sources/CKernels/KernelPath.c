#include "Dispatch.h"

#include <stdlib.h>
#include <string.h>

_Atomic int blocknumerics_active_kernel_path = -1;

bool blocknumerics_kernel_path_supported(const blocknumerics_cpu *cpu, blocknumerics_kernel_path path) {
  switch (path) {
    case blocknumerics_kernels_portable: return true;
#if BN_X86
    case blocknumerics_kernels_avx2: return cpu->avx2 && cpu->fma;
    case blocknumerics_kernels_avx512:
      return cpu->avx2 && cpu->fma && cpu->avx512f && cpu->avx512vl && cpu->avx512bw && cpu->avx512dq;
#endif
    default: return false;
  }
}

blocknumerics_kernel_path blocknumerics_choose_kernel_path(const blocknumerics_cpu *cpu, const char *setting) {
  blocknumerics_kernel_path widest = blocknumerics_kernels_avx512;
  if (setting != NULL) {
    if (strcmp(setting, "portable") == 0) widest = blocknumerics_kernels_portable;
    else if (strcmp(setting, "avx2") == 0) widest = blocknumerics_kernels_avx2;
  }
  for (int path = (int)widest; path > 0; path--) {
    if (blocknumerics_kernel_path_supported(cpu, (blocknumerics_kernel_path)path)) return (blocknumerics_kernel_path)path;
  }
  return blocknumerics_kernels_portable;
}

int blocknumerics_choose_active_kernel_path(void) {
  blocknumerics_cpu cpu;
  blocknumerics_read_cpu(&cpu);
  int chosen = (int)blocknumerics_choose_kernel_path(&cpu, getenv(BLOCKNUMERICS_VECTOR_KERNELS_VARIABLE));
  // Two threads arriving here at once both compute the same choice; a path set meanwhile
  // by blocknumerics_use_kernel_path wins.
  int expected = -1;
  if (!atomic_compare_exchange_strong(&blocknumerics_active_kernel_path, &expected, chosen)) return expected;
  return chosen;
}

blocknumerics_kernel_path blocknumerics_kernel_path_in_use(void) { return (blocknumerics_kernel_path)bn_path(); }

bool blocknumerics_use_kernel_path(blocknumerics_kernel_path path) {
  blocknumerics_cpu cpu;
  blocknumerics_read_cpu(&cpu);
  if (!blocknumerics_kernel_path_supported(&cpu, path)) return false;
  atomic_store(&blocknumerics_active_kernel_path, (int)path);
  return true;
}

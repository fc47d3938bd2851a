#include "CPU.h"
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

// XCR0: which register states the operating system saves on a context switch.
static unsigned long long read_xcr0(void) {
  unsigned eax, edx;
  __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(eax), "=d"(edx) : "c"(0));
  return ((unsigned long long)edx << 32) | eax;
}

void blocknumerics_read_cpu(blocknumerics_cpu *cpu) {
  memset(cpu, 0, sizeof *cpu);
  unsigned eax, ebx, ecx, edx;
  unsigned maxLeaf = __get_cpuid_max(0, 0);
  if (maxLeaf == 0) return;
  __cpuid(0, eax, ebx, ecx, edx);
  memcpy(cpu->vendor + 0, &ebx, 4);
  memcpy(cpu->vendor + 4, &edx, 4);
  memcpy(cpu->vendor + 8, &ecx, 4);

  __cpuid(1, eax, ebx, ecx, edx);
  unsigned baseFamily = (eax >> 8) & 0xf, baseModel = (eax >> 4) & 0xf;
  cpu->family = baseFamily == 0xf ? baseFamily + ((eax >> 20) & 0xff) : baseFamily;
  cpu->model = (baseFamily == 0x6 || baseFamily == 0xf) ? (((eax >> 16) & 0xf) << 4) + baseModel : baseModel;
  cpu->sse2 = (edx >> 26) & 1;
  cpu->sse3 = ecx & 1;
  cpu->ssse3 = (ecx >> 9) & 1;
  cpu->sse4_1 = (ecx >> 19) & 1;
  cpu->sse4_2 = (ecx >> 20) & 1;
  bool osxsave = (ecx >> 27) & 1;
  unsigned long long xcr0 = osxsave ? read_xcr0() : 0;
  // SSE and AVX state (bits 1, 2); AVX-512 adds opmask, upper ZMM and ZMM16-31 (bits 5-7).
  bool osAVX = (xcr0 & 0x6) == 0x6;
  bool osAVX512 = osAVX && (xcr0 & 0xe0) == 0xe0;
  cpu->avx = osAVX && ((ecx >> 28) & 1);
  cpu->fma = cpu->avx && ((ecx >> 12) & 1);

  if (maxLeaf >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    cpu->avx2 = cpu->avx && ((ebx >> 5) & 1);
    cpu->avx512f = osAVX512 && ((ebx >> 16) & 1);
    cpu->avx512dq = cpu->avx512f && ((ebx >> 17) & 1);
    cpu->avx512cd = cpu->avx512f && ((ebx >> 28) & 1);
    cpu->avx512bw = cpu->avx512f && ((ebx >> 30) & 1);
    cpu->avx512vl = cpu->avx512f && ((ebx >> 31) & 1);
    unsigned subleaves = eax;
    if (subleaves >= 1) {
      __cpuid_count(7, 1, eax, ebx, ecx, edx);
      cpu->avx512bf16 = cpu->avx512f && ((eax >> 5) & 1);
    }
  }

  if (__get_cpuid_max(0x80000000, 0) >= 0x80000004) {
    unsigned brand[12];
    for (unsigned leaf = 0; leaf < 3; leaf++) {
      __cpuid(0x80000002 + leaf, brand[4 * leaf], brand[4 * leaf + 1], brand[4 * leaf + 2], brand[4 * leaf + 3]);
    }
    memcpy(cpu->brand, brand, 48);
    cpu->brand[48] = 0;
  }
}

#else

void blocknumerics_read_cpu(blocknumerics_cpu *cpu) { memset(cpu, 0, sizeof *cpu); }

#endif

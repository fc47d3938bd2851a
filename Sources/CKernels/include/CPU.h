// The processor's identity and vector extensions (cpuid and xgetbv), which the BLAS kernel
// check, BLAS.configuration and the choice of vector kernels read.
#ifndef BLOCKNUMERICS_CPU_H
#define BLOCKNUMERICS_CPU_H

#include <stdbool.h>

/// The processor as cpuid reports it, with each vector extension counted only when the
/// operating system also saves its registers (XCR0), as OpenBLAS's own checks require.
typedef struct {
  /// "GenuineIntel", "AuthenticAMD", …; empty off x86-64.
  char vendor[13];
  /// The brand string, e.g. "AMD EPYC 9R14 96-Core Processor"; empty when not reported.
  char brand[49];
  /// Display family and model (base plus extended fields, as Intel and AMD define them).
  unsigned family;
  unsigned model;
  bool sse2, sse3, ssse3, sse4_1, sse4_2;
  bool avx, fma, avx2;
  bool avx512f, avx512dq, avx512bw, avx512vl, avx512cd, avx512bf16;
} blocknumerics_cpu;

/// Fills `cpu` from cpuid and xgetbv; all false and empty on other architectures.
void blocknumerics_read_cpu(blocknumerics_cpu *cpu);

#endif

// The C kernels of BlockNumerics: what Swift cannot reach without unsafe flags.
//
// - CPU.h: the CPU's identity and vector extensions (cpuid, xgetbv), read by the BLAS kernel
//   check and BLAS.configuration (Sources/BlockNumerics/BLAS).
// - The vector kernels, each compiled three times (AVX-512, AVX2 with FMA, and portable C
//   for the baseline the rest of the package is compiled for) and dispatched at run time
//   to the widest variant the CPU runs (KernelPath.h): small products, transposes,
//   activations and losses, optimizer updates, the HALS row sweep. They are reached only
//   from Sources/BlockNumerics/Kernels, which gives them their Swift types.
// - ImplicitALS.h: the conjugate-gradient inner loop of implicit ALS, reached from
//   Sources/BlockNumerics/Learning; it follows the same path choice (AVX2 code on the AVX
//   paths, portable C on the portable one).
//
// Every kernel takes raw pointers, lengths and strides and checks nothing: the Swift side
// has checked shapes before it calls.
#ifndef BLOCKNUMERICS_CKERNELS_H
#define BLOCKNUMERICS_CKERNELS_H

#include "CPU.h"
#include "KernelPath.h"
#include "SmallProduct.h"
#include "Transpose.h"
#include "Elementwise.h"
#include "OptimizerUpdates.h"
#include "HALS.h"
#include "ImplicitALS.h"

#endif

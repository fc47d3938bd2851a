// The C boundary of BlockNumericsDistributed: Open MPI 4.1 and ScaLAPACK 2.2 as Debian 12
// ships them (libopenmpi-dev, openmpi-bin, libscalapack-openmpi-dev). Only
// Sources/BlockNumericsDistributed/MPI imports it.
//
// Open MPI's predefined handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, MPI_IN_PLACE, ...) are
// macros over addresses of global structs, which Swift cannot import: the static inline
// getters below hand them over. ScaLAPACK ships no C header, so its prototypes are declared
// here: 32-bit integers (Debian's build is LP64, not ILP64), every argument by reference as
// Fortran passes it, and one hidden trailing length per character argument (gfortran passes
// size_t; PBLAS's C routines ignore it, which the calling convention allows).
#ifndef BLOCKNUMERICS_CMPI_SHIM_H
#define BLOCKNUMERICS_CMPI_SHIM_H

#if !__has_include(<mpi.h>)
#error "BlockNumericsDistributed needs Open MPI and ScaLAPACK: apt-get install libopenmpi-dev openmpi-bin libscalapack-openmpi-dev (scripts/bootstrap installs them). A project that uses only the BlockNumerics product does not need them."
#endif

#include <mpi.h>
#include <stddef.h>

// MARK: Open MPI's predefined handles

static inline MPI_Comm bn_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm bn_mpi_comm_null(void) { return MPI_COMM_NULL; }
static inline MPI_Datatype bn_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype bn_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype bn_mpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Datatype bn_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype bn_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op bn_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op bn_mpi_product(void) { return MPI_PROD; }
static inline MPI_Op bn_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op bn_mpi_min(void) { return MPI_MIN; }
static inline MPI_Errhandler bn_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Info bn_mpi_info_null(void) { return MPI_INFO_NULL; }
static inline MPI_Request bn_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline void *bn_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Status *bn_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline int bn_mpi_undefined(void) { return MPI_UNDEFINED; }
static inline int bn_mpi_comm_type_shared(void) { return MPI_COMM_TYPE_SHARED; }
static inline int bn_mpi_thread_single(void) { return MPI_THREAD_SINGLE; }
static inline int bn_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int bn_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int bn_mpi_thread_multiple(void) { return MPI_THREAD_MULTIPLE; }
static inline int bn_mpi_ident(void) { return MPI_IDENT; }
static inline int bn_mpi_congruent(void) { return MPI_CONGRUENT; }
static inline int bn_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

// MARK: BLACS (its C interface, part of libscalapack-openmpi)

void Cblacs_pinfo(int *processNumber, int *processCount);
void Cblacs_get(int context, int what, int *value);
void Cblacs_gridinit(int *context, const char *order, int processRows, int processColumns);
void Cblacs_gridinfo(int context, int *processRows, int *processColumns, int *myRow, int *myColumn);
void Cblacs_gridexit(int context);
void Cblacs_exit(int continueAfterwards);
int Csys2blacs_handle(MPI_Comm communicator);
void Cfree_blacs_system_handle(int handle);

// MARK: ScaLAPACK tools

int numroc_(const int *n, const int *nb, const int *iproc, const int *isrcproc, const int *nprocs);
void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb, const int *irsrc,
               const int *icsrc, const int *ictxt, const int *lld, int *info);

// MARK: PBLAS level 3

void psgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
             const float *alpha, const float *a, const int *ia, const int *ja, const int *desca,
             const float *b, const int *ib, const int *jb, const int *descb, const float *beta,
             float *c, const int *ic, const int *jc, const int *descc, size_t transaLength, size_t transbLength);
void pdgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
             const double *alpha, const double *a, const int *ia, const int *ja, const int *desca,
             const double *b, const int *ib, const int *jb, const int *descb, const double *beta,
             double *c, const int *ic, const int *jc, const int *descc, size_t transaLength, size_t transbLength);
void pstran_(const int *m, const int *n, const float *alpha, const float *a, const int *ia, const int *ja,
             const int *desca, const float *beta, float *c, const int *ic, const int *jc, const int *descc);
void pdtran_(const int *m, const int *n, const double *alpha, const double *a, const int *ia, const int *ja,
             const int *desca, const double *beta, double *c, const int *ic, const int *jc, const int *descc);

// MARK: ScaLAPACK

float pslange_(const char *norm, const int *m, const int *n, const float *a, const int *ia, const int *ja,
               const int *desca, float *work, size_t normLength);
double pdlange_(const char *norm, const int *m, const int *n, const double *a, const int *ia, const int *ja,
                const int *desca, double *work, size_t normLength);
void psgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, float *a, const int *ia,
              const int *ja, const int *desca, float *s, float *u, const int *iu, const int *ju,
              const int *descu, float *vt, const int *ivt, const int *jvt, const int *descvt,
              float *work, const int *lwork, int *info, size_t jobuLength, size_t jobvtLength);
void pdgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a, const int *ia,
              const int *ja, const int *desca, double *s, double *u, const int *iu, const int *ju,
              const int *descu, double *vt, const int *ivt, const int *jvt, const int *descvt,
              double *work, const int *lwork, int *info, size_t jobuLength, size_t jobvtLength);
void psgemr2d_(const int *m, const int *n, const float *a, const int *ia, const int *ja, const int *desca,
               float *b, const int *ib, const int *jb, const int *descb, const int *context);
void pdgemr2d_(const int *m, const int *n, const double *a, const int *ia, const int *ja, const int *desca,
               double *b, const int *ib, const int *jb, const int *descb, const int *context);

#endif

// How much PBLAS's logical block size (PILAENV, 32 in Debian's ScaLAPACK) costs pdgemm:
// the panel width of its SUMMA loop, so the k of every local dgemm. Built twice, once as
// ScaLAPACK ships and once with PILAENV overridden (an executable's definition of pilaenv_
// takes precedence over the library's), it times the same pdgemm; docs/SCALING.md quotes it.
//   mpicc -O2 scripts/pblas-panel.c -o /tmp/panel32 -lscalapack-openmpi -lopenblas
//   mpicc -O2 -DPANEL=512 scripts/pblas-panel.c -o /tmp/panel512 -lscalapack-openmpi -lopenblas
//   OPENBLAS_NUM_THREADS=1 mpirun -n 2 /tmp/panel32 4096 128 1 2   (n, block, grid rows, columns)
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

void Cblacs_get(int context, int what, int *value);
void Cblacs_gridinit(int *context, const char *order, int rows, int columns);
void Cblacs_gridinfo(int context, int *rows, int *columns, int *row, int *column);
int numroc_(const int *n, const int *nb, const int *iproc, const int *isrcproc, const int *nprocs);
void pdgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
             const double *alpha, const double *a, const int *ia, const int *ja, const int *desca,
             const double *b, const int *ib, const int *jb, const int *descb, const double *beta,
             double *c, const int *ic, const int *jc, const int *descc, size_t, size_t);

#ifdef PANEL
int pilaenv_(const int *context, const char *precision, size_t length) { return PANEL; }
#endif

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  if (argc < 5) { fprintf(stderr, "usage: n block gridrows gridcolumns\n"); MPI_Abort(MPI_COMM_WORLD, 2); }
  int n = atoi(argv[1]), nb = atoi(argv[2]), rows = atoi(argv[3]), columns = atoi(argv[4]);
  int rank, context, gridRows, gridColumns, myRow, myColumn, zero = 0, one = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  Cblacs_get(0, 0, &context);
  Cblacs_gridinit(&context, "R", rows, columns);
  Cblacs_gridinfo(context, &gridRows, &gridColumns, &myRow, &myColumn);
  int localRows = numroc_(&n, &nb, &myRow, &zero, &gridRows);
  int localColumns = numroc_(&n, &nb, &myColumn, &zero, &gridColumns);
  int descriptor[9] = {1, context, n, n, nb, nb, 0, 0, localRows > 1 ? localRows : 1};
  long count = (long)localRows * localColumns;
  double *a = malloc(sizeof(double) * (count + 1)), *b = malloc(sizeof(double) * (count + 1)), *c = malloc(sizeof(double) * (count + 1));
  for (long i = 0; i < count; i++) { a[i] = (double)(i % 7) / 7; b[i] = (double)(i % 5) / 5; }
  double alpha = 1, beta = 0, times[6];
  for (int run = 0; run < 6; run++) {   // the first is a warm-up
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    pdgemm_("N", "N", &n, &n, &n, &alpha, a, &one, &one, descriptor, b, &one, &one, descriptor, &beta, c, &one, &one, descriptor, 1, 1);
    MPI_Barrier(MPI_COMM_WORLD);
    times[run] = MPI_Wtime() - start;
  }
  if (rank == 0) {
    double sorted[5];
    for (int run = 1; run < 6; run++) {   // insertion sort of the five timed runs
      int at = run - 1;
      while (at > 0 && sorted[at - 1] > times[run]) { sorted[at] = sorted[at - 1]; at--; }
      sorted[at] = times[run];
    }
#ifdef PANEL
    const char *panel = "overridden";
#else
    const char *panel = "as shipped";
#endif
    printf("pdgemm n=%d block=%d grid %dx%d, PILAENV %s: median %.3f s (%.1f GFLOP/s), best %.3f s\n", n, nb, rows,
           columns, panel, sorted[2], 2.0 * n * n * (double)n / 1e9 / sorted[2], sorted[0]);
  }
  MPI_Finalize();
  return 0;
}

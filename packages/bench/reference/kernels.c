/*
 * In-run reference of `gla bench` (section "kernels"): the same two jobs as the project's kernels, written
 * plainly in C for the compiler to vectorise (float32, -O3 -march=native -ffast-math: vectorised expf) and
 * spread over threads with OpenMP when available. Compiled by the benchmark when a C compiler is present.
 *
 *   kernels <zero-shot.npy> <fine-tuned.npy> <labels.i32> <runs>
 *
 * Both .npy files are N x K float32, C order; labels are N raw int32. Prints one JSON line:
 * {"prior": median seconds of one pass, "evaluate": median seconds of scoring 5 combinations,
 *  "checks": median seconds of the input checks of the zero-shot matrix, "threads": T,
 *  "loss": mean cross-entropy of the pass (a check that the work was done)}.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static float *read_npy(const char *path, long *rows, long *cols) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  unsigned char head[10];
  if (fread(head, 1, 10, f) != 10) { fprintf(stderr, "%s: short file\n", path); exit(2); }
  long header = head[8] | (head[9] << 8);
  char *text = malloc(header + 1);
  if (fread(text, 1, header, f) != (size_t)header) { fprintf(stderr, "%s: short header\n", path); exit(2); }
  text[header] = 0;
  char *shape = strstr(text, "'shape': (");
  if (!shape || sscanf(shape, "'shape': (%ld, %ld)", rows, cols) != 2) { fprintf(stderr, "%s: no shape\n", path); exit(2); }
  free(text);
  float *data = malloc(sizeof(float) * *rows * *cols);
  if (fread(data, sizeof(float), *rows * *cols, f) != (size_t)(*rows * *cols)) { fprintf(stderr, "%s: short data\n", path); exit(2); }
  fclose(f);
  return data;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *t, int n) {
  qsort(t, n, sizeof(double), compare);
  return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

int main(int argc, char **argv) {
  if (argc != 5) { fprintf(stderr, "usage: kernels zs.npy ft.npy labels.i32 runs\n"); return 2; }
  long n, k, n2, k2;
  float *zs = read_npy(argv[1], &n, &k);
  float *ft = read_npy(argv[2], &n2, &k2);
  int runs = atoi(argv[4]);
  int *labels = malloc(sizeof(int) * n);
  FILE *lf = fopen(argv[3], "rb");
  if (!lf || fread(labels, sizeof(int), n, lf) != (size_t)n) { fprintf(stderr, "%s: short labels\n", argv[3]); return 2; }
  fclose(lf);
  float *b = calloc(k, sizeof(float));
  for (long j = 0; j < k; j++) b[j] = 0.01f * (float)(j % 7);
  double *times = malloc(sizeof(double) * runs);
  double loss = 0;
  int threads = 1;
  /* Job 1: one prior pass: softmax of every row of z + b, column means of p, mean cross-entropy. */
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    double total = 0;
    double *pbar = calloc(k, sizeof(double));
#pragma omp parallel reduction(+ : total)
    {
      double *acc = calloc(k, sizeof(double));
      float *e = malloc(sizeof(float) * k);
#ifdef _OPENMP
      threads = omp_get_num_threads();
#endif
#pragma omp for schedule(static)
      for (long i = 0; i < n; i++) {
        const float *z = zs + i * k;
        float m = -INFINITY;
        for (long j = 0; j < k; j++) m = fmaxf(m, z[j] + b[j]);
        float s = 0;
        for (long j = 0; j < k; j++) { e[j] = expf(z[j] + b[j] - m); s += e[j]; }
        float inv = 1.0f / s;
        for (long j = 0; j < k; j++) acc[j] += e[j] * inv;
        total += m + logf(s) - (z[labels[i]] + b[labels[i]]);
      }
#pragma omp critical
      for (long j = 0; j < k; j++) pbar[j] += acc[j];
      free(acc);
      free(e);
    }
    times[r] = now() - t0;
    loss = total / n;
    free(pbar);
  }
  double prior = median(times, runs);
  /* Job 2: five combinations (zero-shot, fine-tuned, debiased, ensemble, GLA): argmax and max-softmax per row. */
  float wa[5] = {1, 0, 1, 0.5f, 1}, wb[5] = {0, 1, 0, 0.5f, 1}, sa[5] = {0, 0, 1, 0, 1}, sb[5] = {0, 0, 0, 0, 1};
  int *pred = malloc(sizeof(int) * n * 5);
  float *conf = malloc(sizeof(float) * n * 5);
  for (int r = 0; r < runs; r++) {
    double t0 = now();
#pragma omp parallel
    {
      float *v = malloc(sizeof(float) * k);
#pragma omp for schedule(static)
      for (long i = 0; i < n; i++) {
        for (int c = 0; c < 5; c++) {
          const float *x = zs + i * k, *y = ft + i * k;
          float m = -INFINITY;
          for (long j = 0; j < k; j++) { v[j] = wa[c] * x[j] + sa[c] * b[j] + wb[c] * y[j] + sb[c] * b[j]; m = fmaxf(m, v[j]); }
          int arg = 0;
          while (v[arg] != m) arg++;
          float s = 0;
          for (long j = 0; j < k; j++) s += expf(v[j] - m);
          pred[i * 5 + c] = arg;
          conf[i * 5 + c] = 1.0f / s;
        }
      }
      free(v);
    }
    times[r] = now() - t0;
  }
  double evaluate = median(times, runs);
  /* Job 3: the input checks of one matrix: finiteness, largest magnitude, largest row spread. Magnitudes are
     compared as integer bit patterns (-ffast-math may assume no NaN or Inf in float comparisons). */
  int worstBits = 0;
  float worstSpread = 0;
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    int bits = 0;
    float spread = 0;
#pragma omp parallel for schedule(static) reduction(max : bits, spread)
    for (long i = 0; i < n; i++) {
      const float *z = zs + i * k;
      float lo = z[0], hi = z[0];
      for (long j = 0; j < k; j++) {
        int u;
        memcpy(&u, &z[j], sizeof u);
        u &= 0x7fffffff;
        bits = u > bits ? u : bits;
        lo = fminf(lo, z[j]);
        hi = fmaxf(hi, z[j]);
      }
      spread = fmaxf(spread, hi - lo);
    }
    times[r] = now() - t0;
    worstBits = bits;
    worstSpread = spread;
  }
  double checks = median(times, runs);
  printf("{\"prior\": %.6g, \"evaluate\": %.6g, \"checks\": %.6g, \"threads\": %d, \"loss\": %.9g, \"check\": %d, \"finite\": %d, \"spread\": %.9g}\n",
         prior, evaluate, checks, threads, loss, pred[0] + pred[5 * (n - 1)], worstBits < 0x7f800000, worstSpread);
  return 0;
}

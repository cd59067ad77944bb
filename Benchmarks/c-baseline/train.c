/* sinetui's per-sample SGD loop in C, for the CPU-time comparison with `sinetui train`.
 *
 * The same data, initial weights and sample sequence as sinetui's Trainer for a preset and seed
 * (SplitMix64-seeded xoshiro256**, Lemire's bounded index, inputs then w1, w2, b1 drawn from one
 * stream), and the same algorithm as the scalar step sinetui had before it was vectorised
 * (Network.descend at commit 5e1c77a): a forward pass that keeps each unit's memo t = e^-|h| and
 * its activation, a slope pass (t / (1 + t)^2, or the original program's slip from the
 * activation), then the update with p * 0 poisoning to track finiteness, one step per sample.
 * The sigmoid activation; every gradient rule.
 *
 * Build: gcc -O2 -o train-c train.c -lm        (what Benchmarks/c-baseline/compare.py does)
 * Run:   ./train-c --steps N [--hidden H] [--seed S] [--preset bias|numpy|tensorflow]
 *                  [--gradient correct|original|sign|double-sigmoid] [--eta E]
 * Prints one line: the loop's CPU time, the steps taken, the final mse over 256 midpoints of the
 * range (as `sinetui train` reports it) and a checksum of the parameters' bits.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* SplitMix64, to seed xoshiro256**. */
static uint64_t splitmix(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

typedef struct {
  uint64_t s[4];
} rng_t;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next(rng_t *g) {
  uint64_t *s = g->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

static inline double next_unit(rng_t *g) { return (double)(next(g) >> 11) * 0x1.0p-53; }

/* Lemire's nearly divisionless bounded index, as Xoshiro256StarStar.nextIndex(below:). */
static inline long next_index(rng_t *g, uint64_t bound) {
  __uint128_t product = (__uint128_t)next(g) * bound;
  if ((uint64_t)product < bound) {
    uint64_t threshold = (0 - bound) % bound;
    while ((uint64_t)product < threshold) product = (__uint128_t)next(g) * bound;
  }
  return (long)(product >> 64);
}

/* The sigmoid from t = e^-|h|: sigma(h) = 1/(1 + t) for h >= 0, t/(1 + t) below. */
static inline double activate(double h, double *memo) {
  double t = exp(-fabs(h));
  *memo = t;
  return (h >= 0 ? 1 : t) / (1 + t);
}

/* The original program's sigmoid_deriv(sigmoid(a)), with e^-a as the same degree-15 Taylor
 * polynomial about 1/2 (Estrin's scheme) that sinetui's scalar step used. */
static inline double slope_at_activation(double s) {
  double u = 0.5 - s, u2 = u * u, u4 = u2 * u2, u8 = u4 * u4;
  double c01 = 1 + u, c23 = 0.5 + u * (1.0 / 6), c45 = 1.0 / 24 + u * (1.0 / 120);
  double c67 = 1.0 / 720 + u * (1.0 / 5040), c89 = 1.0 / 40320 + u * (1.0 / 362880);
  double c1011 = 1.0 / 3628800 + u * (1.0 / 39916800);
  double c1213 = 1.0 / 479001600 + u * (1.0 / 6227020800.0);
  double c1415 = 1.0 / 87178291200.0 + u * (1.0 / 1307674368000.0);
  double low = (c01 + u2 * c23) + u4 * (c45 + u2 * c67);
  double high = (c89 + u2 * c1011) + u4 * (c1213 + u2 * c1415);
  double sigma = 1 / (1 + 0.6065306597126334 * (low + u8 * high));
  return sigma * (1 - sigma);
}

/* One SGD step, as sinetui's scalar Network.descend did it; returns whether the loss and every
 * parameter stayed finite. */
static inline int descend(double *restrict p, long h, int biases, double *restrict scratch,
                          double x, double y, double eta, int flips, int twice, double *loss_out) {
  double prediction = p[3 * h];
  for (long i = 0; i < h; i++) {
    double memo;
    double a = activate(p[i] * x + p[2 * h + i], &memo);
    scratch[i] = memo;
    scratch[h + i] = a;
    prediction += p[h + i] * a;
  }
  double difference = prediction - y;
  double loss = 0.5 * difference * difference;
  double error = flips ? y - prediction : prediction - y;
  double poison = loss * 0;
  if (twice) {
    for (long i = 0; i < h; i++) scratch[i] = slope_at_activation(scratch[h + i]);
  } else {
    for (long i = 0; i < h; i++) {
      double s = 1 + scratch[i];
      scratch[i] = scratch[i] / (s * s);
    }
  }
  for (long i = 0; i < h; i++) {
    double backward = error * p[h + i] * scratch[i];
    p[i] -= eta * (backward * x);
    p[h + i] -= eta * (error * scratch[h + i]);
    poison += p[i] * 0 + p[h + i] * 0;
    if (biases) {
      p[2 * h + i] -= eta * backward;
      poison += p[2 * h + i] * 0;
    }
  }
  if (biases) {
    p[3 * h] -= eta * error;
    poison += p[3 * h] * 0;
  }
  *loss_out = loss;
  return poison == 0;
}

static double output(const double *p, long h, double x) {
  double sum = p[3 * h];
  for (long i = 0; i < h; i++) {
    double memo;
    sum += p[h + i] * activate(p[i] * x + p[2 * h + i], &memo);
  }
  return sum;
}

static const char *option(int argc, char **argv, const char *name, const char *fallback) {
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

int main(int argc, char **argv) {
  long steps = atol(option(argc, argv, "--steps", "20000000"));
  long h = atol(option(argc, argv, "--hidden", "10"));
  uint64_t seed = strtoull(option(argc, argv, "--seed", "1"), 0, 10);
  const char *preset = option(argc, argv, "--preset", "bias");
  const char *gradient = option(argc, argv, "--gradient", "correct");
  double eta = atof(option(argc, argv, "--eta", "0.01"));
  int biases = strcmp(preset, "bias") == 0;
  double upper = strcmp(preset, "tensorflow") == 0 ? 1.0 : 15.0;
  int flips = strcmp(gradient, "original") == 0 || strcmp(gradient, "sign") == 0;
  int twice = strcmp(gradient, "original") == 0 || strcmp(gradient, "double-sigmoid") == 0;
  if (h < 1 || h > 64 || steps < 0) {
    fprintf(stderr, "train-c: hidden 1...64, steps >= 0\n");
    return 64;
  }

  uint64_t expander = seed;
  rng_t g;
  for (int i = 0; i < 4; i++) g.s[i] = splitmix(&expander);
  enum { COUNT = 500 };
  static double xs[COUNT], ys[COUNT];
  for (int i = 0; i < COUNT; i++) xs[i] = 0 + (upper - 0) * next_unit(&g);
  for (int i = 0; i < COUNT; i++) ys[i] = sin(xs[i]);
  double *p = calloc(3 * h + 1, sizeof(double));
  double *scratch = calloc(2 * h, sizeof(double));
  for (long i = 0; i < (biases ? 3 * h : 2 * h); i++) p[i] = -1 + 2.0 * next_unit(&g);

  struct timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  long taken = 0;
  double loss = 0;
  while (taken < steps) {
    long index = next_index(&g, COUNT);
    int finite = descend(p, h, biases, scratch, xs[index], ys[index], eta, flips, twice, &loss);
    taken++;
    if (!finite) break;
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  double seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);

  double mse = 0, width = upper / 256;
  for (int k = 0; k < 256; k++) {
    double x = (k + 0.5) * width, d = output(p, h, x) - sin(x);
    mse += d * d;
  }
  mse /= 256;
  uint64_t sum = 0;
  for (long i = 0; i < 3 * h + 1; i++) {
    uint64_t bits;
    memcpy(&bits, &p[i], 8);
    sum = sum * 31 + bits;
  }
  printf("cpu %.6f steps %ld loss %.17g mse %.17g checksum %016llx\n", seconds, taken, loss, mse,
         (unsigned long long)sum);
  return 0;
}

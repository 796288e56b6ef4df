// Seeded CI-like durations for the detector's tests: log-normal noise around a median, a share of
// outlier runs 2–4× slower (a cold cache, a retried flaky test), and an optional shift.

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface Noise {
  /** Median duration in ms. */
  medianMs: number;
  /** σ of log durations (CV ≈ σ for small σ: 0.15 ≈ 15 %). */
  sigma: number;
  /** Share of outlier runs (default 5 %). */
  outliers?: number;
}

export function durations(random: () => number, n: number, noise: Noise, shift = 1): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let d = noise.medianMs * Math.exp(noise.sigma * gaussian(random)) * shift;
    if (random() < (noise.outliers ?? 0.05)) d *= 2 + 2 * random();
    out.push(Math.round(d));
  }
  return out;
}

// The front-end benchmark's statistics (bench/frontend.mjs), apart so that a test can hold
// them (bench/stats.test.mjs): medians, the orders of the rounds, and how far a ratio of
// medians can be trusted on a noisy machine.
//
// Why an interval: on the 2-core VM the same build's desktop median moved ±6 % between two
// runs (BENCHMARKS.md, 2026-12-05 00:23 and 00:47), so a ratio a few hundredths from a goal
// says little on its own. The interval is a percentile bootstrap over the rounds: a round's
// runs (one of each page, close in time) are drawn together, so what slows the machine for
// a while slows both sides of the ratio, as it did in the run.

/** The median of `xs` (the mean of the two middle values for an even count); null if empty. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * The orders of one cycle of rounds: each page in each place equally often, and each page
 * after each other page equally often. For two pages ABBA; for three, the three rotations
 * and their reverses (six rounds).
 */
export function roundOrders(kinds) {
  const shifts = kinds.map((_, i) => kinds.map((__, j) => kinds[(i + j) % kinds.length]));
  return kinds.length === 2 ? shifts : [...shifts, ...shifts.map((o) => [...o].reverse())];
}

/** A small seeded generator (mulberry32): the same run gives the same interval. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The `q`-quantile (0…1) of sorted `s`, interpolated between neighbours. */
function quantile(s, q) {
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo] + (s[hi] - s[lo]) * (at - lo);
}

/**
 * The ratio median(a) / median(b) and its 95 % percentile-bootstrap interval, `a[i]` and
 * `b[i]` being one round's runs: `resamples` times, as many rounds as there are, are drawn
 * with replacement and the ratio of their medians taken. Null when a side is empty, the
 * sides differ in length, or a median is not positive.
 * @returns {{ ratio: number, lo: number, hi: number, rounds: number } | null}
 */
export function ratioInterval(a, b, { resamples = 2000, seed = 1 } = {}) {
  const n = a.length;
  if (n === 0 || n !== b.length) return null;
  const ratio = median(a) / median(b);
  if (!Number.isFinite(ratio) || !(median(b) > 0)) return null;
  const rand = generator(seed);
  const ratios = new Float64Array(resamples);
  const ra = new Array(n);
  const rb = new Array(n);
  for (let k = 0; k < resamples; k += 1) {
    for (let i = 0; i < n; i += 1) {
      const j = Math.floor(rand() * n);
      ra[i] = a[j];
      rb[i] = b[j];
    }
    ratios[k] = median(ra) / median(rb);
  }
  ratios.sort();
  return { ratio, lo: quantile(ratios, 0.025), hi: quantile(ratios, 0.975), rounds: n };
}

/**
 * A goal's verdict for this run: met or not by the ratio of medians (the measure),
 * and whether the goal's line lies inside the interval, where another run of the same build
 * could fall on the other side.
 * @returns {'met' | 'not met' | 'met, within the noise' | 'not met, within the noise' | null}
 */
export function verdict(iv, max) {
  if (!iv) return null;
  const met = iv.ratio <= max;
  const close = iv.lo <= max && max <= iv.hi;
  return `${met ? 'met' : 'not met'}${close ? ', within the noise' : ''}`;
}

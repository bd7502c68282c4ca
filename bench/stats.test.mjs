// Tests of the front-end benchmark's statistics (bench/stats.mjs); run by the e2e layer of
// `cargo xtask test` (`node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { median, ratioInterval, roundOrders, verdict } from './stats.mjs';

test('the median of an even count is the mean of the middle two, and of nothing is null', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
});

test('each page takes each place and follows each other page equally often in a cycle', () => {
  for (const kinds of [['panel', 'plain'], ['panel', 'plain', 'floor']]) {
    const orders = roundOrders(kinds);
    const places = new Map();
    const follows = new Map();
    orders.forEach((o) => o.forEach((k, i) => {
      places.set(`${k}@${i}`, (places.get(`${k}@${i}`) ?? 0) + 1);
      if (i > 0) follows.set(`${o[i - 1]}>${k}`, (follows.get(`${o[i - 1]}>${k}`) ?? 0) + 1);
    }));
    assert.equal(places.size, kinds.length ** 2, `every page in every place: ${kinds}`);
    assert.equal(new Set(places.values()).size, 1, `each place equally often: ${kinds}`);
    assert.equal(follows.size, kinds.length * (kinds.length - 1), `every page after every other: ${kinds}`);
    assert.equal(new Set(follows.values()).size, 1, `each succession equally often: ${kinds}`);
  }
});

test('the interval holds the ratio of medians and is the same for the same seed', () => {
  const a = [210, 190, 205, 230, 180, 200, 215, 195, 260, 185, 199, 207];
  const b = [130, 125, 140, 128, 122, 135, 131, 127, 160, 118, 129, 133];
  const iv = ratioInterval(a, b);
  assert.equal(iv.ratio, median(a) / median(b));
  assert.ok(iv.lo < iv.ratio && iv.ratio < iv.hi, JSON.stringify(iv));
  assert.deepEqual(ratioInterval(a, b), iv);
  assert.equal(iv.rounds, a.length);
});

test('a steady machine gives no spread, a noisy one a wide interval', () => {
  const steady = ratioInterval(Array(10).fill(150), Array(10).fill(100));
  assert.deepEqual([steady.lo, steady.ratio, steady.hi], [1.5, 1.5, 1.5]);
  const noisy = ratioInterval([100, 300, 120, 280, 150, 260, 110, 290, 140, 270], Array(10).fill(100));
  assert.ok(noisy.hi - noisy.lo > 0.5, JSON.stringify(noisy));
});

test('a round is drawn whole: a slowdown shared by both pages of a round cancels out', () => {
  // Each round's two runs are slowed alike (the machine busy for a while): the panel is
  // always 1.5× the plain page within a round, so every resample's ratio is near 1.5.
  const slow = [1, 1.8, 1, 2.5, 1.2, 1, 3, 1.1, 1, 2.2];
  const iv = ratioInterval(slow.map((f) => 150 * f), slow.map((f) => 100 * f));
  assert.ok(iv.lo >= 1.4 && iv.hi <= 1.6, JSON.stringify(iv));
});

test('no interval without pairs of runs', () => {
  assert.equal(ratioInterval([], []), null);
  assert.equal(ratioInterval([1, 2], [1]), null);
  assert.equal(ratioInterval([1, 2], [0, 0]), null);
});

test('the verdict says when the goal line lies inside the interval', () => {
  assert.equal(verdict({ ratio: 1.6, lo: 1.45, hi: 1.7 }, 1.5), 'not met, within the noise');
  assert.equal(verdict({ ratio: 1.6, lo: 1.55, hi: 1.7 }, 1.5), 'not met');
  assert.equal(verdict({ ratio: 1.2, lo: 1.1, hi: 1.35 }, 1.3), 'met, within the noise');
  assert.equal(verdict({ ratio: 0.8, lo: 0.75, hi: 0.9 }, 1.3), 'met');
  assert.equal(verdict(null, 1.3), null);
});

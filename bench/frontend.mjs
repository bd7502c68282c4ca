// The front-end benchmark of `cargo xtask bench` (bench/README.md): the wasm panel against a
// hand-written plain-JS page (bench/plain.html + plain.js) and, as a floor, the same work in
// a small Leptos app (bench/floor), all served by one
// privatelink-server from one origin, in Debian's headless Chromium driven by
// playwright-core (e2e/'s node_modules). Nothing is asserted: it writes figures (the issue's
// goals are printed as met / not met beside them, never enforced).
//
// xtask starts the server (--test-controls --manual-clock, connect/DNS delays long) and runs
// this with:
//   BENCH_BASE_URL     http://127.0.0.1:PORT (required)
//   BENCH_TOKEN        the server's --demo-token (required)
//   BENCH_OUT_DIR      where frontend.json and frontend.md go (required)
//   BENCH_RUNS         navigation runs per page with 3 connections (default 72)
//   BENCH_LARGE_RUNS   navigation runs per page with BENCH_LARGE_COUNT connections (default 10)
//   BENCH_LARGE_COUNT  connections of the large case (default 1000)
//   BENCH_MOBILE_RUNS  mobile-profile runs per page, 3 connections (default 6)
//   BENCH_SERVER_PROFILE  the server binary's cargo profile, for the report (default "dev")
//   CHROMIUM_PATH      default /usr/bin/chromium
//
// What it measures (every page is measured only by what it shows: the rows in the DOM and
// the frame that paints them; nothing depends on which files a page loads or how):
//   a/b. navigation → every wanted row `[data-testid=connections] tr[data-testid^=connection-plc]`
//        in the DOM ("dom") and the frame that shows them rendered ("painted"), read in the
//        page against performance.timeOrigin, then until the main thread has not been busy
//        (a 10 ms heartbeat late by > 50 ms) for 500 ms ("idle"); a fresh browser context
//        (empty cache) per run; desktop profile (no throttling, 1280×900);
//        one discarded warm-up of each page; pages alternate in ABBA order. With 3
//        connections the floor page (bench/floor: the plain page's work as a small Leptos
//        app) runs in the same rounds, in cycles of six orders (each page in each place, and
//        after each other page, equally often; BENCH_RUNS raised to whole cycles): what
//        wasm and Leptos cost here, apart from the panel's own code (reported, no goal; if
//        it fails, the problem is listed and the rest goes on).
//   m.   the same with 3 connections on Lighthouse's mobile profile, set through the DevTools
//        protocol (a CDP session on the page: Network.enable, then before each navigation
//        Network.emulateNetworkConditions with latency 150 ms, download 200,000 B/s =
//        1.6 Mbps, upload 93,750 B/s = 750 kbps, and Emulation.setCPUThrottlingRate 4; window
//        as on desktop). Per run a fresh context: a first visit (empty HTTP cache) → rows
//        shown, then about:blank, then the same URL again (second visit, HTTP cache warm) →
//        rows shown. Bytes per visit: the sum of CDP Network.loadingFinished
//        encodedDataLength (headers and body as received) until the page is idle; requests,
//        304s (the status on the wire) and cache hits counted alike. Each visit's time is
//        also split with Resource Timing: document received, first API call (`/v1/…`, the
//        wire contract both pages share) sent, last API answer in. One discarded warm-up of
//        each page, ABBA order. Also a fixed loop timed with and without the CPU rate (the
//        slowdown Chromium's throttling really gives on this machine).
//   c.   DOM mutations in the panel (MutationObserver on <body>: subtree, childList,
//        attributes, characterData) once the 3-row table is shown and one connection is
//        `user-approved` (so the panel polls): (i) during one poll that changes nothing,
//        (ii) during the poll that sees that connection become `connected` (clock advanced).
//        Runs last: it changes the 3-connection service's data.
//
// The report also lists the issue's goals (panel / plain JS on rows painted, medians): mobile
// first visit ≤ 2.5×, mobile second visit ≤ 1.3×, desktop 3 connections ≤ 1.5×, desktop 1,000
// connections ≤ 1.3×, each "met" or "not met" for this run.

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';

import { median, ratioInterval, roundOrders, verdict } from './stats.mjs';

const require = createRequire(new URL('../e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run through \`cargo xtask bench --only frontend\`)`);
  return v;
}
const int = (name, dflt) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

const BASE = need('BENCH_BASE_URL').replace(/\/+$/, '');
const TOKEN = need('BENCH_TOKEN');
const OUT = need('BENCH_OUT_DIR');
const RUNS = int('BENCH_RUNS', 72);
const LARGE_RUNS = int('BENCH_LARGE_RUNS', 10);
const LARGE_COUNT = int('BENCH_LARGE_COUNT', 1000);
const MOBILE_RUNS = int('BENCH_MOBILE_RUNS', 6);
const SMALL_COUNT = 3;
/** After the rows are painted, the page counts as idle after this long without a long task. */
const QUIET_MS = 500;
const SERVER_PROFILE = process.env.BENCH_SERVER_PROFILE || 'dev';

const PROJECT = 'demo-project';
const SMALL_SERVICE = 'demo-pg';
const LARGE_SERVICE = `bench-pg-${LARGE_COUNT}`;
const SUB = '8eefec94-5d63-40c9-983c-03ab083b411d';
const VPC = '1007a317-aa9a-4f5e-a5fb-0a3b9fd5e2a3';
/** Both profiles: the same desktop-sized window, so both pages lay out the same table. */
const VIEWPORT = { width: 1280, height: 900 };
/**
 * Lighthouse's mobile profile (its "slow 4G" figures and CPU slowdown), set through the
 * DevTools protocol: Network.emulateNetworkConditions and Emulation.setCPUThrottlingRate.
 */
const MOBILE = {
  latencyMs: 150,
  downloadBytesPerS: 200_000, // 1.6 Mbps
  uploadBytesPerS: 93_750, // 750 kbps
  cpuRate: 4,
};
/** The issue's goals, panel / plain JS on rows painted (medians); figures, never asserted. */
const GOALS = [
  { key: 'mobileFirst', label: 'mobile profile, first visit (empty HTTP cache), 3 connections', max: 2.5 },
  { key: 'mobileSecond', label: 'mobile profile, second visit (HTTP cache warm), 3 connections', max: 1.3 },
  { key: 'desktopSmall', label: 'desktop, 3 connections (fresh context)', max: 1.5 },
  { key: 'desktopLarge', label: `desktop, ${LARGE_COUNT.toLocaleString('en')} connections (fresh context)`, max: 1.3 },
];
/** The rows both pages must render; the panel must keep these data-testids. */
const ROW_SEL = '[data-testid=connections] tr[data-testid^=connection-plc]';

// Same flags as e2e/lib.js: no sandbox as root, no background traffic.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions',
];

const log = (...a) => console.error('[bench frontend]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- API set-up

async function api(method, path, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `aivenv1 ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

const svcPath = (s) => `/v1/project/${PROJECT}/service/${s}`;
const plPath = (s) => `${svcPath(s)}/privatelink/azure`;

async function untilActive(service) {
  for (let i = 0; i < 50; i += 1) {
    const pl = await api('GET', plPath(service));
    if (pl.state === 'active' && pl.azure_service_alias) return pl;
    // The server runs with --manual-clock: move time past the create delay.
    await api('POST', '/sim/clock/advance', { seconds: 10 });
  }
  throw new Error(`the privatelink of ${service} did not become active`);
}

/** A privatelink on `service` with `count` discovered connections, all pending approval. */
async function setUpService(service, count) {
  await api('POST', plPath(service), { user_subscription_ids: [SUB] });
  const pl = await untilActive(service);
  const t0 = Date.now();
  for (let i = 1; i <= count; i += 1) {
    await api('POST', '/sim/endpoints', {
      subscription_id: SUB,
      resource_group: 'bench-rg',
      name: `bench-pe-${String(i).padStart(4, '0')}`,
      target: pl.azure_service_alias,
    });
  }
  await api('POST', `${plPath(service)}/refresh`);
  const { connections } = await api('GET', `${plPath(service)}/connections`);
  if (connections.length !== count) {
    throw new Error(`${service}: ${connections.length} connections listed, ${count} wanted`);
  }
  log(`${service}: ${count} connections set up in ${Date.now() - t0} ms`);
  return connections;
}

// ---------------------------------------------------------------- pages

const panelUrl = (s) => `${BASE}/?service=${encodeURIComponent(s)}#token=${encodeURIComponent(TOKEN)}`;
const plainUrl = (s) => `${BASE}/plain.html?service=${encodeURIComponent(s)}#token=${encodeURIComponent(TOKEN)}`;
/** The floor: the plain page's work as a small Leptos app (bench/floor), served beside it. */
const floorUrl = (s) => `${BASE}/floor.html?service=${encodeURIComponent(s)}#token=${encodeURIComponent(TOKEN)}`;

async function newContext(browser) {
  return browser.newContext({ viewport: VIEWPORT });
}

function watchProblems(page, label, problems) {
  page.on('pageerror', (e) => problems.push(`${label}: pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${label}: console.error: ${m.text()}`);
  });
}

/**
 * Makes every document of `context` note when `want` rows are in it, then the end of the
 * frame showing them (a message posted from requestAnimationFrame runs after that frame's
 * rendering), and when its main thread is busy. An init script: it runs before any page
 * script, again on every navigation.
 */
function watchRows(context, want) {
  return context.addInitScript(({ sel, want: n }) => {
    // blocks: [end, length] of every stretch over 50 ms in which a 10 ms heartbeat could not
    // run, i.e. the main thread was busy (script, style, layout, paint, GC alike; the Long
    // Tasks API misses some of the panel's rendering work in headless Chromium).
    const rec = { domMs: null, paintedMs: null, blocks: [] };
    window.__bench = rec;
    let beat = performance.now();
    setInterval(() => {
      const now = performance.now();
      if (now - beat > 50) rec.blocks.push([now, now - beat]);
      beat = now;
    }, 10);
    const mo = new MutationObserver(() => {
      if (rec.domMs !== null || document.querySelectorAll(sel).length < n) return;
      rec.domMs = performance.now();
      mo.disconnect();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { rec.paintedMs = performance.now(); };
        ch.port2.postMessage(0);
      });
    });
    mo.observe(document, { childList: true, subtree: true });
  }, { sel: ROW_SEL, want });
}

/**
 * Navigates `page` (its context set up by watchRows) to `url`, waits until `want` rows are
 * painted, then until the page is idle, and reads the figures in the page. `resources`: also
 * return every resource's path, start, end and transfer size (for reading the JSON only;
 * nothing here depends on which files a page loads).
 */
async function visit(page, kind, url, want, seen, { timeout, resources = false }) {
  const wall0 = performance.now();
  await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
  await page.waitForFunction(() => window.__bench && window.__bench.paintedMs !== null, null,
    { timeout, polling: 50 }).catch(async (e) => {
    // Say why: a page that never shows its rows usually reported an error.
    const text = await page.evaluate(() => document.body?.innerText.slice(0, 400)).catch(() => '');
    throw new Error(`${kind} page never showed ${want} rows (${e.message.split('\n')[0]}); `
      + `page errors: ${JSON.stringify(seen)}; page text: ${JSON.stringify(text)}`);
  });
  const wallMs = performance.now() - wall0;
  // Then until the main thread has not been blocked for QUIET_MS (at most 15 s more).
  await page.waitForFunction((quiet) => {
    const b = window.__bench;
    const last = b.blocks.reduce((a, [end]) => Math.max(a, end), b.paintedMs);
    return performance.now() - last > quiet;
  }, QUIET_MS, { timeout: 15_000, polling: 100 }).catch(() => {});
  const m = await page.evaluate(({ sel, withResources }) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const first = document.querySelector(sel);
    const b = window.__bench;
    const out = {
      domMs: b.domMs,
      paintedMs: b.paintedMs,
      // End of the last blocked stretch (or the painted frame if later): the page is idle.
      quietMs: b.blocks.reduce((a, [end]) => Math.max(a, end), b.paintedMs),
      blockedMs: b.blocks.reduce((a, [, d]) => a + d, 0),
      blocks: b.blocks.map(([end, d]) => [Math.round(end - d), Math.round(d)]),
      rows: document.querySelectorAll(sel).length,
      responseEndMs: nav?.responseEnd ?? null,
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? null,
      loadMs: nav?.loadEventEnd || null,
      requests: res.length + 1,
      transferBytes: res.reduce((a, r) => a + (r.transferSize || 0), nav?.transferSize || 0),
      domNodes: document.getElementsByTagName('*').length,
      // Text of the first row's data cells (subscription … endpoint IP), for the sanity check.
      firstRow: first ? [...first.cells].slice(1, 6).map((c) => c.textContent.trim()) : null,
    };
    if (withResources) {
      // The API calls (the wire contract both pages share, not how a page loads itself):
      // when the first was sent and when the last answer before the rows came in.
      const apiCalls = res.filter((r) => new URL(r.name).pathname.startsWith('/v1/'));
      out.firstApiRequestMs = apiCalls.length ? Math.min(...apiCalls.map((r) => r.startTime)) : null;
      out.lastApiResponseMs = apiCalls.filter((r) => r.responseEnd <= b.domMs)
        .reduce((a, r) => Math.max(a ?? 0, r.responseEnd), null);
      out.resources = res.map((r) => ({
        path: new URL(r.name).pathname,
        type: r.initiatorType,
        startMs: Math.round(r.startTime),
        endMs: Math.round(r.responseEnd),
        transferBytes: r.transferSize,
      }));
    }
    return out;
  }, { sel: ROW_SEL, withResources: resources });
  return { ...m, wallMs };
}

/** One navigation in a fresh context (empty cache), desktop profile. */
async function measureLoad(browser, kind, url, want, problems) {
  const context = await newContext(browser);
  await watchRows(context, want);
  const page = await context.newPage();
  const seen = [];
  watchProblems(page, kind, seen);
  try {
    return await visit(page, kind, url, want, seen, { timeout: want > 100 ? 180_000 : 60_000 });
  } finally {
    problems.push(...seen);
    await context.close();
  }
}

/**
 * Warm-up of each page (discarded), then `runs` rounds, one run of each page a round, in
 * the orders of `roundOrders`; `runs` is raised to whole cycles (even for two pages, a
 * multiple of six with the floor page).
 * The floor has no goal: if it fails, that is said among the problems and the bench goes on
 * with the panel and the plain page.
 */
async function compareLoads(browser, service, want, runs, problems, { floor = false } = {}) {
  let kinds = floor ? ['panel', 'plain', 'floor'] : ['panel', 'plain'];
  const urls = { panel: panelUrl(service), plain: plainUrl(service), floor: floorUrl(service) };
  const orders = roundOrders(kinds);
  const rounds = Math.ceil(runs / orders.length) * orders.length;
  const out = Object.fromEntries(kinds.map((k) => [k, []]));
  const measure = async (kind) => {
    try {
      return await measureLoad(browser, kind, urls[kind], want, problems);
    } catch (e) {
      if (kind !== 'floor') throw e;
      problems.push(`${service}: the floor page failed, left out of this run: ${e.message.split('\n')[0]}`);
      kinds = kinds.filter((k) => k !== 'floor');
      delete out.floor;
      return null;
    }
  };
  const warmup = {};
  for (const kind of [...kinds]) {
    const m = await measure(kind);
    if (m) warmup[kind] = m;
  }
  for (let i = 0; i < rounds; i += 1) {
    for (const kind of orders[i % orders.length].filter((k) => kinds.includes(k))) {
      const m = await measure(kind);
      if (!m) continue;
      out[kind].push(m);
      log(`${service} ${kind} #${i + 1}: rows in DOM ${m.domMs.toFixed(1)} ms, painted ${m.paintedMs.toFixed(1)} ms`);
    }
  }
  const withFloor = kinds.includes('floor');
  const summary = {};
  for (const metric of ['domMs', 'paintedMs', 'quietMs', 'blockedMs', 'wallMs', 'domContentLoadedMs']) {
    const p = median(out.panel.map((r) => r[metric]));
    const q = median(out.plain.map((r) => r[metric]));
    summary[metric] = { panel: p, plain: q, ratio: p !== null && q ? p / q : null };
    if (withFloor) {
      const f = median(out.floor.map((r) => r[metric]));
      Object.assign(summary[metric], { floor: f, floorRatio: f !== null && q ? f / q : null });
    }
  }
  let same = true;
  for (const kind of kinds.slice(1)) {
    if (JSON.stringify(warmup.panel.firstRow) === JSON.stringify(warmup[kind].firstRow)) continue;
    same = false;
    problems.push(`${service}: first row differs: panel ${JSON.stringify(warmup.panel.firstRow)} `
      + `${kind} ${JSON.stringify(warmup[kind].firstRow)}`);
  }
  return { service, rows: want, runs: rounds, warmup, summary, sameFirstRow: same, ...out };
}

// ---------------------------------------------------------------- mobile profile

/**
 * Lighthouse's mobile profile: its "slow 4G" network (150 ms, 1.6 Mbps down, 750 kbps up)
 * and a 4× slower CPU, set through Chromium's DevTools protocol on one page.
 */
async function applyMobileProfile(cdp) {
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: MOBILE.latencyMs,
    downloadThroughput: MOBILE.downloadBytesPerS,
    uploadThroughput: MOBILE.uploadBytesPerS,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpuRate });
}

/**
 * What the page's DevTools session sees of the network during one visit: every request
 * (data: URLs left out) and the encoded bytes Chromium received for it (headers and body as
 * they came over the wire: `Network.loadingFinished`'s `encodedDataLength`).
 */
function watchNetwork(cdp) {
  const net = { current: null };
  const entry = (id) => net.current?.byId.get(id);
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!net.current || e.request.url.startsWith('data:') || net.current.byId.has(e.requestId)) return;
    net.current.byId.set(e.requestId, {
      path: new URL(e.request.url).pathname,
      type: e.type ?? null,
      status: null,
      fromCache: false,
      bytes: 0,
      done: false,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = entry(e.requestId);
    if (r) r.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = entry(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.fromCache = true;
  });
  // The status line as it came over the wire (responseReceived shows a revalidated entry
  // as the cached 200 for some requests).
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    if (net.current) net.current.wireStatus.set(e.requestId, e.statusCode);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = entry(e.requestId);
    if (!r) return;
    r.bytes = e.encodedDataLength;
    r.done = true;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = entry(e.requestId);
    if (r) r.failed = e.errorText;
  });
  return {
    start() { net.current = { byId: new Map(), wireStatus: new Map() }; },
    /** The requests since start(), and stops counting. */
    take() {
      const cur = net.current ?? { byId: new Map(), wireStatus: new Map() };
      net.current = null;
      const list = [...cur.byId].map(([id, r]) => ({ ...r, wireStatus: cur.wireStatus.get(id) ?? null }));
      return {
        requests: list.length,
        bytes: list.reduce((a, r) => a + r.bytes, 0),
        notModified: list.filter((r) => r.wireStatus === 304).length,
        fromCache: list.filter((r) => r.fromCache).length,
        list,
      };
    },
  };
}

/**
 * One mobile run of a page in a fresh browser context: a first visit (empty HTTP cache),
 * then about:blank, then the same URL again (second visit, HTTP cache warm). The profile
 * is set on the page before each of its navigations to the page under test.
 */
async function measureMobile(browser, kind, url, want, problems) {
  const context = await newContext(browser);
  await watchRows(context, want);
  const page = await context.newPage();
  const seen = [];
  watchProblems(page, `${kind} (mobile)`, seen);
  const cdp = await context.newCDPSession(page);
  const net = watchNetwork(cdp);
  await cdp.send('Network.enable');
  try {
    const out = {};
    for (const which of ['first', 'second']) {
      if (which === 'second') await page.goto('about:blank');
      await applyMobileProfile(cdp);
      net.start();
      const m = await visit(page, `${kind} (mobile, ${which} visit)`, url, want, seen,
        { timeout: 120_000, resources: true });
      const n = net.take();
      out[which] = { ...m, network: n };
    }
    return out;
  } finally {
    problems.push(...seen);
    await context.close();
  }
}

/**
 * How much slower a fixed loop runs with the CPU rate set than without, in a blank page
 * (median of 5 after a warm-up): the slowdown Chromium's throttling gives on this machine.
 */
async function cpuSlowdown(browser) {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const loop = () => {
      const t = performance.now();
      let x = 0;
      for (let i = 0; i < 20_000_000; i += 1) x += i % 7;
      return x >= 0 ? performance.now() - t : 0;
    };
    const times = async () => {
      await page.evaluate(loop);
      const ts = [];
      for (let i = 0; i < 5; i += 1) ts.push(await page.evaluate(loop));
      return median(ts);
    };
    const plainMs = await times();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpuRate });
    const throttledMs = await times();
    return { plainMs, throttledMs, factor: throttledMs / plainMs };
  } finally {
    await context.close();
  }
}

/** Warm-up of each page (discarded), then `runs` mobile runs of each, ABBA order. */
async function compareMobile(browser, service, want, runs, problems) {
  const urls = { panel: panelUrl(service), plain: plainUrl(service) };
  const cpu = await cpuSlowdown(browser);
  log(`CPU rate ${MOBILE.cpuRate}: a fixed loop ${cpu.plainMs.toFixed(0)} ms → ${cpu.throttledMs.toFixed(0)} ms (${cpu.factor.toFixed(2)}×)`);
  const warmup = {};
  for (const kind of ['panel', 'plain']) {
    warmup[kind] = await measureMobile(browser, kind, urls[kind], want, problems);
  }
  const out = { panel: [], plain: [] };
  for (let i = 0; i < runs; i += 1) {
    const order = i % 2 === 0 ? ['panel', 'plain'] : ['plain', 'panel'];
    for (const kind of order) {
      const m = await measureMobile(browser, kind, urls[kind], want, problems);
      out[kind].push(m);
      log(`${service} ${kind} mobile #${i + 1}: first visit painted ${m.first.paintedMs.toFixed(0)} ms `
        + `(${m.first.network.bytes} B), second ${m.second.paintedMs.toFixed(0)} ms (${m.second.network.bytes} B)`);
    }
  }
  const summary = {};
  for (const which of ['first', 'second']) {
    summary[which] = {};
    const metrics = {
      paintedMs: (r) => r.paintedMs,
      domMs: (r) => r.domMs,
      quietMs: (r) => r.quietMs,
      blockedMs: (r) => r.blockedMs,
      responseEndMs: (r) => r.responseEndMs,
      domContentLoadedMs: (r) => r.domContentLoadedMs,
      firstApiRequestMs: (r) => r.firstApiRequestMs,
      lastApiResponseMs: (r) => r.lastApiResponseMs,
      wallMs: (r) => r.wallMs,
      bytes: (r) => r.network.bytes,
      requests: (r) => r.network.requests,
      fromCache: (r) => r.network.fromCache,
      notModified: (r) => r.network.notModified,
    };
    for (const [metric, get] of Object.entries(metrics)) {
      const p = median(out.panel.map((r) => get(r[which])));
      const q = median(out.plain.map((r) => get(r[which])));
      summary[which][metric] = { panel: p, plain: q, ratio: p !== null && q ? p / q : null };
    }
  }
  return {
    service,
    rows: want,
    runs,
    profile: { ...MOBILE, viewport: VIEWPORT },
    bytesSource: 'CDP Network.loadingFinished encodedDataLength (headers and body as received), summed over the visit\'s requests until the page is idle',
    cpuCheck: cpu,
    warmup,
    summary,
    ...out,
  };
}

// ---------------------------------------------------------------- mutations

/** Classifies every DOM mutation under <body>: in the watched row, in another row, elsewhere. */
function installMutationCounter(page, watchedRowTestid) {
  return page.evaluate((watched) => {
    const state = { records: [] };
    window.__mut = state;
    const handle = (list) => {
      for (const r of list) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        const row = el?.closest('tr[data-testid^="connection-"]');
        const where = row ? (row.dataset.testid === watched ? 'row' : 'otherRows') : 'elsewhere';
        const near = el?.closest('[data-testid]')?.dataset.testid ?? el?.tagName.toLowerCase() ?? '?';
        state.records.push({
          where,
          type: r.type,
          attr: r.attributeName,
          near,
          added: r.addedNodes.length,
          removed: r.removedNodes.length,
        });
      }
    };
    const mo = new MutationObserver(handle);
    mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    // Records not yet delivered to the callback, then everything since the last take.
    state.take = () => {
      handle(mo.takeRecords());
      const out = state.records;
      state.records = [];
      return out;
    };
  }, watchedRowTestid);
}

async function takeMutations(page) {
  const records = await page.evaluate(() => window.__mut.take());
  const counts = { row: 0, otherRows: 0, elsewhere: 0, total: records.length };
  const detail = {};
  for (const r of records) {
    counts[r.where] += 1;
    const key = `${r.where} · ${r.type}${r.attr ? `[${r.attr}]` : ''} near ${r.near}`;
    detail[key] = (detail[key] ?? 0) + 1;
  }
  return { counts, detail };
}

/** Resolves at the end of the panel's next load cycle (its GET …/connections answer). */
function nextConnectionsAnswer(page, service, timeout = 60_000) {
  return page.waitForResponse(
    (r) => r.request().method() === 'GET' && r.url().endsWith(`${plPath(service)}/connections`),
    { timeout },
  );
}

/** Waits until rendering has settled after an answer: two frames and a quiet moment. */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await sleep(300);
}

async function mutations(browser, service, connections, problems) {
  const target = connections[0].privatelink_connection_id;
  const watched = `connection-${target}`;
  // One connection user-approved: transitional, so the panel polls; it stays so because the
  // clock is manual and the connect delay long.
  await api('POST', `${plPath(service)}/connections/${target}/approve`);
  const context = await newContext(browser);
  const page = await context.newPage();
  watchProblems(page, 'panel (mutations)', problems);
  const polls = [];
  page.on('response', (r) => {
    if (r.request().method() === 'GET' && r.url().endsWith(`${plPath(service)}/connections`)) {
      polls.push(Date.now());
    }
  });
  try {
    await page.goto(panelUrl(service));
    const badge = `[data-testid="${watched}"] [data-testid=state-badge]`;
    await page.waitForFunction(({ sel, n, badgeSel }) => document.querySelectorAll(sel).length >= n
      && document.querySelector(badgeSel)?.textContent.trim() === 'user-approved',
    { sel: ROW_SEL, n: connections.length, badgeSel: badge }, { timeout: 60_000 });
    await settle(page);
    await installMutationCounter(page, watched);

    // (i) one poll that changes nothing.
    const pollsBefore = polls.length;
    const t0 = Date.now();
    await nextConnectionsAnswer(page, service);
    await settle(page);
    const idle = await takeMutations(page);
    idle.polls = polls.length - pollsBefore;
    idle.windowMs = Date.now() - t0;
    log(`poll with no change: ${JSON.stringify(idle.counts)}`);

    // (ii) the watched connection changes state: user-approved → connected.
    await api('POST', '/sim/clock/advance', { seconds: 3600 });
    const pollsBefore2 = polls.length;
    const t1 = Date.now();
    await nextConnectionsAnswer(page, service);
    await page.waitForFunction((b) => document.querySelector(b)?.textContent.trim() === 'connected',
      badge, { timeout: 30_000 });
    await settle(page);
    const change = await takeMutations(page);
    change.polls = polls.length - pollsBefore2;
    change.windowMs = Date.now() - t1;
    log(`poll with one state change: ${JSON.stringify(change.counts)}`);
    return { service, rows: connections.length, watchedRow: watched, idlePoll: idle, stateChange: change };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- report

const ms = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(1)} ms`);
const ratio = (x) => (x === null || x === undefined ? '—' : `${x.toFixed(2)}×`);

function loadTable(c) {
  const s = c.summary;
  const lines = [
    `| ${c.rows} connections (${c.service}), ${c.runs} runs each | panel (median) | plain JS (median) | panel / plain |`,
    '|---|---:|---:|---:|',
    `| rows painted (frame after they are in the DOM) | ${ms(s.paintedMs.panel)} | ${ms(s.paintedMs.plain)} | ${ratio(s.paintedMs.ratio)} |`,
    `| rows in the DOM | ${ms(s.domMs.panel)} | ${ms(s.domMs.plain)} | ${ratio(s.domMs.ratio)} |`,
    `| main thread idle (end of its last busy stretch > 50 ms) | ${ms(s.quietMs.panel)} | ${ms(s.quietMs.plain)} | ${ratio(s.quietMs.ratio)} |`,
    `| busy stretches > 50 ms, summed, up to idle | ${ms(s.blockedMs.panel)} | ${ms(s.blockedMs.plain)} | ${ratio(s.blockedMs.ratio)} |`,
    `| DOMContentLoaded | ${ms(s.domContentLoadedMs.panel)} | ${ms(s.domContentLoadedMs.plain)} | ${ratio(s.domContentLoadedMs.ratio)} |`,
    `| wall clock in the driver (goto → painted seen, 50 ms polling) | ${ms(s.wallMs.panel)} | ${ms(s.wallMs.plain)} | ${ratio(s.wallMs.ratio)} |`,
    `| requests / bytes transferred (first run) | ${c.panel[0].requests} / ${c.panel[0].transferBytes.toLocaleString('en')} | ${c.plain[0].requests} / ${c.plain[0].transferBytes.toLocaleString('en')} | |`,
    `| elements in the document (first run) | ${c.panel[0].domNodes.toLocaleString('en')} | ${c.plain[0].domNodes.toLocaleString('en')} | |`,
    '',
    `Runs, rows painted (ms): panel ${c.panel.map((r) => r.paintedMs.toFixed(0)).join(', ')}; `
      + `plain ${c.plain.map((r) => r.paintedMs.toFixed(0)).join(', ')}.`,
    '',
  ];
  if (c.floor) lines.push(...floorTable(c));
  return lines.join('\n');
}

/**
 * The floor (bench/floor) beside the two pages: what a small Leptos app doing the plain
 * page's work costs here, so the panel's own share of its time is seen apart from wasm's
 * and Leptos's. Not a goal.
 */
function floorTable(c) {
  const s = c.summary;
  const over = (m) => (s[m].panel !== null && s[m].floor ? s[m].panel / s[m].floor : null);
  return [
    `| the floor: the plain page's work as a small Leptos app (bench/floor), in the same rounds | floor (median) | floor / plain | panel / floor |`,
    '|---|---:|---:|---:|',
    `| rows painted | ${ms(s.paintedMs.floor)} | ${ratio(s.paintedMs.floorRatio)} | ${ratio(over('paintedMs'))} |`,
    `| rows in the DOM | ${ms(s.domMs.floor)} | ${ratio(s.domMs.floorRatio)} | ${ratio(over('domMs'))} |`,
    `| DOMContentLoaded | ${ms(s.domContentLoadedMs.floor)} | ${ratio(s.domContentLoadedMs.floorRatio)} | ${ratio(over('domContentLoadedMs'))} |`,
    `| requests / bytes transferred (first run) | ${c.floor[0].requests} / ${c.floor[0].transferBytes.toLocaleString('en')} | | |`,
    '',
    `Runs, rows painted (ms): floor ${c.floor.map((r) => r.paintedMs.toFixed(0)).join(', ')}.`,
    '',
  ];
}

const bytes = (x) => (x === null || x === undefined ? '—' : `${Math.round(x).toLocaleString('en')} B`);
const num = (x) => (x === null || x === undefined ? '—' : `${x}`);

function mobileSection(c, machine, chromium) {
  const s = c.summary;
  const p = c.profile;
  const row = (label, m, fmt, withRatio = true) => `| ${label} | ${fmt(m.panel)} | ${fmt(m.plain)} | ${withRatio ? ratio(m.ratio) : ''} |`;
  const reqs = (w) => {
    const of = (k) => `${num(s[w].requests[k])} / ${num(s[w].notModified[k])} / ${num(s[w].fromCache[k])}`;
    return { panel: of('panel'), plain: of('plain') };
  };
  const when = (label, metric) => `| ${label} | ${ms(s.first[metric].panel)} | ${ms(s.first[metric].plain)} `
    + `| ${ms(s.second[metric].panel)} | ${ms(s.second[metric].plain)} |`;
  const runsOf = (kind, w) => c[kind].map((r) => r[w].paintedMs.toFixed(0)).join(', ');
  const bytesOf = (kind, w) => c[kind].map((r) => r[w].network.bytes.toLocaleString('en')).join(', ');
  return [
    `### Navigation → ${c.rows} connections shown, mobile profile`,
    '',
    'Lighthouse\'s mobile profile, set through Chromium\'s DevTools protocol on the page before each '
      + `navigation: \`Network.emulateNetworkConditions\` latency ${p.latencyMs} ms, download `
      + `${p.downloadBytesPerS.toLocaleString('en')} B/s (1.6 Mbps), upload ${p.uploadBytesPerS.toLocaleString('en')} B/s `
      + `(750 kbps), offline false; \`Emulation.setCPUThrottlingRate\` ${p.cpuRate} (a fixed loop ran `
      + `${c.cpuCheck.factor.toFixed(1)}× slower with it in this run). Window ${p.viewport.width}×${p.viewport.height} `
      + 'as in the desktop runs: only network and CPU are emulated. '
      + `${c.runs} runs of each page (${c.service}), each in a fresh browser context: a first visit `
      + '(empty HTTP cache), then `about:blank`, then the same URL again (second visit, HTTP cache '
      + 'warm); one warm-up of each page discarded; runs alternating in ABBA order. Bytes: the sum of '
      + '`encodedDataLength` of CDP\'s `Network.loadingFinished` (headers and body as received) over the '
      + `visit's requests until the page is idle. Machine: ${machine}; Chromium ${chromium}. Medians.`,
    '',
    `| navigation → ${c.rows} connections shown (mobile profile) | panel | plain JS | ratio |`,
    '|---|---:|---:|---:|',
    row('first visit (empty HTTP cache): rows painted', s.first.paintedMs, ms),
    row('second visit (HTTP cache warm): rows painted', s.second.paintedMs, ms),
    row('first visit: rows in the DOM', s.first.domMs, ms),
    row('second visit: rows in the DOM', s.second.domMs, ms),
    row('first visit: bytes transferred', s.first.bytes, bytes),
    row('second visit: bytes transferred', s.second.bytes, bytes),
    row('first visit: requests / of them 304 Not Modified / from the HTTP cache', reqs('first'), String, false),
    row('second visit: requests / of them 304 Not Modified / from the HTTP cache', reqs('second'), String, false),
    '',
    '| where the time goes (ms from navigation start) | panel, first visit | plain, first visit | panel, second visit | plain, second visit |',
    '|---|---:|---:|---:|---:|',
    when('document received (navigation responseEnd)', 'responseEndMs'),
    when('DOMContentLoaded', 'domContentLoadedMs'),
    when('first API request sent (`/v1/…`)', 'firstApiRequestMs'),
    when('last API response in, before the rows', 'lastApiResponseMs'),
    when('rows in the DOM', 'domMs'),
    when('rows painted', 'paintedMs'),
    when('main thread idle (end of its last busy stretch > 50 ms)', 'quietMs'),
    when('busy stretches > 50 ms, summed, up to idle', 'blockedMs'),
    '',
    `Runs, rows painted (ms): first visit panel ${runsOf('panel', 'first')}; plain ${runsOf('plain', 'first')}; `
      + `second visit panel ${runsOf('panel', 'second')}; plain ${runsOf('plain', 'second')}.`,
    '',
    `Runs, bytes transferred: first visit panel ${bytesOf('panel', 'first')}; plain ${bytesOf('plain', 'first')}; `
      + `second visit panel ${bytesOf('panel', 'second')}; plain ${bytesOf('plain', 'second')}.`,
    '',
  ].join('\n');
}

/**
 * The issue's goals against this run's medians (rows painted, panel / plain), each with the
 * 95 % bootstrap interval of its ratio over the run's rounds (bench/stats.mjs).
 */
function goals(result) {
  const runs = (c, visit) => (kind) => c[kind].map((r) => (visit ? r[visit] : r).paintedMs);
  const got = {
    mobileFirst: [result.mobile.summary.first.paintedMs, runs(result.mobile, 'first')],
    mobileSecond: [result.mobile.summary.second.paintedMs, runs(result.mobile, 'second')],
    desktopSmall: [result.load.small.summary.paintedMs, runs(result.load.small)],
    desktopLarge: [result.load.large.summary.paintedMs, runs(result.load.large)],
  };
  return GOALS.map((g) => {
    const [m, of] = got[g.key];
    const iv = ratioInterval(of('panel'), of('plain'));
    return {
      ...g,
      panelMs: m.panel,
      plainMs: m.plain,
      ratio: m.ratio,
      interval: iv && { lo: iv.lo, hi: iv.hi, rounds: iv.rounds },
      met: m.ratio === null || m.ratio === undefined ? null : m.ratio <= g.max,
      verdict: verdict(iv, g.max),
    };
  });
}

function goalTable(gs) {
  const range = (iv) => (iv ? `${iv.lo.toFixed(2)}–${iv.hi.toFixed(2)}×` : '—');
  const said = (g) => (g.verdict === null ? '—' : g.met ? g.verdict : `**${g.verdict}**`);
  return [
    'Panel / plain JS, rows painted, from this run\'s medians above: figures to compare, not '
      + 'assertions (the bench never fails on them). The interval is where the ratio of medians '
      + 'fell in 95 % of 2,000 resamples of this run\'s rounds (a round\'s runs drawn together): '
      + '"within the noise" when the goal\'s line lies inside it, so that another run of the same '
      + 'build could fall on its other side.',
    '',
    '| goal (the issue\'s) | this run: panel / plain | 95 % interval | |',
    '|---|---:|---:|---|',
    ...gs.map((g) => `| ${g.label} ≤ ${g.max}× the plain page | ${ms(g.panelMs)} / ${ms(g.plainMs)} `
      + `= ${g.ratio === null ? '—' : `${g.ratio.toFixed(3)}×`} | ${range(g.interval)} | ${said(g)} |`),
    '',
  ].join('\n');
}

function mutationTable(m) {
  const row = (label, r) => `| ${label} | ${r.polls} | ${r.counts.row} | ${r.counts.otherRows} | ${r.counts.elsewhere} | ${r.counts.total} |`;
  const detail = (r) => Object.entries(r.detail).sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${n} × ${k}`).join('; ') || 'none';
  return [
    `Panel with ${m.rows} connections (${m.service}); the watched row is \`${m.watchedRow}\` (user-approved, so the panel polls).`,
    '',
    '| window | polls seen | in the watched row | in other rows | elsewhere | total |',
    '|---|---:|---:|---:|---:|---:|',
    row('one poll, nothing changed', m.idlePoll),
    row('one poll, watched row user-approved → connected', m.stateChange),
    '',
    `- no change: ${detail(m.idlePoll)}`,
    `- state change: ${detail(m.stateChange)}`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const tStart = performance.now();
  mkdirSync(OUT, { recursive: true });
  const problems = [];
  const cpus = os.cpus();
  // Named like the load part names it (cores), with what Node sees of the rest.
  const machine = `${os.availableParallelism()} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), `
    + `${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os.loadavg()[0].toFixed(2)} at the start`;
  log('setting up data');
  const small = await setUpService(SMALL_SERVICE, SMALL_COUNT);
  await api('POST', '/sim/services', {
    project: PROJECT,
    service_name: LARGE_SERVICE,
    service_type: 'pg',
    cloud_name: 'azure-eastus',
    project_vpc_id: VPC,
    static_ips: true,
  });
  await setUpService(LARGE_SERVICE, LARGE_COUNT);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  let result;
  try {
    log(`navigation, ${SMALL_COUNT} connections, ${RUNS} runs each`);
    const t0 = performance.now();
    const loadSmall = await compareLoads(browser, SMALL_SERVICE, SMALL_COUNT, RUNS, problems, { floor: true });
    const t1 = performance.now();
    log(`navigation, ${LARGE_COUNT} connections, ${LARGE_RUNS} runs each`);
    const loadLarge = await compareLoads(browser, LARGE_SERVICE, LARGE_COUNT, LARGE_RUNS, problems);
    const t2 = performance.now();
    // Before the mutations part, which approves one of these connections.
    log(`navigation, ${SMALL_COUNT} connections, mobile profile, ${MOBILE_RUNS} runs each`);
    const mobile = await compareMobile(browser, SMALL_SERVICE, SMALL_COUNT, MOBILE_RUNS, problems);
    const t3 = performance.now();
    log('DOM mutations');
    const mut = await mutations(browser, SMALL_SERVICE, small, problems);
    const t4 = performance.now();
    result = {
      date: new Date().toISOString(),
      chromium: browser.version(),
      machine,
      base: BASE,
      serverProfile: SERVER_PROFILE,
      config: {
        runs: RUNS, largeRuns: LARGE_RUNS, largeCount: LARGE_COUNT, mobileRuns: MOBILE_RUNS, rowSelector: ROW_SEL,
      },
      load: { small: loadSmall, large: loadLarge },
      mobile,
      mutations: mut,
      seconds: {
        setUp: (t0 - tStart) / 1000,
        desktop3: (t1 - t0) / 1000,
        desktopLarge: (t2 - t1) / 1000,
        mobile: (t3 - t2) / 1000,
        mutations: (t4 - t3) / 1000,
      },
      problems,
    };
    result.goals = goals(result);
  } finally {
    await browser.close();
  }

  writeFileSync(join(OUT, 'frontend.json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = [
    '## Front end (panel vs a plain-JS page, and the floor, headless Chromium)',
    '',
    `Chromium ${result.chromium} on ${machine}; the pages from one server (${SERVER_PROFILE} build) and origin (release panel `
      + '`dist/` plus `bench/plain.html` and, for 3 connections, the floor page of `bench/floor`); '
      + 'a fresh browser context per run (no cache); '
      + 'times from navigation start, read in the page; one warm-up of each page discarded, '
      + 'then rounds of one run of each page, in ABBA order for two pages and in cycles of six orders '
      + 'for three (each page in each place, and after each other page, equally often). Medians.',
    '',
    '### Navigation → connections shown',
    '',
    loadTable(result.load.small),
    loadTable(result.load.large),
    mobileSection(result.mobile, machine, result.chromium),
    '### Goals',
    '',
    goalTable(result.goals),
    '### DOM mutations in the panel',
    '',
    mutationTable(result.mutations),
  ];
  if (problems.length) {
    md.push('### Problems seen', '', ...problems.map((p) => `- ${p}`), '');
  }
  const sec = result.seconds;
  md.push(`Time taken: set-up ${sec.setUp.toFixed(0)} s, desktop ${SMALL_COUNT} connections ${sec.desktop3.toFixed(0)} s, `
    + `${LARGE_COUNT.toLocaleString('en')} connections ${sec.desktopLarge.toFixed(0)} s, mobile profile `
    + `${sec.mobile.toFixed(0)} s, DOM mutations ${sec.mutations.toFixed(0)} s.`, '');
  writeFileSync(join(OUT, 'frontend.md'), md.join('\n'));
  log(`written ${join(OUT, 'frontend.json')} and frontend.md`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

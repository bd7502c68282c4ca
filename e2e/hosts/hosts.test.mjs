// The npm package inside real framework apps: a Vite + React 19 app (in <StrictMode>) and a
// Vite + Vue 3 app, each twice: as built by `npm run build` from the installed tarball
// (served from dist/ by a small static server) and from Vite's dev server (development
// builds of the frameworks: StrictMode's double effects, Vue's and React's warnings, the
// dependency pre-bundler). Each on its own origin, so every API call is cross-origin as on
// a real dashboard, driven in Debian's Chromium. For each: the panel renders its first
// data, once; its events reach the framework's state and the app's own DOM; a keyed
// re-order moves it without a new mount; removing it unmounts it and stops every request;
// axe finds nothing inside it; and the page logs no error and no warning. And per built app:
// a provider written inline (a new function at every render) mounts the panel once.
//
// Run from e2e/hosts/ (after `npm ci`, `npm install --no-save <tgz>`, `npm run build`):
//   E2E_BASE_URL=http://127.0.0.1:8080 E2E_TOKEN=… node --test --test-concurrency=1 hosts.test.mjs
// The server needs --test-controls (the /sim routes make the test data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launch, openPage, assertNoProblems, freshService, createEndpoint, call, BASE, TOKEN, SUB,
  EXPECTED_404, EXPECTED_409_FIRST_LOOK,
} from '../lib.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
// axe-core is e2e/'s package (as lib.js's audit uses it).
const AXE = createRequire(new URL('../lib.js', import.meta.url)).resolve('axe-core/axe.min.js');
const POLL_MS = 300;
const APPS = ['react', 'vue'];
// Each app as built by `npm run build` (served from dist/) and from Vite's dev server.
const TARGETS = APPS.flatMap((app) => [`${app} build`, `${app} dev`]);
const AWS_ROOT = 'arn:aws:iam::123456789012:root';

for (const app of APPS) {
  if (!existsSync(join(HERE, app, 'dist', 'index.html'))) {
    throw new Error(`${app}/dist/index.html is missing: run \`npm run build\` in e2e/hosts/ first`);
  }
}
if (!existsSync(join(HERE, 'node_modules', 'privatelink-panel', 'package.json'))) {
  throw new Error('privatelink-panel is not installed: `npm install --no-save <tgz>` in e2e/hosts/ first');
}
const PKG = JSON.parse(readFileSync(join(HERE, 'node_modules', 'privatelink-panel', 'package.json'), 'utf8'));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A static server for one app's dist/, on its own port (its own origin). */
async function serveDist(dir) {
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir + sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { close: () => new Promise((r) => server.close(r)), url: `http://127.0.0.1:${server.address().port}/` };
}

/** A free port on 127.0.0.1 (Vite takes 0 as "its default, 5173"). */
async function freePort() {
  const probe = net.createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address();
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * The app from Vite's dev server (development builds of React and Vue: StrictMode mounts
 * effects and ref callbacks twice, and both frameworks log their warnings), the way a
 * developer runs it. Also what `optimizeDeps.exclude` in the configs is for.
 */
async function serveDev(app) {
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: join(HERE, app, 'vite.config.js'),
    server: { host: '127.0.0.1', port: await freePort(), strictPort: true },
    logLevel: process.env.HOSTS_VITE_LOG ?? 'warn',
    clearScreen: false,
  });
  await server.listen();
  return { close: () => server.close(), url: server.resolvedUrls.local[0] };
}

/**
 * A first visit to a dev server: Vite optimizes the dependencies it finds on it and may
 * answer "504 Outdated Optimize Dep" and reload the page meanwhile. Done here, once, so no
 * test sees that reload.
 */
async function warmUp(url) {
  const page = await browser.newPage();
  for (let i = 0; i < 2; i++) {
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.getByTestId('host-state').waitFor();
  }
  await page.close();
}

let browser;
const hosts = {};
before(async () => {
  browser = await launch();
  mkdirSync(join(HERE, 'test-results'), { recursive: true });
  for (const app of APPS) {
    hosts[`${app} build`] = await serveDist(join(HERE, app, 'dist'));
    hosts[`${app} dev`] = await serveDev(app);
    await warmUp(hosts[`${app} dev`].url);
  }
});
after(async () => {
  await browser?.close();
  for (const h of Object.values(hosts)) await h.close();
});

/**
 * Opens an app for one service. Besides lib.js's error recording: console warnings are
 * problems too (wasm-bindgen's "wrong MIME type" fallback, a Vue "Failed to resolve
 * component" would be one), every request to the API is recorded with its time, and a
 * capturing listener on the document counts the panel's events whatever the framework
 * does with them.
 */
async function openApp(target, service, extra = {}) {
  const { page, problems, context } = await openPage(browser);
  page.on('console', (m) => { if (m.type() === 'warning') problems.push(`console.warn: ${m.text()}`); });
  if (process.env.HOSTS_DEBUG) page.on('console', (m) => console.log(`[${target}] ${m.type()}: ${m.text().slice(0, 300)}`));
  if (process.env.HOSTS_DEBUG) page.on('framenavigated', (f) => console.log(`[${target}] navigated ${f.url()}`));
  const requests = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${BASE}/`)) requests.push({ t: Date.now(), method: r.method(), url: r.url().slice(BASE.length) });
  });
  const wasm = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) wasm.push({ url: r.url(), status: r.status() });
  });
  await page.addInitScript(() => {
    window.__plpEvents = [];
    for (const type of ['privatelink-change', 'privatelink-error']) {
      document.addEventListener(type, (e) => window.__plpEvents.push({
        type, bubbles: e.bubbles, composed: e.composed,
        state: e.detail && e.detail.privatelink ? e.detail.privatelink.state : null,
      }), true);
    }
  });
  const fragment = new URLSearchParams({
    api: BASE, project: 'demo-project', service, token: TOKEN, poll: String(POLL_MS), ...extra,
  });
  await page.goto(`${hosts[target].url}#${fragment}`);
  return { page, problems, context, requests, wasm };
}

/** Exactly one element, holding exactly one panel root (a double mount shows as two). */
async function assertOnePanel(page, where) {
  const counts = await page.evaluate(() => ({
    elements: document.querySelectorAll('privatelink-panel').length,
    roots: document.querySelector('privatelink-panel')?.querySelectorAll('section.plp').length ?? 0,
  }));
  assert.deepEqual(counts, { elements: 1, roots: 1 }, `${where}: one element with one panel root`);
}

/** axe-core inside the element only (the host's own markup is not the package's). */
async function axeInsidePanel(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run({ include: [['privatelink-panel']] }, {
      rules: { 'label-content-name-mismatch': { enabled: true } },
    }));
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  await page.screenshot({ path: join(HERE, 'test-results', `${where.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
  assert.ok(result.passes.length > 0, `${where}: axe looked at something`);
  assert.deepEqual(found, [], `axe violations in ${where}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const target of TARGETS) {
  test(`${target}: the panel renders its first data once, the token is a property, events reach the app`, async () => {
    const service = await freshService('pg');
    const { page, problems, context, requests, wasm } = await openApp(target, service);
    const panel = page.locator('privatelink-panel');
    await panel.getByTestId('create-form').waitFor();
    const hostState = page.getByTestId('host-state');
    await hostState.filter({ hasText: /^azure none 0$/ }).waitFor();
    // Let a second mount (StrictMode's double effects, a re-render with a new provider)
    // have its chance to show.
    await sleep(4 * POLL_MS);
    await assertOnePanel(page, target);
    assert.equal(await hostState.getAttribute('data-changes'), '1', 'the target heard one change event');
    const events = await page.evaluate(() => window.__plpEvents);
    assert.deepEqual(events, [{ type: 'privatelink-change', bubbles: true, composed: true, state: null }],
      'the panel sent one change after its first load');
    // One first load: a second mount would ask again.
    const first = requests.filter((r) => r.method === 'GET' && r.url.endsWith(`/privatelink/azure`));
    assert.equal(first.length, 1, `one first load of the privatelink:\n${JSON.stringify(requests, null, 1)}`);
    // The framework handed the function over as a property: no attribute, nothing in the DOM.
    const given = await page.evaluate(() => {
      const el = document.querySelector('privatelink-panel');
      return {
        provider: typeof el.tokenProvider,
        attributes: el.getAttributeNames().sort(),
      };
    });
    assert.equal(given.provider, 'function');
    assert.deepEqual(given.attributes.filter((a) => !a.startsWith('data-v-')),
      ['api-base', 'poll-interval-ms', 'project', 'service'], `${target}: attributes ${given.attributes}`);
    assert.ok(!(await page.content()).includes(TOKEN), 'the token appears nowhere in the page');
    assert.ok(!page.url().includes(TOKEN), `the target took the fragment out of ${page.url()}`);
    // The wasm came once, from the app's own origin (where the bundler put it).
    assert.equal(wasm.length, 1, JSON.stringify(wasm));
    assert.equal(new URL(wasm[0].url).origin, new URL(hosts[target].url).origin, wasm[0].url);
    assert.equal(wasm[0].status, 200);
    await axeInsidePanel(page, `${target} create form`);
    assertNoProblems(problems, [EXPECTED_404]);
    await context.close();
  });

  test(`${target}: the app's state follows the privatelink and its connections, and errors`, async () => {
    const service = await freshService('pg');
    const pl = `/v1/project/demo-project/service/${service}/privatelink/azure`;
    const { page, problems, context } = await openApp(target, service);
    const panel = page.locator('privatelink-panel');
    const hostState = page.getByTestId('host-state');
    await hostState.filter({ hasText: /^azure none 0$/ }).waitFor();
    // Created in the panel (its POST goes to the API): the host hears creating, then active.
    await panel.getByTestId('subscription-input').fill(SUB);
    await panel.getByTestId('create').click();
    await hostState.filter({ hasText: /^azure (creating|active) 0$/ }).waitFor();
    await hostState.filter({ hasText: /^azure active 0$/ }).waitFor({ timeout: 20000 });
    // The customer's endpoint, made through the API's simulator; the panel's Refresh finds it.
    const alias = (await call('GET', pl)).azure_service_alias;
    assert.equal(alias, (await panel.getByTestId('alias').textContent()).trim());
    await createEndpoint(alias, { name: `${target.replace(' ', '-')}-endpoint` });
    await panel.getByTestId('refresh').click();
    await hostState.filter({ hasText: /^azure active 1$/ }).waitFor();
    await assertOnePanel(page, `${target} after changes`);
    await axeInsidePanel(page, `${target} active with a connection`);
    // An error answer reaches the target through privatelink-error.
    await call('POST', '/sim/faults', {
      path: `${pl}/refresh`, method: 'POST', count: 1, status: 503, message: 'Simulated outage',
    });
    await panel.getByTestId('refresh').click();
    await page.getByTestId('host-error').filter({ hasText: /^http 503$/ }).waitFor();
    const events = await page.evaluate(() => window.__plpEvents);
    const changes = events.filter((e) => e.type === 'privatelink-change').length;
    assert.equal(await hostState.getAttribute('data-changes'), String(changes),
      'the target heard each change event once (no listener added twice)');
    assertNoProblems(problems, [EXPECTED_404, /status of 503/]);
    await context.close();
  });

  test(`${target}: a keyed re-order moves the element without mounting the panel again`, async () => {
    const service = await freshService('pg');
    const { page, problems, context, requests } = await openApp(target, service);
    const panel = page.locator('privatelink-panel');
    await panel.getByTestId('create-form').waitFor();
    await page.getByTestId('host-state').filter({ hasText: /^azure none 0$/ }).waitFor();
    await page.evaluate(() => {
      const el = document.querySelector('privatelink-panel');
      window.__root = el.querySelector('section.plp');
      window.__moved = 0;
      new MutationObserver((list) => {
        for (const m of list) for (const n of m.removedNodes) if (n === el) window.__moved += 1;
      }).observe(el.parentNode, { childList: true });
    });
    const before = requests.length;
    await panel.getByTestId('subscription-input').fill('typed before the move');
    await page.getByTestId('move-panel').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="panel-slot"]').lastElementChild.matches('privatelink-panel'));
    await sleep(4 * POLL_MS);
    const after = await page.evaluate(() => ({
      moved: window.__moved,
      same: document.querySelector('privatelink-panel section.plp') === window.__root,
      connected: window.__root.isConnected,
    }));
    assert.ok(after.moved >= 1, `${target} moved the element itself (removed and inserted again)`);
    assert.deepEqual({ same: after.same, connected: after.connected }, { same: true, connected: true },
      'the panel kept its DOM');
    assert.equal(await panel.getByTestId('subscription-input').inputValue(), 'typed before the move');
    assert.deepEqual(requests.slice(before), [], 'no new load after the move');
    await assertOnePanel(page, `${target} after the move`);
    assertNoProblems(problems, [EXPECTED_404]);
    await context.close();
  });

  test(`${target}: removing the panel (conditional rendering) stops every request`, async () => {
    // AWS: an active privatelink keeps the panel polling (connections appear over time).
    const service = await freshService('pg', { cloud: 'aws-us-east-1' });
    await call('POST', `/v1/project/demo-project/service/${service}/privatelink/aws`, { principals: [AWS_ROOT] });
    const { page, problems, context, requests } = await openApp(target, service);
    await page.getByTestId('host-state').filter({ hasText: /^aws (creating|active) 0$/ }).waitFor();
    // Polling is under way: the privatelink asked for twice more after the first load.
    const polls = () => requests.filter((r) => r.method === 'GET' && r.url.endsWith('/privatelink/aws'));
    const deadline = Date.now() + 10000;
    while (polls().length < 3 && Date.now() < deadline) await sleep(20);
    assert.ok(polls().length >= 3, `the panel polls before its removal:\n${JSON.stringify(requests, null, 1)}`);
    const times = polls().map((r) => r.t);
    const gap = times.at(-1) - times.at(-2);
    await page.evaluate(() => { window.__removed = document.querySelector('privatelink-panel'); });
    await page.getByTestId('remove-panel').click();
    await page.locator('privatelink-panel').waitFor({ state: 'detached' });
    const removedAt = Date.now();
    // The element unmounted its panel (an unmount empties it): a detached panel would send
    // nothing either (it has no box), but its loops and timers would live on.
    await page.waitForFunction(() => !window.__removed.isConnected && window.__removed.childNodes.length === 0,
      null, { timeout: 3000 }).catch(() => assert.fail('the removed element still holds its panel: not unmounted'));
    // In-flight ones (sent before the click) may still be reported: a moment for them.
    await sleep(250);
    const quietFrom = Date.now();
    // Three poll intervals, or three of the last gaps between polls (the back-off grows).
    const watchMs = 3 * Math.max(POLL_MS, gap);
    await sleep(watchMs);
    const late = requests.filter((r) => r.t >= quietFrom);
    assert.deepEqual(late, [], `requests after the removal (removed at ${removedAt}, quiet from ${quietFrom}, watched ${watchMs} ms)`);
    assert.equal(await page.locator('privatelink-panel').count(), 0);
    // Opened while the privatelink was being created: its first look's connections list.
    assertNoProblems(problems, [EXPECTED_404, EXPECTED_409_FIRST_LOOK]);
    await context.close();
  });
}

// A provider written inline in JSX or a template is a new function at every render: the
// element uses it from the next request on and does not build the panel again (which
// looped: mount → privatelink-change → state → render → new function → mount…).
for (const app of APPS) {
  test(`${app} build: a new provider function on every render does not mount the panel again`,
    async () => {
      const service = await freshService('pg');
      const { page, problems, context, requests } = await openApp(`${app} build`, service, { inline: '1' });
      try {
        const hostState = page.getByTestId('host-state');
        await hostState.filter({ hasText: /^azure none 0$/ }).waitFor({ timeout: 5000 });
        await sleep(4 * POLL_MS);
        assert.equal(await hostState.getAttribute('data-changes'), '1', 'one change event, one mount');
        const loads = requests.filter((r) => r.method === 'GET' && r.url.endsWith('/privatelink/azure'));
        assert.equal(loads.length, 1, `one first load, not ${loads.length}`);
        await page.locator('privatelink-panel').getByTestId('create-form').waitFor({ timeout: 2000 });
        assertNoProblems(problems, [EXPECTED_404]);
      } finally {
        await context.close();
      }
    });
}

test('the built apps carry the wasm as an asset and import the panel\'s module on demand', () => {
  assert.equal(PKG.name, 'privatelink-panel');
  const wasm = readFileSync(join(HERE, 'node_modules', 'privatelink-panel', 'privatelink-panel_bg.wasm'));
  for (const app of APPS) {
    const assets = join(HERE, app, 'dist', 'assets');
    const files = readdirSync(assets);
    const wasms = files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasms.length, 1, `${app}: one wasm asset in ${files}`);
    assert.ok(readFileSync(join(assets, wasms[0])).equals(wasm), `${app}: the package's wasm, as it is`);
    const html = readFileSync(join(HERE, app, 'dist', 'index.html'), 'utf8');
    const entry = html.match(/src="\.\/assets\/([^"]+\.js)"/)[1];
    const code = readFileSync(join(assets, entry), 'utf8');
    // define.js's `new URL('./privatelink-panel_bg.wasm', import.meta.url)`, rewritten to the asset.
    assert.ok(code.includes(wasms[0]), `${app}: the entry points at ${wasms[0]}`);
    // The wasm-bindgen module is its own chunk, imported when the first element connects.
    const lazy = code.match(/import\("\.\/(privatelink-panel-[^"]+\.js)"\)/);
    assert.ok(lazy, `${app}: a dynamic import of the panel's module in ${entry}`);
    assert.ok(files.includes(lazy[1]), `${app}: ${lazy[1]} was emitted`);
    assert.ok(!code.includes('__wbindgen_start'), `${app}: the wasm glue is not in the entry chunk`);
    assert.ok(readFileSync(join(assets, lazy[1]), 'utf8').includes('__wbindgen_start'));
  }
});

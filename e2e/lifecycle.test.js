// The element in someone else's page (issues 17 and 18), on a host page of another origin
// that imports the served define module: the element exists before the wasm is loaded, and
// the wasm loads only when an element connects; a moved element keeps its state and asks for
// nothing again; a removed one stops; the host's element rules do not restyle the panel's
// controls; and the server caches for a year what never changes under its name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  launch, openPage, assertNoProblems, freshService, injectFault, call, panelUrl, BASE, TOKEN, EXPECTED_404,
} from './lib.js';

let browser;
let host;
let hostUrl;
// Pages by path, set by each test.
const pages = new Map();

before(async () => {
  browser = await launch();
  host = http.createServer((req, res) => {
    const body = pages.get(new URL(req.url, 'http://x').pathname);
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' });
    res.end(body ?? 'no such page');
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  hostUrl = `http://127.0.0.1:${host.address().port}`;
});
after(async () => {
  await browser?.close();
  host?.close();
});

/** A host page at `path`: the stylesheet, the define module, then `script` (a module). */
function page(path, { css = '', bodyHtml = '', script = '' } = {}) {
  pages.set(path, `<!doctype html><html lang="en"><meta charset=utf-8><title>Host</title>
<link rel="stylesheet" href="${BASE}/panel.css"><style>${css}</style>
<body>${bodyHtml}
<script type="module">
import { init } from '${BASE}/define.js';
window.plpInit = init;
${script}
</script>`);
  return `${hostUrl}${path}`;
}

/**
 * Requests as the page makes them, with how each ended (`start`, then `end` or `failed`),
 * its path and, for a failed one, the browser's error text.
 */
function track(p) {
  const seen = [];
  const note = (kind) => (r) => seen.push({
    kind, url: r.url(), path: new URL(r.url()).pathname, at: Date.now(),
    error: kind === 'failed' ? r.failure()?.errorText : undefined,
  });
  p.on('request', note('start'));
  p.on('requestfinished', note('end'));
  p.on('requestfailed', note('failed'));
  const isApi = (s) => s.url.includes('/v1/');
  return {
    api: (after = 0) => seen.filter((s) => s.kind === 'start' && isApi(s) && s.at > after),
    wasm: () => seen.filter((s) => s.kind === 'start' && s.url.endsWith('.wasm')),
    /** When the wasm had arrived, if it has. */
    wasmDone: () => seen.find((s) => s.kind === 'end' && s.url.endsWith('.wasm')),
    /** Requests sent to exactly `path`. */
    sent: (path) => seen.filter((s) => s.kind === 'start' && s.path === path),
    /** API requests that failed (aborted, timed out). */
    failed: () => seen.filter((s) => s.kind === 'failed' && isApi(s)),
    /** API requests that got an answer. */
    answered: (path) => seen.filter((s) => s.kind === 'end' && s.path === path),
  };
}

/** Resolves once `cond()` holds (checked every 20 ms); fails after `ms`. */
async function until(cond, what, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const servicePath = (service) => `/v1/project/demo-project/service/${service}`;

/** The server holds the next GET of `service` (plus `sub`) back `ms`, once. */
function slowGet(service, ms, sub = '') {
  return injectFault({ path: `${servicePath(service)}${sub}`, method: 'GET', count: 1, delay_ms: ms });
}

test('the element is defined before the wasm loads, and the wasm loads when one connects', async () => {
  const service = await freshService('pg');
  const url = page('/define', {
    script: `
window.defined = !!customElements.get('privatelink-panel');
const el = document.createElement('privatelink-panel');
// React 19 asks this of an element when it renders, to set a function as a property.
window.hasProvider = 'tokenProvider' in el;
window.el = el;
window.ready = true;`,
  });
  const { page: p, problems, context } = await openPage(browser);
  const t = track(p);
  await p.goto(url);
  await p.waitForFunction(() => window.ready === true);
  assert.equal(await p.evaluate(() => window.defined), true, 'defined by the define module');
  assert.equal(await p.evaluate(() => window.hasProvider), true, 'tokenProvider is an accessor');
  await p.waitForTimeout(300);
  assert.deepEqual(t.wasm(), [], 'no wasm before an element connects');
  await p.evaluate(([b, s, tok]) => {
    window.el.setAttribute('api-base', b);
    window.el.setAttribute('project', 'demo-project');
    window.el.setAttribute('service', s);
    window.el.tokenProvider = async () => tok;
    document.body.append(window.el);
  }, [BASE, service, TOKEN]);
  await p.getByTestId('create-form').waitFor();
  assert.equal(t.wasm().length, 1, 'the wasm, once');
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

test('a moved element keeps its state and asks for nothing again; a removed one stops', async () => {
  const service = await freshService('pg');
  const url = page('/move', {
    bodyHtml: '<section id="a"></section><section id="b"></section>',
    script: `
const el = document.createElement('privatelink-panel');
el.setAttribute('api-base', ${JSON.stringify(BASE)});
el.setAttribute('project', 'demo-project');
el.setAttribute('service', ${JSON.stringify(service)});
el.setAttribute('poll-interval-ms', '300');
el.token = ${JSON.stringify(TOKEN)};
document.getElementById('a').append(el);
window.el = el;`,
  });
  const { page: p, problems, context } = await openPage(browser);
  const t = track(p);
  await p.goto(url);
  await p.getByTestId('create-form').waitFor();
  // Something the person typed: a rebuilt panel would lose it.
  await p.getByTestId('subscription-input').fill('8eefec94-5d63-40c9-983c-03ab083b411d');
  await p.evaluate(() => { window.el.querySelector('.plp').dataset.mark = 'kept'; });
  const moved = Date.now();
  // A keyed re-order or a portal: removed and inserted again in one task.
  await p.evaluate(() => document.getElementById('b').append(window.el));
  // Where the browser has it, the atomic move.
  const atomic = await p.evaluate(() => {
    if (typeof Element.prototype.moveBefore !== 'function') return false;
    document.getElementById('a').moveBefore(window.el, null);
    return true;
  });
  await p.waitForTimeout(800);
  assert.equal(await p.locator('.plp[data-mark=kept]').count(), 1, 'the same panel, not a new one');
  assert.equal(await p.getByTestId('subscription-input').inputValue(),
    '8eefec94-5d63-40c9-983c-03ab083b411d', 'the typed text stays');
  assert.deepEqual(t.api(moved), [], `no request after the move (atomic move tried: ${atomic})`);
  // Removed for good: torn down, and nothing is asked for afterwards.
  await p.evaluate(() => window.el.remove());
  await p.waitForTimeout(100);
  const removed = Date.now();
  assert.equal(await p.evaluate(() => window.el.childElementCount), 0, 'the panel is gone');
  await p.waitForTimeout(1000);
  assert.deepEqual(t.api(removed), []);
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

// What dashboards commonly set on elements, which reaches into a panel without a shadow root.
const HOSTILE = `
* { box-sizing: content-box; }
button { text-transform: uppercase; letter-spacing: 3px; font: 700 22px/3 serif; padding: 20px; margin: 9px; min-width: 200px; }
input { letter-spacing: 2px; font-size: 24px; width: 50px; margin: 9px; text-transform: uppercase; }
h2, h3 { text-transform: uppercase; letter-spacing: 4px; font-size: 40px; font-family: serif; }
table { border-spacing: 12px; border-collapse: separate; }
th, td { letter-spacing: 3px; text-transform: uppercase; }
label { text-transform: uppercase; }`;

test("a host's element rules do not restyle the panel's controls", async () => {
  const service = await freshService('pg');
  const script = `
const el = document.createElement('privatelink-panel');
el.setAttribute('api-base', ${JSON.stringify(BASE)});
el.setAttribute('project', 'demo-project');
el.setAttribute('service', ${JSON.stringify(service)});
el.token = ${JSON.stringify(TOKEN)};
document.body.append(el);`;
  const look = async (path, css) => {
    const { page: p, problems, context } = await openPage(browser);
    await p.goto(page(path, { css, script }));
    await p.getByTestId('create-form').waitFor();
    const styles = await p.evaluate(() => {
      const props = ['text-transform', 'letter-spacing', 'font-size', 'font-family', 'font-weight',
        'box-sizing', 'line-height', 'margin-top', 'padding-left', 'width', 'height'];
      const of = (sel) => {
        const e = document.querySelector(`privatelink-panel ${sel}`);
        if (!e) return `missing ${sel}`;
        const cs = getComputedStyle(e);
        return Object.fromEntries(props.map((k) => [k, cs.getPropertyValue(k)]));
      };
      return {
        title: of('h2'), card: of('h3'), create: of('[data-testid=create]'),
        input: of('[data-testid=subscription-input]'), label: of('label'),
      };
    });
    assertNoProblems(problems, [EXPECTED_404]);
    await context.close();
    return styles;
  };
  const plain = await look('/plain', '');
  const hostile = await look('/hostile', HOSTILE);
  for (const part of Object.keys(plain)) {
    assert.deepEqual(hostile[part], plain[part], `${part} restyled by the host's rules`);
  }
});

test('hashed files are cached for a year; the entries are revalidated', async () => {
  const get = async (path) => {
    const r = await fetch(`${BASE}${path}`);
    return { status: r.status, cache: r.headers.get('cache-control'), text: await r.text() };
  };
  const index = await get('/');
  assert.equal(index.cache, 'no-cache');
  const hashed = [...index.text.matchAll(/(?:href|src|from)=?\s*['"](\/[^'"]*-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css))['"]/g)]
    .map((m) => m[1]);
  assert.ok(hashed.some((h) => h.endsWith('_bg.wasm')), `the page names the hashed wasm: ${hashed}`);
  assert.ok(hashed.some((h) => /privatelink-panel-[0-9a-f]{16}\.js$/.test(h)), 'and the hashed module');
  for (const h of new Set(hashed)) {
    const f = await get(h);
    assert.equal(f.status, 200, h);
    assert.equal(f.cache, 'public, max-age=31536000, immutable', h);
  }
  for (const entry of ['/define.js', '/privatelink-panel.js', '/panel.css']) {
    const f = await get(entry);
    assert.equal(f.status, 200, entry);
    assert.equal(f.cache, 'no-cache', entry);
  }
  // The stable entries lead to the hashed files.
  const define = (await get('/define.js')).text;
  assert.match(define, /privatelink-panel-[0-9a-f]{16}\.js/);
  assert.match(define, /privatelink-panel-[0-9a-f]{16}_bg\.wasm/);
  assert.match((await get('/privatelink-panel.js')).text, /privatelink-panel-[0-9a-f]{16}\.js/);
});

test('the demo page loads the panel as a host page does: through the define module, each file once', async () => {
  const { context, page: p, problems } = await openPage(browser);
  const requested = [];
  p.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const service = await freshService('pg');
  const res = await p.goto(panelUrl(service));
  await p.getByTestId('create-form').waitFor();
  // No inline script (Trunk's loader is taken out by the build), so the page's CSP names no
  // script hash; the module and the wasm are still preloaded from the head.
  const page = await p.evaluate(() => ({
    inline: [...document.scripts].filter((s) => !s.src).length,
    preloads: [...document.head.querySelectorAll('link[rel=preload], link[rel=modulepreload]')]
      .map((l) => new URL(l.href).pathname),
    trunk: 'wasmBindings' in window,
  }));
  assert.equal(page.inline, 0, 'no inline script in the demo page');
  assert.equal(page.trunk, false, "Trunk's loader did not run");
  assert.ok(page.preloads.some((h) => /privatelink-panel-[0-9a-f]{16}_bg\.wasm$/.test(h)), `wasm preloaded: ${page.preloads}`);
  assert.ok(page.preloads.some((h) => /privatelink-panel-[0-9a-f]{16}\.js$/.test(h)), `module preloaded: ${page.preloads}`);
  assert.doesNotMatch(res.headers()['content-security-policy'], /'sha256-/);
  for (const f of requested.filter((r) => /privatelink-panel|define\.js/.test(r))) {
    assert.equal(requested.filter((r) => r === f).length, 1, `${f} asked for once: ${requested}`);
  }
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

/** A page whose element is connected at once, with `attrs` and a token or provider (JS). */
function elementPage(path, service, { attrs = '', token = `el.token = ${JSON.stringify(TOKEN)};` } = {}) {
  return page(path, {
    script: `
window.events = [];
for (const type of ['privatelink-change', 'privatelink-error']) {
  document.addEventListener(type, (e) => window.events.push({ type, ...e.detail }));
}
const el = document.createElement('privatelink-panel');
el.setAttribute('api-base', ${JSON.stringify(BASE)});
el.setAttribute('project', 'demo-project');
el.setAttribute('service', ${JSON.stringify(service)});
${attrs}
${token}
document.body.append(el);
window.el = el;`,
  });
}

/** Holds the wasm back `ms` (a slow network), so requests can be seen while it loads. */
async function slowWasm(p, ms) {
  await p.route(/_bg\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

/**
 * One early-request case, set up and torn down alike: a fresh service (in `cloud`), its GETs
 * held back as `held` says (`[ms, sub]` each, see slowGet), a page whose wasm comes `wasmMs`
 * late (0: at once) and its request log. `body` gets them; then the page's problems are
 * checked against `expected`, the page is closed and the faults are cleared.
 */
async function earlyCase({ cloud = 'azure-eastus', held = [], wasmMs = 0, expected = [EXPECTED_404] }, body) {
  const service = await freshService('pg', { cloud });
  for (const [ms, sub] of held) await slowGet(service, ms, sub);
  const { page: p, problems, context } = await openPage(browser);
  try {
    if (wasmMs) await slowWasm(p, wasmMs);
    const t = track(p);
    await body({ p, t, service, svc: servicePath(service) });
    assertNoProblems(problems, expected);
  } finally {
    await context.close();
    if (held.length) await call('DELETE', '/sim/faults');
  }
}

/** The `privatelink-error` events the page has seen (elementPage records them). */
const errorEvents = (p) => p.evaluate(() => window.events.filter((e) => e.type === 'privatelink-error'));

/** The element's loading note: its `::before` text (panel.css), '' when there is none. */
const note = (p) => p.evaluate(() => {
  const c = getComputedStyle(window.el, '::before').content;
  return c === 'none' || c === 'normal' ? '' : c.replace(/^"|"$/g, '');
});

test('while the wasm loads, the element says the panel is loading, and the panel then takes its place', async () => {
  await earlyCase({ wasmMs: 1500 }, async ({ p, t, service }) => {
    await p.goto(elementPage('/early-note', service), { waitUntil: 'domcontentloaded' });
    await p.waitForFunction(() => getComputedStyle(window.el, '::before').content.includes('Loading'), null, { timeout: 1200 });
    assert.equal(await note(p), 'Loading the private link panel…');
    assert.equal(t.wasmDone(), undefined, 'said before the wasm arrived');
    assert.equal(await p.evaluate(() => window.el.childNodes.length), 0, 'nothing put in the element');
    await p.getByTestId('create-form').waitFor();
    assert.equal(await note(p), '', 'gone once the panel is in');
  });
});

test("a host's own placeholder in the element is shown instead of the loading note", async () => {
  await earlyCase({ wasmMs: 1500 }, async ({ p, service }) => {
    await p.goto(elementPage('/early-host-note', service, {
      attrs: "el.innerHTML = '<span id=\"mine\">Fetching…</span>';",
    }), { waitUntil: 'domcontentloaded' });
    // Once the element is in its loading state (after the note's delay), the wasm still on
    // its way: the state is set, but the host's children are what shows.
    await p.waitForFunction(() => window.el.matches(':state(loading)'), null, { timeout: 1200 });
    assert.equal(await p.evaluate(() => window.el.innerHTML), '<span id="mine">Fetching…</span>', 'left as it is');
    assert.equal(await note(p), '', 'no note beside it');
    await p.getByTestId('create-form').waitFor();
    assert.equal(await p.locator('#mine').count(), 0, 'replaced by the panel');
  });
});

test('the loading note goes when the host takes the credential away before the wasm has loaded', async () => {
  await earlyCase({ wasmMs: 1500 }, async ({ p, service }) => {
    await p.goto(elementPage('/early-note-signed-out', service), { waitUntil: 'domcontentloaded' });
    await p.waitForFunction(() => getComputedStyle(window.el, '::before').content.includes('Loading'), null, { timeout: 1200 });
    await p.evaluate(() => { window.el.token = null; });
    await p.waitForFunction(() => !getComputedStyle(window.el, '::before').content.includes('Loading'), null, { timeout: 1000 });
    await p.evaluate((token) => { window.el.token = token; }, TOKEN);
    await p.getByTestId('create-form').waitFor();
  });
});

test('the service is asked for while the wasm loads, and the panel takes that answer', async () => {
  await earlyCase({ wasmMs: 1200 }, async ({ p, t, service, svc }) => {
    await p.goto(elementPage('/early', service));
    await p.getByTestId('create-form').waitFor();
    const serviceGets = t.sent(svc);
    const wasmDone = t.wasmDone();
    assert.equal(serviceGets.length, 1, 'one service GET: the early one, adopted');
    assert.ok(wasmDone && serviceGets[0].at < wasmDone.at, 'asked for before the wasm arrived');
  });
});

test("once the service has answered, its cloud's privatelink and connections are asked for while the wasm loads", async () => {
  for (const cloud of ['azure-eastus', 'aws-us-east-1', 'google-europe-west1']) {
    await earlyCase({ cloud, wasmMs: 1200 }, async ({ p, t, service, svc }) => {
      await p.goto(elementPage(`/early-${cloud}`, service));
      await p.getByTestId('create-form').waitFor();
      const wasmDone = t.wasmDone();
      const pl = `${svc}/privatelink/${cloud.split('-')[0]}`;
      for (const path of [svc, pl, `${pl}/connections`]) {
        const asked = t.sent(path);
        assert.equal(asked.length, 1, `${cloud}: ${path} asked for once (early, then adopted)`);
        assert.ok(wasmDone && asked[0].at < wasmDone.at, `${cloud}: ${path} asked for before the wasm arrived`);
      }
    });
  }
  // A cloud without private connectivity: nothing more than the service is asked for.
  await earlyCase({ cloud: 'do-nyc', wasmMs: 600, expected: [] }, async ({ p, t, service, svc }) => {
    await p.goto(elementPage('/early-do', service));
    await p.getByTestId('no-private-cloud').waitFor();
    assert.deepEqual(t.api().map((a) => a.path), [svc]);
  });
});

test('the panel waits for a slow early answer only a moment before it shows "Loading…"', async () => {
  // The service's answer takes 2.5 s; the wasm comes at once.
  await earlyCase({ held: [[2500]] }, async ({ p, t, service, svc }) => {
    await p.goto(elementPage('/early-slow-service', service));
    await p.getByTestId('loading').waitFor({ timeout: 2000 });
    assert.deepEqual(t.answered(svc), [], 'Loading… is shown while the service is still being asked for');
    await p.getByTestId('create-form').waitFor({ timeout: 6000 });
  });
});

test('a host that takes the token away while the panel starts does not get the early answer later', async () => {
  // The early service answer takes 2 s: the panel's first run waits for it (100 ms at most).
  await earlyCase({ held: [[2000]] }, async ({ p, t, service, svc }) => {
    // 20 ms after the wasm is instantiated (inside that wait), the host signs out.
    await p.goto(elementPage('/early-signed-out', service, {
      attrs: `window.signedOut = false;
for (const name of ['instantiateStreaming', 'instantiate']) {
  const real = WebAssembly[name];
  WebAssembly[name] = (...a) => real.apply(WebAssembly, a).then((r) => {
    setTimeout(() => { window.el.token = null; window.signedOut = true; }, 20);
    return r;
  });
}`,
    }));
    // Past the wait (100 ms), with nothing on the page.
    await p.waitForFunction(() => window.signedOut);
    await p.waitForTimeout(200);
    assert.equal(await p.evaluate(() => window.el.childElementCount), 0, 'nothing shown without a token');
    // Signed in again: the panel asks for itself, not with the answer asked for under the
    // token it had before (which would only come at 2 s).
    await p.evaluate((token) => { window.el.token = token; }, TOKEN);
    await p.getByTestId('create-form').waitFor({ timeout: 1000 });
    assert.equal(t.sent(svc).length, 2, 'the early service GET, dropped, and the panel\'s own');
  });
});

test('a Refresh during "Loading…" leaves the early privatelink and connections to the newest load', async () => {
  // The early service GET answers at 800 ms, the Refresh's own at 1.5 s after it is sent:
  // the first load is overtaken, and ends while the newest still waits.
  await earlyCase({ held: [[800], [1500]] }, async ({ p, t, service, svc }) => {
    await p.goto(elementPage('/early-refresh', service));
    await p.getByTestId('loading').waitFor();
    await p.getByTestId('refresh').click();
    await p.getByTestId('create-form').waitFor({ timeout: 8000 });
    assert.deepEqual(t.failed(), [], 'nothing asked for was thrown away');
    assert.equal(t.sent(`${svc}/privatelink/azure`).length, 1, 'the early privatelink GET, taken by the newest load');
    assert.equal(t.sent(`${svc}/privatelink/azure/connections`).length, 1);
  });
});

test('removed while the wasm loads: the early request is aborted and nothing else is sent', async () => {
  // The service's answer would take 3 s: still in flight when the element goes.
  await earlyCase({ held: [[3000]], wasmMs: 1500 }, async ({ p, t, service }) => {
    await p.goto(elementPage('/early-removed', service), { waitUntil: 'domcontentloaded' });
    await until(() => t.api().length === 1, 'the early service GET');
    await p.evaluate(() => window.el.remove());
    const removed = Date.now();
    // Past the wasm's arrival and the panel's first run, had it gone on.
    await p.waitForTimeout(2500);
    assert.deepEqual(t.failed().map((f) => f.error), ['net::ERR_ABORTED'], 'the early request was aborted');
    assert.deepEqual(t.api(removed), [], 'nothing after removal');
    assert.equal(await p.evaluate(() => window.el.childElementCount), 0);
  });
});

test('removed while the wasm loads, after the service answered: the early privatelink and connections are aborted', async () => {
  // The privatelink's and the list's answers would take 3 s: in flight when the element goes.
  const held = [[3000, '/privatelink/azure'], [3000, '/privatelink/azure/connections']];
  await earlyCase({ held, wasmMs: 1500 }, async ({ p, t, service, svc }) => {
    await p.goto(elementPage('/early-removed-later', service), { waitUntil: 'domcontentloaded' });
    await until(() => t.api().length === 3, 'the service answered, the other two in flight');
    await p.evaluate(() => window.el.remove());
    const removed = Date.now();
    // Past the wasm's arrival and the panel's first run, had it gone on.
    await p.waitForTimeout(2500);
    assert.deepEqual(t.failed().map((f) => `${f.path} ${f.error}`).sort(), [
      `${svc}/privatelink/azure net::ERR_ABORTED`,
      `${svc}/privatelink/azure/connections net::ERR_ABORTED`,
    ]);
    assert.deepEqual(t.api(removed), [], 'nothing after removal');
  });
});

test('an early request is under the request timeout', async () => {
  await earlyCase({ held: [[4000]], wasmMs: 1500 }, async ({ p, t, service, svc }) => {
    await p.goto(elementPage('/early-timeout', service, { attrs: "el.setAttribute('request-timeout-ms', '500');" }));
    await p.getByTestId('load-error').waitFor({ timeout: 5000 });
    const errors = await errorEvents(p);
    assert.equal(errors[0]?.code, 'timeout', JSON.stringify(errors));
    // Its own timer ended it while the wasm was still on its way.
    const failed = t.failed().find((f) => f.path === svc);
    const wasm = t.wasmDone();
    assert.ok(failed && wasm && failed.at < wasm.at, JSON.stringify({ failed, wasm }));
  });
});

test('a token provider failing before the wasm loads is reported as its failure, in few words', async () => {
  // The provider's error, with its details, is for the console.
  await earlyCase({ wasmMs: 800, expected: [/the token provider failed/] }, async ({ p, t, service }) => {
    await p.goto(elementPage('/early-provider', service, {
      token: "el.tokenProvider = async () => { throw new Error('session expired at https://host.example/app.js:12'); };",
    }));
    await p.getByTestId('load-error').waitFor();
    const errors = await errorEvents(p);
    assert.equal(errors[0]?.code, 'token-provider', JSON.stringify(errors));
    const shown = await p.getByTestId('load-error').textContent();
    assert.ok(!/https?:|Error:|JsValue/.test(shown), `no URL or stack on screen: ${shown}`);
    assert.deepEqual(t.api(), [], 'nothing sent without a token');
  });
});

test('a request the provider kept from being sent early gets the whole request timeout when the panel sends it', async () => {
  // The panel's own service GET takes 600 ms; its timeout is 1.5 s. The panel takes the
  // early request over at ≈ 300 ms; the provider fails it at 1.2 s.
  await earlyCase({ held: [[600]], wasmMs: 300 }, async ({ p, service }) => {
    await p.goto(elementPage('/early-provider-late-failure', service, {
      attrs: "el.setAttribute('request-timeout-ms', '1500');",
      token: `let calls = 0;
el.tokenProvider = () => (calls++ === 0
  ? new Promise((_, reject) => setTimeout(() => reject(new Error('not yet')), 1200))
  : ${JSON.stringify(TOKEN)});`,
    }));
    await p.getByTestId('create-form').waitFor({ timeout: 5000 });
    assert.deepEqual(await errorEvents(p), [], 'not a timeout: the panel\'s own request had its 1.5 s');
  });
});

test('a token provider that never answers while the wasm loads ends as a timeout', async () => {
  // The panel takes the request over (at ≈ 300 ms) before its timeout (1.5 s) runs out.
  await earlyCase({ wasmMs: 300 }, async ({ p, service }) => {
    await p.goto(elementPage('/early-provider-hangs', service, {
      attrs: "el.setAttribute('request-timeout-ms', '1500');",
      token: 'el.tokenProvider = () => new Promise(() => {});',
    }));
    await p.getByTestId('load-error').waitFor({ timeout: 6000 });
    const errors = await errorEvents(p);
    assert.equal(errors[0]?.code, 'timeout', JSON.stringify(errors));
  });
});

test('a quick answer is kept when the wasm takes longer than the request timeout', async () => {
  await earlyCase({ wasmMs: 1500 }, async ({ p, service }) => {
    await p.goto(elementPage('/early-kept', service, { attrs: "el.setAttribute('request-timeout-ms', '500');" }));
    await p.getByTestId('create-form').waitFor();
    assert.deepEqual(await errorEvents(p), []);
  });
});

test('an element taken out while the wasm loads renders when it is put back', async () => {
  await earlyCase({ wasmMs: 800 }, async ({ p, service }) => {
    await p.goto(elementPage('/early-detached', service), { waitUntil: 'domcontentloaded' });
    await p.evaluate(() => window.el.remove());
    // Loaded while out of the page.
    await p.waitForTimeout(1500);
    await p.evaluate(() => document.body.append(window.el));
    await p.getByTestId('create-form').waitFor();
  });
});

test("the host's init({ module_or_path }) wins over an element already in the markup", async () => {
  const service = await freshService('pg');
  const html = await (await fetch(`${BASE}/`)).text();
  const wasm = /\/(privatelink-panel-[0-9a-f]{16}_bg\.wasm)/.exec(html)[1];
  const from = `${BASE}/${wasm}?from=host`;
  pages.set('/markup', `<!doctype html><html lang="en"><meta charset=utf-8><title>Host</title>
<link rel="stylesheet" href="${BASE}/panel.css">
<privatelink-panel api-base="${BASE}" project="demo-project" service="${service}" token="${TOKEN}"></privatelink-panel>
<script type="module">
import { init } from '${BASE}/define.js';
init({ module_or_path: ${JSON.stringify(from)} });
</script>`);
  const { page: p, problems, context } = await openPage(browser);
  const wasmRequests = [];
  p.on('request', (r) => { if (r.url().includes('.wasm')) wasmRequests.push(r.url()); });
  await p.goto(`${hostUrl}/markup`);
  await p.getByTestId('create-form').waitFor();
  assert.deepEqual([...new Set(wasmRequests)], [from], 'the wasm from where the host said');
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

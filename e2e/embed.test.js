// The panel embedded the way a platform team does it: a host page on another origin
// imports the module from the server, mounts two panels with a token provider, and
// unmounts one. Also the custom element on that foreign page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launch, openPage, assertNoProblems, freshService, BASE, TOKEN, SUB, EXPECTED_404 } from './lib.js';

let browser;
let host;
let hostUrl;

function hostPage(a, b, c) {
  return `<!doctype html><meta charset=utf-8><title>Foreign dashboard</title>
<link rel="stylesheet" href="${BASE}/panel.css">
<h1>Someone else's dashboard</h1>
<div id="a"></div><div id="b"></div>
<privatelink-panel id="c" api-base="${BASE}" project="demo-project" service="${c}" token="${TOKEN}"></privatelink-panel>
<script type="module">
  window.events = [];
  for (const type of ['privatelink-change', 'privatelink-error']) {
    document.addEventListener(type, (e) => window.events.push({
      type, id: e.target.id, bubbles: e.bubbles, composed: e.composed,
      service: e.detail.service, cloud: e.detail.cloud,
      state: e.detail.privatelink ? e.detail.privatelink.state : null,
    }));
  }
  import init, { mount } from '${BASE}/privatelink-panel.js';
  await init();
  const opts = (service) => ({ apiBase: '${BASE}', project: 'demo-project', service, pollIntervalMs: 300,
                               tokenProvider: async () => '${TOKEN}' });
  window.handleA = mount(document.getElementById('a'), opts('${a}'));
  window.handleB = mount(document.getElementById('b'), opts('${b}'));
  window.embedReady = true;
</script>`;
}

before(async () => {
  browser = await launch();
  const services = [await freshService('pg'), await freshService('kafka'), await freshService('pg')];
  host = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(hostPage(...services));
  });
  await new Promise((r) => host.listen(0, '127.0.0.1', r));
  hostUrl = `http://127.0.0.1:${host.address().port}/`;
});
after(async () => {
  await browser?.close();
  host?.close();
});

test('two panels mounted from a foreign origin work independently and unmount cleanly', async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(hostUrl);
  await page.waitForFunction(() => window.embedReady === true);
  const a = page.locator('#a');
  const b = page.locator('#b');
  await a.getByTestId('create-form').waitFor();
  await b.getByTestId('create-form').waitFor();
  await page.locator('#c').getByTestId('create-form').waitFor();

  await a.getByTestId('subscription-input').fill(SUB);
  await a.getByTestId('create').click();
  await a.getByTestId('resource-card').getByTestId('state-badge').filter({ hasText: /creating|active/ }).waitFor();
  assert.equal(await b.getByTestId('resource-card').count(), 0, 'panel b is untouched');

  await page.evaluate(() => window.handleA.unmount());
  assert.equal(await a.locator('*').count(), 0, 'unmount empties the host element');
  assert.equal(await page.evaluate(() => window.handleA.mounted), false);
  await b.getByTestId('create-form').waitFor();
  // The element read its token attribute once and removed it from the DOM.
  assert.equal(await page.locator('#c').getAttribute('token'), null);
  // The host heard each panel's changes, bubbling from its element.
  const events = await page.evaluate(() => window.events);
  const fromA = events.filter((e) => e.id === 'a' && e.type === 'privatelink-change');
  assert.deepEqual(fromA[0], { type: 'privatelink-change', id: 'a', bubbles: true, composed: true,
    service: fromA[0].service, cloud: 'azure', state: null });
  assert.ok(fromA.some((e) => e.state === 'creating' || e.state === 'active'), JSON.stringify(fromA));
  // The panel's styles stay inside it: the host's heading keeps the browser default.
  const h1 = await page.locator('h1').evaluate((el) => getComputedStyle(el).fontFamily);
  assert.doesNotMatch(h1, /system-ui/);
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

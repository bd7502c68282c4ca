// Shared harness of the end-to-end tests: Debian's Chromium driven by playwright-core
// (never a downloaded browser), a page that records every page error and console error,
// and helpers that play the customer's side through the server's simulator routes.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
// A second server with a manual clock: states hold still until a test moves the clock.
export const MANUAL = process.env.E2E_MANUAL_URL ?? 'http://127.0.0.1:8081';
export const TOKEN = process.env.E2E_TOKEN ?? 'test-token';
export const SUB = '8eefec94-5d63-40c9-983c-03ab083b411d';

// Flags the machine needs: no sandbox as root, and no background traffic, which the closed
// network would refuse many times at start-up.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions',
];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * One browser for the calling test file: launched before its tests, closed after them,
 * with `test-results/` ready for the audits' screenshots. Returns a getter.
 */
export function sharedBrowser() {
  let browser;
  before(async () => {
    browser = await launch();
    mkdirSync('test-results', { recursive: true });
  });
  after(async () => { await browser?.close(); });
  return () => browser;
}

/** A page that collects page errors (a broken wasm shows up only there) and console errors. */
export async function openPage(browser, { colorScheme = 'light', bypassCSP = false, width = 1280 } = {}) {
  const context = await browser.newContext({ colorScheme, bypassCSP, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  page.setDefaultTimeout(15000);
  return { context, page, problems };
}

// The contract answers `GET …/privatelink/azure` with 404 when a service has none, and the
// browser logs every 4xx fetch to the console; that one message is expected, nothing else.
export const EXPECTED_404 = /Failed to load resource: the server responded with a status of 404/;
// A panel's first load asks for the connections beside the privatelink (one round trip, not
// two); while the privatelink is still being created that list is refused with 409, which
// the panel drops, but the browser logs it. Only a test that opens a page on a privatelink
// being created expects it.
export const EXPECTED_409_FIRST_LOOK = /Failed to load resource: the server responded with a status of 409/;

/** Fails when the page reported an error; `allow` filters expected ones (e.g. a 401 test). */
export function assertNoProblems(problems, allow = []) {
  const left = problems.filter((p) => !allow.some((re) => re.test(p)));
  assert.deepEqual(left, [], `the page reported errors:\n${left.join('\n')}`);
}

export async function call(method, path, body, base = BASE) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `aivenv1 ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

let counter = 0;
/** A fresh service of the given type, so each test starts from a clean state. */
export async function freshService(type = 'pg', { vpc = true, base = BASE, cloud = 'azure-eastus' } = {}) {
  counter += 1;
  const name = `e2e-${type.replace('_', '-')}-${process.pid}-${counter}`;
  await call('POST', '/sim/services', {
    project: 'demo-project',
    service_name: name,
    service_type: type,
    cloud_name: cloud,
    project_vpc_id: vpc ? '1007a317-aa9a-4f5e-a5fb-0a3b9fd5e2a3' : null,
    // Static IPs are Azure's precondition only.
    static_ips: cloud.startsWith('azure-'),
  }, base);
  return name;
}

/** Plays the customer: creates a private endpoint in "Azure" against the alias. */
export async function createEndpoint(target, { subscription = SUB, name = 'my-endpoint', base = BASE } = {}) {
  return call('POST', '/sim/endpoints', {
    subscription_id: subscription,
    resource_group: 'test-privatelink',
    name,
    target,
  }, base);
}

export async function getPrivatelink(service, base = BASE) {
  return call('GET', `/v1/project/demo-project/service/${service}/privatelink/azure`, undefined, base);
}

export async function injectFault(fault, base = BASE) {
  return call('POST', '/sim/faults', fault, base);
}

/** Moves the manual-clock server's simulated time on. */
export async function advance(seconds, base = MANUAL) {
  return call('POST', '/sim/clock/advance', { seconds }, base);
}

/** The URL of the demo page showing one service. */
export function panelUrl(service, base = BASE) {
  return `${base}/?service=${encodeURIComponent(service)}#token=${encodeURIComponent(TOKEN)}`;
}

/**
 * Audits the panel as it is now with axe-core (every rule on by default, plus
 * `label-content-name-mismatch`, WCAG 2.5.3): zero violations. Also checks the card layout
 * is on exactly when the panel is narrow, and that nothing scrolls sideways at 320 px
 * (WCAG 1.4.10). `where` names the pass and the state in failures and the screenshot.
 */
export async function audit(page, where, width) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE });
  }
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document.querySelector('[data-testid="privatelink-panel"]'), {
      rules: { 'label-content-name-mismatch': { enabled: true } },
    }));
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  await page.screenshot({ path: `test-results/a11y-${where.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
  assert.deepEqual(found, [], `axe violations in ${where}`);
  const narrow = await page.evaluate(() =>
    document.querySelector('privatelink-panel').classList.contains('plp--narrow'));
  assert.equal(narrow, width <= 736, `${where}: narrow layout ${narrow} at ${width}px`);
  if (width <= 320) {
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${where}: the page scrolls sideways by ${overflow}px at ${width}px`);
  }
}

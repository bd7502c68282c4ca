// The served release build loads with no page or console error (a broken wasm-opt shows
// up only there), and one privatelink goes from create to `active` on screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoProblems, freshService, panelUrl, SUB, EXPECTED_404 } from './lib.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the demo page loads without page or console errors', async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(panelUrl('demo-pg'));
  await page.getByTestId('privatelink-panel').waitFor();
  await page.getByText(/Last checked/).waitFor();
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

test('a privatelink goes from create to active on screen', async () => {
  const service = await freshService('pg');
  const { page, problems, context } = await openPage(browser);
  await page.goto(panelUrl(service) + '&poll=300');
  const input = page.getByTestId('subscription-input');
  await input.fill(SUB.toUpperCase());
  await page.getByTestId('create').click();
  const badge = page.getByTestId('resource-card').getByTestId('state-badge');
  await badge.filter({ hasText: 'creating' }).waitFor();
  await badge.filter({ hasText: 'active' }).waitFor({ timeout: 20000 });
  const alias = await page.getByTestId('alias').textContent();
  assert.match(alias, /\.eastus\.azure\.privatelinkservice$/);
  assert.equal(await page.getByTestId('allowlist').textContent(), SUB);
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

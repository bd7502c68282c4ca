// The flow with the keyboard alone: create, then the approve dialog (focus moves in, Tab
// stays inside, Escape closes and focus returns), approve, set the IP with Enter; and
// Google's approve-with-IP, from the IP field's Enter to the confirmation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, freshService, panelUrl, createEndpoint, call, SUB } from './lib.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Presses Tab until the focused element matches `selector`. */
async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focused = (page) => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));

test('the whole flow can be done with the keyboard alone', async () => {
  const service = await freshService('pg');
  const { page, context } = await openPage(browser);
  await page.goto(panelUrl(service) + '&poll=300');
  await page.getByTestId('create-form').waitFor();

  await tabTo(page, '[data-testid="subscription-input"]');
  await page.keyboard.type(SUB);
  await tabTo(page, '[data-testid="create"]');
  await page.keyboard.press('Enter');
  const card = page.getByTestId('resource-card');
  await card.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor({ timeout: 20000 });

  const alias = (await page.getByTestId('alias').textContent()).trim();
  await createEndpoint(alias, { name: 'kb-endpoint' });
  await tabTo(page, '[data-testid="refresh"]');
  await page.keyboard.press('Enter');
  const row = page.locator('tr[data-testid^="connection-plc"]');
  await row.waitFor();

  await tabTo(page, 'button[aria-label^="Approve plc"]:not([aria-label$="set IP"])');
  const opener = await focused(page);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, 'focus moved into the dialog');
  for (let i = 0; i < 5; i += 1) {
    await page.keyboard.press('Tab');
    assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, 'Tab stays in the dialog');
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focused(page), opener, 'focus returned to the Approve button');

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await tabTo(page, '[role="alertdialog"] .plp-btn--primary');
  await page.keyboard.press('Enter');
  await row.getByTestId('state-badge').filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });

  // The Approve button went with the pending state: focus moved on to the row's IP field.
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'ip-input',
    'focus on the IP field after approval');
  await page.keyboard.type('10.0.0.4');
  await page.keyboard.press('Enter');
  await row.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor({ timeout: 20000 });
  await context.close();
});

test('a Google endpoint is approved with its IP by keyboard, and focus stays on its row', async () => {
  const service = await freshService('kafka', { cloud: 'google-europe-west1' });
  const { page, context } = await openPage(browser);
  await page.goto(panelUrl(service) + '&poll=300');
  await tabTo(page, '[data-testid="create"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('resource-card').getByTestId('state-badge').filter({ hasText: 'active' })
    .waitFor({ timeout: 20000 });
  const attachment = (await page.getByTestId('service-attachment').textContent()).trim();
  await call('POST', '/sim/psc-endpoints', { project_id: 'kb-project', name: 'kb-psc', service_attachment: attachment });
  await tabTo(page, '[data-testid="refresh"]');
  await page.keyboard.press('Enter');
  const row = page.locator('tr[data-testid^="connection-plc"]');
  await row.getByTestId('state-badge').filter({ hasText: 'pending-user-approval' }).waitFor();

  await tabTo(page, '[data-testid="ip-input"]');
  await page.keyboard.type('10.0.0.9');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.contains(document.activeElement)), true, 'focus moved into the dialog');
  await tabTo(page, '[role="alertdialog"] .plp-btn--primary');
  await page.keyboard.press('Enter');
  await row.getByTestId('state-badge').filter({ hasText: /user-approved|active/ }).waitFor();
  await page.waitForFunction(() => document.activeElement?.closest('tr')?.dataset.testid?.startsWith('connection-plc'));
  await row.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor({ timeout: 20000 });
  await context.close();
});

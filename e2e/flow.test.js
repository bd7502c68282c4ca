// The whole Azure flow in the served panel, as an operator does it: create, discover the
// customer's endpoint, approve (checking its identity), set the IP, switch a component on,
// read the connection information and the ready-to-run commands, and delete. (The
// accessibility audit of every state is in a11y.test.js.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, assertNoProblems, freshService, panelUrl, createEndpoint, SUB, EXPECTED_404 } from './lib.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the whole flow from create to delete', async () => {
  const service = await freshService('pg');
  const { page, problems, context } = await openPage(browser);
  await page.goto(panelUrl(service) + '&poll=300');

  await page.getByTestId('subscription-input').fill(`${SUB}, not-a-guid`);
  await page.getByText(/"not-a-guid" contains 'n', which is not a hexadecimal digit/).first().waitFor();
  assert.equal(await page.getByTestId('create').isDisabled(), true);
  await page.getByTestId('subscription-input').fill(SUB);
  await page.getByTestId('create').click();
  const card = page.getByTestId('resource-card');
  await card.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor({ timeout: 20000 });
  const alias = (await page.getByTestId('alias').textContent()).trim();

  // The customer creates a private endpoint in Azure; it shows only after Refresh.
  await createEndpoint(alias, { name: 'e2e-endpoint' });
  await page.getByTestId('no-connections').waitFor();
  await page.getByTestId('refresh').click();
  const row = page.locator('tr[data-testid^="connection-plc"]');
  await row.waitFor();
  const id = (await row.getAttribute('data-testid')).replace('connection-', '');
  await row.getByTestId('state-badge').filter({ hasText: 'pending-user-approval' }).waitFor();
  assert.match(await row.textContent(), /test-privatelink/);

  // Approve, after checking whose endpoint it is.
  await page.getByRole('button', { name: `Approve ${id}`, exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByTestId('approve-identity').filter({ hasText: 'e2e-endpoint' }).waitFor();
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await row.getByTestId('state-badge').filter({ hasText: /user-approved|connected/ }).waitFor();
  // Approved with the pointer: focus is not pushed into the IP field (on a touch screen
  // that would open the keyboard unasked); the keyboard flow moves it there.
  assert.notEqual(await page.evaluate(() => document.activeElement?.dataset.testid), 'ip-input',
    'focus left alone after a pointer approval');
  await row.getByTestId('state-badge').filter({ hasText: 'connected' }).waitFor({ timeout: 20000 });

  // A bad address is refused inline; a good one is saved and the row becomes active.
  const ip = page.getByRole('textbox', { name: `Endpoint IP of ${id}` });
  await ip.fill('010.0.0.4');
  await row.getByTestId('ip-error').waitFor();
  assert.equal(await row.getByTestId('save-ip').isDisabled(), true);
  await ip.fill('10.0.0.4');
  await ip.press('Enter');
  await row.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor({ timeout: 20000 });

  // Switch pg on; connection information appears with the privatelink host.
  await page.getByTestId('switch-pg').click();
  await page.locator('[data-testid="switch-pg"][aria-checked="true"]').waitFor();
  await page.getByTestId('access-diff').filter({ hasText: 'pg: off → on' }).waitFor();
  await page.getByTestId('save-access').click();
  const uri = page.getByTestId('info-uri').first();
  await uri.waitFor({ timeout: 20000 });
  assert.match(await uri.textContent(), /^postgres:\/\/avnadmin@privatelink-1-/);
  // Ready to connect: psql with that URI, and avn picking the same route.
  const commands = page.getByTestId('connect-command');
  assert.match(await commands.nth(0).textContent(), /^psql 'postgres:\/\/avnadmin@privatelink-1-.*sslmode=require'$/);
  assert.equal(await commands.nth(1).textContent(),
    `avn service connection-info psql --project demo-project ${service} -r privatelink -p ${id}`);
  await page.getByRole('button', { name: 'Copy psql command' }).first().waitFor();

  // Delete needs the service name typed.
  await page.getByTestId('delete').click();
  const del = page.getByRole('alertdialog');
  const confirm = del.getByRole('button', { name: 'Delete' });
  assert.equal(await confirm.isDisabled(), true);
  await del.getByTestId('delete-confirm-input').fill(service);
  await confirm.click();
  await card.getByTestId('state-badge').filter({ hasText: 'deleting' }).waitFor();
  await page.getByTestId('create-form').waitFor({ timeout: 20000 });

  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

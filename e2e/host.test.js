// What a host dashboard and the operator see of the panel's manners: the demo page takes
// the token out of the address bar at once (and a reload still works), the host's own
// badge follows the panel's events, and an endpoint outside the allowed subscriptions is
// approved only after its name is typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, assertNoProblems, freshService, panelUrl, createEndpoint, call, TOKEN, SUB,
  EXPECTED_404, EXPECTED_409_FIRST_LOOK,
} from './lib.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the token leaves the address bar and the DOM at once, and a reload still works', async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(panelUrl('demo-pg'));
  await page.getByText(/Last checked/).waitFor();
  assert.ok(!page.url().includes(TOKEN), `token left in ${page.url()}`);
  assert.ok(!(await page.evaluate(() => location.href)).includes('token='));
  const panel = page.locator('privatelink-panel');
  assert.equal(await panel.getAttribute('token'), null, 'no token attribute in the DOM');
  assert.ok(!(await page.content()).includes(TOKEN), 'the token appears nowhere in the page');
  await page.reload();
  await page.getByText(/Last checked/).waitFor();
  assert.equal(await page.getByTestId('load-error').count(), 0);
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

test("the host page's badge follows the panel's change and error events", async () => {
  const service = await freshService('pg');
  const { page, problems, context } = await openPage(browser);
  await page.goto(`${panelUrl(service)}&poll=300`);
  const hostBadge = page.getByTestId('host-badge');
  await hostBadge.filter({ hasText: 'no PrivateLink' }).waitFor();
  await page.getByTestId('subscription-input').fill(SUB);
  await page.getByTestId('create').click();
  await hostBadge.filter({ hasText: /PrivateLink (creating|active)/ }).waitFor();
  await hostBadge.filter({ hasText: 'PrivateLink active' }).waitFor({ timeout: 20000 });
  const alias = (await page.getByTestId('alias').textContent()).trim();
  await createEndpoint(alias, { name: 'host-endpoint' });
  await page.getByTestId('refresh').click();
  await hostBadge.filter({ hasText: 'PrivateLink active, 1 to approve' }).waitFor();
  // The server goes away for one request: the host hears of it.
  await call('POST', '/sim/faults', {
    path: `/v1/project/demo-project/service/${service}/privatelink/azure/refresh`,
    method: 'POST', count: 1, status: 503, message: 'Simulated outage',
  });
  await page.getByTestId('refresh').click();
  await hostBadge.filter({ hasText: 'API error 503' }).waitFor();
  assertNoProblems(problems, [EXPECTED_404, /status of 503/]);
  await context.close();
});

test('an endpoint outside the allowed subscriptions is approved only with its name typed', async () => {
  const service = await freshService('pg');
  const pl = `/v1/project/demo-project/service/${service}/privatelink/azure`;
  const stranger = '11111111-2222-4333-8444-555555555555';
  // Created while its subscription was allowed; the list is narrowed afterwards.
  await call('POST', pl, { user_subscription_ids: [SUB, stranger] });
  const { page, problems, context } = await openPage(browser);
  await page.goto(`${panelUrl(service)}&poll=300`);
  await page.getByTestId('resource-card').getByTestId('state-badge').filter({ hasText: 'active' })
    .waitFor({ timeout: 20000 });
  const alias = (await page.getByTestId('alias').textContent()).trim();
  await createEndpoint(alias, { name: 'stranger-pe', subscription: stranger });
  await call('POST', `${pl}/refresh`);
  await call('PUT', pl, { user_subscription_ids: [SUB] });
  await page.getByTestId('refresh').click();
  const row = page.locator('tr[data-testid^="connection-plc"]');
  await row.getByTestId('not-allowed').waitFor();
  const id = (await row.getAttribute('data-testid')).replace('connection-', '');
  await page.getByRole('button', { name: `Approve ${id}`, exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  const approve = dialog.getByRole('button', { name: 'Approve' });
  assert.equal(await approve.isDisabled(), true, 'no one-click approval of a stranger');
  const name = dialog.getByLabel(/Type the endpoint name/);
  await name.fill('stranger');
  assert.equal(await approve.isDisabled(), true);
  await name.fill('stranger-pe');
  await approve.click();
  await row.getByTestId('state-badge').filter({ hasText: /user-approved|connected/ }).waitFor();
  // Opened while the privatelink was being created.
  assertNoProblems(problems, [EXPECTED_404, EXPECTED_409_FIRST_LOOK]);
  await context.close();
});

test('an element waiting for its token shows and sends nothing, then renders once it is set', async () => {
  const { page, problems, context } = await openPage(browser);
  await page.goto(panelUrl('demo-pg'));
  await page.getByText(/Last checked/).waitFor();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/service/demo-kafka')) asked.push(r.url()); });
  // As React 18 does: the element connects first, its token comes in an effect later.
  await page.evaluate(() => {
    const el = document.createElement('privatelink-panel');
    el.id = 'late';
    el.setAttribute('project', 'demo-project');
    el.setAttribute('service', 'demo-kafka');
    document.body.append(el);
  });
  await page.waitForTimeout(300);
  assert.equal((await page.locator('#late').textContent()).trim(), '', 'page text before the token');
  assert.deepEqual(asked, [], 'requests before the token');
  await page.evaluate((token) => { document.getElementById('late').token = token; }, TOKEN);
  await page.locator('#late').getByText(/Last checked/).waitFor();
  assertNoProblems(problems, [EXPECTED_404]);
  await context.close();
});

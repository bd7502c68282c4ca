// Accessibility in every state the panel can be in: an axe-core audit (every rule that is
// on by default, plus `label-content-name-mismatch`, WCAG 2.5.3) with zero violations in
// each state, in light and dark, and at 320 CSS px wide, where nothing may need horizontal
// scrolling (WCAG 1.4.10). Runs against the manual-clock server, so each state holds still
// while it is audited.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  sharedBrowser, openPage, assertNoProblems, freshService, panelUrl, createEndpoint, injectFault,
  advance, audit, call, MANUAL, SUB, EXPECTED_404,
} from './lib.js';

const browser = sharedBrowser();

const PASSES = [
  { colorScheme: 'light', width: 1280 },
  { colorScheme: 'dark', width: 1280 },
  { colorScheme: 'light', width: 320 },
];

for (const { colorScheme, width } of PASSES) {
  test(`every state passes axe with no violation (${colorScheme}, ${width}px)`, async () => {
    const service = await freshService('pg', { base: MANUAL });
    const pl = `/v1/project/demo-project/service/${service}/privatelink/azure`;
    const { page, problems, context } = await openPage(browser(), { colorScheme, width, bypassCSP: true });
    const check = (state) => audit(page, `${colorScheme} ${width}px, ${state}`, width);
    await page.goto(`${panelUrl(service, MANUAL)}&poll=200`);

    await page.getByTestId('create-form').waitFor();
    await check('create form');
    const input = page.getByTestId('subscription-input');
    await input.fill('not-a-guid');
    await page.getByText(/not a hexadecimal digit/).first().waitFor();
    await check('input error shown');
    await input.fill(SUB);
    await page.getByTestId('create').click();
    const card = page.getByTestId('resource-card');
    await card.getByTestId('state-badge').filter({ hasText: 'creating' }).waitFor();
    await check('creating');

    await advance(60);
    await card.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor();
    await page.getByTestId('no-connections').waitFor();
    await check('active with no connections');
    await page.getByTestId('edit-allowlist').click();
    await page.getByTestId('allowlist-editor').waitFor();
    await check('allowlist editor open');
    await page.getByTestId('allowlist-editor').getByRole('button', { name: 'Cancel' }).click();

    const alias = (await page.getByTestId('alias').textContent()).trim();
    await createEndpoint(alias, { name: 'a11y-endpoint', base: MANUAL });
    await page.getByTestId('refresh').click();
    const row = page.locator('tr[data-testid^="connection-plc"]');
    const badge = row.getByTestId('state-badge');
    await badge.filter({ hasText: 'pending-user-approval' }).waitFor();
    const id = (await row.getAttribute('data-testid')).replace('connection-', '');
    await check('connection pending-user-approval');

    await page.getByRole('button', { name: `Approve ${id}`, exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByTestId('approve-identity').filter({ hasText: 'a11y-endpoint' }).waitFor();
    await check('approve dialog open');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await badge.filter({ hasText: 'user-approved' }).waitFor();
    await check('connection user-approved');

    await advance(60);
    await badge.filter({ hasText: 'connected' }).waitFor();
    await check('connection connected');
    const ip = page.getByRole('textbox', { name: `Endpoint IP of ${id}` });
    await ip.fill('10.0.0.4');
    await ip.press('Enter');
    await row.getByText('10.0.0.4', { exact: true }).waitFor();
    await advance(60);
    await badge.filter({ hasText: 'active' }).waitFor();
    await check('connection active');

    // The Terraform disclosure, opened by keyboard: its HCL in a focusable, labelled block.
    const terraform = page.getByTestId('terraform-toggle');
    await terraform.focus();
    await page.keyboard.press('Enter');
    assert.equal(await terraform.getAttribute('aria-expanded'), 'true');
    await page.getByTestId('terraform-hcl').filter({ hasText: 'resource "aiven_azure_privatelink"' }).waitFor();
    await page.getByRole('button', { name: 'Copy Terraform configuration' }).waitFor();
    await check('terraform disclosure open');

    // A refresh held by the server for a while: the busy button.
    await injectFault({ path: `${pl}/refresh`, method: 'POST', count: 1, delay_ms: 4000 }, MANUAL);
    await page.getByTestId('refresh').click();
    await page.getByRole('button', { name: 'Refreshing…' }).waitFor();
    await check('busy button');
    await page.getByRole('button', { name: 'Refresh', exact: true }).waitFor({ timeout: 10000 });

    // A refresh the API refuses: the error beside it, with Retry.
    await injectFault({ path: `${pl}/refresh`, method: 'POST', count: 1, status: 500, message: 'Simulated outage' }, MANUAL);
    await page.getByTestId('refresh').click();
    await page.getByTestId('action-error').filter({ hasText: 'Simulated outage' }).waitFor();
    await check('API error shown');

    // A read_only member of the project: the calm read-only view, by its roles and labels.
    const reader = `reader-${colorScheme}-${width}-${Date.now()}`;
    await call('POST', '/sim/tokens', { token: reader, projects: ['demo-project'], role: 'read_only' }, MANUAL);
    await page.goto(`${MANUAL}/?service=${encodeURIComponent(service)}&as=reader#token=${encodeURIComponent(reader)}`);
    const view = page.getByTestId('read-only');
    await view.getByText("Your role in this project can't view or change private links. Ask a project admin or operator.").waitFor();
    await view.getByRole('switch', { name: 'pg', exact: true }).waitFor();
    assert.equal(await view.getByRole('switch', { name: 'pg', exact: true }).isDisabled(), true);
    assert.equal(await page.getByTestId('create').count(), 0);
    await check('read-only member');

    assertNoProblems(problems, [EXPECTED_404, /status of 500/, /status of 403/]);
    await context.close();
  });
}

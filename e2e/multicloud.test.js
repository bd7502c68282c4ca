// AWS PrivateLink and Google Private Service Connect in the served panel, as an operator
// does them, by roles and labels: create (with principals for AWS, nothing for Google), the
// customer's side (the simulator's VPC / PSC endpoint), the connection in the table (read
// only on AWS; approved with its IP on Google), a component switched on, connection
// information, delete. axe audits every state on the way, in light at 1280 px and in dark
// at 320 px. Runs on the manual-clock server, so each state holds still while audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  sharedBrowser, openPage, assertNoProblems, freshService, panelUrl, advance, audit, call, MANUAL,
  EXPECTED_404,
} from './lib.js';

const ROOT = 'arn:aws:iam::123456789012:root';
const ROLE = 'arn:aws:iam::210987654321:role/reader';

const browser = sharedBrowser();

const PASSES = [
  { colorScheme: 'light', width: 1280 },
  { colorScheme: 'dark', width: 320 },
];

/** Opens the panel on `service` (manual-clock server); `check(state)` audits it. */
async function open(service, { colorScheme, width }) {
  const { page, problems, context } = await openPage(browser(), { colorScheme, width, bypassCSP: true });
  const check = (state) => audit(page, `${colorScheme} ${width}px, ${state}`, width);
  await page.goto(`${panelUrl(service, MANUAL)}&poll=200`);
  return { page, problems, context, check };
}

/** Switches `component` on, saves, and returns the first privatelink URI shown. */
async function switchOn(page, component) {
  await page.getByRole('switch', { name: component, exact: true }).click();
  await page.getByTestId('save-access').click();
  const uri = page.getByTestId('info-uri').first();
  await uri.waitFor();
  return (await uri.textContent()).trim();
}

/** Deletes the privatelink (the service name typed) and waits for the create form. */
async function deleteIt(page, service, product) {
  await page.getByRole('button', { name: `Delete ${product}` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Delete the ${product}?` });
  await dialog.getByRole('textbox').fill(service);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('resource-card').getByTestId('state-badge').filter({ hasText: 'deleting' }).waitFor();
  await advance(60);
  await page.getByTestId('create-form').waitFor();
}

for (const pass of PASSES) {
  test(`AWS PrivateLink from create to delete (${pass.colorScheme}, ${pass.width}px)`, async () => {
    const service = await freshService('pg', { base: MANUAL, cloud: 'aws-us-east-1' });
    const { page, problems, context, check } = await open(service, pass);
    await page.getByRole('heading', { name: `AWS PrivateLink · ${service}` }).waitFor();
    await page.getByTestId('preflight').getByText('Runs in AWS').waitFor();

    // Principals are checked as they are typed; Create waits for a valid list.
    const principals = page.getByRole('textbox', { name: /AWS IAM principal ARNs allowed to connect/ });
    await principals.fill(`${ROOT}, arn:aws:iam::12345:root`);
    await page.getByTestId('principal-entries').getByText(/an AWS account ID is exactly 12 digits/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create' }).isDisabled(), true);
    await check('aws create form with a bad principal');
    await principals.fill(` ${ROOT}\n`);
    // Regions are checked too (capitals tidied); a bad one keeps Create disabled.
    const regions = page.getByRole('textbox', { name: /Additional AWS regions/ });
    await regions.fill('us-east-2, mars-1');
    await page.getByTestId('regions-entries').getByText(/"mars-1" is not an AWS region name/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Create' }).isDisabled(), true);
    await regions.fill('US-East-2, eu-west-1');
    await page.getByTestId('create-form').getByRole('button', { name: 'avn command' }).click();
    assert.equal(
      (await page.getByTestId('avn-command').textContent()).trim(),
      `avn service privatelink aws create --project demo-project --principal ${ROOT} --supported-regions us-east-2,eu-west-1 ${service}`);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/privatelink/aws'));
    await page.getByRole('button', { name: 'Create' }).click();
    assert.deepEqual(JSON.parse((await sent).postData()),
      { principals: [ROOT], supported_regions: ['us-east-2', 'eu-west-1'] });
    const card = page.getByTestId('resource-card');
    await card.getByTestId('state-badge').filter({ hasText: 'creating' }).waitFor();
    await check('aws creating');

    await advance(300);
    await card.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor();
    const name = (await page.getByTestId('aws-service-name').textContent()).trim();
    assert.match(name, /^com\.amazonaws\.vpce\.us-east-1\.vpce-svc-/);
    await page.getByRole('button', { name: 'Copy service name' }).waitFor();
    assert.match(await page.getByTestId('aws-snippet').textContent(),
      new RegExp(`^aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface .* --service-name ${name.replace(/\./g, '\\.')}$`));
    await page.getByTestId('no-connections').waitFor();
    await check('aws active with no connections');

    // The customer creates a VPC endpoint; AWS accepts it (no approval), and it is listed.
    // AWS tells Aiven of the endpoint itself: it is listed without Refresh (the panel keeps
    // looking while the PrivateLink is active), `connected` until its DNS is set up, and
    // followed to `active` on its own.
    const vpce = await call('POST', '/sim/vpc-endpoints', { principal: ROOT, name: 'e2e-vpce', service_name: name }, MANUAL);
    await advance(3.2);
    const row = page.locator(`tr[data-testid="connection-${vpce.vpc_endpoint_id}"]`);
    await row.getByTestId('state-badge').filter({ hasText: 'connected' }).waitFor({ timeout: 30000 });
    await advance(60);
    await row.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor();
    assert.equal((await row.getByTestId('dns-name').textContent()).trim(), vpce.dns_name);
    await row.getByRole('button', { name: `Copy DNS name of ${vpce.vpc_endpoint_id}` }).waitFor();
    await check('aws connection active');

    // Replacing the principals shows what the save adds before it is sent.
    await page.getByRole('button', { name: 'Edit allowed principals' }).click();
    const editor = page.getByRole('textbox', { name: 'Allowed principal ARNs (one per line)' });
    await editor.fill(`${ROOT}\n${ROLE}`);
    await page.getByTestId('principals-diff').getByText(ROLE).waitFor();
    await check('aws principals editor');
    await page.getByRole('button', { name: 'Save allowed principals' }).click();
    await page.getByTestId('principals').filter({ hasText: ROLE }).waitFor();

    assert.match(await switchOn(page, 'pg'), /^postgres:\/\/avnadmin@privatelink-1-/);
    await check('aws connection information');
    await deleteIt(page, service, 'AWS PrivateLink');
    assertNoProblems(problems, [EXPECTED_404]);
    await context.close();
  });

  test(`Google Private Service Connect from create to delete (${pass.colorScheme}, ${pass.width}px)`, async () => {
    const service = await freshService('kafka', { base: MANUAL, cloud: 'google-europe-west1' });
    const { page, problems, context, check } = await open(service, pass);
    await page.getByRole('heading', { name: `Google Private Service Connect · ${service}` }).waitFor();
    await page.getByTestId('create-form').getByText(/172\.24\.0\.0\/16/).waitFor();
    await check('google create form');
    await page.getByRole('button', { name: 'Create' }).click();
    const card = page.getByTestId('resource-card');
    await card.getByTestId('state-badge').filter({ hasText: 'creating' }).waitFor();
    await advance(300);
    await card.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor();
    const attachment = (await page.getByTestId('service-attachment').textContent()).trim();
    assert.match(attachment, /^projects\/.+\/regions\/europe-west1\/serviceAttachments\/.+/);
    assert.match(await page.getByTestId('gcloud-snippet').textContent(),
      /^gcloud compute forwarding-rules create <endpoint-name> --region=europe-west1 .*--target-service-attachment=projects\//);
    await page.getByRole('button', { name: 'Copy service attachment' }).waitFor();
    await check('google active with no connections');

    // The customer's endpoint shows only after Refresh: Google sends no notification.
    const psc = await call('POST', '/sim/psc-endpoints', { project_id: 'customer-project', name: 'e2e-psc', service_attachment: attachment }, MANUAL);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = page.locator('tr[data-testid^="connection-plc"]');
    await row.getByTestId('state-badge').filter({ hasText: 'pending-user-approval' }).waitFor();
    const id = (await row.getAttribute('data-testid')).replace('connection-', '');

    // Approve with the endpoint's IP, in one step: bad addresses refused, the reserved range warned.
    const ip = page.getByRole('textbox', { name: `Endpoint IP of ${id}` });
    const approve = page.getByRole('button', { name: `Approve ${id}`, exact: true });
    await ip.fill('010.0.0.7');
    await row.getByTestId('ip-error').waitFor();
    assert.equal(await approve.isDisabled(), true);
    // The field names its error, so a screen reader says why Approve is off.
    assert.equal(await ip.getAttribute('aria-invalid'), 'true');
    assert.equal(await ip.getAttribute('aria-describedby'), await row.getByTestId('ip-error').getAttribute('id'));
    await check('google ip error');
    await ip.fill('172.24.3.4');
    await row.getByTestId('ip-warning').filter({ hasText: '172.24.0.0/16' }).waitFor();
    await ip.fill('10.0.0.7');
    await row.getByRole('button', { name: 'avn command' }).click();
    assert.equal((await row.getByTestId('avn-command').textContent()).trim(),
      `avn service privatelink google connection approve --project demo-project --privatelink-connection-id ${id} --user-ip-address 10.0.0.7 ${service}`);
    await check('google pending with a valid ip');
    // Approval is the only gate on Google: a confirmation names the endpoint first.
    await approve.click();
    const dialog = page.getByRole('alertdialog', { name: 'Approve this Private Service Connect endpoint?' });
    await dialog.getByTestId('approve-identity').filter({ hasText: psc.psc_connection_id }).waitFor();
    await dialog.getByTestId('approve-identity').filter({ hasText: '10.0.0.7' }).waitFor();
    await check('google approve dialog open');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await row.getByTestId('state-badge').filter({ hasText: 'user-approved' }).waitFor();
    await row.getByText('10.0.0.7', { exact: true }).waitFor();
    await row.getByTestId('timeline').filter({ hasText: 'user-approved' }).waitFor();
    // The approve button is gone with the pending state: focus is on the row, not lost.
    await page.waitForFunction((id) =>
      document.activeElement?.closest('tr')?.dataset.testid === `connection-${id}`, id);
    await advance(60);
    await row.getByTestId('state-badge').filter({ hasText: 'active' }).waitFor();
    // The row keeps the states it was seen in, as Azure's rows do.
    assert.match(await row.getByTestId('timeline').textContent(),
      /pending-user-approval → .*user-approved → .*active$/);
    await check('google connection active');

    assert.match(await switchOn(page, 'kafka'), /privatelink-1-/);
    await deleteIt(page, service, 'Google Private Service Connect');
    assertNoProblems(problems, [EXPECTED_404]);
    await context.close();
  });
}

import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { api, baseUrl, issuedBlock, readModelPast, write } from './support';
import { appears, expectAccessible, launchChromium, screenshot, show, signIn } from './explorer/browser';

interface Retired {
  moved: { id: string; serialStart: number; serialEnd: number };
  txId: string;
  blockNumber: number;
}

describe('Block explorer and public register in Chromium, against the real network', function () {
  let browser: Browser;
  let page: Page;
  let retired: Retired;
  let projectId: string;
  let issuedBlockId: string;

  before(async () => {
    browser = await launchChromium();
    const run = `explorer-${Date.now().toString(36)}`;
    const issued = await issuedBlock(run, 50);
    projectId = issued.projectId;
    issuedBlockId = issued.block.id;
    retired = (await write('/v1/retirements', 'developer-admin', {
      blockId: issued.block.id,
      quantity: 5,
      beneficiary: 'Explorer test beneficiary',
      purpose: 'VOLUNTARY',
    })) as unknown as Retired;
    await readModelPast(retired.blockNumber);
  });

  after(async () => {
    await browser.close();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterEach(async () => {
    await page.close();
  });

  it('shows an auditor the channel with the height and node heights the ledger reports', async () => {
    await signIn(page, 'auditor');
    await page.getByTestId('channel').waitFor();
    expect(await page.getByTestId('channel').textContent()).to.equal('ncr');
    const ledger = await api('GET', '/v1/ledger', 'auditor');
    const shown = Number(await page.getByTestId('height').textContent());
    expect(shown).to.equal(ledger.body.height);
    expect(await page.getByTestId('organisations').textContent()).to.equal('GovernmentMSP, CertifierMSP, DeveloperMSP');
    expect(await page.getByTestId('raft-leader').textContent()).to.match(/^orderer0\./);
    const peerRow = await page.getByTestId('node-peer0.government.ncr').textContent();
    expect(peerRow).to.contain('up');
    expect(await page.getByRole('table', { name: /Chaincode definitions/ }).textContent()).to.contain('registry');
    await screenshot(page, 'dashboard');
    await expectAccessible(page);
  });

  it('shows a block committed after the page opened, without a reload (the block stream)', async () => {
    await signIn(page, 'auditor');
    await page.getByTestId('live-status').getByText('(live)').waitFor();
    const before = Number(await page.getByTestId('height').textContent());
    const committed = await write('/v1/transfers', 'developer-admin', {
      blockId: issuedBlockId,
      quantity: 1,
      toAccountId: 'DEV-BETA',
    });
    const blockNumber = Number(committed.blockNumber);
    expect(blockNumber).to.be.at.least(before);
    await page
      .getByTestId('live-blocks')
      .getByRole('link', { name: String(blockNumber), exact: true })
      .waitFor();
    // The dashboard refreshed itself on that block: its height counts it.
    let shown = before;
    for (let tries = 0; tries < 100 && shown <= blockNumber; tries++) {
      await page.waitForTimeout(100);
      shown = Number(await page.getByTestId('height').textContent());
    }
    expect(shown).to.be.greaterThan(blockNumber);
  });

  it('verifies every block of the newest page in the browser', async () => {
    await signIn(page, 'auditor');
    await page.getByRole('link', { name: 'Blocks', exact: true }).click();
    const cell = page.getByTestId(`verified-${retired.blockNumber}`);
    await cell.getByText('✔ verified').waitFor();
    expect(await page.getByText('✘ FAILED').count()).to.equal(0);
    await screenshot(page, 'blocks');
    await expectAccessible(page);
  });

  it('shows a block as qscc holds it, verified, and the same hash on every organisation’s peer', async () => {
    await signIn(page, 'auditor');
    await show(page, `/blocks/${retired.blockNumber}`);
    const ledgerBlock = await api('GET', `/v1/ledger/blocks/${retired.blockNumber}`, 'auditor');
    await appears(page, page.getByTestId('peer-check-DeveloperMSP'));
    expect(await page.getByTestId('block-hash').textContent()).to.equal(ledgerBlock.body.hash);
    for (const check of ['data-hash-check', 'header-hash-check', 'chain-check']) {
      expect(await page.getByTestId(check).textContent(), check).to.match(/^✔ verified/);
    }
    for (const msp of ['GovernmentMSP', 'CertifierMSP', 'DeveloperMSP']) {
      expect(await page.getByTestId(`peer-check-${msp}`).textContent(), msp).to.contain(String(ledgerBlock.body.hash));
    }
    await screenshot(page, 'block');
    await expectAccessible(page);
  });

  it('shows a transaction as qscc decodes it: creator, validation, endorsers, function, writes', async () => {
    await signIn(page, 'auditor');
    await show(page, `/blocks/${retired.blockNumber}`);
    await page.getByRole('link', { name: new RegExp(`^${retired.txId.slice(0, 16)}`) }).click();
    await appears(page, page.getByTestId('tx-id'));
    const ledgerTx = await api('GET', `/v1/ledger/transactions/${retired.txId}`, 'auditor');
    const creator = ledgerTx.body.creator as { mspId: string; commonName: string };
    expect(await page.getByTestId('tx-id').textContent()).to.equal(retired.txId);
    expect(await page.getByTestId('tx-validation').textContent()).to.equal('VALID');
    expect(await page.getByTestId('tx-creator').textContent()).to.equal(`${creator.mspId} / ${creator.commonName}`);
    expect(await page.getByTestId('tx-function').textContent()).to.equal(`registry ${String(ledgerTx.body.function)}`);
    expect(await page.getByTestId('tx-endorsers').textContent()).to.equal(
      (ledgerTx.body.endorsingOrganisations as string[]).join(', '),
    );
    expect(await page.getByTestId('tx-writes').textContent()).to.contain(retired.moved.id);
    expect(await page.getByTestId('tx-event').textContent()).to.contain('CREDITS_RETIRED');
    await screenshot(page, 'transaction');
    await expectAccessible(page);
  });

  it('shows a retired serial’s provenance: split from the issued block', async () => {
    await signIn(page, 'auditor');
    await page.getByRole('link', { name: 'Provenance' }).click();
    await page.getByLabel('Serial number or ITMO ID').fill(String(retired.moved.serialStart));
    await page.getByRole('button', { name: 'Search' }).click();
    await appears(page, page.getByTestId('lineage'));
    const lookup = await api('GET', `/v1/serials/${retired.moved.serialStart}`, 'auditor');
    const lineage = lookup.body.lineage as { block: { id: string } }[];
    const shown = await page.getByTestId('lineage').textContent();
    for (const entry of lineage) expect(shown).to.contain(entry.block.id);
    expect(lineage.length).to.be.greaterThan(1);
    expect(await page.getByTestId('provenance-holder').textContent()).to.contain('RETIRED');
    // The lineage graph: issued, split off, retired.
    const graph = page.getByTestId('lineage-graph');
    const root = lineage[lineage.length - 1]?.block.id ?? '';
    expect(await graph.getByTestId('lineage-node-issuance').textContent()).to.contain(root);
    expect(await graph.getByTestId('lineage-node-split').allTextContents()).to.satisfy((texts: string[]) =>
      texts.some((t) => t.includes(retired.moved.id)),
    );
    expect(await graph.getByTestId('lineage-node-retirement').count()).to.equal(1);
    await screenshot(page, 'provenance');
    await expectAccessible(page);
  });

  it('shows an account’s actions over time, from the read model', async () => {
    const lookup = await api('GET', `/v1/serials/${retired.moved.serialStart}`, 'auditor');
    const owner = (lookup.body.block as { ownerAccountId: string }).ownerAccountId;
    await signIn(page, 'auditor');
    await page.getByTestId('channel').waitFor();
    await show(page, `/accounts/${owner}`);
    const actions = page.getByTestId('account-actions');
    await actions.getByText(`${retired.txId.slice(0, 12)}…`).waitFor();
    const row = actions.locator('tr', { hasText: `${retired.txId.slice(0, 12)}…` });
    expect(await row.textContent())
      .to.contain('RETIREMENT')
      .and.contain(String(retired.moved.serialStart));
    await screenshot(page, 'account');
    await expectAccessible(page);
  });

  it('shows the integrity audit and the read model against the ledger', async () => {
    await signIn(page, 'auditor');
    await page.getByRole('link', { name: 'Audit' }).click();
    await appears(page, page.getByTestId('integrity'));
    expect(await page.getByTestId('integrity').textContent()).to.match(/^No violation/);
    await appears(page, page.getByTestId('read-model'));
    expect(await page.getByTestId('read-model').textContent()).to.match(/^Read model height \d+, ledger height \d+/);
    await page.getByRole('button', { name: 'Prepare the workbook' }).click();
    await appears(page, page.getByTestId('aef-link'));
    await screenshot(page, 'audit');
    await expectAccessible(page);
  });

  it('shows a block whose raw bytes were changed on the way as failing verification', async () => {
    await page.route(`**/v1/explorer/blocks/${retired.blockNumber}?*`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { raw: string };
      const raw = Buffer.from(body.raw, 'base64');
      // One character of the transaction ID in the envelope's channel header: still a well-formed block.
      const at = raw.indexOf(Buffer.from(retired.txId, 'latin1'));
      expect(at).to.be.greaterThan(0);
      raw[at] = raw[at] === 0x30 ? 0x31 : 0x30;
      await route.fulfill({ response, json: { ...body, raw: raw.toString('base64') } });
    });
    await signIn(page, 'auditor');
    await show(page, `/blocks/${retired.blockNumber}`);
    await page.getByTestId('peer-check-DeveloperMSP').waitFor();
    const failed = await page.getByText('✘ FAILED').count();
    expect(failed).to.be.greaterThan(0);
    await screenshot(page, 'tampered');
  });

  it('refuses a developer key', async () => {
    await signIn(page, 'developer-admin');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).to.contain('government and auditor users');
  });

  it('publishes projects, issuances, retirements and totals without a key, only the configured fields', async () => {
    await page.goto(`${baseUrl}/registry/`);
    await page.getByTestId('public-retirements').waitFor();
    expect(await page.getByTestId('public-projects').textContent()).to.contain(projectId);
    const retirements = page.getByTestId('public-retirements');
    expect(await retirements.textContent()).to.contain('Explorer test beneficiary');
    const about = await api('GET', '/v1/public/about', 'auditor');
    const fields = (about.body.fields as { retirements: string[] }).retirements;
    expect(await retirements.locator('th').allTextContents()).to.deep.equal(fields);
    expect(await page.locator('canvas').count()).to.equal(1);
    await screenshot(page, 'public');
    await expectAccessible(page);
  });
});

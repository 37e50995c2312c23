import { mkdirSync } from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { expect } from 'chai';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';
import { keyOf, ncrHome, repoRoot, urlOf } from '../support';

/**
 * Debian's chromium (apt package `chromium`; `.ci/run` installs it), driven by playwright-core: nothing is
 * downloaded. CHROMIUM_PATH points elsewhere if needed.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Screenshots go to $NCR_HOME/screenshots; with NCR_UPDATE_SCREENSHOTS=1 also to docs/explorer/ (the docs' copies). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folders = [path.join(ncrHome, 'screenshots')];
  if (process.env.NCR_UPDATE_SCREENSHOTS === '1') folders.push(path.join(repoRoot, 'docs', 'explorer'));
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true });
  }
}

/** axe-core on the page as shown: no violation of serious or critical impact. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (no inline script) stays on.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: typeof axe }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.length }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).to.deep.equal([]);
}

/** Opens the explorer on a demo user's own organisation's gateway and signs in with their key. */
export async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(`${urlOf(user)}/explorer/`);
  await page.getByLabel('API key').fill(keyOf(user));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Shows a hash route of the explorer (`/blocks/5`) in the signed-in page. */
export async function show(page: Page, route: string): Promise<void> {
  // Runs in the page (no DOM types here): the page's own location.
  await page.evaluate((hash) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
  }, `#${route}`);
}

/**
 * Waits until `target` is shown; if the page shows an error (`role=alert`) first, fails at once with its text, so a
 * failure names what the gateway answered rather than a timeout.
 */
export async function appears(page: Page, target: Locator): Promise<void> {
  const alert = page.getByRole('alert');
  await target.or(alert).first().waitFor();
  if (!(await target.first().isVisible())) expect.fail(`the page shows an error: ${await alert.first().textContent()}`);
}

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Headless Chromium for the console's end-to-end tests: Debian's `chromium` package (browser
 * downloads are not possible where the tests run), driven by playwright-core. Pages are
 * 1280×800, and screenshots go to test-output/screenshots/ (gitignored) to be looked at.
 */

// jsqr is a webpack UMD bundle whose function is `exports.default`; Node's ESM loader hands the
// whole exports object to a default import, while TypeScript sees the function (as in test/cli/mfa.test.ts).
const jsQR: typeof jsqr.default = typeof jsqr === 'function' ? jsqr : jsqr.default;

export const CHROMIUM = process.env.IAMFA_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/**
 * What went wrong in pages' scripts: uncaught errors, and anything the Content-Security-Policy
 * refused (an inline script or style would be). Answers with an error status are not counted:
 * the console shows refusals by policy on purpose.
 */
export const pageProblems: string[] = [];

/** A fresh browser context (its own cookies, as a different person) with one 1280×800 page. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      pageProblems.push(`console error: ${message.text()}`);
  });
  return page;
}

/** The viewport (1280×800), or with `fullPage` the whole page at that width. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  // From the top: the sticky top bar would otherwise be drawn where the page was scrolled to.
  if (options.fullPage) await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: options.fullPage ?? false });
}

/** The text of the QR code in a PNG, as a phone's camera would read it. */
export function readQr(png: Buffer): string {
  const image = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (found === null) throw new Error('no QR code in the PNG');
  return found.data;
}

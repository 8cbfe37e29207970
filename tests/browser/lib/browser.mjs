// Launches Debian's chromium (/usr/bin/chromium, never a downloaded browser) headless
// through playwright-core, with a fresh user-data-dir so no state leaks between runs.
//
//   import { launchBrowser } from './lib/browser.mjs';
//   const b = await launchBrowser();
//   const page = await b.newPage();   // page.errors collects console errors and page errors
//   ...; await b.close();
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** The chromium binary: $CHROMIUM_PATH, else /usr/bin/chromium; throws a clear error if absent. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('chromium not found: install it with `apt-get install -y chromium` (or set CHROMIUM_PATH)');
}

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch {
    throw new Error('playwright-core missing: run `npm install` at the repository root');
  }
}

/**
 * Launches chromium. Options: { headless = true, args = [], viewport }.
 * Resolves to { context, newPage(), close() }; each page gets `page.errors`, an array of
 * the console errors and uncaught page errors seen so far (tests assert it is empty).
 */
export async function launchBrowser(options = {}) {
  const { chromium } = await loadPlaywright();
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-chromium-'));
  const args = CHROMIUM_FLAGS.filter((f) => f !== '--headless' || options.headless !== false).concat(options.args ?? []);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless !== false,
    args,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const newPage = async () => {
    const page = await context.newPage();
    page.errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') page.errors.push('console: ' + m.text());
    });
    page.on('pageerror', (e) => page.errors.push('pageerror: ' + e.message));
    return page;
  };
  return {
    context,
    newPage,
    close: async () => {
      await context.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// The test-only engine (`bash tests/tools/build-wasm.sh --selftest`, run by `npm test`):
// the engine built with the feature `selftest`, whose `selftest_panic` panics on purpose
// so that the tests prove the loader survives a trap. The shipped engines lack it
// (bindings.test.mjs asserts so). One module holding both modules' exports, its glue
// written under each one's global: a page loads it as the engine and as the PDF module.
//
//   import { openSelftestPage } from './lib/selftest.mjs';
//   const page = await openSelftestPage(browser, server);   // window.engine, window.pdfModule
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './server.mjs';

export const SELFTEST = 'target/selftest/browser';
const PAGE = '/tests/browser/pages/bindings.html';

export async function openSelftestPage(browser, server) {
  for (const f of ['chorus_guard.js', 'chorus_guard_bg.wasm', 'chorus_guard_pdf.js', 'chorus_guard_pdf_bg.wasm']) {
    if (!fs.existsSync(path.join(repoRoot, SELFTEST, f))) {
      throw new Error(`the test-only engine is missing (${SELFTEST}/${f}): run \`bash tests/tools/build-wasm.sh --selftest\` first`);
    }
  }
  const page = await browser.newPage();
  await page.goto(server.url(PAGE));
  await page.evaluate((o) => window.boot(o), { glueUrl: `/${SELFTEST}/chorus_guard.js`, wasmUrl: `/${SELFTEST}/chorus_guard_bg.wasm` });
  await page.evaluate((o) => window.bootPdf(o), { glueUrl: `/${SELFTEST}/chorus_guard_pdf.js`, wasmUrl: `/${SELFTEST}/chorus_guard_pdf_bg.wasm` });
  return page;
}

// The demo (`www/`) as a test opens it: a fresh page with the engine loaded, and closed
// only once it is clear the page logged no error.
import assert from 'node:assert/strict';

/**
 * Opens /www/ in a new page of `browser` and waits for the engine; `onPage(page)` runs
 * before the page loads (to watch its requests). Resolves to the page, its engine ready.
 */
export async function openDemo(browser, server, onPage) {
  const page = await browser.newPage();
  onPage?.(page);
  await page.goto(server.url('/www/'));
  await page.waitForFunction(() => document.documentElement.dataset.engine !== undefined);
  const engine = await page.evaluate(() => document.documentElement.dataset.engine);
  assert.equal(engine, 'ready', await page.locator('#engine_status').innerText());
  return page;
}

/** Closes a demo page after asserting it logged no console or page error. */
export async function closeDemo(page) {
  if (page) {
    assert.deepEqual(page.errors, []);
    await page.close();
  }
}

/** Types `text` into the demo's customer field and picks the entry reading exactly `exact`. */
export async function pickCustomer(page, text, exact) {
  const input = page.locator('[name="partner_id"] input');
  await input.click();
  await input.fill('');
  await input.pressSequentially(text);
  await page.locator('#partner_dropdown li').filter({ hasText: new RegExp(`^${exact}$`) }).click();
}

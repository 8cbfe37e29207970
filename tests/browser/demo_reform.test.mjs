// The demo's second customer: a French company (B2B, not Chorus Pro) under the company's
// reform setting (issue 14). Typed through the demo on the real engine, in Debian's chromium:
// the reform's rules run live in the same panel, with « à compléter » for what is not
// entered yet, Confirm refuses until the billing framework is known, the file is the
// reform's (fr-ctc); the Chorus customer keeps its own rules, the private customer its
// quiet note.
//
// Run: node --test tests/browser/demo_reform.test.mjs (needs `npm run build` for the engine).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, repoRoot } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { openDemo, closeDemo, pickCustomer } from './lib/demo.mjs';

const JARDINS = 'Les Jardins du Diois SARL';
const CONTACT = 'Aix Marseille Université, AIX MARSEILLE UNIVERSITE';

let server;
let browser;
let page;

before(async () => {
  server = await startServer({ root: repoRoot });
  browser = await launchBrowser();
  page = await openDemo(browser, server);
});

after(async () => {
  await closeDemo(page);
  await browser?.close();
  await server?.close();
});

const pick = (text, exact) => pickCustomer(page, text, exact);

const panelRules = () => page.$$eval('.o_cg_panel [data-rule]', (ns) => ns.map((n) => n.dataset.rule));
const panelRule = (rule) => page.locator(`.o_cg_panel [data-rule="${rule}"]`);
const confirmButton = () => page.locator('button[name="action_post"]');
const framework = () => page.locator('select[name="chorus_guard_billing_framework"]');

async function xmlShown() {
  const toggle = page.locator('button[name="toggle_xml"]');
  if (!(await page.locator('.o_cg_xml').isVisible())) await toggle.click();
  await page.waitForFunction(() => document.querySelector('.o_cg_xml').textContent.length > 0);
  return page.locator('.o_cg_xml').textContent();
}

describe('the demo: a French company (B2B) under the reform setting', () => {
  test('the reform’s rules run live: the framework is « à compléter », no Chorus note', async () => {
    await pick('jardins', JARDINS);
    assert.equal(await page.locator('select[name="transmit_method_id"]').inputValue(), 'email');
    const rules = await panelRules();
    assert.ok(!rules.includes('CHORUS-SCOPE'), rules.join(' '));
    assert.ok(!rules.some((r) => r.startsWith('CHORUS-')), rules.join(' '));
    // The sample line has no product: goods or services is not known yet.
    const d = panelRule('BR-FR-08');
    assert.equal(await d.count(), 1, rules.join(' '));
    assert.equal(await d.getAttribute('data-severity'), 'block');
    assert.equal(await d.getAttribute('data-shown'), 'todo');
    assert.match(await d.innerText(), /cadre de facturation/i);
  });

  test('the file is the reform’s: SIRENs, directory addresses, legal notes, B2B', async () => {
    const xml = await xmlShown();
    assert.match(xml, /<ram:URIID schemeID="0225">423865129<\/ram:URIID>/);
    assert.match(xml, /<ram:URIID schemeID="0225">852147362<\/ram:URIID>/);
    assert.match(xml, /<ram:SubjectCode>PMT<\/ram:SubjectCode>/);
    assert.match(xml, /<ram:SubjectCode>BAR<\/ram:SubjectCode>/);
  });

  test('Confirm reveals what is to complete and refuses; the framework chosen, it posts', async () => {
    await confirmButton().click();
    assert.equal(await page.locator('#invoice_form').getAttribute('data-state'), 'draft');
    assert.equal(await panelRule('BR-FR-08').getAttribute('data-shown'), 'block');
    assert.equal(await confirmButton().isDisabled(), true);
    await page.locator('.o_notebook [data-tab="other"]').click();
    await framework().selectOption('S1');
    assert.equal(await panelRule('BR-FR-08').count(), 0);
    assert.equal(await page.locator('.o_cg_panel [data-severity="block"]').count(), 0, (await panelRules()).join(' '));
    assert.match(await xmlShown(), /<ram:ID>S1<\/ram:ID>/);
    await confirmButton().click();
    assert.equal(await page.locator('#invoice_form').getAttribute('data-state'), 'posted');
    assert.equal(await framework().isDisabled(), true);
    await page.locator('button[name="button_draft"]').click();
    await framework().selectOption('');
  });

  test('a reform rule judged live, key by key: a due date before the invoice date', async () => {
    await framework().selectOption('S1');
    const due = page.locator('#invoice_date_due_input');
    const before = await due.inputValue();
    await due.fill('');
    await due.pressSequentially('01/03/2026');
    const d = panelRule('BR-FR-CO-07');
    assert.equal(await d.count(), 1, (await panelRules()).join(' '));
    assert.equal(await d.getAttribute('data-severity'), 'block');
    await due.fill(before);
    assert.equal(await panelRule('BR-FR-CO-07').count(), 0);
    assert.equal(await page.locator('.o_cg_panel [data-severity="block"]').count(), 0, (await panelRules()).join(' '));
  });

  test('the Chorus customer keeps its own rules; the private customer its quiet note', async () => {
    await pick('aix marseille universite,', CONTACT);
    let rules = await panelRules();
    assert.ok(!rules.some((r) => r.startsWith('BR-FR')), rules.join(' '));
    assert.equal(await page.locator('select[name="transmit_method_id"]').inputValue(), 'fr-chorus');
    await pick('camille', 'Camille Martin');
    rules = await panelRules();
    assert.deepEqual(rules, ['CHORUS-SCOPE']);
    assert.equal(await confirmButton().isEnabled(), true);
  });
});

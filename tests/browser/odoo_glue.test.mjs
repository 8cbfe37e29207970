// The Odoo 14 glue (odoo_addon/l10n_fr_chorus_guard/static/src/js/chorus_guard_form.js) in
// headless Chromium, on a harness reproducing the Odoo 14 web client APIs it uses
// (tests/browser/lib/odoo14_shim.js), with the addon's backend assets bundled the way
// Odoo 14 bundles them (tests/browser/lib/bundle.mjs: rjsmin 1.1.0 per file, ';\n').
//
//   node --test tests/browser/odoo_glue.test.mjs     (after `npm run build`)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import {
  addonRoot,
  addonName,
  backendScripts,
  buildBundle,
  minifiedAssets,
  startAssetServer,
  webTranslations,
} from './lib/bundle.mjs';

// What the test server does with the engine's files, changed per test.
const serving = { failEngine: false, wasmType: 'application/wasm', requests: [] };
let server;
let origin;
let browser;
let bundle;

before(async () => {
  bundle = buildBundle();
  server = await startAssetServer(serving, bundle);
  origin = server.origin;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openForm(query = '', { expectEngine = true } = {}) {
  serving.requests = [];
  const page = await browser.newPage();
  await page.goto(`${origin}/tests/browser/pages/odoo_harness.html${query}`);
  await page.waitForSelector('html[data-harness]', { state: 'attached' });
  assert.equal(await page.getAttribute('html', 'data-harness'), 'ready', 'the form view is there');
  if (expectEngine) {
    await page.waitForSelector('.o_cg_host[data-engine="ready"] .o_cg_panel');
  }
  return page;
}

const diag = (rule) => `.o_cg_panel [data-rule="${rule}"]`;
const confirmButton = '.o_statusbar_buttons button[name="action_post"]';
const sendButton = '.o_statusbar_buttons button.o_cg_send_chorus';

async function ruleShown(page, rule) {
  return (await page.locator(diag(rule)).count()) > 0;
}

test('the bundle is built from views/assets.xml, minified with rjsmin, joined with ";\\n"', () => {
  const urls = backendScripts();
  assert.deepEqual(
    urls.map((u) => u.split('/').pop()),
    ['chorus_guard.js', 'engine_loader.js', 'ui.js', 'form_state.js', 'chorus_guard_form.js'],
  );
  assert.equal(bundle.split(';\n').length >= urls.length, true);
  assert.ok(bundle.includes('odoo.define("l10n_fr_chorus_guard.ChorusGuardForm"'));
  // Minified: rjsmin drops the comments.
  assert.ok(!bundle.includes('Registered synchronously: an unknown js_class'));
});

test('the js_class is registered synchronously and the form loads the versioned engine once', async () => {
  const page = await openForm();
  const state = await page.evaluate(() => ({
    failed: odoo.__DEBUG__.failed.slice(),
    remaining: odoo.__DEBUG__.remainingJobs.map((j) => j.name),
    registered: !!odoo.__DEBUG__.services['web.view_registry'].get('chorus_guard_form'),
  }));
  assert.deepEqual(state.failed, []);
  assert.deepEqual(state.remaining, []);
  assert.ok(state.registered);
  const version = JSON.parse(fs.readFileSync(path.join(addonRoot, 'static/lib/chorus_guard/version.json'), 'utf8'));
  const wasmRequests = serving.requests.filter((r) => r.includes('.wasm'));
  // The engine module only: the form never writes or reads a PDF, so never fetches that module.
  assert.deepEqual(wasmRequests, [`/${addonName}/static/lib/chorus_guard/${version.wasm}`]);
  assert.match(wasmRequests[0], /\?v=[0-9a-f]{8,}/);
  assert.deepEqual(serving.requests.filter((r) => r.includes('chorus_guard_pdf')), []);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a js_class missing from the registry drops the form without a word (what the sync registration avoids)', async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/tests/browser/pages/odoo_harness.html?js_class=no_such_view`);
  await page.waitForSelector('html[data-harness]', { state: 'attached' });
  assert.equal(await page.getAttribute('html', 'data-harness'), 'no-form');
  assert.equal(await page.locator('.o_form_view').count(), 0);
  await page.close();
});

test('typing in ref key by key shows and hides CHORUS-SERVICE-REF before blur', async () => {
  const page = await openForm('?partner=11');
  await page.waitForSelector(diag('CHORUS-SERVICE-REF'));
  // Empty ref with a contact chosen: the guide's block, with its fix, read as « à compléter »
  // while nothing was typed there: Confirm is not greyed, a click reveals it and is refused.
  assert.equal(await page.getAttribute(diag('CHORUS-SERVICE-REF'), 'data-severity'), 'block');
  assert.equal(await page.getAttribute(diag('CHORUS-SERVICE-REF'), 'data-shown'), 'todo');
  assert.match(await page.locator(diag('CHORUS-SERVICE-REF')).innerText(), /À compléter/);

  const ref = page.locator('input.o_field_widget[name="ref"]');
  await ref.focus();
  for (const key of '04AMID') {
    await page.keyboard.type(key);
  }
  // A ref that differs from the contact's code blocks: Chorus Pro would reject it.
  await page.waitForSelector(`${diag('CHORUS-SERVICE-REF')}[data-shown="block"]`);
  await page.waitForFunction((sel) => document.querySelector(sel).disabled, confirmButton);
  // The message quotes what is typed, and follows each key in the same element: replacing
  // its nodes on every keystroke was most of the messages' cost (BENCHMARKS.md).
  await page.evaluate((sel) => { document.querySelector(sel).cgMark = true; }, diag('CHORUS-SERVICE-REF'));
  await page.keyboard.type('E');
  await page.waitForFunction((sel) => Boolean(document.querySelector(sel)?.textContent.includes('04AMIDE')),
    diag('CHORUS-SERVICE-REF'));
  assert.equal(await page.evaluate((sel) => document.querySelector(sel).cgMark === true, diag('CHORUS-SERVICE-REF')), true);
  await page.keyboard.type('X');
  await page.waitForFunction(() => !document.querySelector('.o_cg_panel [data-rule="CHORUS-SERVICE-REF"]'));
  // The record has not seen the text yet: Odoo 14 commits a text field on change only.
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('name'));
  assert.equal(focused, 'ref');
  const committed = await page.evaluate(() => harness.controller.model.get(harness.controller.handle).data.ref);
  assert.equal(committed, '');
  // The message sits next to the field too, not only in the panel.
  await page.keyboard.press('Backspace');
  await page.waitForSelector(`.o_cg_field_msgs[data-field="ref"] [data-rule="CHORUS-SERVICE-REF"]`);
  await page.keyboard.type('X');
  await page.waitForFunction(() => !document.querySelector('[data-rule="CHORUS-SERVICE-REF"]'));
  // Blur commits: the record now holds it, the verdict stays.
  await page.locator('input.o_field_widget[name="payment_reference"]').focus();
  await page.waitForFunction(() => harness.controller.model.get(harness.controller.handle).data.ref === '04AMIDEX');
  assert.equal(await ruleShown(page, 'CHORUS-SERVICE-REF'), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a typo in the service code (04AMIDEY, 04amidex) blocks Confirm, and the fix sets the code', async () => {
  for (const typo of ['04AMIDEY', '04amidex']) {
    const page = await openForm(`?partner=11&ref=${typo}`);
    await page.waitForSelector(`${diag('CHORUS-SERVICE-REF')}[data-shown="block"]`);
    assert.ok(await page.isDisabled(confirmButton), `${typo}: Confirm disabled`);
    // The file never carries the typo as the service code.
    await page.locator('button[name="toggle_xml"]').click();
    const xml = await page.locator('.o_cg_xml').textContent();
    assert.match(xml, /<ram:BuyerReference>04AMIDEX<\/ram:BuyerReference>/);
    await page.locator(`${diag('CHORUS-SERVICE-REF')} button[data-fix="set"]`).click();
    await page.waitForFunction(() => harness.controller.model.get(harness.controller.handle).data.ref === '04AMIDEX');
    await page.waitForFunction((sel) => !document.querySelector(sel).disabled, confirmButton);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});

test('a new blank Chorus invoice opens on « à compléter », not red; Confirm reveals them and is refused', async () => {
  const page = await openForm('?blank=1');
  await page.waitForSelector('.o_cg_panel .o_cg_diag');
  assert.equal(await page.locator('.o_cg_panel .o_cg_diag[data-shown="block"]').count(), 0, 'no red block before anything is typed');
  assert.ok((await page.locator('.o_cg_panel .o_cg_diag[data-shown="todo"]').count()) > 0);
  assert.match(await page.locator('.o_cg_counts').innerText(), /0 bloquant.*à compléter/);
  assert.equal(await page.isEnabled(confirmButton), true);
  await page.locator(confirmButton).click();
  await page.waitForSelector('.o_cg_panel .o_cg_diag[data-shown="block"]');
  assert.equal(await page.locator('.o_cg_panel .o_cg_diag[data-shown="todo"]').count(), 0);
  assert.deepEqual(await page.evaluate(() => harness.log.buttons), [], 'not posted');
  await page.waitForFunction((sel) => document.querySelector(sel).disabled, confirmButton);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('leaving an empty field turns its « à compléter » into a block', async () => {
  const page = await openForm('?partner=11');
  await page.waitForSelector(`${diag('CHORUS-SERVICE-REF')}[data-shown="todo"]`);
  await page.locator('input.o_field_widget[name="ref"]').focus();
  await page.locator('input.o_field_widget[name="payment_reference"]').focus();
  await page.waitForSelector(`${diag('CHORUS-SERVICE-REF')}[data-shown="block"]`);
  await page.waitForFunction((sel) => document.querySelector(sel).disabled, confirmButton);
  await page.close();
});

test('a private customer sent by e-mail: one quiet note, no preview, nothing blocked', async () => {
  const page = await openForm('?partner=20');
  await page.waitForSelector(diag('CHORUS-SCOPE'));
  assert.equal(await page.locator('.o_cg_panel .o_cg_diag').count(), 1);
  assert.equal(await page.getAttribute(diag('CHORUS-SCOPE'), 'data-severity'), 'info');
  assert.ok(await page.locator('.o_cg_host').evaluate((el) => el.classList.contains('o_cg_quiet')));
  assert.equal(await page.locator('.o_cg_preview_host').isVisible(), false);
  assert.equal(await page.locator('.o_cg_field_msgs [data-rule]').count(), 0, 'nothing next to the fields');
  assert.equal(await page.isEnabled(confirmButton), true);
  await page.locator(confirmButton).click();
  await page.waitForFunction(() => harness.log.buttons.includes('action_post'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a vendor bill never loads the engine', async () => {
  const page = await openForm('?move_type=in_invoice&partner=20', { expectEngine: false });
  await page.waitForTimeout(300);
  assert.deepEqual(serving.requests.filter((r) => r.includes('.wasm')), []);
  assert.equal(await page.locator('.o_cg_panel').count(), 0);
  assert.equal(await page.isEnabled(confirmButton), true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('parent chosen: CHORUS-CONTACT blocks Confirm; one click on the contact sets it and fills ref', async () => {
  const page = await openForm();
  const partner = page.locator('.o_field_widget[name="partner_id"] input');
  await partner.fill('Aix Marseille');
  await page.locator('ul.ui-autocomplete li a', { hasText: /^Aix Marseille Université$/ }).click();
  await page.waitForSelector(diag('CHORUS-CONTACT'));
  assert.equal(await page.getAttribute(diag('CHORUS-CONTACT'), 'data-severity'), 'block');
  assert.ok(await page.isDisabled(confirmButton), 'Confirm disabled');
  // Shown next to the customer field.
  await page.waitForSelector('.o_field_widget[name="partner_id"] + .o_cg_field_msgs [data-rule="CHORUS-CONTACT"]');

  // Odoo re-enables every status bar button after any action: the block must survive it.
  await page.evaluate(() => harness.controller._enableButtons());
  assert.ok(await page.isDisabled(confirmButton), 'still disabled after _enableButtons');

  // A click that gets through anyway (another button path) is refused by _onButtonClicked.
  await page.evaluate(() => {
    const c = harness.controller;
    c.renderer.trigger_up('button_clicked', { attrs: { name: 'action_post', type: 'object' }, record: c.model.get(c.handle) });
  });
  await page.waitForTimeout(50);
  assert.deepEqual(await page.evaluate(() => harness.log.buttons), []);

  await page.locator(`${diag('CHORUS-CONTACT')} button[data-fix="pick_partner"]`).click();
  await page.waitForFunction(() => {
    const d = harness.controller.model.get(harness.controller.handle).data;
    return d.partner_id && d.partner_id.data.id === 11 && d.ref === '04AMIDEX';
  });
  assert.equal(
    await page.locator('.o_field_widget[name="partner_id"] input').inputValue(),
    'Aix Marseille Université, AIX MARSEILLE UNIVERSITE',
  );
  assert.equal(await page.locator('input.o_field_widget[name="ref"]').inputValue(), '04AMIDEX');
  await page.waitForFunction(() => !document.querySelector('[data-rule="CHORUS-CONTACT"]'));
  assert.equal(await ruleShown(page, 'CHORUS-SERVICE-REF'), false);
  await page.waitForFunction((sel) => !document.querySelector(sel).disabled, confirmButton);

  // One context call per distinct set of relational ids: none, the parent, the contact.
  const calls = await page.evaluate(() => harness.log.contextCalls.map((v) => v.partner_id));
  assert.deepEqual(calls, [false, 10, 11]);
  // The preview says it is one while the invoice is a draft.
  assert.equal(await page.getAttribute('.o_cg_preview', 'data-draft'), '1');
  await page.locator('button[name="toggle_xml"]').click();
  assert.match(await page.locator('.o_cg_xml').textContent(), /04AMIDEX/);

  // Confirm now goes through.
  await page.locator(confirmButton).click();
  await page.waitForFunction(() => harness.log.buttons.includes('action_post'));
  await page.waitForFunction(() => document.querySelector('.o_cg_preview').getAttribute('data-draft') === '0');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the engine failing to load: the form works, a discreet notice says so, nothing is blocked', async () => {
  // The engine is cached per page: a fresh page, with the .wasm answering 404.
  serving.failEngine = true;
  try {
    const page = await openForm('?partner=10', { expectEngine: false });
    await page.waitForSelector('.o_cg_host[data-engine="error"] .o_cg_unavailable');
    assert.equal(await page.locator('.o_cg_panel').count(), 0);
    assert.equal(await page.isEnabled(confirmButton), true, 'nothing blocked client-side');
    await page.locator('input.o_field_widget[name="ref"]').fill('ABC');
    await page.locator('input.o_field_widget[name="payment_reference"]').focus();
    await page.waitForFunction(() => harness.controller.model.get(harness.controller.handle).data.ref === 'ABC');
    await page.locator(confirmButton).click();
    await page.waitForFunction(() => harness.log.buttons.includes('action_post'));
    // The notice survives the re-render after the action.
    await page.waitForSelector('.o_cg_host[data-engine="error"] .o_cg_unavailable');
    assert.deepEqual(page.errors.filter((e) => !/404|Failed to load resource/.test(e)), []);
    await page.close();
  } finally {
    serving.failEngine = false;
  }
});

test('the engine loads when the server types .wasm as text/plain', async () => {
  serving.wasmType = 'text/plain';
  try {
    const page = await openForm('?partner=10');
    await page.waitForSelector(diag('CHORUS-CONTACT'));
    await page.close();
  } finally {
    serving.wasmType = 'application/wasm';
  }
});

test('Send to Chorus: refused when the server XML differs, nothing sent', async () => {
  const page = await openForm('?state=posted&partner=11&ref=04AMIDEX&mismatch=1');
  await page.waitForSelector('.o_cg_preview[data-draft="0"]');
  assert.equal(await page.isEnabled(sendButton), true);
  await page.locator(sendButton).click();
  await page.waitForSelector('.o_cg_notice[data-notice="send-refused"]');
  assert.match(await page.locator('.o_cg_notice').textContent(), /diffère de celui du serveur/);
  const log = await page.evaluate(() => harness.log);
  assert.equal(log.checks.length, 1);
  assert.match(log.checks[0].xml, /<rsm:CrossIndustryInvoice/);
  assert.match(log.checks[0].xml, /04AMIDEX/);
  assert.deepEqual(log.buttons, [], 'the send action never ran');
  await page.waitForFunction((sel) => !document.querySelector(sel).disabled, sendButton);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Send to Chorus: the server accepts the same XML, the action runs; a later edit shows CHORUS-STALE once', async () => {
  const page = await openForm('?state=posted&partner=11&ref=04AMIDEX');
  await page.waitForSelector('.o_cg_preview[data-draft="0"]');
  await page.locator(sendButton).click();
  await page.waitForFunction(() => harness.log.buttons.includes('517'));
  const xml = await page.evaluate(() => harness.log.checks[0].xml);
  await page.locator('button[name="toggle_xml"]').click();
  assert.equal(xml, await page.locator('.o_cg_xml').textContent());
  assert.equal(await ruleShown(page, 'CHORUS-STALE'), false);
  // Posted, then the payment reference edited without « Remettre en brouillon »: the file
  // Chorus has is stale. The engine says so once (CHORUS-STALE), with the step that works:
  // no flow linked here, so « Envoyer à Chorus ».
  await page.locator('.o_form_button_edit').click();
  await page.locator('input.o_field_widget[name="payment_reference"]').fill('VIR-2026-43');
  await page.waitForSelector(diag('CHORUS-STALE'));
  assert.equal(await page.locator('.o_cg_panel [data-rule="CHORUS-STALE"]').count(), 1);
  assert.equal(await page.locator('.o_cg_notice:not([hidden])').count(), 0, 'no second notice');
  assert.equal(
    await page.getAttribute(`${diag('CHORUS-STALE')} button[data-fix="button"]`, 'data-fix-name'),
    'chorus_send',
  );
  assert.match(await page.locator(diag('CHORUS-STALE')).innerText(), /Envoyer à Chorus/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a glue failure while checking leaves the form working, with the notice, and nothing blocked', async () => {
  const page = await openForm('?partner=10');
  await page.waitForSelector(diag('CHORUS-CONTACT'));
  assert.ok(await page.isDisabled(confirmButton));
  // The UI layer breaks (a host page clash, a bug): the checks step aside.
  await page.evaluate(() => {
    harness.controller._cg.ui.render = () => {
      throw new Error('boom');
    };
  });
  await page.locator('input.o_field_widget[name="ref"]').pressSequentially('X');
  await page.waitForSelector('.o_cg_host[data-engine="error"] .o_cg_unavailable');
  assert.equal(await page.isEnabled(confirmButton), true);
  await page.locator(confirmButton).click();
  await page.waitForFunction(() => harness.log.buttons.includes('action_post'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a bundle holding an older engine glue than the .wasm (Odoo not restarted after an update): the glue of the same build is loaded', async () => {
  // The bundle's glue is replaced by one whose instance cannot start with this .wasm.
  const assets = minifiedAssets();
  assert.match(assets[0].url, /chorus_guard\.js$/);
  assets[0].code =
    'var chorus_guard_wasm_factory=function(){return{initSync:function(){throw new TypeError("import requires a callable")}}}';
  const stale = await startAssetServer({}, assets.map((a) => a.code).join(';\n'));
  try {
    const page = await browser.newPage();
    await page.goto(`${stale.origin}/tests/browser/pages/odoo_harness.html?partner=10`);
    await page.waitForSelector('.o_cg_host[data-engine="ready"] ' + diag('CHORUS-CONTACT'));
    const version = JSON.parse(fs.readFileSync(path.join(addonRoot, 'static/lib/chorus_guard/version.json'), 'utf8'));
    const glueLoaded = await page.evaluate(() =>
      [...document.querySelectorAll('script[src]')].map((s) => new URL(s.src).pathname + new URL(s.src).search),
    );
    assert.ok(glueLoaded.includes(`/${addonName}/static/lib/chorus_guard/${version.glue}`));
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await stale.close();
  }
});

test('Send to Chorus on an edited invoice: saved first, and the XML sent is the saved one', async () => {
  const page = await openForm('?state=posted&partner=11&ref=04AMIDEX');
  await page.locator('.o_form_button_edit').click();
  await page.locator('input.o_field_widget[name="payment_reference"]').fill('VIR-2026-42');
  await page.locator(sendButton).click();
  await page.waitForFunction(() => harness.log.buttons.includes('517'));
  const log = await page.evaluate(() => harness.log);
  assert.deepEqual(log.writes[0], { payment_reference: 'VIR-2026-42' });
  assert.equal(log.checks.length, 1);
  assert.match(log.checks[0].xml, /VIR-2026-42/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('every _t() string of the glue has its French translation in i18n/fr.po', () => {
  const js = fs.readFileSync(path.join(addonRoot, 'static/src/js/chorus_guard_form.js'), 'utf8');
  const ids = [...js.matchAll(/_t\(\s*"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
  assert.ok(ids.length >= 10);
  // What Odoo's web client loads: the entries marked `#. openerp-web` with a French msgstr.
  const web = webTranslations();
  for (const id of ids) {
    assert.ok(web[id], `no French msgstr marked #. openerp-web for ${JSON.stringify(id)}`);
  }
});

test("the panel's labels go through _t in the user's language, and fr.po has each of them", () => {
  const ui = fs.readFileSync(path.join(addonRoot, 'static/src/js/ui.js'), 'utf8');
  const body = /var TEXT = (\{[\s\S]*?\n {4}\});/.exec(ui);
  assert.ok(body, 'TEXT table found');
  const TEXT = Function(`return (${body[1]});`)();
  const labels = [];
  const walk = (o) => {
    for (const [key, e] of Object.entries(o)) {
      if (e && typeof e.en === 'string' && typeof e.fr === 'string') {
        if (key !== 'toggle') labels.push(e);
      } else if (e && typeof e === 'object' && !('en' in e)) {
        walk(e);
      }
    }
  };
  walk(TEXT);
  assert.ok(labels.length >= 15);
  const web = webTranslations();
  for (const { en, fr } of labels) {
    assert.equal(web[en], fr, `${JSON.stringify(en)}: fr.po (marked #. openerp-web) against ui.js`);
  }
});

test("a label the host translates is shown as translated in the user's language, the layer's own in the other", async () => {
  const page = await browser.newPage();
  await page.goto(`${origin}/tests/browser/pages/blank.html`);
  await page.addScriptTag({ url: `/${addonName}/static/src/js/ui.js` });
  const shown = await page.evaluate(() => {
    const panel = document.createElement('div');
    document.body.appendChild(panel);
    const ui = window.ChorusGuardUI.create({
      panel,
      lang: 'en',
      translateLang: 'en',
      translate: (text) => (text === 'Blocking' ? 'Blockierend' : text),
    });
    ui.render([{ rule: 'R', severity: 'block', message_fr: 'fr', message_en: 'en' }]);
    const own = panel.querySelector('.o_cg_badge').textContent;
    ui.setLang('fr');
    return [own, panel.querySelector('.o_cg_badge').textContent];
  });
  assert.deepEqual(shown, ['Blockierend', 'Bloquant']);
  await page.close();
});

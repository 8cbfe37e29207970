// The stand-alone demo (www/) and the shared UI layer, in Debian's chromium.
//
// 1. The UI layer alone, in a harness page that is not the demo (tests/browser/pages/ui.html):
//    diagnostics beside the fields and in the panel, updated in place, fixes, language.
// 2. The accountant's session of the guide, typed through the demo on the real engine:
//    parent chosen -> CHORUS-CONTACT and Confirm disabled; the comma contact in one click ->
//    ref = 04AMIDEX; ref cleared key by key -> the warning is back before blur; Confirm;
//    edit after Confirm -> stale notice; Send -> simulated Chorus Pro -> INTEGRE.
// 3. The XML and the PDF downloaded from the demo pass the Factur-X XSD + schematron.
//
// Run: node --test tests/browser/demo.test.mjs (needs `npm run build` for the engine).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, repoRoot } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { openDemo, closeDemo, pickCustomer } from './lib/demo.mjs';

const ENGINE_DIR = path.join(repoRoot, 'odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard');

let server;
let browser;

before(async () => {
  server = await startServer({ root: repoRoot });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const CONTACT = 'Aix Marseille Université, AIX MARSEILLE UNIVERSITE';
const PARENT = 'Aix Marseille Université';

describe('UI layer (harness page, not the demo)', () => {
  let page;
  before(async () => {
    page = await browser.newPage();
    await page.goto(server.url('/tests/browser/pages/ui.html'));
  });
  after(async () => {
    assert.deepEqual(page.errors, []);
    await page.close();
  });

  const contact = {
    rule: 'CHORUS-CONTACT',
    severity: 'block',
    field: 'partner_id',
    bt: 'BT-44',
    message_fr: 'Choisissez le contact',
    message_en: 'Choose the contact',
    fix: {
      action: 'pick_partner',
      field: 'partner_id',
      choices: [{ id: 11, display_name: CONTACT, service_code: '04AMIDEX' }],
    },
  };
  const refEmpty = {
    rule: 'CHORUS-SERVICE-REF',
    severity: 'block',
    field: 'ref',
    bt: 'BT-10',
    message_fr: 'Référence client vide',
    message_en: 'Customer reference empty',
    fix: { action: 'set', field: 'ref', value: '04AMIDEX' },
  };
  const lines = {
    rule: 'BR-16',
    severity: 'warn',
    field: 'invoice_line_ids',
    message_fr: 'Au moins une ligne',
    message_en: 'At least one line',
  };

  test('each diagnostic shows after its field and in the panel, with data-rule and data-severity', async () => {
    const blocking = await page.evaluate((ds) => window.guard.render(ds), [contact, refEmpty, lines]);
    assert.equal(blocking, true);
    // Beside the field: the element right after the host's widget.
    const beside = await page.evaluate(() => {
      const box = document.querySelector('[data-host="ref"]').nextElementSibling;
      return [...box.querySelectorAll('[data-rule]')].map((n) => [n.dataset.rule, n.dataset.severity]);
    });
    assert.deepEqual(beside, [['CHORUS-SERVICE-REF', 'block']]);
    const panel = await page.$$eval('.o_cg_panel [data-rule]', (ns) => ns.map((n) => n.dataset.rule));
    assert.deepEqual(panel, ['CHORUS-CONTACT', 'CHORUS-SERVICE-REF', 'BR-16']);
    // A field the host does not show (the lookup returns null): panel only.
    assert.equal(await page.locator('#host [data-rule="BR-16"]').count(), 0);
    assert.match(await page.locator('.o_cg_panel [data-rule="CHORUS-CONTACT"]').innerText(), /Choisissez le contact/);
  });

  test('a second render updates the same nodes in place and removes what is gone', async () => {
    await page.evaluate(() => {
      window.keep = document.querySelector('.o_cg_panel [data-rule="CHORUS-CONTACT"]');
    });
    await page.evaluate((ds) => window.guard.render(ds), [contact]);
    const same = await page.evaluate(
      () => window.keep === document.querySelector('.o_cg_panel [data-rule="CHORUS-CONTACT"]'),
    );
    assert.equal(same, true, 'the CHORUS-CONTACT node was rebuilt instead of kept');
    assert.equal(await page.locator('[data-rule="CHORUS-SERVICE-REF"]').count(), 0);
    assert.equal(await page.locator('[data-field="ref"].o_cg_field_msgs').isHidden(), true);
    const blocking = await page.evaluate(() => window.guard.render([]));
    assert.equal(blocking, false);
    assert.match(await page.locator('.o_cg_panel').innerText(), /Aucun problème détecté/);
  });

  test('when the host re-renders a widget, the messages follow the new one', async () => {
    await page.evaluate((ds) => window.guard.render(ds), [refEmpty]);
    // Odoo re-renders a field by replacing its whole container: our box goes with it.
    await page.evaluate(() => {
      const field = document.querySelector('[data-host="ref"]').parentNode;
      field.innerHTML = '<label>Référence client</label><input data-host="ref" id="ref">';
    });
    assert.equal(await page.locator('.o_cg_field_msgs[data-field="ref"]').count(), 0);
    await page.evaluate((ds) => window.guard.render(ds), [refEmpty]);
    const after = await page.evaluate(() => {
      const box = document.querySelector('[data-host="ref"]').nextElementSibling;
      return box && box.querySelector('[data-rule]')?.dataset.rule;
    });
    assert.equal(after, 'CHORUS-SERVICE-REF');
    assert.equal(await page.locator('.o_cg_field_msgs[data-field="ref"]').count(), 1);
  });

  test('fix buttons call back into the host with the choice or the value', async () => {
    await page.evaluate((ds) => window.guard.render(ds), [contact, refEmpty]);
    await page.locator('#host [data-rule="CHORUS-CONTACT"] button[data-fix="pick_partner"]').click();
    await page.locator('.o_cg_panel [data-rule="CHORUS-SERVICE-REF"] button[data-fix="set"]').click();
    const fixes = await page.evaluate(() => window.fixes);
    assert.deepEqual(fixes, [
      {
        fix: { action: 'pick_partner', field: 'partner_id', choice: contact.fix.choices[0] },
        rule: 'CHORUS-CONTACT',
      },
      { fix: { action: 'set', field: 'ref', value: '04AMIDEX' }, rule: 'CHORUS-SERVICE-REF' },
    ]);
    assert.match(
      await page.locator('#host [data-rule="CHORUS-CONTACT"] button').innerText(),
      /Choisir « Aix Marseille Université, AIX MARSEILLE UNIVERSITE » \[04AMIDEX\]/,
    );
  });

  test('French first, English on the toggle, and back', async () => {
    const msg = page.locator('.o_cg_panel [data-rule="CHORUS-SERVICE-REF"] .o_cg_msg');
    assert.equal(await msg.innerText(), 'Référence client vide');
    await page.locator('button[name="chorus_guard_lang"]').click();
    assert.equal(await msg.innerText(), 'Customer reference empty');
    assert.match(await page.locator('#host [data-rule="CHORUS-SERVICE-REF"] button').innerText(), /Set to/);
    await page.locator('button[name="chorus_guard_lang"]').click();
    assert.equal(await msg.innerText(), 'Référence client vide');
  });

  test('the preview says « aperçu » while draft, not once posted; download buttons call the host', async () => {
    await page.evaluate(() => window.guard.showPreview('<rsm:CrossIndustryInvoice/>', { draft: true }));
    assert.equal(await page.locator('.o_cg_draft_badge').isVisible(), true);
    assert.match(await page.locator('.o_cg_draft_badge').textContent(), /^aperçu$/);
    // Collapsed by default: a keystroke never lays the XML text out.
    assert.equal(await page.locator('.o_cg_xml').isVisible(), false);
    assert.equal(await page.locator('.o_cg_xml').textContent(), '');
    const toggle = page.locator('button[name="toggle_xml"]');
    assert.equal(await toggle.innerText(), 'Voir le XML');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await toggle.innerText(), 'Masquer le XML');
    assert.equal(await page.locator('.o_cg_xml').isVisible(), true);
    assert.equal(await page.locator('.o_cg_xml').textContent(), '<rsm:CrossIndustryInvoice/>');
    await page.evaluate(() => window.guard.showPreview('<x/>', { draft: false }));
    assert.equal(await page.locator('.o_cg_draft_badge').isVisible(), false);
    // Open, the latest XML shows within a frame.
    await page.waitForFunction(() => document.querySelector('.o_cg_xml').textContent === '<x/>');
    await page.locator('button[name="download_xml"]').click();
    await page.locator('button[name="download_pdf"]').click();
    assert.deepEqual(await page.evaluate(() => window.downloads), ['xml', 'pdf']);
    await page.evaluate(() => window.guard.showPreview(null, { draft: true, error: 'client manquant' }));
    assert.equal(await page.locator('button[name="download_xml"]').isDisabled(), true);
    assert.match(await page.locator('.o_cg_preview_error').innerText(), /client manquant/);
    assert.equal(await page.locator('.o_cg_xml').isVisible(), false);
  });

  test('open, the XML is written once per frame, whatever the number of keystrokes in it; collapsed, never', async () => {
    const writes = async (open) =>
      page.evaluate(async (open) => {
        window.guard.setPreviewOpen(open);
        const pre = document.querySelector('.o_cg_xml');
        let count = 0;
        const seen = new MutationObserver((records) => {
          count += records.filter((r) => r.type === 'childList' || r.type === 'characterData').length;
        });
        seen.observe(pre, { childList: true, characterData: true, subtree: true });
        // Five keystrokes in one task: five new files.
        for (let i = 1; i <= 5; i++) {
          window.guard.showPreview('<rsm:CrossIndustryInvoice n="' + i + '"/>', { draft: true });
        }
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        seen.takeRecords();
        seen.disconnect();
        return { count, text: pre.textContent, hidden: pre.hidden };
      }, open);
    assert.deepEqual(await writes(true), { count: 1, text: '<rsm:CrossIndustryInvoice n="5"/>', hidden: false });
    // Collapsing drops the text at once; later keystrokes write nothing.
    const closed = await writes(false);
    assert.deepEqual(closed, { count: 0, text: '', hidden: true });
    // Reopened: the latest file, not the one shown before.
    await page.locator('button[name="toggle_xml"]').click();
    assert.equal(await page.locator('.o_cg_xml').textContent(), '<rsm:CrossIndustryInvoice n="5"/>');
  });
});

// ------------------------------------------------------------------- the demo

// The project's one oracle, tests/conformance/validate.py (XSD + schematron, the same
// failing flags as every suite), run by the project's .venv (tests/tools/setup.sh).
const PYTHON = path.join(repoRoot, '.venv/bin/python');
const VALIDATE_PY = String.raw`
import json, sys, tempfile, pathlib
sys.path.insert(0, sys.argv[1])
from conformance.validate import check
kind, path = sys.argv[2], sys.argv[3]
data = pathlib.Path(path).read_bytes()
if kind == "pdf":
    from facturx import get_facturx_xml_from_pdf
    name, data = get_facturx_xml_from_pdf(data, check_xsd=False)
    if not data:
        print(json.dumps({"ok": False, "explain": "no factur-x.xml in the PDF"})); sys.exit(0)
with tempfile.TemporaryDirectory() as d:
    r = check(data, d)
    print(json.dumps({"ok": r.ok, "explain": r.explain(), "fired": r.fired_rules}))
`;

function conformance(kind, file) {
  assert.ok(fs.existsSync(PYTHON), `${PYTHON} missing: run \`bash tests/tools/setup.sh\` (npm test does)`);
  const res = spawnSync(PYTHON, ['-c', VALIDATE_PY, path.join(repoRoot, 'tests'), kind, file], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.equal(res.status, 0, `validator failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

describe('the demo: the accountant’s session of the guide', () => {
  let page;
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-demo-'));
  // Every .wasm the page fetched, by file name: the PDF module only comes with a PDF.
  const wasmFetched = [];

  before(async () => {
    assert.ok(
      fs.existsSync(path.join(ENGINE_DIR, 'version.json')),
      `the engine is not built (${ENGINE_DIR}/version.json missing): run \`npm run build\``,
    );
    page = await openDemo(browser, server, (p) =>
      p.on('request', (r) => {
        const name = new URL(r.url()).pathname.split('/').pop();
        if (name.endsWith('.wasm')) wasmFetched.push(name);
      }),
    );
    assert.deepEqual(wasmFetched, ['chorus_guard_bg.wasm']);
  });

  after(async () => {
    await closeDemo(page);
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  const panelRule = (rule) => page.locator(`.o_cg_panel [data-rule="${rule}"]`);
  const besideRule = (field, rule) => page.locator(`.o_cg_field_msgs[data-field="${field}"] [data-rule="${rule}"]`);
  const confirmButton = () => page.locator('button[name="action_post"]');
  const sendButton = () => page.locator('button[name="chorus_send"]');

  const pick = (text, exact) => pickCustomer(page, text, exact);

  test('looks like the Odoo 14 customer invoice form', async () => {
    assert.match(await page.locator('.breadcrumb').innerText(), /Factures clients[\s/]+Brouillon/);
    for (const name of ['partner_id', 'invoice_date', 'invoice_date_due', 'transmit_method_id', 'ref', 'invoice_line_ids']) {
      assert.equal(await page.locator(`#invoice_form [name="${name}"]`).count(), 1, name);
    }
    for (const name of ['action_post', 'button_draft', 'chorus_send', 'update_flow_status']) {
      assert.equal(await page.locator(`button[name="${name}"]`).count(), 1, name);
    }
    assert.match(await page.locator('.o_cg_chorus_sim header').innerText(), /Simulation de Chorus Pro/);
    // Totals are the engine's: 2 600,00 + 20 % = 3 120,00.
    assert.match(await page.locator('[name="amount_untaxed"]').innerText(), /^2\s?600,00\s€$/);
    assert.match(await page.locator('[name="amount_total"]').innerText(), /^3\s?120,00\s€$/);
  });

  test('the parent company: CHORUS-CONTACT beside the customer, Confirm disabled', async () => {
    await pick('Aix Mar', PARENT);
    await besideRule('partner_id', 'CHORUS-CONTACT').waitFor();
    assert.equal(await besideRule('partner_id', 'CHORUS-CONTACT').getAttribute('data-severity'), 'block');
    assert.equal(await panelRule('CHORUS-CONTACT').count(), 1);
    assert.equal(await confirmButton().isDisabled(), true);
  });

  test('the comma contact, in one click from the diagnostic, fills the empty ref with 04AMIDEX', async () => {
    await besideRule('partner_id', 'CHORUS-CONTACT').locator('button[data-fix="pick_partner"]').first().click();
    assert.equal(await page.locator('[name="partner_id"] input').inputValue(), CONTACT);
    assert.equal(await page.locator('input[name="ref"]').inputValue(), '04AMIDEX');
    assert.equal(await page.locator('[data-rule="CHORUS-CONTACT"]').count(), 0);
    assert.equal(await confirmButton().isEnabled(), true);
  });

  test('ref cleared key by key: the warning is back at each keystroke, before blur, within a frame', async () => {
    await page.locator('.o_notebook [data-tab="other"]').click();
    const ref = page.locator('input[name="ref"]');
    await ref.click();
    await ref.press('End');
    // One key, then look in the same turn of the event loop the key's `input` ran in,
    // and again in the next animation frame: no debounce may hide the warning.
    const seen = await page.evaluate(() => {
      const input = document.querySelector('input[name="ref"]');
      input.value = input.value.slice(0, -1);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const now = !!document.querySelector('.o_cg_field_msgs[data-field="ref"] [data-rule="CHORUS-SERVICE-REF"]');
      return new Promise((resolve) =>
        requestAnimationFrame(() =>
          resolve({
            now,
            frame: !!document.querySelector('.o_cg_field_msgs[data-field="ref"] [data-rule="CHORUS-SERVICE-REF"]'),
          }),
        ),
      );
    });
    assert.deepEqual(seen, { now: true, frame: true });
    // The rest with the keyboard, as a person would.
    for (let i = 0; i < 7; i++) await page.keyboard.press('Backspace');
    assert.equal(await ref.inputValue(), '');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('name')), 'ref', 'ref lost focus');
    const d = besideRule('ref', 'CHORUS-SERVICE-REF');
    assert.equal(await d.count(), 1);
    assert.equal(await d.getAttribute('data-severity'), 'block');
    // Still in the field: « à compléter », not a red error yet; Confirm would reveal it.
    assert.equal(await d.getAttribute('data-shown'), 'todo');
    // Leaving the field makes it what it is: a block, Confirm disabled.
    await page.locator('#invoice_date_input').focus();
    assert.equal(await d.getAttribute('data-shown'), 'block');
    assert.equal(await confirmButton().isDisabled(), true);
    // Seen from the other tab too: « Autres informations » is marked.
    assert.match(await page.locator('.o_notebook [data-tab="other"]').getAttribute('class'), /o_cg_tab_block/);
    // Typed back, key by key: the block goes as soon as the code is whole.
    await ref.click();
    await page.keyboard.type('04AMIDEX');
    assert.equal(await besideRule('ref', 'CHORUS-SERVICE-REF').count(), 0);
    assert.equal(await confirmButton().isEnabled(), true);
  });

  test('Confirm: posted, numbered, the preview is no longer « aperçu »', async () => {
    await confirmButton().click();
    await page.locator('#invoice_form[data-state="posted"]').waitFor();
    assert.match(await page.locator('.oe_title [name="name"]').innerText(), /^INV\/2026\/04\/\d{4}$/);
    assert.equal(await page.locator('.o_cg_draft_badge').isVisible(), false);
    await page.locator('button[name="toggle_xml"]').click();
    assert.match(await page.locator('.o_cg_xml').textContent(), /INV\/2026\/04\/\d{4}/);
    assert.equal(await page.locator('[data-notice="stale"]').count(), 0);
    assert.equal(await sendButton().isEnabled(), true);
  });

  test('downloaded XML and Factur-X PDF pass the XSD and the schematron', async () => {
    const [xmlDl] = await Promise.all([page.waitForEvent('download'), page.locator('button[name="download_xml"]').click()]);
    assert.equal(xmlDl.suggestedFilename(), 'factur-x.xml');
    const xmlFile = path.join(downloads, 'factur-x.xml');
    await xmlDl.saveAs(xmlFile);
    assert.deepEqual(wasmFetched, ['chorus_guard_bg.wasm'], 'the PDF module came before a PDF was asked for');
    const [pdfDl] = await Promise.all([page.waitForEvent('download'), page.locator('button[name="download_pdf"]').click()]);
    assert.deepEqual(wasmFetched, ['chorus_guard_bg.wasm', 'chorus_guard_pdf_bg.wasm']);
    assert.match(pdfDl.suggestedFilename(), /\.pdf$/);
    const pdfFile = path.join(downloads, 'factur-x.pdf');
    await pdfDl.saveAs(pdfFile);
    assert.equal(fs.readFileSync(pdfFile).subarray(0, 5).toString(), '%PDF-');

    const xml = conformance('xml', xmlFile);
    assert.ok(xml.ok, xml.explain);
    assert.ok(xml.fired > 0, 'the schematron fired no rule');
    const pdf = conformance('pdf', pdfFile);
    assert.ok(pdf.ok, pdf.explain);
  });

  test('an edit after Confirm, before any send: no stale notice (the file goes at Send, from the screen)', async () => {
    const ref = page.locator('input[name="ref"]');
    await ref.click();
    await ref.press('End');
    await page.keyboard.type('X');
    assert.equal(await page.locator('[data-notice="stale"]').count(), 0);
    assert.equal(await besideRule('ref', 'CHORUS-STALE').count(), 0);
    await page.keyboard.press('Backspace');
  });

  test('Send to Chorus: the simulated portal takes the current file, then INTEGRE', async () => {
    await sendButton().click();
    const status = page.locator('#chorus_flow_status');
    assert.equal(await status.innerText(), 'IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP');
    await page.locator('button[name="update_flow_status"]').click();
    assert.equal(await status.innerText(), 'INTEGRE');
    assert.match(await page.locator('#chorus_flow_path').innerText(), /\(04AMIDEX\) \/ CPP\d+ \(INTEGRE\)$/);
    assert.equal(await page.locator('button[name="update_flow_status"]').isHidden(), true);
  });

  test('after the send: an edit makes the file at Chorus stale; Send sends the current file', async () => {
    // A different service code in ref is refused: Chorus Pro would reject an unknown code,
    // and the file keeps the contact's code meanwhile.
    const ref = page.locator('input[name="ref"]');
    await ref.click();
    await ref.press('End');
    await page.keyboard.type('Z');
    assert.equal(await besideRule('ref', 'CHORUS-SERVICE-REF').getAttribute('data-severity'), 'block');
    assert.equal(await sendButton().isDisabled(), true);
    assert.equal(await page.locator('[data-notice="stale"]').count(), 0);
    await page.keyboard.press('Backspace');
    // Another edit can go (the payment mode stays editable once posted, as in Odoo 14).
    const mode = page.locator('select[name="payment_mode_id"]');
    await mode.selectOption({ label: 'Chèque' });
    const notice = page.locator('.o_cg_panel [data-notice="stale"]');
    // The engine's CHORUS-STALE, in its words: the demo decides nothing itself.
    const diagnostic = page.locator('.o_cg_diag[data-rule="CHORUS-STALE"]');
    assert.ok((await diagnostic.count()) >= 1, 'the engine says CHORUS-STALE');
    const stale = (await notice.innerText()).trim();
    assert.ok((await diagnostic.first().innerText()).includes(stale), stale);
    assert.match(stale, /modifiée depuis le dernier envoi/);
    // No Chorus flow is linked in the demo's form: the step is « Envoyer à Chorus ».
    assert.match(stale, /Envoyer à Chorus/);
    assert.equal(await page.locator('#stale_alert[data-notice="stale"]').isVisible(), true);
    // Back to what was sent: nothing to say.
    await mode.selectOption({ label: 'Virement bancaire' });
    assert.equal(await page.locator('[data-notice="stale"]').count(), 0);
    // Changed again and sent: what goes is what is on screen.
    await mode.selectOption({ label: 'Chèque' });
    await sendButton().click();
    // BT-10 as read back from the file sent, by the PDF module (read).
    await page.locator('#chorus_flow:not([data-reading])').waitFor();
    assert.equal(await page.locator('#chorus_flow_bt10').innerText(), '04AMIDEX');
    assert.equal(await page.locator('#chorus_flow_status').innerText(), 'IN_DEPOT_PORTAIL_EN_ATTENTE_TRAITEMENT_SE_CPP');
    assert.equal(await page.locator('[data-notice="stale"]').count(), 0);
  });

  test('what the engine blocks, the simulated Chorus Pro rejects, in its words, with the guide’s steps', async () => {
    const ref = page.locator('input[name="ref"]');
    await ref.click();
    await ref.press('ControlOrMeta+a');
    await page.keyboard.press('Backspace');
    assert.equal(await besideRule('ref', 'CHORUS-SERVICE-REF').getAttribute('data-severity'), 'block');
    assert.equal(await sendButton().isDisabled(), true);
    await page.locator('button[name="chorus_send_unguarded"]').click();
    assert.equal(await page.locator('#chorus_flow_status').innerText(), 'REJETE');
    assert.match(
      await page.locator('#chorus_rejection_text').innerText(),
      /Le code service doit être obligatoirement renseigné/,
    );
    // The guide's steps come from the PDF module (explain).
    await page.locator('#chorus_flow:not([data-reading])').waitFor();
    const steps = await page.locator('#chorus_rejection_steps li').allInnerTexts();
    assert.ok(steps.length > 0, 'no explain steps shown');
    assert.match(steps.join(' '), /brouillon/i);
  });
});

describe('the demo: a typed ref is kept, other customers, taxes, reset to draft, another PDF', () => {
  let page;
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-demo-'));

  before(async () => {
    page = await openDemo(browser, server);
  });

  after(async () => {
    await closeDemo(page);
    fs.rmSync(downloads, { recursive: true, force: true });
  });

  const pick = (text, exact) => pickCustomer(page, text, exact);
  const amount = (name) => page.locator(`[name="${name}"]`).innerText();

  test('a ref the user typed is never overwritten by the contact’s service code', async () => {
    await page.locator('.o_notebook [data-tab="other"]').click();
    await page.locator('input[name="ref"]').pressSequentially('BDC-2026-17');
    await pick('aix marseille universite,', CONTACT);
    assert.equal(await page.locator('input[name="ref"]').inputValue(), 'BDC-2026-17');
    const d = page.locator('.o_cg_field_msgs[data-field="ref"] [data-rule="CHORUS-SERVICE-REF"]');
    assert.equal(await d.getAttribute('data-severity'), 'block');
    // Its own fix puts the code in, on request only.
    await d.locator('button[data-fix="set"]').click();
    assert.equal(await page.locator('input[name="ref"]').inputValue(), '04AMIDEX');
  });

  test('a private customer sent by e-mail: no Chorus rule, no Send to Chorus', async () => {
    await pick('camille', 'Camille Martin');
    assert.equal(await page.locator('select[name="transmit_method_id"]').inputValue(), 'email');
    const rules = await page.$$eval('.o_cg_panel [data-rule]', (ns) => ns.map((n) => n.dataset.rule));
    // Not a Chorus invoice: the quiet note alone, nothing checked, nothing blocked.
    assert.deepEqual(rules, ['CHORUS-SCOPE']);
    await page.locator('button[name="action_post"]').click();
    assert.equal(await page.locator('#invoice_form').getAttribute('data-state'), 'posted');
    assert.equal(await page.locator('button[name="chorus_send"]').isHidden(), true);
    await page.locator('button[name="button_draft"]').click();
  });

  test('taxes and lines: the totals are the engine’s, rounded per EN 16931', async () => {
    await page.locator('.o_notebook [data-tab="lines"]').click();
    const row0 = page.locator('#lines_body tr').nth(0);
    await row0.locator('select[name="tax_ids"]').selectOption({ label: 'Exonéré TVA' });
    assert.match(await amount('amount_tax'), /^0,00\s€$/);
    assert.match(await amount('amount_total'), /^2\s?600,00\s€$/);
    await row0.locator('select[name="tax_ids"]').selectOption({ label: 'TVA 20 %' });
    await page.locator('[name="add_line"]').click();
    const row1 = page.locator('#lines_body tr').nth(1);
    await row1.locator('input[name="name"]').fill('Livres');
    await row1.locator('input[name="quantity"]').fill('3');
    await row1.locator('input[name="price_unit"]').fill('19,99');
    await row1.locator('select[name="tax_ids"]').selectOption({ label: 'TVA 5,5 %' });
    assert.match(await row1.locator('[name="price_subtotal"]').innerText(), /^59,97\s€$/);
    // 520,00 + 3,29835 -> 523,30 (per VAT rate, half away from zero).
    assert.match(await amount('amount_untaxed'), /^2\s?659,97\s€$/);
    assert.match(await amount('amount_tax'), /^523,30\s€$/);
    assert.match(await amount('amount_total'), /^3\s?183,27\s€$/);
    await row1.locator('button[name="delete_line"]').click();
    assert.equal(await page.locator('#lines_body tr').count(), 1);
    assert.match(await amount('amount_total'), /^3\s?120,00\s€$/);
  });

  test('English on the toggle: the same diagnostics, in English', async () => {
    await pick('Aix Mar', PARENT);
    const msg = page.locator('.o_cg_panel [data-rule="CHORUS-CONTACT"] .o_cg_msg');
    const fr = await msg.innerText();
    await page.locator('button[name="chorus_guard_lang"]').click();
    const en = await msg.innerText();
    assert.notEqual(en, fr);
    assert.match(en, /contact/i);
    await page.locator('button[name="chorus_guard_lang"]').click();
    assert.equal(await msg.innerText(), fr);
  });

  test('Confirm then Reset to draft: a draft again, its file a preview again', async () => {
    await page.locator('.o_cg_panel [data-rule="CHORUS-CONTACT"] button[data-fix="pick_partner"]').click();
    await page.locator('button[name="action_post"]').click();
    assert.equal(await page.locator('[name="partner_id"] input').getAttribute('readonly'), '');
    assert.equal(await page.locator('.o_cg_draft_badge').isVisible(), false);
    await page.locator('button[name="button_draft"]').click();
    assert.equal(await page.locator('#invoice_form').getAttribute('data-state'), 'draft');
    assert.equal(await page.locator('.o_cg_draft_badge').isVisible(), true);
    assert.equal(await page.locator('[name="partner_id"] input').getAttribute('readonly'), null);
    // The number stays, as in Odoo.
    assert.match(await page.locator('.oe_title [name="name"]').innerText(), /^INV\/2026\/04\/\d{4}$/);
  });

  test('a PDF the user drops in becomes the Factur-X PDF', async () => {
    const other = path.join(repoRoot, 'tests/fixtures/pdf/sample.pdf');
    const source = fs.existsSync(other) ? other : path.join(repoRoot, 'www/sample-invoice.pdf');
    await page.locator('input[name="pdf_upload"]').setInputFiles(source);
    await page.locator('#pdf_drop_text b', { hasText: path.basename(source) }).waitFor();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('button[name="download_pdf"]').click()]);
    const file = path.join(downloads, 'dropped.pdf');
    await dl.saveAs(file);
    const report = conformance('pdf', file);
    assert.ok(report.ok, report.explain);
  });
});

// End to end, against a real Odoo 14 server with the OCA Chorus modules and
// l10n_fr_chorus_guard installed: the accountants' guide typed into the real invoice form in
// Debian's Chromium.
//
//   ODOO_URL=http://127.0.0.1:8069 ODOO_DB=chorus ODOO_LOGIN=admin ODOO_PASSWORD=admin \
//     npm run test:odoo-e2e            (= node --test tests/e2e/)
//
// Without those four variables the test is skipped, saying which ones are missing: CI has no
// Odoo (Odoo is on no package registry), and `npm test` never runs this directory.
//
// The data it needs is created through JSON-RPC with its own names (« Chorus Guard E2E
// <timestamp> », a fresh SIRET, a service code of its own), so a namesake left in the
// database is never picked, and it is removed at the end whatever happened (the posted invoice
// with Odoo's force_delete: run it on a test database). It reuses an inbound payment mode whose
// bank journal has an account (IBAN) and whose payment method has a UNECE code.
//
// E2E_HEADFUL=1 shows the browser; on failure a screenshot is written to the temp directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../browser/lib/browser.mjs';

const REQUIRED = ['ODOO_URL', 'ODOO_DB', 'ODOO_LOGIN', 'ODOO_PASSWORD'];
const missing = REQUIRED.filter((name) => !process.env[name]);
const SKIP_MESSAGE =
  `Odoo end-to-end test skipped: set ${missing.join(', ')} ` +
  '(the server, its database, a user who may create partners and invoices) to run it against ' +
  'an Odoo 14 test server with the OCA Chorus modules and l10n_fr_chorus_guard installed';

const STEP_TIMEOUT = 60_000;

// ------------------------------------------------------------------ JSON-RPC

/** A JSON-RPC session of its own (cookie session_id), independent of the browser's. */
class OdooRpc {
  constructor(url, db) {
    this.url = url.replace(/\/+$/, '');
    this.db = db;
    this.cookie = '';
  }

  async post(route, params) {
    const response = await fetch(this.url + route, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(this.cookie ? { Cookie: this.cookie } : {}) },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: Date.now(), params }),
    });
    const setCookie = response.headers.get('set-cookie');
    const session = setCookie && /session_id=([^;]+)/.exec(setCookie);
    if (session) this.cookie = `session_id=${session[1]}`;
    if (!response.ok) throw new Error(`${route}: HTTP ${response.status}`);
    const body = await response.json();
    if (body.error) {
      const data = body.error.data || {};
      throw new Error(`${route}: ${data.message || body.error.message} (${data.name || 'error'})`);
    }
    return body.result;
  }

  async login(login, password) {
    const result = await this.post('/web/session/authenticate', { db: this.db, login, password });
    if (!result || !result.uid) throw new Error(`login ${login} refused by ${this.url} (db ${this.db})`);
    return result;
  }

  call(model, method, args = [], kwargs = {}) {
    return this.post('/web/dataset/call_kw', { model, method, args, kwargs });
  }
}

// ------------------------------------------------------------------ test data

/** The Luhn check digit that makes `digits + d` valid (SIREN and SIRET use Luhn). */
function luhnDigit(digits) {
  for (let d = 0; d < 10; d++) {
    const s = digits + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let n = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) {
        n *= 2;
        if (n > 9) n -= 9;
      }
      sum += n;
    }
    if (sum % 10 === 0) return String(d);
  }
  throw new Error('unreachable');
}

/** A SIREN/NIC pair nobody else has, valid for l10n_fr_siret (never La Poste's 356000000). */
function freshSiret(stamp) {
  const body = ('2' + String(stamp).slice(-7)).padStart(8, '0');
  const siren = body + luhnDigit(body);
  const nicBody = '0001';
  const nic = nicBody + luhnDigit(siren + nicBody);
  return { siren, nic };
}

async function findPaymentMode(rpc) {
  const modes = await rpc.call('account.payment.mode', 'search_read', [
    [
      ['payment_type', '=', 'inbound'],
      ['bank_account_link', '=', 'fixed'],
      ['fixed_journal_id.bank_account_id', '!=', false],
      ['payment_method_id.unece_id', '!=', false],
    ],
  ], { fields: ['name'], limit: 1, order: 'id' });
  if (!modes.length) {
    throw new Error(
      'no inbound payment mode with a fixed bank journal holding an IBAN and a payment method ' +
        'with a UNECE code: create one (Invoicing > Configuration > Payment Modes)',
    );
  }
  return modes[0];
}

/** The addon must be installed, or the form has nothing to show. */
async function checkAddon(rpc) {
  const [module] = await rpc.call('ir.module.module', 'search_read', [[['name', '=', 'l10n_fr_chorus_guard']]], {
    fields: ['state'],
  });
  if (!module || module.state !== 'installed') {
    throw new Error(`l10n_fr_chorus_guard is ${module ? module.state : 'unknown'} on this server: install it first`);
  }
}

/**
 * The public body (service required), its contact with a Chorus service code; each id goes
 * into `created` as soon as it exists, so a failure half-way still cleans up.
 */
async function createPartners(rpc, stamp, created) {
  const [chorus] = await rpc.call('transmit.method', 'search_read', [[['code', '=', 'fr-chorus']]], {
    fields: ['name'],
    limit: 1,
  });
  if (!chorus) throw new Error('transmit method fr-chorus missing: is l10n_fr_chorus_account installed?');
  const mode = await findPaymentMode(rpc);
  const [france] = await rpc.call('res.country', 'search_read', [[['code', '=', 'FR']]], { fields: ['id'], limit: 1 });
  const { siren, nic } = freshSiret(stamp);
  const name = `Chorus Guard E2E ${stamp}`;
  const parentId = await rpc.call('res.partner', 'create', [
    {
      name,
      is_company: true,
      siren,
      nic,
      street: '1 place de la Recette',
      zip: '69003',
      city: 'Lyon',
      country_id: france.id,
      fr_chorus_required: 'service',
      customer_invoice_transmit_method_id: chorus.id,
      customer_payment_mode_id: mode.id,
    },
  ]);
  created.partners.push(parentId);
  const code = `E2E${stamp.toString(36).toUpperCase()}`;
  const serviceId = await rpc.call('chorus.partner.service', 'create', [
    { partner_id: parentId, code, name: `Service E2E ${stamp}` },
  ]);
  created.services.push(serviceId);
  const contactName = `Service facturier ${stamp}`;
  const contactId = await rpc.call('res.partner', 'create', [
    {
      name: contactName,
      parent_id: parentId,
      type: 'invoice',
      fr_chorus_service_id: serviceId,
      customer_invoice_transmit_method_id: chorus.id,
      customer_payment_mode_id: mode.id,
    },
  ]);
  created.partners.push(contactId);
  const [contact] = await rpc.call('res.partner', 'read', [[contactId], ['display_name']]);
  return { parentId, name, contactId, contactDisplay: contact.display_name, code, mode };
}

/**
 * Removes what the test made: its invoices (reset to draft, then deleted; cancelled when
 * Odoo refuses), its partners (archived when still referenced) and service.
 */
async function cleanUp(rpc, created) {
  const problems = [];
  const partnerIds = created.partners;
  const moves = partnerIds.length
    ? await rpc.call('account.move', 'search_read', [[['partner_id', 'in', partnerIds]]], {
        fields: ['name', 'state'],
        context: { active_test: false },
      })
    : [];
  for (const move of moves) {
    try {
      if (move.state !== 'draft') await rpc.call('account.move', 'button_draft', [[move.id]]);
      // force_delete: Odoo refuses to delete an entry posted once, as its own tests do.
      await rpc.call('account.move', 'unlink', [[move.id]], { context: { force_delete: true } });
    } catch (error) {
      // An invoice that consumed a sequence number and is not the last one cannot be deleted.
      try {
        await rpc.call('account.move', 'button_cancel', [[move.id]]);
        problems.push(`invoice ${move.name} cancelled, not deleted: ${error.message}`);
      } catch (error2) {
        problems.push(`invoice ${move.name} left as is: ${error2.message}`);
      }
    }
  }
  for (const id of [...partnerIds].reverse()) {
    try {
      await rpc.call('res.partner', 'unlink', [[id]]);
    } catch (error) {
      await rpc.call('res.partner', 'write', [[id], { active: false }]).catch(() => {});
      problems.push(`partner ${id} archived, not deleted: ${error.message}`);
    }
  }
  for (const id of created.services) {
    await rpc.call('chorus.partner.service', 'unlink', [[id]]).catch(() => {});
  }
  return problems;
}

// ------------------------------------------------------------------ the form

const diag = (rule) => `.o_cg_panel [data-rule="${rule}"]`;
const confirmButton = '.o_statusbar_buttons button[name="action_post"]:visible';

async function logIn(page, url, db, login, password) {
  await page.goto(`${url}/web/login?db=${encodeURIComponent(db)}`);
  // A server with several databases may show the selector first: ?db= picks ours.
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([
    page.waitForURL(/\/web(\?|#|$)/, { timeout: STEP_TIMEOUT }),
    page.locator('form button[type="submit"]').first().click(),
  ]);
  await page.locator('.o_main_navbar').waitFor({ timeout: STEP_TIMEOUT });
}

/** Opens the notebook tab holding `selector` (whatever the user's language names it). */
async function openTabOf(page, selector) {
  const paneId = await page
    .locator(`.o_form_view .o_notebook .tab-pane:has(${selector})`)
    .first()
    .getAttribute('id');
  assert.ok(paneId, `no notebook tab holds ${selector}`);
  await page.locator(`.o_form_view .o_notebook .nav-link[href="#${paneId}"]`).click();
  await page.locator(`#${paneId}.active`).waitFor({ timeout: STEP_TIMEOUT });
}

/** Waits until the visible Confirm button is (or is no longer) disabled. */
async function confirmDisabled(page, disabled) {
  await page.waitForFunction(
    ([sel, want]) => {
      const button = [...document.querySelectorAll(sel)].find((b) => b.offsetParent !== null);
      return !!button && button.disabled === want;
    },
    ['.o_statusbar_buttons button[name="action_post"]', disabled],
  );
}

const TITLE = 'Odoo 14 invoice form: parent blocked, contact fix fills ref, live ref check, posted';

test(TITLE, { timeout: 600_000 }, (t) =>
  againstOdoo(t, async ({ rpc, url, db, login, password, stamp, created, open }) => {
    const data = await createPartners(rpc, stamp, created);
    t.diagnostic(
      `partner « ${data.name} », contact « ${data.contactDisplay} », service ${data.code}, ` +
        `payment mode « ${data.mode.name} »`,
    );
    const actionId = await rpc.call('ir.model.data', 'xmlid_to_res_id', ['account.action_move_out_invoice_type', true]);

    const page = await open();

    // Each step is a subtest; after a failure the next ones are skipped, not timed out.
    let failed = null;
    const step = (name, fn) =>
      t.test(name, async (st) => {
        if (failed) {
          st.skip(`after the failure of « ${failed} »`);
          return;
        }
        try {
          await fn();
        } catch (error) {
          failed = name;
          const shot = path.join(os.tmpdir(), `chorus-guard-e2e-${stamp}.png`);
          await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
          st.diagnostic(`screenshot: ${shot}; browser errors: ${JSON.stringify(page.errors)}`);
          throw error;
        }
      });

    await step('log in through /web/login', async () => {
      await logIn(page, url, db, login, password);
    });

    await step('a new customer invoice: the engine is loaded in the form', async () => {
      await page.goto(`${url}/web#action=${actionId}&model=account.move&view_type=form`);
      await page.locator('.o_form_view.o_form_editable').waitFor();
      await page.locator(".o_form_view .o_cg_host[data-engine='ready'] .o_cg_panel").waitFor();
      // Nothing typed yet: no red error on an empty form.
      assert.equal(await page.locator('.o_cg_panel .o_cg_diag[data-shown="block"]').count(), 0);
    });

    await step('the public body as Customer: CHORUS-CONTACT, Confirm disabled', async () => {
      const input = page.locator('.o_field_widget[name="partner_id"] input');
      await input.click();
      await input.pressSequentially(data.name, { delay: 15 });
      await page.locator('.ui-autocomplete .ui-menu-item a').getByText(data.name, { exact: true }).click();
      await page.locator(`${diag('CHORUS-CONTACT')}[data-severity="block"]`).waitFor();
      // next to the field too, not only in the panel
      await page.locator('[name="partner_id"] + .o_cg_field_msgs [data-rule="CHORUS-CONTACT"]').waitFor();
      await confirmDisabled(page, true);
    });

    await step('the contact fix: partner set, ref filled with the service code', async () => {
      const fix = `button[data-fix="pick_partner"][data-choice-id="${data.contactId}"]`;
      await page.locator(`${diag('CHORUS-CONTACT')} ${fix}`).click();
      await page.waitForFunction(
        (name) => document.querySelector('.o_field_widget[name="partner_id"] input')?.value === name,
        data.contactDisplay,
      );
      await openTabOf(page, '[name="ref"]:not(.o_invisible_modifier)');
      const ref = page.locator('input.o_field_widget[name="ref"]:not(.o_invisible_modifier)');
      await page.waitForFunction(
        ([sel, code]) => document.querySelector(sel)?.value === code,
        ['input.o_field_widget[name="ref"]:not(.o_invisible_modifier)', data.code],
      );
      assert.equal(await ref.inputValue(), data.code);
      assert.equal(await page.locator(diag('CHORUS-CONTACT')).count(), 0, 'CHORUS-CONTACT gone');
    });

    await step('ref cleared key by key: CHORUS-SERVICE-REF before the field is left', async () => {
      const refSel = 'input.o_field_widget[name="ref"]:not(.o_invisible_modifier)';
      const ref = page.locator(refSel);
      await ref.click();
      await page.keyboard.press('End');
      for (let i = 0; i < data.code.length; i++) await page.keyboard.press('Backspace');
      assert.equal(await ref.inputValue(), '');
      await page.locator(`${diag('CHORUS-SERVICE-REF')}[data-severity="block"]`).waitFor();
      assert.equal(
        await page.evaluate((sel) => document.activeElement === document.querySelector(sel), refSel),
        true,
        'the cursor is still in ref: the check ran on the keystrokes, not on the change',
      );
      await page.keyboard.type(data.code, { delay: 15 });
      await page.locator(diag('CHORUS-SERVICE-REF')).waitFor({ state: 'detached' });
      assert.equal(await ref.inputValue(), data.code);
    });

    await step('a typo in the service code blocks Confirm; its fix puts the code back', async () => {
      const refSel = 'input.o_field_widget[name="ref"]:not(.o_invisible_modifier)';
      const typo = data.code.slice(0, -1) + (data.code.endsWith('Y') ? 'Z' : 'Y');
      await page.locator(refSel).fill(typo);
      await page.locator(`${diag('CHORUS-SERVICE-REF')}[data-shown="block"]`).waitFor();
      await confirmDisabled(page, true);
      await page.locator(`${diag('CHORUS-SERVICE-REF')} button[data-fix="set"]`).click();
      await page.waitForFunction(([sel, code]) => document.querySelector(sel)?.value === code, [refSel, data.code]);
      await page.locator(diag('CHORUS-SERVICE-REF')).waitFor({ state: 'detached' });
    });

    await step('a line, then Confirm: posted, and the preview is no longer « aperçu »', async () => {
      await addLine(page, 'Prestation de formation (E2E)', '1250');
      await page.locator('.o_cg_panel[data-blocking="0"]').waitFor();
      await confirmDisabled(page, false);
      assert.equal(await page.locator('.o_cg_preview').getAttribute('data-draft'), '1', 'a draft: preview only');
      assert.equal(await page.locator('.o_cg_draft_badge').isVisible(), true);

      await page.locator(confirmButton).click();
      await page.locator('.o_statusbar_buttons button[name="button_draft"]:visible').waitFor();
      await page.locator('.o_cg_preview[data-draft="0"]').waitFor();
      assert.equal(await page.locator('.o_cg_draft_badge').isVisible(), false, 'no « aperçu » badge once posted');
      assert.equal(await page.locator('.o_cg_draft_hint').isVisible(), false);
      // The XML preview is collapsed by default (it stays off the keystroke path): open it.
      const toggle = page.locator('.o_cg_preview button[name="toggle_xml"]');
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      await page.locator('.o_cg_preview .o_cg_xml', { hasText: '<rsm:CrossIndustryInvoice' }).waitFor();
      const xml = await page.locator('.o_cg_preview .o_cg_xml').textContent();
      assert.match(xml, /<rsm:CrossIndustryInvoice/);
      assert.ok(xml.includes(data.code), 'the service code is in the file');

      const moves = await rpc.call('account.move', 'search_read', [[['partner_id', '=', data.contactId]]], {
        fields: ['state', 'ref', 'name', 'transmit_method_code'],
      });
      assert.equal(moves.length, 1);
      const [move] = moves;
      assert.equal(move.state, 'posted');
      assert.equal(move.ref, data.code);
      assert.equal(move.transmit_method_code, 'fr-chorus');
      assert.ok(xml.includes(`<ram:ID>${move.name}</ram:ID>`), `the preview carries the number ${move.name}`);
      t.diagnostic(`posted ${move.name}`);
    });

    await step('the posted form keeps its layout: the totals and « Montant dû » are not covered', async () => {
      await openTabOf(page, '.o_field_widget[name="invoice_line_ids"]');
      const due = page.locator('.oe_subtotal_footer [name="amount_residual"]').first();
      await due.scrollIntoViewIfNeeded();
      assert.equal(await due.isVisible(), true, '« Montant dû » visible');
      const layout = await page.evaluate(() => {
        const rect = (el) => el && el.getBoundingClientRect();
        const totals = rect(document.querySelector('.o_form_view .oe_subtotal_footer'));
        const dueEl = document.querySelector('.o_form_view .oe_subtotal_footer [name="amount_residual"]');
        const dueBox = rect(dueEl);
        const over = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const hit = document.elementFromPoint((dueBox.left + dueBox.right) / 2, (dueBox.top + dueBox.bottom) / 2);
        return {
          covered: [...document.querySelectorAll('.o_cg_host, .o_cg_preview_host')]
            .filter((b) => b.offsetParent && over(b.getBoundingClientRect(), totals))
            .map((b) => b.className),
          messagesInTotals: document.querySelectorAll('.oe_subtotal_footer .o_cg_field_msgs:not([hidden])').length,
          dueOnTop: !!hit && (hit === dueEl || dueEl.contains(hit) || hit.contains(dueEl)),
        };
      });
      assert.deepEqual(layout.covered, [], 'no Chorus Guard box over the totals');
      assert.equal(layout.messagesInTotals, 0, 'no message squeezed into the totals');
      assert.equal(layout.dueOnTop, true, 'nothing drawn over « Montant dû »');
      const dir = path.join(process.cwd(), 'out', 'e2e');
      fs.mkdirSync(dir, { recursive: true });
      const shot = path.join(dir, 'posted-invoice.png');
      await page.screenshot({ path: shot, fullPage: true });
      t.diagnostic(`screenshot of the posted form: ${shot}`);
    });

    await step('no uncaught error in the web client', async () => {
      assert.deepEqual(page.errors.filter((e) => e.startsWith('pageerror')), []);
    });
  }),
);

/**
 * A test against the server named by the environment: skipped without it; its data is
 * removed at the end whatever happened.
 */
async function againstOdoo(t, body) {
  if (missing.length) {
    t.skip(SKIP_MESSAGE);
    return;
  }
  const env = process.env;
  const rpc = new OdooRpc(env.ODOO_URL, env.ODOO_DB);
  await rpc.login(env.ODOO_LOGIN, env.ODOO_PASSWORD);
  const created = { partners: [], services: [] };
  const browsers = [];
  // A page in a browser of its own, not yet logged in (logIn does it).
  const open = async () => {
    const browser = await launchBrowser({ headless: env.E2E_HEADFUL !== '1' });
    browsers.push(browser);
    const page = await browser.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    return page;
  };
  try {
    await checkAddon(rpc);
    await body({
      rpc,
      url: env.ODOO_URL,
      db: env.ODOO_DB,
      login: env.ODOO_LOGIN,
      password: env.ODOO_PASSWORD,
      stamp: Date.now(),
      created,
      open,
    });
  } finally {
    for (const browser of browsers) await browser.close();
    const problems = await cleanUp(rpc, created);
    for (const p of problems) t.diagnostic(`clean-up: ${p}`);
  }
}

/** A line typed into the invoice lines of the form being edited. */
async function addLine(page, label, price) {
  await openTabOf(page, '.o_field_widget[name="invoice_line_ids"]');
  await page.locator('.o_field_widget[name="invoice_line_ids"] .o_field_x2many_list_row_add a').first().click();
  const row = page.locator('.o_field_widget[name="invoice_line_ids"] tr.o_selected_row');
  await row.locator('[name="name"]').first().fill(label);
  const input = row.locator('[name="price_unit"] input, input[name="price_unit"]').first();
  await input.click();
  await input.fill(price);
  await page.keyboard.press('Tab');
}

test('Odoo 14 invoice form: a private customer without address is never blocked', { timeout: 300_000 }, (t) =>
  againstOdoo(t, async ({ rpc, url, db, login, password, stamp, created, open }) => {
    // What accountants really have: a person, no address, no transmission method.
    const name = `Client particulier E2E ${stamp}`;
    created.partners.push(await rpc.call('res.partner', 'create', [{ name }]));
    const actionId = await rpc.call('ir.model.data', 'xmlid_to_res_id', ['account.action_move_out_invoice_type', true]);
    const page = await open();
    await logIn(page, url, db, login, password);
    await page.goto(`${url}/web#action=${actionId}&model=account.move&view_type=form`);
    await page.locator('.o_form_view.o_form_editable').waitFor();
    const input = page.locator('.o_field_widget[name="partner_id"] input');
    await input.click();
    await input.pressSequentially(name, { delay: 10 });
    await page.locator('.ui-autocomplete .ui-menu-item a').getByText(name, { exact: true }).click();
    await addLine(page, 'Atelier (E2E)', '150');
    await page.locator(diag('CHORUS-SCOPE')).waitFor();
    assert.equal(await page.locator('.o_cg_panel .o_cg_diag').count(), 1, 'the quiet note alone');
    assert.equal(await page.locator('.o_cg_preview_host').isVisible(), false, 'no Factur-X preview');
    await confirmDisabled(page, false);
    await page.locator(confirmButton).click();
    await page.locator('.o_statusbar_buttons button[name="button_draft"]:visible').waitFor();
    const moves = await rpc.call('account.move', 'search_read', [[['partner_id', '=', created.partners[0]]]], {
      fields: ['state'],
    });
    assert.deepEqual(moves.map((m) => m.state), ['posted']);
    assert.deepEqual(page.errors.filter((e) => e.startsWith('pageerror')), []);
  }),
);

// The hostile corpus (tests/hostile/) through the browser bindings: each file gives a
// JS Error with a French message (and `en`, `kind`), never a trap, and the module keeps
// answering correctly afterwards. PDFs and XMLs go to the PDF module (extract, read),
// everything else to the engine module. Needs `npm run build` first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, repoRoot } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { openSelftestPage } from './lib/selftest.mjs';

const LIB = 'odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard';
const PAGE = '/tests/browser/pages/bindings.html';
const HOSTILE = path.join(repoRoot, 'tests/hostile');

// What the message says, file by file (the CLI's expectations are in tests/hostile.rs).
// A browser host decodes text itself: the UTF-16 and Latin-1 files arrive as strings
// already damaged by a UTF-8 decoding, so only "an Error in French" is asked of them.
const EXPECTED = {
  'xml-billion-laughs.xml': /<!DOCTYPE> refusée/,
  'xml-external-entity.xml': /<!DOCTYPE> refusée/,
  'xml-parameter-entity-remote.xml': /<!DOCTYPE> refusée/,
  'xml-undeclared-entity.xml': /entité inconnue &xxe;/,
  'xml-deep-nesting.xml': /imbrication plus profonde que 64/,
  'xml-huge-number.xml': /montant illisible dans <NetPriceProductTradePrice\/ChargeAmount>/,
  'xml-wrong-namespace-ubl.xml': /ce n'est pas une facture CII/,
  'xml-utf16.xml': /./,
  'xml-latin1.xml': null, // decoded, it is a valid invoice: see the test below
  'xml-truncated.xml': /jamais fermé/,
  'xml-two-roots.xml': /second élément racine/,
  'xml-non-ascii-date.xml': /date illisible dans <ExchangedDocument\/IssueDateTime>/,
  'json-deep-nesting.json': /JSON illisible : invalid type: sequence, expected a string/,
  'json-float-amount.json': /nombre flottant/,
  'json-huge-number.json': /n'est pas un nombre décimal/,
  'json-not-an-object.json': /le JSON doit être un objet/,
  'json-truncated.json': /JSON illisible/,
  'unknown-content.txt': /JSON illisible/,
  'pdf-truncated.pdf': /le PDF est illisible : table des références croisées/,
  'pdf-header-only.pdf': /le PDF est illisible/,
  'pdf-encrypted.pdf': /PDF chiffré/,
  'pdf-reference-loop.pdf': /factur-x\.xml du PDF est endommagé/,
  'pdf-name-tree-loop.pdf': /aucun fichier factur-x\.xml/,
  'pdf-deep-nesting.pdf': /objets imbriqués sur plus de 32 niveaux/,
  'pdf-two-facturx.pdf': /2 fichiers factur-x\.xml différents/,
  'pdf-no-facturx.pdf': /aucun fichier factur-x\.xml/,
};

const form = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples/seed/form-parent-company.json'), 'utf8'));

let server;
let browser;
let page;
let baseline;

before(async () => {
  for (const f of ['chorus_guard.js', 'chorus_guard_bg.wasm', 'chorus_guard_pdf.js', 'chorus_guard_pdf_bg.wasm', 'version.json']) {
    if (!fs.existsSync(path.join(repoRoot, LIB, f))) {
      throw new Error(`the WebAssembly build is missing (${LIB}/${f}): run \`npm run build\` first`);
    }
  }
  const info = JSON.parse(fs.readFileSync(path.join(repoRoot, LIB, 'version.json'), 'utf8'));
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(server.url(PAGE));
  await page.evaluate((o) => window.boot(o), { glueUrl: `/${LIB}/chorus_guard.js`, wasmUrl: `/${LIB}/${info.wasm}` });
  await page.evaluate((o) => window.bootPdf(o), { glueUrl: `/${LIB}/${info.pdf_glue}`, wasmUrl: `/${LIB}/${info.pdf_wasm}` });
  baseline = await page.evaluate((f) => window.engine.check(f), form);
  assert.ok(baseline.length > 0);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Runs one call in the page (pdf, extract, read in the PDF module), then the reference
// check: the outcome of the call (value or Error fields) and whether the engine still
// gives the same diagnostics.
async function hostile(fn, arg, kind, f) {
  return page.evaluate(
    ([fn, arg, kind, f]) => {
      const input = kind === 'base64' ? Uint8Array.from(atob(arg), (c) => c.charCodeAt(0)) : arg;
      const module = ['pdf', 'extract', 'read'].includes(fn) ? window.pdfModule : window.engine;
      let outcome;
      try {
        outcome = { ok: true, value: module[fn](input) };
      } catch (e) {
        outcome = {
          ok: false,
          isError: e instanceof Error,
          trap: e instanceof WebAssembly.RuntimeError,
          message: String(e && e.message),
          en: e && e.en,
          kind: e && e.kind,
        };
      }
      const after = JSON.stringify(window.engine.check(f));
      return { outcome, after, resets: window.engine.resets || 0 };
    },
    [fn, arg, kind, f],
  );
}

function assertRefused(name, r, pattern) {
  assert.equal(r.outcome.ok, false, `${name}: accepted`);
  assert.equal(r.outcome.isError, true, `${name}: not an Error`);
  assert.equal(r.outcome.trap, false, `${name}: a trap`);
  assert.notEqual(r.outcome.kind, 'internal', `${name}: ${r.outcome.message}`);
  assert.match(r.outcome.message, pattern, name);
  assert.equal(typeof r.outcome.en, 'string', name);
  assert.notEqual(r.outcome.message, r.outcome.en, `${name}: message not in French`);
  assert.equal(r.after, JSON.stringify(baseline), `${name}: the engine answers differently afterwards`);
}

test('every committed hostile file throws a French Error and the engine still answers', async () => {
  const files = fs.readdirSync(HOSTILE).filter((f) => f !== 'README.md' && f !== 'make.py');
  assert.deepEqual(files.filter((f) => !(f in EXPECTED)), [], 'files without an expectation');
  for (const name of files) {
    const bytes = fs.readFileSync(path.join(HOSTILE, name));
    let r;
    if (name.endsWith('.pdf')) {
      r = await hostile('extract', bytes.toString('base64'), 'base64', form);
    } else if (name.endsWith('.xml')) {
      r = await hostile('read', bytes.toString('utf8'), 'text', form);
    } else {
      r = await hostile('check', bytes.toString('utf8'), 'text', form);
    }
    if (EXPECTED[name] === null) {
      assert.equal(r.after, JSON.stringify(baseline), name);
      continue;
    }
    assertRefused(name, r, EXPECTED[name]);
  }
  // No trap happened, so the loader never had to reset either module.
  const resets = await page.evaluate(() => [window.engine.resets, window.pdfModule.resets]);
  assert.deepEqual(resets, [0, 0]);
});

test('the Latin-1 file, once decoded by the host, is the invoice it claims to be', async () => {
  const bytes = fs.readFileSync(path.join(HOSTILE, 'xml-latin1.xml'));
  const r = await hostile('read', new TextDecoder('latin1').decode(bytes), 'text', form);
  assert.ok(r.outcome.ok, JSON.stringify(r.outcome));
  assert.equal(typeof r.outcome.value.number, 'string');
});

test('generated hostile inputs (huge texts, too many lines, bombs) are refused within the limits', async () => {
  const cii = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';
  const cases = await page.evaluate(([cii, f]) => {
    const run = (fn, input) => {
      try {
        (fn === 'extract' || fn === 'read' ? window.pdfModule : window.engine)[fn](input);
        return { ok: true };
      } catch (e) {
        return { ok: false, isError: e instanceof Error, message: e.message, kind: e.kind, after: JSON.stringify(window.engine.check(f)) };
      }
    };
    const text = 'A'.repeat(17 * 1024 * 1024);
    const line = '<ram:IncludedSupplyChainTradeLineItem/>';
    return {
      hugeXml: run('read', `<rsm:CrossIndustryInvoice xmlns:rsm="${cii}"><ram:ID>${text}</ram:ID></rsm:CrossIndustryInvoice>`),
      hugeJson: run('check', `{"number": "F1", "notes": ["${text}"]}`),
      linesXml: run('read', `<rsm:CrossIndustryInvoice xmlns:rsm="${cii}">${line.repeat(10001)}</rsm:CrossIndustryInvoice>`),
      linesJson: run('check', { number: 'F1', lines: Array(10001).fill({ name: 'L', quantity: '1', net_price: '1' }) }),
      hugePdf: run('extract', new Uint8Array(64 * 1024 * 1024 + 1)),
    };
  }, [cii, form]);
  const expected = {
    hugeXml: /XML trop volumineux/,
    hugeJson: /JSON trop volumineux/,
    linesXml: /plus de 10000 lignes/,
    linesJson: /plus de 10000 lignes/,
    hugePdf: /PDF trop volumineux/,
  };
  for (const [name, pattern] of Object.entries(expected)) {
    const r = cases[name];
    assert.equal(r.ok, false, name);
    assert.equal(r.isError, true, name);
    assert.equal(r.kind, 'limit', `${name}: ${r.message}`);
    assert.match(r.message, pattern, name);
    assert.equal(r.after, JSON.stringify(baseline), name);
  }

  // An object stream of 100 MiB of spaces in ~100 KB: refused before lopdf inflates it.
  const bomb = zlib.deflateSync(Buffer.alloc(100 * 1024 * 1024, 32), { level: 9 });
  const pdf = Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`),
    bomb,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 2 0 R >>\n%%EOF\n'),
  ]);
  const r = await hostile('extract', pdf.toString('base64'), 'base64', form);
  assertRefused('objstm bomb', r, /bombe de décompression/);
});

test('after a panic, hostile input still gets Errors, not traps', async () => {
  // On the test-only build, the one that can panic on purpose (lib/selftest.mjs).
  const p = await openSelftestPage(browser, server);
  const r = await p.evaluate((f) => {
    const out = [];
    try { window.pdfModule.selftest_panic(); out.push('no panic'); } catch (e) { out.push(e.kind); }
    for (const input of ['<!DOCTYPE x [<!ENTITY a "a">]><x/>', '<a>'.repeat(1000)]) {
      try { window.pdfModule.read(input); out.push('accepted'); } catch (e) { out.push(e instanceof WebAssembly.RuntimeError ? 'trap' : e.kind); }
    }
    return { out, after: JSON.stringify(window.engine.check(f)) };
  }, form);
  // The panic is the loader's « internal » reset; the hostile inputs after it, XML errors.
  assert.deepEqual(r.out, ['internal', 'xml', 'xml']);
  assert.equal(r.after, JSON.stringify(baseline));
  await p.close();
});

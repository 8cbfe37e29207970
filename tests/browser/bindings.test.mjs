// The engine as the browser sees it: the WebAssembly build, loaded by engine_loader.js
// in Debian's chromium — the engine module (ChorusGuardEngine.load) and the PDF module
// (ChorusGuardEngine.loadPdf: pdf, extract). Needs `npm run build` first
// (tests/tools/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { startServer, repoRoot } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { openSelftestPage, SELFTEST } from './lib/selftest.mjs';

const LIB = 'odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard';
const LOADER = 'odoo_addon/l10n_fr_chorus_guard/static/src/js/engine_loader.js';
const PAGE = '/tests/browser/pages/bindings.html';
const crateVersion = /^version = "([^"]+)"/m.exec(fs.readFileSync(path.join(repoRoot, 'Cargo.toml'), 'utf8'))[1];

function buildInfo() {
  const dir = path.join(repoRoot, LIB);
  for (const f of ['chorus_guard.js', 'chorus_guard_bg.wasm', 'chorus_guard_pdf.js', 'chorus_guard_pdf_bg.wasm', 'version.json']) {
    if (!fs.existsSync(path.join(dir, f))) {
      throw new Error(`the WebAssembly build is missing (${LIB}/${f}): run \`npm run build\` first`);
    }
  }
  return JSON.parse(fs.readFileSync(path.join(dir, 'version.json'), 'utf8'));
}

const contact = {
  id: 11,
  display_name: 'Aix Marseille Université, AIX MARSEILLE UNIVERSITE',
  name: 'AIX MARSEILLE UNIVERSITE',
  parent_id: 10,
  service: { code: '04AMIDEX', active: true },
};
const parent = { id: 10, display_name: 'Aix Marseille Université', is_company: true };
// The guide's invoice done right: the contact chosen, `ref` = its service code.
const guideForm = {
  move_type: 'out_invoice',
  state: 'draft',
  name: 'INV/2026/04/0003',
  transmit_method_code: 'fr-chorus',
  partner: contact,
  commercial_partner: {
    id: 10,
    name: 'Aix Marseille Université',
    fr_chorus_required: 'service',
    siret: '13001533200013',
    address: { line1: '58 bd Charles Livon', city: 'Marseille', postcode: '13007', country: 'FR' },
    contacts: [contact],
  },
  ref: '04AMIDEX',
  payment_mode: { name: 'Virement bancaire', code: '30', iban: 'FR76 1382 5002 0008 0132 8023 592' },
  company: {
    name: 'SCIC UdN',
    siret: '13001533200013',
    vat: 'FR12130015332',
    address: { line1: '1 rue de la Gare', city: 'Lille', postcode: '59000', country: 'FR' },
  },
  invoice_date: '2026-04-14',
  lines: [{ name: 'Formation', quantity: '1', price_unit: '2600.10', taxes: [{ rate: '20', category: 'S' }] }],
};
const parentForm = { ...guideForm, partner: parent };

let server;
let browser;
let page;
let info;
let selftestPage; // panicPage()'s

async function openPage(srv, options) {
  const p = await browser.newPage();
  await p.goto(srv.url(PAGE));
  const version = await p.evaluate((o) => window.boot(o), options);
  return { page: p, version };
}

before(async () => {
  info = buildInfo();
  server = await startServer();
  browser = await launchBrowser();
  ({ page } = await openPage(server, {
    glueUrl: `/${LIB}/chorus_guard.js`,
    wasmUrl: `/${LIB}/${info.wasm}`,
  }));
});

const pdfOptions = () => ({ glueUrl: `/${LIB}/${info.pdf_glue}`, wasmUrl: `/${LIB}/${info.pdf_wasm}` });

// The PDF module, loaded into the page on first need as window.pdfModule.
async function bootPdf() {
  return page.evaluate((o) => window.bootPdf(o), pdfOptions());
}

after(async () => {
  await selftestPage?.close();
  await browser?.close();
  await server?.close();
});

// What the PDF module holds; the rest is the engine module's.
const PDF_MODULE = ['pdf', 'extract', 'read', 'explain'];

// Calls engine[name](...args) in the page (pdfModule[name] for PDF_MODULE's); an
// exception comes back as a plain object.
async function call(name, ...args) {
  const inPdf = PDF_MODULE.includes(name);
  if (inPdf) await bootPdf();
  return page.evaluate(
    ([n, a, p]) => {
      try {
        return { ok: true, value: (p ? window.pdfModule : window.engine)[n](...a) };
      } catch (e) {
        return { ok: false, error: { isError: e instanceof Error, message: e.message, en: e.en, kind: e.kind } };
      }
    },
    [name, args, inPdf],
  );
}

test('the loader and the glue are classic scripts that rely on no currentScript', () => {
  for (const file of [LOADER, `${LIB}/chorus_guard.js`, `${LIB}/chorus_guard_pdf.js`]) {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    // vm.Script compiles a classic script: import/export/import.meta are SyntaxErrors.
    assert.doesNotThrow(() => new vm.Script(text, { filename: file }), file);
  }
  const loaderCode = fs
    .readFileSync(path.join(repoRoot, LOADER), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  assert.ok(!/currentScript|import\.meta/.test(loaderCode));
});

test('version() is the crate version, and version.json names both modules by content hash', async () => {
  assert.equal((await call('version')).value, crateVersion);
  assert.equal(info.version, crateVersion);
  assert.match(info.wasm, /^chorus_guard_bg\.wasm\?v=[0-9a-f]{16}$/);
  assert.match(info.glue, /^chorus_guard\.js\?v=[0-9a-f]{16}$/);
  assert.match(info.pdf_wasm, /^chorus_guard_pdf_bg\.wasm\?v=[0-9a-f]{16}$/);
  assert.match(info.pdf_glue, /^chorus_guard_pdf\.js\?v=[0-9a-f]{16}$/);
  assert.equal(await bootPdf(), crateVersion);
});

test('the engine module the form loads is at most 256 KB gzipped', () => {
  // The download every invoice form pays for (issue 5); deterministic, so asserted. Raised
  // from 200 KB with the rules of issues 12 and 14: the cold start it costs is measured in
  // BENCHMARKS.md (25 ms median against a 50 ms budget).
  // `gzip -9` as the build measures it; node's zlib (about 1 % larger) when gzip is absent.
  const file = path.join(repoRoot, LIB, 'chorus_guard_bg.wasm');
  let gz;
  try {
    gz = execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 26 }).length;
  } catch {
    gz = zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
  assert.ok(gz <= 256 * 1024, `chorus_guard_bg.wasm is ${gz} bytes gzipped`);
});

test('the engine module holds the keystroke only: pdf, extract, read, explain live in the PDF module', async () => {
  const r = await page.evaluate(async ([o, onDemand]) => {
    const pdfModule = await window.ChorusGuardEngine.loadPdf(o);
    const names = (m) => WebAssembly.Module.exports(m).map((e) => e.name);
    return {
      engine: onDemand.map((n) => typeof window.engine[n]),
      engineExports: names(window.engine.module).filter((n) => onDemand.includes(n)),
      pdfModule: Object.keys(pdfModule).filter((k) => typeof pdfModule[k] === 'function').sort(),
      pdfExports: names(pdfModule.module).filter((n) => [...onDemand, 'check', 'xml'].includes(n)).sort(),
    };
  }, [pdfOptions(), PDF_MODULE]);
  assert.deepEqual(r, {
    engine: ['undefined', 'undefined', 'undefined', 'undefined'],
    engineExports: [],
    pdfModule: ['explain', 'extract', 'pdf', 'read', 'version'],
    pdfExports: ['explain', 'extract', 'pdf', 'read'],
  });
  // Not in the Odoo bundle either: the form never writes or reads a PDF.
  const assets = fs.readFileSync(path.join(repoRoot, 'odoo_addon/l10n_fr_chorus_guard/views/assets.xml'), 'utf8');
  assert.ok(!assets.includes('chorus_guard_pdf'), 'assets.xml loads the PDF module');
});

test('each glue defines its own unique global and never the default wasm_bindgen', async () => {
  await bootPdf();
  const globals = await page.evaluate(() => ({
    glue: typeof chorus_guard_wasm, // eslint-disable-line no-undef
    factory: typeof window.chorus_guard_wasm_factory,
    pdfGlue: typeof chorus_guard_pdf_wasm, // eslint-disable-line no-undef
    pdfFactory: typeof window.chorus_guard_pdf_wasm_factory,
    wasmBindgen: typeof window.wasm_bindgen,
  }));
  assert.deepEqual(globals, { glue: 'function', factory: 'function', pdfGlue: 'function', pdfFactory: 'function', wasmBindgen: 'undefined' });
});

test('check() on the guide’s complete form returns plain diagnostic objects, none blocking', async () => {
  const r = await call('check', guideForm);
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.ok(Array.isArray(r.value));
  for (const d of r.value) {
    assert.equal(typeof d.rule, 'string');
    assert.ok(['block', 'warn', 'info'].includes(d.severity), `severity ${JSON.stringify(d.severity)}`);
    assert.equal(typeof d.message_fr, 'string');
    assert.equal(typeof d.message_en, 'string');
  }
  assert.ok(!r.value.some((d) => d.severity === 'block'), JSON.stringify(r.value));
});

test('check() on the parent company blocks with CHORUS-CONTACT and offers the comma contact', async () => {
  const r = await call('check', parentForm);
  assert.ok(r.ok, JSON.stringify(r.error));
  const d = r.value.find((x) => x.rule === 'CHORUS-CONTACT');
  assert.ok(d, JSON.stringify(r.value));
  assert.equal(d.severity, 'block');
  assert.equal(d.field, 'partner_id');
  assert.match(d.message_fr, /société principale/);
  assert.ok(JSON.stringify(d.fix).includes('04AMIDEX'), JSON.stringify(d.fix));
});

test('the wasm check() and xml() say exactly what the native CLI says', { skip: !process.env.CHORUS_GUARD_BIN && 'CHORUS_GUARD_BIN not set (tests/tools/test.sh sets it)' }, async () => {
  const tmp = fs.mkdtempSync(path.join(repoRoot, 'out-bindings-'));
  try {
    for (const form of [guideForm, parentForm]) {
      const file = path.join(tmp, 'form.json');
      fs.writeFileSync(file, JSON.stringify(form));
      let stdout;
      try {
        stdout = execFileSync(process.env.CHORUS_GUARD_BIN, ['check', '--json', file], { encoding: 'utf8' });
      } catch (e) {
        stdout = e.stdout; // exit 1 when something blocks
      }
      const r = await call('check', form);
      assert.ok(r.ok, JSON.stringify(r.error));
      assert.deepEqual(r.value, JSON.parse(stdout));
      for (const profile of ['en16931', 'basic']) {
        const cli = execFileSync(process.env.CHORUS_GUARD_BIN, ['xml', '--profile', profile, file], { encoding: 'utf8' });
        const x = await call('xml', form, { profile });
        assert.ok(x.ok, JSON.stringify(x.error));
        assert.equal(x.value, cli, `xml ${profile}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('to_invoice() and read() hand amounts and quantities back as decimal strings', async () => {
  const inv = await call('to_invoice', guideForm, { completed: true });
  assert.ok(inv.ok, JSON.stringify(inv.error));
  const line = inv.value.lines[0];
  assert.equal(line.quantity, '1');
  assert.equal(typeof line.net_price, 'string');
  assert.equal(line.net_price, '2600.10');
  const json = JSON.stringify(inv.value);
  // No number anywhere in an amount position: every money/quantity value is quoted.
  assert.ok(!/"(quantity|net_price|net_amount|amount|rate|vat_rate|total[a-z_]*)":\s*-?\d/.test(json), json);

  const xml = await call('xml', guideForm);
  assert.ok(xml.ok, JSON.stringify(xml.error));
  const back = await call('read', xml.value);
  assert.ok(back.ok, JSON.stringify(back.error));
  const types = await page.evaluate((x) => {
    const seen = new Set();
    const walk = (v) => {
      if (typeof v === 'bigint' || (typeof v === 'number' && !Number.isInteger(v))) seen.add(typeof v);
      if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(window.pdfModule.read(x));
    return [...seen];
  }, xml.value);
  assert.deepEqual(types, [], 'read() must not return floats or BigInts');
  assert.equal(back.value.lines[0].quantity, '1');
  assert.equal(typeof back.value.lines[0].net_price, 'string');
  // The read invoice is the completed one: the same totals as to_invoice(…, {completed}).
  assert.deepEqual(back.value.totals, inv.value.totals);
  assert.ok(Object.values(back.value.totals).every((v) => v === null || typeof v === 'string'), JSON.stringify(back.value.totals));
});

test('xml() returns the Factur-X XML, honours the profile option and refuses an unknown one', async () => {
  const r = await call('xml', guideForm);
  assert.ok(r.ok, JSON.stringify(r.error));
  assert.ok(r.value.startsWith('<?xml'), r.value.slice(0, 80));
  assert.ok(r.value.includes('urn:cen.eu:en16931:2017'));
  const basic = await call('xml', guideForm, { profile: 'basic' });
  assert.ok(basic.ok, JSON.stringify(basic.error));
  assert.ok(basic.value.includes('urn:factur-x.eu:1p0:basic'), basic.value.slice(0, 600));
  const bad = await call('xml', guideForm, { profile: 'platinum' });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.isError, true);
  // The same list and the same words as the server and the CLI (`PROFILES` in src/api.rs).
  assert.equal(bad.error.message, 'profil Factur-X inconnu « platinum » (minimum, basicwl, basic, en16931, extended, fr-ctc)');
  assert.match(bad.error.en, /^unknown Factur-X profile `platinum`/);
  // The fingerprint is the SHA-256 of the XML text, as the server computes it.
  const fp = await call('fingerprint', r.value);
  const { createHash } = await import('node:crypto');
  assert.equal(fp.value, createHash('sha256').update(r.value, 'utf8').digest('hex'));
});

test('check_and_xml() gives what check() and xml() give, from one call', async () => {
  const huge = { ...guideForm, lines: [{ name: 'x', quantity: '999999999999', price_unit: '999999999999', taxes: [{ rate: '20', category: 'S' }] }] };
  const cases = [
    [guideForm, {}],
    [parentForm, {}],
    [{ ...guideForm, ref: '' }, {}],
    [guideForm, { profile: 'basic' }],
    [huge, {}],
  ];
  for (const [form, options] of cases) {
    const r = await page.evaluate(
      ({ form, options }) => {
        const e = window.engine;
        let xml = null;
        let xmlError = null;
        try {
          xml = e.xml(form, options);
        } catch (err) {
          xmlError = { message: err.message, en: err.en, kind: err.kind };
        }
        return { both: e.check_and_xml(form, options), check: e.check(form), xml, xmlError };
      },
      { form, options },
    );
    assert.deepEqual(r.both.diagnostics, r.check);
    assert.equal(r.both.xml, r.xml);
    assert.deepEqual(r.both.xml_error, r.xmlError);
  }
  // The amount beyond the limit: no XML, the error `xml()` throws, the diagnostics still there.
  const last = await page.evaluate((f) => window.engine.check_and_xml(f, {}), huge);
  assert.equal(last.xml, null);
  assert.equal(typeof last.xml_error.message, 'string');
  assert.notEqual(last.xml_error.message, last.xml_error.en);
  // An input neither call can read throws, as they do.
  for (const bad of [undefined, '{"ref": ']) {
    const r = await call('check_and_xml', bad);
    assert.equal(r.ok, false);
    assert.equal(r.error.isError, true);
    assert.deepEqual(r.error, (await call('check', bad)).error);
  }
});

test('undefined properties are absent (as in JSON), and a JSON text is read like the CLI reads it', async () => {
  const withUndefined = await page.evaluate((f) => window.engine.check({ ...f, narration: undefined, lines: f.lines.map((l) => ({ ...l, discount: undefined })), currency: undefined }), guideForm);
  const plain = await call('check', guideForm);
  assert.deepEqual(withUndefined, plain.value);
  const fromText = await call('check', JSON.stringify(parentForm));
  assert.deepEqual(fromText.value, (await call('check', parentForm)).value);
});

test('an invoice object (as read() returns it) is told from a form and checked as an invoice', async () => {
  await bootPdf();
  const r = await page.evaluate((f) => {
    const invoice = window.pdfModule.read(window.engine.xml(f));
    return { invoice, again: window.engine.to_invoice(invoice), diags: window.engine.check(invoice) };
  }, guideForm);
  assert.equal(r.invoice.buyer_reference, '04AMIDEX');
  assert.deepEqual(r.again, r.invoice);
  assert.ok(Array.isArray(r.diags));
  assert.ok(!r.diags.some((d) => d.severity === 'block'), JSON.stringify(r.diags));
});

test('check(invoice, { profile: "fr-ctc" }) judges by the reform\'s rules, as the CLI and the server do', async () => {
  const reform = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples/reform/b2b-mixed-invoice.json'), 'utf8'));
  const r = await page.evaluate((inv) => {
    const e = window.engine;
    const blocks = (ds) => ds.filter((d) => d.severity === 'block').map((d) => d.rule);
    const broken = { ...inv, buyer: { ...inv.buyer, siren: '12345' } };
    let unknown = null;
    try {
      e.check(inv, { profile: 'fr-ctx' });
    } catch (err) {
      unknown = String(err.message || err);
    }
    return {
      valid: blocks(e.check(inv, { profile: 'fr-ctc' })),
      broken: blocks(e.check(broken, { profile: 'fr-ctc' })),
      plain: blocks(e.check(broken)).filter((id) => id.startsWith('BR-FR-')),
      unknown,
    };
  }, reform);
  assert.deepEqual(r.valid, []);
  assert.ok(r.broken.includes('BR-FR-11'), JSON.stringify(r.broken));
  assert.deepEqual(r.plain, [], 'without the profile, no BR-FR rule runs');
  assert.match(r.unknown, /fr-ctx/);
});

test('load() twice with the same wasmUrl gives the same engine', async () => {
  const same = await page.evaluate(async (o) => (await window.ChorusGuardEngine.load(o)) === (await window.ChorusGuardEngine.load(o)), {
    glueUrl: `/${LIB}/chorus_guard.js`,
    wasmUrl: `/${LIB}/${info.wasm}`,
  });
  assert.equal(same, true);
});

test('a float amount is refused with a French message and its English twin', async () => {
  const r = await call('check', { ...guideForm, lines: [{ name: 'Formation', quantity: 1, price_unit: 2600.5, taxes: [] }] });
  assert.equal(r.ok, false);
  assert.equal(r.error.isError, true);
  assert.match(r.error.message, /flottant/);
  assert.equal(typeof r.error.en, 'string');
  assert.match(r.error.en, /unreadable JSON|float|strings/);
  assert.equal(r.error.kind, 'json');
});

test('bad inputs throw Errors with French message, `en` and `kind`', async () => {
  const cases = [
    ['check', [undefined], /aucune entrée/, /no input/],
    ['check', [[1, 2]], /objet/, /object/],
    ['check', [{ partner: { id: 'x' } }], /JSON illisible/, /unreadable JSON/],
    ['read', ['<not-an-invoice/>'], /./, /./],
    ['read', [42], /chaîne de caractères/, /must be a string/],
    ['extract', ['not bytes'], /Uint8Array/, /Uint8Array/],
    ['to_invoice', [null], /aucune entrée/, /no input/],
    ['check', [{ ...guideForm, lines: [{ name: 'x', quantity: 10n, price_unit: '1' }] }], /JSON/, /JSON/],
    ['check', ['{"ref": '], /JSON illisible/, /unreadable JSON/],
  ];
  for (const [name, args, fr, en] of cases) {
    const r = await call(name, ...args);
    assert.equal(r.ok, false, `${name} should throw`);
    assert.equal(r.error.isError, true, `${name}: an Error`);
    assert.match(r.error.message, fr, name);
    assert.equal(typeof r.error.en, 'string', `${name}: en`);
    assert.match(r.error.en, en, name);
    assert.equal(typeof r.error.kind, 'string', `${name}: kind`);
    assert.notEqual(r.error.message, r.error.en, `${name}: French first`);
  }
});

test('extract() on bytes that are not a PDF throws an engine Error (Uint8Array and ArrayBuffer accepted)', async () => {
  await bootPdf();
  const r = await page.evaluate(() => {
    const out = [];
    for (const bytes of [new TextEncoder().encode('hello'), new TextEncoder().encode('hello').buffer]) {
      try {
        window.pdfModule.extract(bytes);
        out.push('no error');
      } catch (e) {
        out.push([e instanceof Error, typeof e.en, typeof e.kind, /Uint8Array/.test(e.message)]);
      }
    }
    return out;
  });
  assert.deepEqual(r, [[true, 'string', 'string', false], [true, 'string', 'string', false]]);
});

test('pdf() embeds the XML into a PDF (Uint8Array in and out) and extract() gives it back', async () => {
  const sample = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/pdf/sample.pdf'));
  await bootPdf();
  const r = await page.evaluate(([bytes, form]) => {
    const xml = window.engine.xml(form);
    const out = window.pdfModule.pdf(new Uint8Array(bytes), xml);
    const head = new TextDecoder().decode(out.slice(0, 5));
    return {
      isUint8Array: out instanceof Uint8Array,
      head,
      same: window.pdfModule.extract(out) === xml,
      fromBuffer: window.pdfModule.extract(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength)) === xml,
      size: out.length,
    };
  }, [[...sample], guideForm]);
  assert.deepEqual({ ...r, size: r.size > sample.length }, { isUint8Array: true, head: '%PDF-', same: true, fromBuffer: true, size: true });
  const bad = await call('pdf', 'not bytes', '<x/>');
  assert.equal(bad.ok, false);
  assert.match(bad.error.message, /Uint8Array ou un ArrayBuffer/);
});

test('explain() answers with case, field, steps and rule keys', async () => {
  const r = await call('explain', 'Vous devez sélectionner un contact comme adresse de facturation');
  assert.ok(r.ok, JSON.stringify(r.error));
  for (const k of ['case', 'field', 'steps_fr', 'steps_en', 'rule']) assert.ok(k in r.value, `${k} in ${JSON.stringify(r.value)}`);
  assert.equal(r.value.case, 'contact_required');
  assert.equal(r.value.field, 'partner_id');
  assert.equal(r.value.rule, 'CHORUS-CONTACT');
  assert.ok(r.value.steps_fr.length > 0 && r.value.steps_fr.length === r.value.steps_en.length);
  // A text the guide does not know still answers with every key (field and rule null).
  const unknown = await call('explain', 'zzz');
  assert.ok(unknown.ok, JSON.stringify(unknown.error));
  for (const k of ['case', 'field', 'steps_fr', 'steps_en', 'rule']) assert.ok(k in unknown.value, k);
});

test('the shipped engines export no selftest_panic: only the test build can panic on purpose', async () => {
  // The bytes as committed (the engine module) and as built (the PDF module), read here
  // rather than through the loader, which wraps only what a module exports.
  for (const name of ['chorus_guard_bg.wasm', 'chorus_guard_pdf_bg.wasm']) {
    const module = new WebAssembly.Module(fs.readFileSync(path.join(repoRoot, LIB, name)));
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    assert.ok(exports.includes('version'), `${name}: ${exports}`);
    assert.ok(!exports.some((e) => e.includes('selftest')), `${name} exports ${exports.filter((e) => e.includes('selftest'))}`);
  }
  await bootPdf();
  const loaded = await page.evaluate(() => [typeof window.engine.selftest_panic, typeof window.pdfModule.selftest_panic]);
  assert.deepEqual(loaded, ['undefined', 'undefined']);
});

// The trap tests run on the test-only build (lib/selftest.mjs), in a page of their own.
async function panicPage() {
  selftestPage ??= await openSelftestPage(browser, server);
  return selftestPage;
}

test('a panic throws « erreur interne du moteur (réinitialisé) », then the engine answers correctly again', async () => {
  const shipped = await call('check', parentForm);
  assert.ok(shipped.ok);
  const p = await panicPage();
  const r = await p.evaluate((f) => {
    const e = window.engine;
    const before = e.check(f);
    const panics = [];
    for (let i = 0; i < 2; i += 1) {
      try {
        e.selftest_panic();
        panics.push('no panic');
      } catch (error) {
        panics.push([error instanceof Error, error.message, error.en, error.kind]);
      }
      // The very next synchronous call gives the same answer as before.
      panics.push(JSON.stringify(e.check(f)) === JSON.stringify(before));
    }
    return { before, panics, version: e.version(), resets: e.resets };
  }, parentForm);
  // The test build answers as the shipped engine does.
  assert.deepEqual(r.before, shipped.value);
  const reset = [true, 'erreur interne du moteur (réinitialisé)', 'engine internal error (reset)', 'internal'];
  assert.deepEqual(r.panics, [reset, true, reset, true]);
  assert.equal(r.version, crateVersion);
  assert.equal(r.resets, 2);
  // The panic hook reported the panic's message on the console.
  assert.ok(p.errors.some((e) => e.includes('selftest_panic')), JSON.stringify(p.errors));
});

test('a panic in the PDF module resets that module only, and it answers correctly again', async () => {
  const sample = fs.readFileSync(path.join(repoRoot, 'tests/fixtures/pdf/sample.pdf'));
  const p = await panicPage();
  const r = await p.evaluate(([bytes, form]) => {
    const m = window.pdfModule;
    const xml = window.engine.xml(form);
    const engineResets = window.engine.resets;
    const before = m.resets;
    let panic;
    try {
      m.selftest_panic();
    } catch (e) {
      panic = [e instanceof Error, e.message, e.en, e.kind];
    }
    const out = m.pdf(new Uint8Array(bytes), xml);
    return {
      panic,
      resets: m.resets - before,
      engineResets: window.engine.resets - engineResets,
      again: m.extract(out) === xml,
    };
  }, [[...sample], guideForm]);
  assert.deepEqual(r.panic, [true, 'erreur interne du moteur (réinitialisé)', 'engine internal error (reset)', 'internal']);
  assert.equal(r.resets, 1);
  assert.equal(r.engineResets, 0);
  assert.equal(r.again, true);
  // loadPdf() again with the same URL gives the same, already reset, module.
  const same = await p.evaluate(
    async (o) => (await window.ChorusGuardEngine.loadPdf(o)) === window.pdfModule,
    { glueUrl: `/${SELFTEST}/chorus_guard_pdf.js`, wasmUrl: `/${SELFTEST}/chorus_guard_pdf_bg.wasm` },
  );
  assert.equal(same, true);
});

test('the engine loads when the server types .wasm as text/plain', async () => {
  const plain = await startServer({ wasmAsTextPlain: true });
  try {
    const res = await fetch(plain.url(`/${LIB}/chorus_guard_bg.wasm`));
    assert.equal(res.headers.get('content-type'), 'text/plain');
    const { page: p, version } = await openPage(plain, {
      glueUrl: `/${LIB}/chorus_guard.js`,
      wasmUrl: `/${LIB}/${info.wasm}`,
    });
    assert.equal(version, crateVersion);
    const r = await p.evaluate((f) => window.engine.check(f).length >= 0, guideForm);
    assert.equal(r, true);
    assert.deepEqual(p.errors, []);
    await p.close();
  } finally {
    await plain.close();
  }
});

test('the engine loads from one concatenated classic script (Odoo 14 bundle) and from wasm bytes', async () => {
  const glue = fs.readFileSync(path.join(repoRoot, LIB, 'chorus_guard.js'), 'utf8');
  const loader = fs.readFileSync(path.join(repoRoot, LOADER), 'utf8');
  const wasm = fs.readFileSync(path.join(repoRoot, LIB, 'chorus_guard_bg.wasm'));
  const p = await browser.newPage();
  await p.goto(server.url('/tests/browser/pages/blank.html'));
  // Glue twice in one bundle must still parse (var, not let).
  await p.addScriptTag({ content: `${glue};\n${glue};\n${loader};\n` });
  const out = await p.evaluate(async (bytes) => {
    const engine = await window.ChorusGuardEngine.load({ wasmBytes: new Uint8Array(bytes) });
    return engine.version();
  }, [...wasm]);
  assert.equal(out, crateVersion);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test('a missing .wasm rejects load() and loadPdf() with a French message', async () => {
  const r = await page.evaluate(() =>
    window.ChorusGuardEngine.load({ wasmUrl: '/nope/chorus_guard_bg.wasm?v=0' }).then(
      () => 'loaded',
      (e) => [e.message, e.en, e.kind],
    ),
  );
  assert.match(r[0], /impossible de charger le moteur/);
  assert.match(r[1], /cannot load/);
  assert.equal(r[2], 'load');
  const p = await page.evaluate(
    (glueUrl) =>
      window.ChorusGuardEngine.loadPdf({ glueUrl, wasmUrl: '/nope/chorus_guard_pdf_bg.wasm?v=0' }).then(
        () => 'loaded',
        (e) => [e.message, e.en, e.kind],
      ),
    pdfOptions().glueUrl,
  );
  assert.deepEqual(p, [
    'impossible de charger le module PDF de Chorus Guard (/nope/chorus_guard_pdf_bg.wasm?v=0 : HTTP 404)',
    'cannot load the Chorus Guard PDF module (/nope/chorus_guard_pdf_bg.wasm?v=0: HTTP 404)',
    'load',
  ]);
});

// `npm run bench` (issue 5): every benchmark in one run, one table at the end.
//
//   npm run bench [-- --quick] [-- --skip-build]
//
// 1. the browser module (`npm run build`: prints its size, raw and gzipped);
// 2. the bench invoices, 1, 50 and 1000 lines (tests/benches/fixtures.rs), written to
//    tests/bench/out/fixtures/ for the scripts below;
// 3. native criterion benches (tests/benches/engine.rs);
// 4. Chromium (tests/bench/browser_bench.mjs);
// 5. the server path, wasmtime from Python (tests/bench/server_bench.py), when the
//    server engine is built;
// 6. the peers on the same invoices (tests/bench/peers_bench.py): factur-x, drafthorse,
//    the EN 16931 schematron with saxonche.
// Writes tests/bench/out/results.json. Timings are medians; the ratios (peer / ours) hold
// better than absolute times on a shared machine. Nothing here is a pass/fail test.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { repoRoot } from '../browser/lib/server.mjs';
import { browserBench } from './browser_bench.mjs';

const quick = process.argv.includes('--quick');
const skipBuild = process.argv.includes('--skip-build');
const out = path.join(repoRoot, 'tests/bench/out');
const fixtures = path.join(out, 'fixtures');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(repoRoot, 'target');
const SIZES = [1, 50, 1000];

function step(title) {
  console.error(`\n== ${title}`);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', options.capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
  return r.stdout;
}

function python() {
  if (process.env.PYTHON) return process.env.PYTHON;
  for (const p of [path.join(repoRoot, '.venv/bin/python'), '/tmp/cgvenv/bin/python']) if (fs.existsSync(p)) return p;
  return 'python3';
}

/** criterion's median estimate of `group/id`, in ms. */
function criterionMs(group, id) {
  const file = path.join(targetDir, 'criterion', group, id, 'new', 'estimates.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).median.point_estimate / 1e6;
  } catch {
    return null;
  }
}

function pyJson(script) {
  const text = run(python(), [path.join('tests/bench', script), fixtures].concat(quick ? ['--quick'] : []), { capture: true });
  return JSON.parse(text);
}

fs.mkdirSync(fixtures, { recursive: true });
const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, load_before: os.loadavg(), node: process.version },
};

if (!skipBuild) {
  step('browser module (npm run build)');
  run('bash', ['tests/tools/build-wasm.sh']);
}
// The engine module (what the form loads) and the PDF module (fetched for a PDF only).
function moduleSize(name) {
  const wasm = path.join(repoRoot, 'odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard', name);
  const bytes = fs.readFileSync(wasm);
  // `gzip -9`, as the build prints it; node's zlib when gzip is absent.
  let gzipBytes;
  try {
    gzipBytes = execFileSync('gzip', ['-9', '-c', wasm], { maxBuffer: 1 << 26 }).length;
  } catch {
    gzipBytes = zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { raw_bytes: bytes.length, gzip_bytes: gzipBytes };
}
results.module = moduleSize('chorus_guard_bg.wasm');
results.pdf_module = moduleSize('chorus_guard_pdf_bg.wasm');

step('bench invoices');
run('cargo', ['bench', '--quiet', '--bench', 'fixtures_dump', '--', fixtures]);

step('native (criterion)');
run('cargo', ['bench', '--quiet', '--bench', 'engine'].concat(quick ? ['--', '--warm-up-time', '0.2', '--measurement-time', '0.5'] : []));
results.native = {};
for (const n of SIZES) {
  results.native[n] = {
    check_form: criterionMs('check', `form/${n}`),
    check_invoice: criterionMs('check', `invoice/${n}`),
    xml: criterionMs('xml', String(n)),
    keystroke: criterionMs('keystroke', String(n)),
    json_check_form: criterionMs('json', `check_form/${n}`),
    json_xml_invoice: criterionMs('json', `xml_invoice/${n}`),
    read: criterionMs('read', String(n)),
    pdf_embed: criterionMs('pdf_embed', String(n)),
    extract: criterionMs('extract', String(n)),
  };
}

step('Chromium (headless)');
try {
  results.browser = await browserBench({ quick });
} catch (e) {
  results.browser = { error: e.message };
}

step('server (wasmtime from Python)');
try {
  results.server = pyJson('server_bench.py');
} catch (e) {
  results.server = { error: e.message };
}

step('peers (Python)');
try {
  results.peers = pyJson('peers_bench.py');
} catch (e) {
  results.peers = { error: e.message };
}
results.machine.load_after = os.loadavg();
try {
  results.machine.rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
} catch {
  results.machine.rustc = null;
}
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 1));

// ------------------------------------------------------------------- the table

const ms = (v) => (v == null ? '—' : v < 0.1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(0));
const x = (v) => (v == null ? '—' : v >= 100 ? `${v.toFixed(0)}×` : `${v.toFixed(1)}×`);
const rows = [];
const row = (label, f, budget = '') => rows.push([label, ...SIZES.map((n) => f(String(n))), budget]);
const nat = (k) => (n) => ms(results.native[n]?.[k]);
const br = (f) => (n) => {
  const s = results.browser?.sizes?.[n];
  return s ? ms(f(s)) : '—';
};
const sv = (op, k) => (n) => ms(results.server?.sizes?.[n]?.[op]?.[k]);
const peer = (name) => (n) => results.peers?.peers?.[name]?.[n]?.median_ms;

row('native check (form), ms', nat('check_form'));
row('native check (invoice), ms', nat('check_invoice'), '1000: ≤ 2');
row('native xml, ms', nat('xml'), '1000: ≤ 5');
row('native keystroke (parse+check+xml), ms', nat('keystroke'));
row('native JSON text → check (form), ms', nat('json_check_form'));
row('native JSON text → xml (invoice), ms', nat('json_xml_invoice'));
row('native read, ms', nat('read'));
row('native pdf embed, ms', nat('pdf_embed'));
row('native extract, ms', nat('extract'));
row('chromium keystroke median, ms', br((s) => s.keystroke.median), '50: ≤ 0.5');
row('chromium keystroke p99, ms', br((s) => s.keystroke.p99), '50: ≤ 2');
row('  of which check_and_xml / messages / XML preview', (n) => {
  const s = results.browser?.sizes?.[n];
  return s ? `${ms(s.engine.median)} / ${ms(s.render.median)} / ${ms(s.preview.median)}` : '—';
});
row('chromium keystroke w/o XML preview, median', br((s) => s.keystroke_without_preview.median));
row('chromium keystroke w/o XML preview, p99', br((s) => s.keystroke_without_preview.p99));
row('chromium XML preview opened: one write per frame, ms', br((s) => s.preview_open_write.median));
row('chromium xml (invoice), ms', br((s) => s.invoice_xml.median), '1000: ≤ 15');
row('chromium check (invoice), ms', br((s) => s.invoice_check.median));
row('chromium module memory, MB', (n) => {
  const b = results.browser?.sizes?.[n]?.memory?.after_bytes;
  return b == null ? '—' : (b / 1048576).toFixed(1);
}, '1000: ≤ 16');
row('wasmtime check warm (engine only), ms', sv('check', 'engine_only_ms'));
row('wasmtime xml warm (engine only), ms', sv('xml', 'engine_only_ms'));
const svRatio = (op, nativeKey) => (n) => {
  const w = results.server?.sizes?.[n]?.[op]?.engine_only_ms;
  const nv = results.native[n]?.[nativeKey];
  return w && nv ? x(w / nv) : '—';
};
row('ratio wasmtime / native, check (JSON in)', svRatio('check', 'json_check_form'), '≤ 2×');
row('ratio wasmtime / native, xml (JSON in)', svRatio('xml', 'json_xml_invoice'), '≤ 2×');
row('wasmtime check warm (shim), ms', sv('check', 'warm_call_ms'));
row('wasmtime xml warm (shim), ms', sv('xml', 'warm_call_ms'));
row('wasmtime instantiate + check, ms', sv('check', 'instantiate_and_call_ms'));
row('wasmtime instantiate + xml, ms', sv('xml', 'instantiate_and_call_ms'));
row('wasmtime module memory after xml, MB', (n) => {
  const b = results.server?.sizes?.[n]?.xml?.memory_bytes;
  return b == null ? '—' : (b / 1048576).toFixed(1);
}, '1000: ≤ 16');
row('factur-x generate_cii_xml, ms', (n) => ms(peer('factur-x generate_cii_xml')(n)));
row('drafthorse serialize, ms', (n) => ms(peer('drafthorse serialize')(n)));
row('saxonche schematron, ms', (n) => ms(peer('saxonche schematron')(n)));
const ratio = (name, ours) => (n) => {
  const p = peer(name)(n);
  const o = ours(n);
  return p && o ? x(p / o) : '—';
};
const nativeXml = (n) => results.native[n]?.xml;
row('ratio factur-x / our native xml', ratio('factur-x generate_cii_xml', nativeXml), '1000: ≥ 20×');
row('ratio drafthorse / our native xml', ratio('drafthorse serialize', nativeXml));
row('ratio schematron / our native check', ratio('saxonche schematron', (n) => results.native[n]?.check_invoice));
row('ratio factur-x / our chromium xml', ratio('factur-x generate_cii_xml', (n) => results.browser?.sizes?.[n]?.invoice_xml?.median));
// OCA's generator needs Odoo: the issue's own figures (1 / 50 / 1000 lines).
const OCA = { 1: 7, 50: 34, 1000: 361 };
row('ratio OCA (issue figure) / our native xml', (n) => (nativeXml(n) ? x(OCA[n] / nativeXml(n)) : '—'), '1000: ≥ 70×');

const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => String(r[i]).length), [12, 8, 8, 8, 6][i]));
const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
console.log('');
console.log(line(['operation', '1 line', '50 lines', '1000 lines', 'budget']));
for (const r of rows) console.log(line(r));
const b = results.browser;
console.log('');
console.log(
  `engine module: ${results.module.raw_bytes} bytes raw, ${results.module.gzip_bytes} bytes gzipped (budget 204800 gzipped)`,
);
console.log(
  `PDF module (on demand): ${results.pdf_module.raw_bytes} bytes raw, ${results.pdf_module.gzip_bytes} bytes gzipped`,
);
if (b?.cold_start) {
  console.log(
    `chromium cold start (fetch + compile + instantiate + first check): first ${ms(b.cold_start.first_ms)} ms, ` +
      `median ${ms(b.cold_start.median_ms)} ms (budget 50); timer ${b.timer_resolution_ms} ms`,
  );
  console.log(
    `chromium PDF module on demand (fetch + compile + instantiate): first ${ms(b.pdf_module_load.first_ms)} ms, ` +
      `median ${ms(b.pdf_module_load.median_ms)} ms`,
  );
} else if (b?.error) console.log(`chromium: ${b.error}`);
if (results.server?.instantiate_ms != null) {
  console.log(
    `wasmtime: compile ${ms(results.server.compile_ms)} ms, instantiate ${ms(results.server.instantiate_ms)} ms (budget 20), ` +
      `one call into the module (engine only, version) ${ms(results.server.call_ms)} ms`,
  );
  const w = results.server.worker_start;
  if (w) {
    console.log(
      `wasmtime worker start (fresh process to first answer, ${w.runs} runs, medians): ` +
        `warm cache ${ms(w.warm_cache_ready_ms)} ms (budget 100; max ${ms(w.warm_cache_ready_max_ms)}), ` +
        `no cache ${ms(w.no_cache_ready_ms)} ms, first worker (compiles, writes) ${ms(w.first_worker_ready_ms)} ms; ` +
        `plus import of the shim and wasmtime ${ms(w.import_wasmtime_ms)} ms`,
    );
  }
} else console.log(`wasmtime: ${results.server?.skipped ?? results.server?.error ?? '—'}`);
if (results.peers?.notes?.schematron_compile_ms) {
  console.log(`schematron compile (once): ${ms(results.peers.notes.schematron_compile_ms)} ms; failed asserts on our XML: ` +
    SIZES.map((n) => results.peers.notes[`schematron_failed_asserts_${n}`]).join(' / '));
}
for (const [name, bySize] of Object.entries(results.peers?.peers ?? {})) {
  for (const [n, r] of Object.entries(bySize)) if (r.error) console.log(`${name} (${n}): ${r.error}`);
}
if (results.peers?.error) console.log(`peers: ${results.peers.error}`);
console.log(`load average: before ${results.machine.load_before.map((l) => l.toFixed(2)).join(' ')}, after ${results.machine.load_after.map((l) => l.toFixed(2)).join(' ')}`);
console.log(`results: ${path.relative(repoRoot, path.join(out, 'results.json'))}`);

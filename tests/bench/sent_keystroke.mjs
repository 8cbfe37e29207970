// The keystroke of a sent invoice, in Chromium: `check_and_xml` of a confirmed form whose
// file went to Chorus Pro (`last_sent_fingerprint` set), against a draft's, and
// `fingerprint` of its XML alone. The browser benchmark (browser_bench.mjs) types into a
// draft; once the invoice was sent, every keystroke also fingerprints its XML for
// CHORUS-STALE. Engine builds are compared in the same minutes, interleaved:
//
//   node tests/bench/sent_keystroke.mjs [--rounds 5] NAME=DIR [NAME=DIR...]
//
// Each DIR holds an engine module's `chorus_guard.js` and `chorus_guard_bg.wasm`; without
// one, the committed engine. Needs the fixtures (`cargo bench --bench fixtures_dump --
// tests/bench/out/fixtures`). Prints medians (ms) over the rounds of each round's median.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, startServer } from '../browser/lib/server.mjs';
import { launchBrowser } from '../browser/lib/browser.mjs';

const LIB = 'odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard';
const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5;
let builds = args.filter((a, i) => a.includes('=') && args[i - 1] !== '--rounds').map((a) => a.split('='));
if (builds.length === 0) builds = [['committed', path.join(repoRoot, LIB)]];
// Served from under the repository (target/ is not committed).
const served = builds.map(([name, dir]) => {
  const rel = `target/bench-engines/${name}`;
  fs.mkdirSync(path.join(repoRoot, rel), { recursive: true });
  for (const f of ['chorus_guard.js', 'chorus_guard_bg.wasm']) fs.copyFileSync(path.join(dir, f), path.join(repoRoot, rel, f));
  return { name, rel, runs: [] };
});
const form = JSON.parse(fs.readFileSync(path.join(repoRoot, 'tests/bench/out/fixtures/form-50.json'), 'utf8'));
const median = (v) => [...v].sort((a, b) => a - b)[(v.length - 1) >> 1];

const server = await startServer({
  headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
});
const browser = await launchBrowser();
try {
  for (let round = 0; round < rounds; round++) {
    for (const build of served) {
      const page = await browser.newPage();
      await page.goto(server.url('/tests/browser/pages/bindings.html'));
      await page.evaluate((o) => window.boot(o), { glueUrl: `/${build.rel}/chorus_guard.js`, wasmUrl: `/${build.rel}/chorus_guard_bg.wasm` });
      build.runs.push(
        await page.evaluate((f) => {
          const e = window.engine;
          const xml = e.xml(f, {});
          const sent = Object.assign({}, f, { state: 'posted', last_sent_fingerprint: e.fingerprint(xml) });
          const med = (fn, n) => {
            const s = [];
            for (let i = 0; i < n; i++) {
              const t = performance.now();
              fn(i);
              s.push(performance.now() - t);
            }
            s.sort((a, b) => a - b);
            return s[n >> 1];
          };
          const typed = (base) => (i) => e.check_and_xml(Object.assign({}, base, { ref: '04AMIDEX'.slice(0, i % 9) }), {});
          return { draft: med(typed(f), 300), sent: med(typed(sent), 300), fingerprint: med(() => e.fingerprint(xml), 300) };
        }, form),
      );
      if (page.errors.length) throw new Error(page.errors.join('\n'));
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`50 lines, medians over ${rounds} interleaved rounds, ms`);
console.table(
  served.map((b) => ({
    build: b.name,
    'draft check_and_xml': median(b.runs.map((r) => r.draft)),
    'sent check_and_xml': median(b.runs.map((r) => r.sent)),
    'fingerprint (73 KB XML in)': median(b.runs.map((r) => r.fingerprint)),
  })),
);

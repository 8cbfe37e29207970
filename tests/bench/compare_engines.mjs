// Engine builds against each other in the browser benchmark, in the same minutes: the
// figures of a shared machine move with its load, so builds are only compared when their
// runs are interleaved (A B C, A B C...).
//
//   node tests/bench/compare_engines.mjs [--rounds 3] [--quick] NAME=DIR [NAME=DIR...]
//
// Each DIR holds an engine module's `chorus_guard.js` and `chorus_guard_bg.wasm` (a build
// of another commit, e.g. `git show <commit>:odoo_addon/.../chorus_guard_bg.wasm`, or
// `npm run build`'s output copied aside). For each round and each build, the build's two
// files are put in place of the committed engine (the benchmark page loads that one) and
// browser_bench.mjs runs; the committed files are put back at the end, whatever happens.
// Prints, per build, the median over the rounds of each run's medians: the keystroke and
// its engine call (`check_and_xml`) at 1, 50 and 1000 lines. Needs the fixtures
// (`cargo bench --bench fixtures_dump -- tests/bench/out/fixtures`).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../browser/lib/server.mjs';
import { browserBench } from './browser_bench.mjs';

const LIB = path.join(repoRoot, 'odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard');
const FILES = ['chorus_guard.js', 'chorus_guard_bg.wasm'];

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
const builds = args
  .filter((a, i) => a.includes('=') && args[i - 1] !== '--rounds')
  .map((a) => {
    const [name, dir] = a.split('=');
    for (const f of FILES) {
      if (!fs.existsSync(path.join(dir, f))) throw new Error(`${name}: ${path.join(dir, f)} missing`);
    }
    return { name, dir, runs: [] };
  });
if (builds.length === 0) {
  console.error('usage: node tests/bench/compare_engines.mjs [--rounds N] [--quick] NAME=DIR [NAME=DIR...]');
  process.exit(2);
}

const saved = Object.fromEntries(FILES.map((f) => [f, fs.readFileSync(path.join(LIB, f))]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const build of builds) {
      for (const f of FILES) fs.copyFileSync(path.join(build.dir, f), path.join(LIB, f));
      const result = await browserBench({ quick });
      build.runs.push(result.sizes);
      const s = result.sizes[50];
      console.error(`round ${round + 1}, ${build.name}: 50 lines keystroke ${s.keystroke.median.toFixed(3)} ms, check_and_xml ${s.engine.median.toFixed(3)} ms`);
    }
  }
} finally {
  for (const f of FILES) fs.writeFileSync(path.join(LIB, f), saved[f]);
}

const rows = [];
for (const build of builds) {
  const row = { build: build.name, rounds: build.runs.length };
  for (const n of [1, 50, 1000]) {
    row[`keystroke ${n}`] = median(build.runs.map((r) => r[n].keystroke.median));
    row[`check_and_xml ${n}`] = median(build.runs.map((r) => r[n].engine.median));
  }
  row['invoice xml 1000'] = median(build.runs.map((r) => r[1000].invoice_xml.median));
  rows.push(row);
}
console.log(`medians over ${rounds} interleaved rounds of each run's medians, ms`);
console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(3)) : v]))));

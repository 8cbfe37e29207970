// The browser benchmark (issue 5): www/bench.html in headless Chromium (Debian's, through
// playwright-core, as the browser tests), served locally with cross-origin isolation so
// that performance.now() has its fine resolution (5 µs rather than 100 µs).
//
//   node tests/bench/browser_bench.mjs [--quick] [--out file.json]
//
// Needs `npm run build` (the module) and the fixtures (`npm run bench` writes them to
// tests/bench/out/fixtures/). Prints a short table; --out also writes the JSON.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, startServer } from '../browser/lib/server.mjs';
import { launchBrowser } from '../browser/lib/browser.mjs';

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

export async function browserBench({ quick = false } = {}) {
  const fixtures = path.join(repoRoot, 'tests/bench/out/fixtures/form-1.json');
  if (!fs.existsSync(fixtures)) throw new Error(`${fixtures} missing: run \`npm run bench\``);
  const wasm = path.join(repoRoot, 'odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard/chorus_guard_bg.wasm');
  const pdfWasm = path.join(path.dirname(wasm), 'chorus_guard_pdf_bg.wasm');
  for (const f of [wasm, pdfWasm]) if (!fs.existsSync(f)) throw new Error(`${f} missing: run \`npm run build\``);
  // Cross-origin isolated, so that performance.now() has its fine resolution (5 µs).
  const server = await startServer({
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  });
  const url = server.url('/www/bench.html');
  const browser = await launchBrowser();
  try {
    // Cold start: each sample in a new page, so the glue script is fetched too. Then, in
    // the same page, the PDF module's on-demand load (fetch + compile + instantiate, its
    // glue too): what the first « PDF Factur-X » download waits for.
    const cold = [];
    const pdfLoad = [];
    for (let i = 0; i < (quick ? 3 : 9); i++) {
      const page = await browser.newPage();
      await page.goto(url);
      cold.push(await page.evaluate(() => window.ChorusGuardBench.coldStart()));
      pdfLoad.push(
        await page.evaluate(async (n) => {
          const lib = '../odoo_addon/l10n_fr_chorus_guard/static/lib/chorus_guard/';
          const t0 = performance.now();
          const m = await window.ChorusGuardEngine.loadPdf({
            wasmUrl: `${lib}chorus_guard_pdf_bg.wasm?cold=${Date.now()}-${n}`,
            glueUrl: `${lib}chorus_guard_pdf.js`,
          });
          const ms = performance.now() - t0;
          m.version();
          return ms;
        }, i),
      );
      if (page.errors.length) throw new Error(page.errors.join('\n'));
      await page.close();
    }
    const page = await browser.newPage();
    await page.goto(url);
    const keystrokes = quick ? { 1: 100, 50: 100, 1000: 10 } : { 1: 400, 50: 400, 1000: 40 };
    const result = await page.evaluate((k) => window.ChorusGuardBench.run({ keystrokes: k }), keystrokes);
    if (page.errors.length) throw new Error(page.errors.join('\n'));
    result.cold_start_samples = cold;
    result.cold_start = {
      first_ms: cold[0].total_ms,
      median_ms: median(cold.map((c) => c.total_ms)),
      median_load_ms: median(cold.map((c) => c.load_ms)),
      median_first_check_ms: median(cold.map((c) => c.first_check_ms)),
    };
    result.pdf_module_load = { first_ms: pdfLoad[0], median_ms: median(pdfLoad), samples: pdfLoad };
    result.module = { raw_bytes: fs.statSync(wasm).size, pdf_raw_bytes: fs.statSync(pdfWasm).size };
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

function fmt(ms) {
  return ms < 1 ? ms.toFixed(3) : ms.toFixed(2);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const outIndex = process.argv.indexOf('--out');
  const result = await browserBench({ quick });
  if (outIndex > 0) fs.writeFileSync(process.argv[outIndex + 1], JSON.stringify(result, null, 1));
  console.log(`chromium: ${result.user_agent}`);
  console.log(`timer resolution ${result.timer_resolution_ms} ms, cross-origin isolated: ${result.cross_origin_isolated}`);
  console.log(`cold start: first ${fmt(result.cold_start.first_ms)} ms, median ${fmt(result.cold_start.median_ms)} ms`);
  console.log(
    `PDF module on demand (fetch + compile + instantiate): first ${fmt(result.pdf_module_load.first_ms)} ms, ` +
      `median ${fmt(result.pdf_module_load.median_ms)} ms`,
  );
  console.log(`modules: engine ${result.module.raw_bytes} bytes raw, PDF ${result.module.pdf_raw_bytes} bytes raw`);
  for (const [n, s] of Object.entries(result.sizes)) {
    console.log(
      `${n.padStart(5)} lines: keystroke median ${fmt(s.keystroke.median)} ms p99 ${fmt(s.keystroke.p99)} ms ` +
        `(check_and_xml ${fmt(s.engine.median)}, render ${fmt(s.render.median)}, ` +
        `XML preview ${fmt(s.preview.median)}; without the preview: median ${fmt(s.keystroke_without_preview.median)} ` +
        `p99 ${fmt(s.keystroke_without_preview.p99)}); preview opened: ${fmt(s.preview_open_write.median)} ms a frame; ` +
        `invoice xml ${fmt(s.invoice_xml.median)} ms, check ${fmt(s.invoice_check.median)} ms; ` +
        `memory ${(s.memory.after_bytes / 1048576).toFixed(1)} MB`,
    );
  }
  for (const [n, s] of Object.entries(result.reform || {})) {
    console.log(
      `${n.padStart(5)} lines, French reform (B2B, EN 16931 + BR-FR, fr-ctc file): keystroke median ` +
        `${fmt(s.keystroke.median)} ms p99 ${fmt(s.keystroke.p99)} ms (check_and_xml ${fmt(s.engine.median)})`,
    );
  }
}

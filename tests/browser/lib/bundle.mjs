// The addon's backend JavaScript bundled the way Odoo 14 bundles web.assets_backend:
// every <script src> of views/assets.xml's web.assets_backend inheritance, in order, each
// minified by PyPI rjsmin 1.1.0 (what odoo/addons/base/models/assetsbundle.py calls), then
// joined with ';\n' into ONE classic script. A file that only works on its own (module
// syntax, a missing semicolon, a top-level `let` clash) breaks this bundle as it would
// break Odoo's.
//
//   import { backendScripts, buildBundle } from './lib/bundle.mjs';
//   const js = buildBundle();            // throws when rjsmin is missing
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { repoRoot, TYPES } from './server.mjs';

export const addonName = 'l10n_fr_chorus_guard';
export const addonRoot = path.join(repoRoot, 'odoo_addon', addonName);
export const assetsXml = path.join(addonRoot, 'views', 'assets.xml');

/**
 * The script URLs of the web.assets_backend inheritance in views/assets.xml, in order.
 * A regex reading is enough for this file's shape; it refuses what it does not expect.
 */
export function backendScripts(xmlPath = assetsXml) {
  const xml = fs.readFileSync(xmlPath, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const templates = [...xml.matchAll(/<template\b([^>]*)>([\s\S]*?)<\/template>/g)];
  const backend = templates.find((m) => /inherit_id="web\.assets_backend"/.test(m[1]));
  if (!backend) throw new Error(`${xmlPath}: no template inheriting web.assets_backend`);
  const srcs = [...backend[2].matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  if (!srcs.length) throw new Error(`${xmlPath}: no <script src> in web.assets_backend`);
  return srcs;
}

/** `/l10n_fr_chorus_guard/static/...` → the file in the repository. */
export function urlToFile(url) {
  const prefix = `/${addonName}/`;
  if (!url.startsWith(prefix)) throw new Error(`asset outside the addon: ${url}`);
  return path.join(addonRoot, url.slice(prefix.length).split('?')[0]);
}

const MINIFY = `
import json, sys
import rjsmin
if rjsmin.__version__ != "1.1.0":
    sys.exit("rjsmin 1.1.0 expected (Odoo 14's), found " + rjsmin.__version__)
out = []
for path in json.load(sys.stdin):
    with open(path, encoding="utf-8") as f:
        out.append(rjsmin.jsmin(f.read()))
json.dump(out, sys.stdout)
`;

/** A Python that has rjsmin: $CG_PYTHON, the repository's .venv, /tmp/cgvenv, python3. */
export function findPython() {
  const candidates = [
    process.env.CG_PYTHON,
    path.join(repoRoot, '.venv', 'bin', 'python'),
    '/tmp/cgvenv/bin/python',
    'python3',
  ].filter(Boolean);
  for (const py of candidates) {
    try {
      execFileSync(py, ['-c', 'import rjsmin'], { stdio: 'ignore' });
      return py;
    } catch {
      // next one
    }
  }
  throw new Error(
    'no Python with rjsmin: run `bash tests/tools/setup.sh` (tests/requirements.txt pins rjsmin==1.1.0) or set CG_PYTHON',
  );
}

/** Each file minified by rjsmin, in the bundle's order: [{url, file, code}]. */
export function minifiedAssets(urls = backendScripts()) {
  const files = urls.map(urlToFile);
  for (const f of files) {
    if (!fs.existsSync(f)) {
      throw new Error(`${f} is missing${f.includes('/static/lib/') ? ' (run `npm run build`)' : ''}`);
    }
  }
  const out = execFileSync(findPython(), ['-c', MINIFY], {
    input: JSON.stringify(files),
    maxBuffer: 64 * 1024 * 1024,
  });
  const codes = JSON.parse(out.toString('utf8'));
  return urls.map((url, i) => ({ url, file: files[i], code: codes[i] }));
}

/** The bundle, as Odoo 14 serves /web/content/…/web.assets_backend.js. */
export function buildBundle(urls) {
  return minifiedAssets(urls)
    .map((a) => a.code)
    .join(';\n');
}

/**
 * What Odoo 14's web client loads for a French user (`/web/webclient/translations`): the
 * addon's fr.po entries marked `#. openerp-web`, {msgid: msgstr}.
 */
export function webTranslations() {
  const po = fs.readFileSync(path.join(addonRoot, 'i18n/fr.po'), 'utf8');
  const out = {};
  for (const block of po.split('\n\n')) {
    if (!block.includes('#. openerp-web')) continue;
    // msgid and msgstr, each a quoted string possibly continued on the next quoted lines.
    const entry = { msgid: '', msgstr: '' };
    let current = null;
    for (const line of block.split('\n')) {
      const head = /^(msgid|msgstr) (".*")$/.exec(line);
      if (head) {
        current = head[1];
        entry[current] = JSON.parse(head[2]);
      } else if (current && line.startsWith('"')) {
        entry[current] += JSON.parse(line);
      }
    }
    if (entry.msgid && entry.msgstr) out[entry.msgid] = entry.msgstr;
  }
  return out;
}

/**
 * Serves the harness with Odoo's URL layout: the bundle at
 * /web/content/web.assets_backend.js, the addon's files at /<addon>/static/…, the harness
 * under /tests/browser/. `serving` is read on each request, so a test can change it:
 * { failEngine: the .wasm answers 404, wasmType: its Content-Type, requests: [] (filled) }.
 * Resolves to { origin, close() }.
 */
export async function startAssetServer(serving = {}, bundle = buildBundle()) {
  const http = await import('node:http');
  const handle = (req, res) => {
    const url = new URL(req.url, 'http://x');
    (serving.requests ??= []).push(url.pathname + url.search);
    const send = (status, body, type) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/web/content/web.assets_backend.js') return send(200, bundle, TYPES['.js']);
    if (url.pathname === '/web/webclient/translations.js') {
      return send(200, `window.__cgWebTranslations = ${JSON.stringify(webTranslations())};`, TYPES['.js']);
    }
    let file = null;
    if (url.pathname.startsWith(`/${addonName}/static/`)) {
      file = path.join(addonRoot, url.pathname.slice(addonName.length + 2));
    } else if (url.pathname.startsWith('/tests/browser/')) {
      file = path.join(repoRoot, url.pathname);
    }
    if (!file || !file.startsWith(repoRoot + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      return send(404, 'not found', 'text/plain');
    }
    const ext = path.extname(file);
    if (serving.failEngine && ext === '.wasm') return send(404, 'not found', 'text/plain');
    const type = ext === '.wasm' ? serving.wasmType || TYPES['.wasm'] : TYPES[ext] || 'application/octet-stream';
    send(200, fs.readFileSync(file), type);
  };
  const server = http.createServer(handle);
  await new Promise((r) => server.listen(Number(process.env.PORT_HARNESS || 0), '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}

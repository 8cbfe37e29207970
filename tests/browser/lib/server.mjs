// A tiny static file server for the browser tests and the demo: serves one directory
// (the repository by default) on 127.0.0.1, with the right Content-Types.
//
//   import { startServer } from './lib/server.mjs';
//   const srv = await startServer({ root: repoRoot, port: 0, wasmAsTextPlain: false });
//   srv.url('/www/index.html'); ... await srv.close();
//
// `wasmAsTextPlain: true` types `.wasm` as `text/plain`, like a misconfigured server
// (or Odoo's static route on some setups), to test the loader's fallback path.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Content-Type by file extension; the Odoo harness (bundle.mjs) serves with the same. */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Starts the server. Options:
 * - root: directory served (default: the repository root)
 * - port: 0 picks a free port (default 0)
 * - host: default '127.0.0.1'
 * - wasmAsTextPlain: serve .wasm as text/plain (default false)
 * - index: file served for a directory (default 'index.html')
 * - log: function called with each "METHOD path status" line (default: none)
 * - headers: extra headers on every file served (default: none), e.g. the cross-origin
 *   isolation the benchmark page needs for fine timers
 * Resolves to { server, port, origin, url(p), close() }.
 */
export function startServer(options = {}) {
  const root = path.resolve(options.root ?? repoRoot);
  const host = options.host ?? '127.0.0.1';
  const index = options.index ?? 'index.html';
  const log = options.log ?? (() => {});

  const server = http.createServer((req, res) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
      log(`${req.method} ${req.url} ${status}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad request');
    }
    // Never serve outside the root, whatever the ../ and encoded tricks.
    let file = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'forbidden');
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { Location: pathname + '/' });
          res.end();
          return log(`${req.method} ${req.url} 301`);
        }
        file = path.join(file, index);
      }
      fs.readFile(file, (err2, data) => {
        if (err2) return send(404, 'not found: ' + pathname);
        const ext = path.extname(file).toLowerCase();
        let type = TYPES[ext] ?? 'application/octet-stream';
        if (ext === '.wasm' && options.wasmAsTextPlain) type = 'text/plain';
        res.writeHead(200, {
          ...options.headers,
          'Content-Type': type,
          'Content-Length': data.length,
          'Cache-Control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : data);
        log(`${req.method} ${req.url} 200`);
      });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const port = server.address().port;
      const origin = `http://${host}:${port}`;
      resolve({
        server,
        port,
        origin,
        url: (p = '/') => origin + (p.startsWith('/') ? p : '/' + p),
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

// `node tests/browser/lib/server.mjs [root] [port]` serves a directory by hand.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? repoRoot;
  const port = Number(process.argv[3] ?? process.env.PORT ?? 8080);
  startServer({ root, port, log: console.log }).then((s) => console.log(`serving ${root} at ${s.url('/')}`));
}

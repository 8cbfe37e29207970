#!/usr/bin/env bash
# `npm start`: the live demo. On a fresh machine it installs what it lacks (npm packages;
# `npm run build` adds the wasm32 target and the pinned wasm-bindgen-cli), builds the
# engine for the browser, then serves the repository with the demo (www/) at
# http://127.0.0.1:${PORT:-8080}/ until Ctrl-C. The whole repository is served because
# the demo loads the engine and the UI layer from the Odoo addon's static directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${PORT:-8080}
command -v node >/dev/null || { echo "start: node (20 or later) is required" >&2; exit 1; }

if [ ! -d node_modules ]; then
  echo "start: npm install"
  npm install --no-audit --no-fund --loglevel=error
fi

echo "start: building the engine (npm run build)"
npm run --silent build

export CG_PORT="$port"
exec node --input-type=module -e '
import { startServer, repoRoot } from "./tests/browser/lib/server.mjs";

const port = Number(process.env.CG_PORT);
const srv = await startServer({ root: repoRoot, port, host: "127.0.0.1" }).catch((e) => {
  console.error(`start: cannot listen on 127.0.0.1:${port} (${e.code || e.message}); try PORT=8081 npm start`);
  process.exit(1);
});
// "/" is the demo: redirect the bare root to /www/, serve everything else as files.
const [files] = srv.server.listeners("request");
srv.server.removeAllListeners("request");
srv.server.on("request", (req, res) => {
  const p = (req.url || "/").split("?")[0];
  if (p === "/" || p === "/index.html") {
    res.writeHead(302, { Location: "/www/" });
    res.end();
    return;
  }
  files(req, res);
});
console.log(`Chorus Guard demo: http://127.0.0.1:${srv.port}/  (Ctrl-C to stop)`);
const stop = () => srv.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
'

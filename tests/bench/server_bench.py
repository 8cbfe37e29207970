"""The server path (issue 5): the engine as Odoo runs it, wasmtime from Python through
the addon's shim (odoo_addon/l10n_fr_chorus_guard/engine/wasm_engine.py), on the bench
invoices.

    python tests/bench/server_bench.py <fixtures dir> [--quick]

Measures, for check (the form state) and xml (the invoice) at 1, 50 and 1000 lines:
- instantiate + call: a fresh instance (new store, new memory) then the call, as the
  first call of a worker or the call after a trap;
- call on a warm instance, through the shim (JSON encoding and decoding included);
- the engine alone on a warm instance, as the shim's `_Instance.call` does it: the
  request's bytes (JSON already encoded) written into the module's input buffer, one
  `cg_call`, the answer's bytes read back, neither decoded (what compares with the
  native `JSON text →` benchmarks, which parse the JSON and leave the result in memory);
and once: the module's compilation, an instantiation alone, and the cost of one call
into the module whatever the work (`call_ms`: engine alone for `version`, whose work is
next to nothing); and the worker start (issue 11): fresh Python processes, each importing
the shim and wasmtime and getting the engine ready (its first call answered), with the
compiled module in a warm cache directory (as every Odoo worker after the first) and
without cache (as before the cache): medians over several processes, with the import of
wasmtime apart.
Prints one JSON object; {"skipped": reason} when the shim or its module is absent.
"""

import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from sampling import measure

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHIM = os.path.join(ROOT, "odoo_addon", "l10n_fr_chorus_guard", "engine", "wasm_engine.py")
SIZES = (1, 50, 1000)


def median_ms(fn, budget_s, min_samples=5, max_samples=300):
    return measure(fn, budget_s, min_samples, max_samples)["median_ms"]


def load_shim():
    spec = importlib.util.spec_from_file_location("chorus_guard_wasm_engine", SHIM)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quick = "--quick" in sys.argv
    if not args:
        sys.exit("usage: server_bench.py <fixtures dir> [--quick]")
    directory = args[0]
    budget = 0.3 if quick else 1.5
    if not os.path.isfile(SHIM):
        print(json.dumps({"skipped": "the server shim (engine/wasm_engine.py) is not on this branch"}))
        return
    try:
        shim = load_shim()
        t0 = time.perf_counter()
        engine = shim.Engine(cache_dir=False)
        compile_ms = (time.perf_counter() - t0) * 1000.0
    except Exception as e:  # no module built, no wasmtime: say so, do not fail the run
        print(json.dumps({"skipped": f"{type(e).__name__}: {e}"[:300]}))
        return
    import wasmtime

    out = {
        "versions": {"wasmtime": getattr(wasmtime, "__version__", None) or _version("wasmtime")},
        "module_bytes": os.path.getsize(engine.path),
        "compile_ms": compile_ms,
        "instantiate_ms": median_ms(
            lambda: shim._Instance(engine._wasmtime, engine._engine, engine.module), budget
        ),
        "sizes": {},
    }
    engine.version()
    warm = engine._instance
    out["call_ms"] = median_ms(lambda: warm.call(b"version", b""), budget)
    for n in SIZES:
        with open(os.path.join(directory, f"form-{n}.json"), encoding="utf-8") as f:
            form = json.load(f)
        with open(os.path.join(directory, f"invoice-{n}.json"), encoding="utf-8") as f:
            invoice = json.load(f)
        # The engine-only requests are the shim's own (`_with_input`).
        ops = {
            "check": (lambda: engine.check(form), "check", shim._with_input(form)),
            "xml": (lambda: engine.xml(invoice), "xml", shim._with_input(invoice)),
        }
        sizes = out["sizes"][str(n)] = {}
        for name, (call, op, args) in ops.items():

            def cold(call=call):
                engine._instance = None
                call()

            encoded = json.dumps(args, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

            def raw(op=op, encoded=encoded):
                engine._instance.call(op.encode("utf-8"), encoded)

            call()
            sizes[name] = {
                "instantiate_and_call_ms": median_ms(cold, budget, max_samples=60),
                "warm_call_ms": median_ms(call, budget),
            }
            call()
            sizes[name]["engine_only_ms"] = median_ms(raw, budget)
            # Linear memory never shrinks: its size now is the high-water mark.
            sizes[name]["memory_bytes"] = engine._instance.memory.data_len(engine._instance.store)
    out["worker_start"] = worker_start(3 if quick else 9)
    print(json.dumps(out, indent=1))


# One fresh worker: the shim loaded, wasmtime imported, the engine made and its first
# call answered; times in ms, measured inside the process.
WORKER = """
import importlib.util, json, sys, time
t0 = time.perf_counter()
spec = importlib.util.spec_from_file_location("shim", sys.argv[1])
shim = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shim)
import wasmtime
t1 = time.perf_counter()
engine = shim.Engine(cache_dir=sys.argv[2] if sys.argv[2] != "-" else False)
engine.version()
t2 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1e3, "ready_ms": (t2 - t1) * 1e3,
                  "status": engine.cache_status}))
"""


def worker_start(runs):
    def one(cache_dir):
        done = subprocess.run(
            [sys.executable, "-c", WORKER, SHIM, cache_dir],
            stdout=subprocess.PIPE,
            check=True,
        )
        return json.loads(done.stdout.decode())

    with tempfile.TemporaryDirectory() as directory:
        first = one(directory)
        warm = [one(directory) for _ in range(runs)]
    cold = [one("-") for _ in range(max(1, runs // 3))]
    assert first["status"] == "miss" and all(w["status"] == "hit" for w in warm), (first, warm)

    def median(samples, key):
        return statistics.median(s[key] for s in samples)

    return {
        "runs": runs,
        "warm_cache_ready_ms": median(warm, "ready_ms"),
        "warm_cache_ready_max_ms": max(w["ready_ms"] for w in warm),
        "no_cache_ready_ms": median(cold, "ready_ms"),
        "first_worker_ready_ms": first["ready_ms"],
        "import_wasmtime_ms": median(warm, "import_ms"),
    }


def _version(package):
    try:
        import importlib.metadata

        return importlib.metadata.version(package)
    except Exception:
        return None


if __name__ == "__main__":
    main()

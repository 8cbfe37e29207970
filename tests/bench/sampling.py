"""How the Python benchmarks time a call (server_bench.py, peers_bench.py): one warm-up
call, then samples until the time budget is spent or max_samples is reached, never fewer
than min_samples."""
import statistics
import time


def measure(fn, budget_s, min_samples=5, max_samples=200):
    """{"median_ms", "samples"} of repeated calls of fn."""
    fn()
    samples = []
    started = time.perf_counter()
    while len(samples) < max_samples and (
        len(samples) < min_samples or time.perf_counter() - started < budget_s
    ):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000.0)
    return {"median_ms": statistics.median(samples), "samples": len(samples)}

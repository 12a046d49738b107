"""Load on gunicorn as deployed: 50 users for 3 minutes, then again with a worker killed mid-run (not a test).

    .venv/bin/pip install locust   # once; the benchmark's own tool, not a dependency of Renda
    .venv/bin/python bench/load.py [--users 50] [--duration 180] [--reuse] [--no-kill]
        [--database-url postgres://postgres@127.0.0.1:5432/renda_load] [--workers 2] [--threads 4]

It loads the demo into a scratch PostgreSQL database (dropped and made anew unless `--reuse` finds
it), collects the static files, and starts gunicorn with gunicorn.conf.py (DEBUG off, 127.0.0.1
only, the given workers and threads). Locust, headless and in this process, then runs `--users`
simulated people for `--duration` seconds: committee staff, directors, unit clerks and deputies
signed in with the demo password, and anonymous visitors of the public portal, each waiting 0.5-2 s
between pages. A second run does the same and SIGKILLs one gunicorn worker half-way (the master
starts another). Each run prints, per page: requests, requests per second, p50/p95/p99 in ms and
errors (HTTP 5xx, connection resets and other failures counted apart).
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402 - gevent patches the standard library first
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import psycopg2  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from psycopg2 import sql  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "jixian-demo"  # noqa: S105 - the demo accounts' published password
SECRET = "bench-load-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=180, help="Seconds of each run (180).")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/renda_load")
    parser.add_argument("--reuse", action="store_true", help="Keep the demo database made before.")
    parser.add_argument("--no-kill", action="store_true", help="Only the run without a killed worker.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8091)
    return parser.parse_args()


def _environment(url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "GUNICORN_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_HTTPS="false",
        DJANGO_LOG_LEVEL="ERROR",
    )
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare(url: str, reuse: bool) -> dict:
    env = _environment(url)
    server, name = url.rsplit("/", 1)
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if not (reuse and exists):
            quoted = sql.Identifier(name)
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(quoted))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(quoted))
    admin.close()
    _manage(env, "migrate", "--noinput", "-v0")  # a database kept from before gets what is new
    if not (reuse and exists):
        _manage(env, "load_demo", "--force")  # a scratch database: the demo on purpose
    if not (reuse and (ROOT / "staticfiles" / "staticfiles.json").exists()):
        _manage(env, "collectstatic", "--noinput", "-v0")
    return env


def start_server(env: dict, args) -> subprocess.Popen:
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "renda.wsgi"], cwd=ROOT, env=env, start_new_session=True
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("gunicorn did not answer /healthz")


def workers_of(server: subprocess.Popen) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    return [int(pid) for pid in found.stdout.split()]


# --- The simulated people -----------------------------------------------------------------------


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="sign-in page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )

    @task(3)
    def home(self):
        self.client.get("/accounts/home/", name="home")

    @task(1)
    def notifications(self):
        self.client.get("/core/notifications/", name="notifications")


class Staff(SignedIn):
    weight = 4
    username = "staff"

    @task(3)
    def ledger(self):
        self.client.get("/proposals/", name="suggestion ledger")

    @task(2)
    def ledger_search(self):
        self.client.get("/proposals/?q=%E9%81%93%E8%B7%AF", name="suggestion ledger ?q=")

    @task(2)
    def overdue(self):
        self.client.get("/dashboard/overdue/", name="overdue board")

    @task(1)
    def roster(self):
        self.client.get("/deputies/", name="deputy roster")

    @task(1)
    def supervision(self):
        self.client.get("/supervision/ledger/", name="supervision ledger")

    @task(1)
    def receptions(self):
        self.client.get("/liaison/receptions/", name="receptions")


class Director(SignedIn):
    weight = 1
    username = "director"

    @task(2)
    def dashboard(self):
        self.client.get("/dashboard/", name="dashboard")

    @task(1)
    def overdue(self):
        self.client.get("/dashboard/overdue/", name="overdue board")


class UnitClerk(SignedIn):
    weight = 2
    username = "unit"

    @task(3)
    def queue(self):
        self.client.get("/proposals/unit/", name="unit queue")

    @task(1)
    def items(self):
        self.client.get("/supervision/unit/", name="unit rectification items")


class Deputy(SignedIn):
    weight = 2
    username = "deputy"

    @task(3)
    def mine(self):
        self.client.get("/proposals/mine/", name="my suggestions")

    @task(1)
    def me(self):
        self.client.get("/deputies/me/", name="my record")


class Visitor(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    @task(3)
    def portal(self):
        self.client.get("/public/", name="public portal")

    @task(1)
    def search(self):
        self.client.get("/public/search/?q=%E8%8B%B9%E6%9E%9C", name="public search")


# --- A run and its table ------------------------------------------------------------------------


def _kind(error: str) -> str:
    text = error.lower()
    if any(
        word in text for word in ("reset", "remotedisconnected", "connection aborted", "remote end closed")
    ):
        return "resets"
    if re.search(r"\b5\d\d\b", text):
        return "5xx"
    return "other"


def _line(name: str, entry, seconds: float, kinds: Counter) -> str:
    p50, p95, p99 = (entry.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99))
    return (
        f"{name:<28} {entry.num_requests:>8} {entry.num_requests / seconds:>7.1f} {p50:>7.0f} {p95:>7.0f}"
        f" {p99:>7.0f} {kinds['5xx']:>5} {kinds['resets']:>6} {kinds['other']:>5}"
    )


def run(host: str, args, server: subprocess.Popen, *, kill: bool) -> tuple[float, Counter]:
    env = Environment(user_classes=[Staff, Director, UnitClerk, Deputy, Visitor], host=host)
    runner = env.create_local_runner()
    runner.start(args.users, spawn_rate=max(args.users / 10, 1))
    killed = []
    if kill:

        def kill_one():
            pids = workers_of(server)
            if pids:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        gevent.spawn_later(args.duration / 2, kill_one)
    started = time.perf_counter()
    gevent.spawn_later(args.duration, runner.quit)
    runner.greenlet.join()
    seconds = time.perf_counter() - started

    title = f"{args.users} users, {args.duration} s"
    if killed:
        title += f", worker {killed[0]} killed at {args.duration // 2} s"
    print(f"\n{title}")
    columns = (
        ("requests", 8),
        ("req/s", 7),
        ("p50 ms", 7),
        ("p95 ms", 7),
        ("p99 ms", 7),
        ("5xx", 5),
        ("resets", 6),
    )
    header = f"{'page':<28} " + " ".join(f"{c:>{w}}" for c, w in columns) + f" {'other':>5}"
    print(header)
    print("-" * len(header))
    kinds_by_page: dict[str, Counter] = {}
    for error in env.stats.errors.values():
        kinds_by_page.setdefault(error.name, Counter())[_kind(str(error.error))] += error.occurrences
    totals = Counter()
    for (name, _method), entry in sorted(env.stats.entries.items()):
        kinds = kinds_by_page.get(name, Counter())
        totals.update(kinds)
        print(_line(name, entry, seconds, kinds))
    print("-" * len(header))
    print(_line("all", env.stats.total, seconds, totals))
    for error in env.stats.errors.values():
        print(f"  {error.occurrences} x {error.method} {error.name}: {str(error.error)[:160]}")
    return seconds, totals


def main():
    args = parse_args()
    env = prepare(args.database_url, args.reuse)
    server = start_server(env, args)
    host = f"http://127.0.0.1:{args.port}"
    try:
        print(f"gunicorn.conf.py, {args.workers} workers x {args.threads} threads; {args.database_url}")
        run(host, args, server, kill=False)
        if not args.no_kill:
            run(host, args, server, kill=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


if __name__ == "__main__":
    main()

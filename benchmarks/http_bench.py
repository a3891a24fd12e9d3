"""Benchmark (not a test): the portal's pages under load at national scale, in one run.

    .venv/bin/python benchmarks/http_bench.py [--talents 5000] [--seconds 10] [--connections 16]

Uses a database `portal_bench` beside the configured one (the embedded PostgreSQL unless
DATABASE_URL is set), filled once with every local government and `seed_scale` profiles; starts
gunicorn (2 workers, DEBUG off, persistent connections) on 127.0.0.1 with a no-op view mounted;
signs a municipal staff member in; then runs wrk against each URL for a bounded time and prints
req/s, p50/p90/p99 and each page's throughput as a share of the no-op view's (anonymous pages
against the anonymous no-op, signed-in pages against the signed-in no-op), all from the same run.
Only 127.0.0.1 is ever contacted; gunicorn is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_database_url() -> str:
    """The URL of `portal_bench` on the configured server, created if missing (kept between runs)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django
    from django.conf import settings

    django.setup()
    import psycopg

    db = settings.DATABASES["default"]
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'portal_bench'").fetchone():
            conn.execute("CREATE DATABASE portal_bench")
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@/portal_bench?host={db['HOST']}&port={params['port']}"


def steady_state(database_url: str) -> None:
    """VACUUM (ANALYZE) the bench database, as autovacuum keeps a production one: freshly bulk-inserted
    rows carry no hint bits and no visibility map, so the first reads of every page would otherwise
    write it back and index-only scans could not be chosen (measured: the coordinator's queue count
    9 ms on a just-seeded table, 3 ms after VACUUM)."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from portal.models import User
from django.db.models import Count
from council.models import Meeting
from procurement.models import Project
from talentpool.models import ProficiencyLevel, SkillRole, SupportTheme
import time
from portal import second_factor


def signed_in(email, *, second_factor_passed=False):
    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if second_factor_passed:  # as after a TOTP code: the coordinator's role needs one
        session[second_factor.SESSION_KEY] = {"user": str(user.pk), "at": time.time()}
    session.create()
    return session.session_key


print(json.dumps({
    "session": signed_in("bench.staff@scale.invalid"),
    "coordinator": signed_in("bench.coordinator@scale.invalid", second_factor_passed=True),
    "role": SkillRole.objects.get(code="data_engineer").pk,
    "level": ProficiencyLevel.objects.get(level=3).pk,
    "theme": SupportTheme.objects.get(code="security").pk,
    "meeting": Meeting.objects.filter(venue__startswith="（規模試験）").order_by("-starts_at").first().pk,
    "project": Project.objects.filter(title__startswith="（規模試験）", lead_body__lg_code="340006")
    .annotate(n=Count("participants")).order_by("-n", "pk").first().pk,
}))
"""


def pages(ids: dict) -> list[tuple[str, str, bool | str]]:
    """(label, path, signed in: False, True for the municipal staff member, or "coordinator")."""
    return [
        ("no-op view (anonymous)", "/bench/noop", False),
        ("no-op view (signed in)", "/bench/noop", True),
        ("home (anonymous)", "/", False),
        ("organisation list (anonymous)", "/organisations/", False),
        ("job list (anonymous)", "/talent/jobs/", False),
        ("dashboard", "/dashboard/", True),
        ("home (signed in)", "/", True),
        ("organisation list (signed in)", "/organisations/", True),
        ("talent search: no filter", "/talent/", True),
        ("talent search: role + level", f"/talent/?role={ids['role']}&min_level={ids['level']}", True),
        ("talent search: theme", f"/talent/?theme={ids['theme']}", True),
        ("talent search: keyword 情報 (2 chars)", "/talent/?q=" + quote("情報"), True),
        ("talent search: keyword システム (4 chars)", "/talent/?q=" + quote("システム"), True),
        ("talent search: free days, sorted", "/talent/?min_free_days=5&sort=-free", True),
        ("dispatch requests (municipal staff)", "/talent/dispatch/", True),
        ("dispatch queue (prefecture coordinator)", "/talent/dispatch/", "coordinator"),
        ("dispatch queue: screening", "/talent/dispatch/?status=screening", "coordinator"),
        ("dashboard (prefecture coordinator)", "/dashboard/", "coordinator"),
        ("procurement projects (coordinator)", "/procurement/", "coordinator"),
        ("procurement project page (coordinator)", f"/procurement/{ids['project']}/", "coordinator"),
        (
            "requirement matrix (coordinator)",
            f"/procurement/{ids['project']}/requirements/matrix/",
            "coordinator",
        ),
        ("council meetings (anonymous)", "/council/", False),
        ("council meeting page (anonymous)", f"/council/meetings/{ids['meeting']}/", False),
        ("council search 情報 (anonymous)", "/council/search/?q=" + quote("情報"), False),
        ("council search 標準化 (signed in)", "/council/search/?q=" + quote("標準化"), True),
    ]


def run_wrk(url: str, *, seconds: int, connections: int, cookie: str | None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for percentile in ("50", "90", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        latency[percentile] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rate": rate, **latency, "non2xx": int(errors.group(1)) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--talents", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--requests", type=int, default=50000, help="dispatch requests in seed_scale")
    parser.add_argument("--projects", type=int, default=500, help="joint procurements")
    parser.add_argument("--meetings", type=int, default=300, help="council meetings (20 materials each)")
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    database_url = bench_database_url()
    env = {**os.environ, "DATABASE_URL": database_url, "DEMO_MODE": "true", "DEBUG": "false"}
    env.pop("REDIS_URL", None)
    manage(env, "migrate", "--no-input")
    manage(env, "load_local_governments")
    manage(env, "load_skill_taxonomies")
    print(manage(env, "seed_scale", "--talents", str(args.talents), "--requests", str(args.requests)).strip())
    import json

    print(manage(env, "seed_scale_procurement", "--projects", str(args.projects)).strip())
    print(manage(env, "seed_scale_council", "--meetings", str(args.meetings)).strip())
    steady_state(database_url)
    ids = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])

    port, redis_port = free_port(), free_port()
    # Production-like: sessions and the signed-in user's cache in Redis (portal.sessions, auth_cache).
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            *("--save", ""),
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    server_env = {
        **env,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CONN_MAX_AGE": "60",
        "BENCHMARK_NOOP": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
    }
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "portal.wsgi:application",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/bench/noop", timeout=2)  # noqa: S310 - our own http URL
                break
            except OSError:
                if time.monotonic() > deadline or gunicorn.poll() is not None:
                    sys.exit("gunicorn did not start")
                time.sleep(0.2)
        cookies = {True: f"sessionid={ids['session']}", "coordinator": f"sessionid={ids['coordinator']}"}
        results = []
        for label, path, signed_in in pages(ids):
            if args.only and args.only not in label and not label.startswith("no-op"):
                continue
            cookie = cookies.get(signed_in)
            run_wrk(base + path, seconds=1, connections=4, cookie=cookie)  # warm up
            measured = run_wrk(base + path, seconds=args.seconds, connections=args.connections, cookie=cookie)
            results.append((label, bool(signed_in), measured))
            print(f"  measured {label}: {measured['rate']:.0f} req/s", file=sys.stderr)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        redis.terminate()
        redis.wait(timeout=10)

    noop = {signed: r["rate"] for label, signed, r in results if label.startswith("no-op")}
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"\n{args.talents} published profiles, gunicorn -w 2, wrk {args.connections} connections", end="")
    print(f" x {args.seconds} s, commit {commit}\n")
    print("| page | req/s | p50 ms | p90 ms | p99 ms | vs no-op | non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, signed_in, r in results:
        ratio = r["rate"] / noop[signed_in] if noop.get(signed_in) else 0
        figures = f"{r['rate']:.0f} | {r['50']:.1f} | {r['90']:.1f} | {r['99']:.1f}"
        print(f"| {label} | {figures} | {ratio:.0%} | {r['non2xx']} |")


if __name__ == "__main__":
    main()

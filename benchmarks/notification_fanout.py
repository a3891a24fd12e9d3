"""Benchmark (not a test): one event fanned out to N recipients, mailed by one Celery worker.

    .venv/bin/python benchmarks/notification_fanout.py [--recipients 2000]

Creates a scratch database on the configured PostgreSQL (embedded unless DATABASE_URL is set),
starts its own redis-server and an aiosmtpd server on 127.0.0.1, and one `celery worker -P solo`.
Reports (1) the time to write the notifications and deliveries, commit and enqueue them, and
(2) the delivery rate from commit until the SMTP server has accepted every message.
Everything stays on this machine and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Counter:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def scratch_database_url() -> str:
    """Create an empty database beside the configured one and return its URL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django
    from django.conf import settings

    django.setup()
    import psycopg

    db = settings.DATABASES["default"]
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute("DROP DATABASE IF EXISTS portal_benchmark")
        conn.execute("CREATE DATABASE portal_benchmark")
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@/portal_benchmark?host={db['HOST']}&port={params['port']}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=2000)
    args = parser.parse_args()

    database_url = scratch_database_url()
    redis_port, smtp_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "PYTHONWARNINGS": "ignore",
    }
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "load_local_governments"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )

    from aiosmtpd.controller import Controller

    counter = Counter()
    smtp = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [
            python,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-P",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        run(env, args.recipients, counter)
    finally:
        worker.terminate()
        worker.wait(30)
        redis.terminate()
        smtp.stop()


def run(env: dict, recipients: int, counter: Counter) -> None:
    # This process now plays the web process: same settings as the worker, pointed at the scratch DB.
    for key in ("DATABASE_URL", "REDIS_URL", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT"):
        os.environ[key] = env[key]
    code = f"""
import time
from django.contrib.auth.hashers import make_password
from django.db import transaction
from portal.models import Delivery, Invitation, Membership, Organisation, Role, User
from portal.notifications import notify

hiroshima = Organisation.objects.get(lg_code="340006")
password = make_password(None)
users = User.objects.bulk_create(
    User(email=f"coord{{i}}@bench.test", full_name=f"担当{{i}}", password=password)
    for i in range({recipients})
)
Membership.objects.bulk_create(
    Membership(user=u, organisation=hiroshima, role=Role.PREFECTURE_COORDINATOR) for u in users
)
invitation = Invitation(email="new@bench.test", full_name="新人", organisation=hiroshima,
                        role=Role.TALENT, invited_by=users[0])
invitation.set_token("benchmark")
invitation.save()
started = time.perf_counter()
with transaction.atomic():
    notify("invitation.sent", target=invitation, recipients=users,
           context={{"name": "新人", "email": "new@bench.test", "organisation": "広島県", "role": "talent",
                    "inviter": "担当0"}})
committed = time.perf_counter()
print(f"COMMIT_AND_ENQUEUE {{committed - started:.3f}}")
print(f"COMMITTED_AT {{time.time() - (time.perf_counter() - committed):.6f}}")
print(f"DELIVERIES {{Delivery.objects.count()}}")
"""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    deadline = time.monotonic() + 600
    while counter.count < recipients and time.monotonic() < deadline:
        time.sleep(0.05)
    elapsed = time.time() - float(lines["COMMITTED_AT"])
    time.sleep(2)
    print(f"recipients:                 {recipients}")
    print(f"deliveries written:         {lines.get('DELIVERIES')}")
    print(f"commit + enqueue:           {float(lines['COMMIT_AND_ENQUEUE']):.3f} s")
    print(f"mails accepted by SMTP:     {counter.count} (after 2 s more: no duplicates if equal)")
    print(
        f"delivery time, one worker:  {elapsed:.2f} s from commit  →  {counter.count / elapsed:.0f} mails/s"
    )


if __name__ == "__main__":
    main()

import subprocess
import sys

from django.conf import settings

from portal.views import _check_broker


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"] == "ok"
    assert data["broker"] == ("ok" if settings.REDIS_URL else "eager")


def test_healthz_is_503_when_the_broker_is_unreachable(client, db, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert _check_broker() == "error"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_pages_carry_a_csp_with_nonces_and_no_unsafe_inline(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "'nonce-" in csp
    assert "frame-ancestors 'none'" in csp


def test_production_settings_pass_the_deploy_check():
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings_production",
        "SECRET_KEY": "x" * 20 + "production-secret-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "portal.example.jp",
        "PATH": "/usr/bin:/bin",
    }
    import os

    for key in ("DATABASE_URL", "REDIS_URL", "XDG_RUNTIME_DIR", "HOME"):
        if key in os.environ:
            env[key] = os.environ[key]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""The production compose file puts a proxy in front and never publishes gunicorn itself."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_only_the_proxy_is_published_and_gunicorn_is_not():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "web:8000" in (ROOT / "deploy/Caddyfile").read_text()


def test_forwarded_headers_are_trusted_only_behind_that_proxy():
    services = compose()["services"]
    web = services["web"]
    assert web["environment"]["TRUST_X_FORWARDED_FOR"] == "true"
    assert "proxy" in services and "ports" not in web
    caddyfile = "\n".join(
        line
        for line in (ROOT / "deploy/Caddyfile").read_text().splitlines()
        if not line.lstrip().startswith("#")
    )
    assert "trusted_proxies" not in caddyfile  # Caddy then ignores X-Forwarded-* sent by clients

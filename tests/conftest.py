"""The fixed cast every test can use, on the real reference data of all local governments.

Home prefecture 広島県 (340006) with 神石高原町 (345458); the other prefecture 岡山県 (330001) with
新庄村 (335860); the national-local liaison council. Each person of the cast has a `make_<name>()`
builder and a fixture of the same name; `build_cast()` makes them all at once (CAST lists them).
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.cache import cache, caches

from portal.celery import app as celery_app
from portal.models import Organisation, Role, User
from portal.reference_data import load_local_governments
from talentpool.services.taxonomy import load_skill_taxonomies
from tests.portal.factories import PASSWORD, TOTP_SECRET, MembershipFactory, UserFactory  # noqa: F401 - re-exported
from tests.second_factor import forget_spent_codes

HIROSHIMA, JINSEKI, KURE = "340006", "345458", "342025"
OKAYAMA, SHINJO = "330001", "335860"
COUNCIL_NAME = "国・地方デジタル共通基盤推進連絡協議会"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real list of local governments once per test database."""
    with django_db_blocker.unblock():
        load_local_governments()
        load_skill_taxonomies()


@pytest.fixture
def reference_data(db):
    """Make sure the reference data exists (transactional tests flush it between tests)."""
    ensure_reference_data()


@pytest.fixture(autouse=True)
def _fast_and_isolated(request, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.LANGUAGE_CODE = "ja"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    # The cache is a database table (rate limits, spent TOTP codes): start each database test with
    # it empty, once that test's database access is set up.
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        cache.clear()
    elif "db" in request.fixturenames or marker:
        # A transactional test flushes every table when it ends; put the reference data back,
        # committed, before this test's transaction starts (one query when it is there).
        with request.getfixturevalue("django_db_blocker").unblock():
            ensure_reference_data()
        request.getfixturevalue("db")
        cache.clear()
    forget_spent_codes()
    caches["fragments"].clear()  # rendered fragments are per process: none leaks between tests
    yield
    celery_app.conf.task_always_eager = eager


# Modules whose outcome depends on the database server's or the broker's own behaviour (triggers,
# locks, generated columns and GIN indexes, migrations, the cache, sessions, Celery over Redis): CI
# runs them a second time against the machine's PostgreSQL and Redis (`-m services`).
SERVICE_MODULES = {
    "tests/portal/test_audit.py",
    "tests/portal/test_auth_cache.py",
    "tests/portal/test_delivery_integration.py",
    "tests/portal/test_delivery_worker.py",
    "tests/portal/test_health_and_settings.py",
    "tests/portal/test_notifications.py",
    "tests/portal/test_outbox.py",
    "tests/portal/test_sessions_and_second_factor.py",
    "tests/portal/test_redis_cache.py",
    "tests/talentpool/test_capacity.py",
    "tests/talentpool/test_dispatch_race.py",
    "tests/talentpool/test_search.py",
    "tests/talentpool/test_search_index.py",
    "tests/talentpool/test_sharing.py",
    "tests/council/test_search.py",
    "tests/council/test_subscriptions.py",
    "tests/council/test_substitute_migration.py",
    "tests/council/test_agenda_migration.py",
    "tests/procurement/test_vendors.py",
}


def pytest_collection_modifyitems(config, items):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for item in items:
        if os.path.relpath(str(item.path), root) in SERVICE_MODULES:
            item.add_marker(pytest.mark.services)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    return {
        **browser_type_launch_args,
        "executable_path": executable,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ja-JP", "timezone_id": "Asia/Tokyo"}


def pytest_configure(config):
    # Sync Playwright keeps an event loop in the main thread; Django must still allow ORM calls there.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def org(lg_code: str) -> Organisation:
    return Organisation.objects.get(lg_code=lg_code)


def make_user(
    email: str,
    *,
    name: str = "",
    role: str | None = None,
    organisation=None,
    mfa: bool = False,
    superuser: bool = False,
) -> User:
    user = UserFactory(
        email=email,
        full_name=name or email.split("@")[0],
        mfa=mfa,
        is_superuser=superuser,
        is_staff=superuser,
    )
    if role:
        MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def ensure_reference_data() -> None:
    """Load the local governments and skill taxonomies unless a transactional test flushed them."""
    if not Organisation.objects.filter(lg_code=HIROSHIMA).exists():
        load_local_governments()
        load_skill_taxonomies()


def make_council() -> Organisation:
    return Organisation.objects.get_or_create(kind=Organisation.Kind.COUNCIL, name=COUNCIL_NAME)[0]


def make_staff() -> User:
    """Staff of 神石高原町 (広島県)."""
    return make_user(
        "staff@jinseki.test", name="神石 職員", role=Role.MUNICIPAL_STAFF, organisation=org(JINSEKI)
    )


def make_approver() -> User:
    """Approver (課長) of 神石高原町, with TOTP enrolled."""
    return make_user(
        "approver@jinseki.test",
        name="神石 課長",
        role=Role.MUNICIPAL_APPROVER,
        organisation=org(JINSEKI),
        mfa=True,
    )


def make_other_staff() -> User:
    """Staff of 新庄村 (岡山県): an outsider to everything in 広島県."""
    return make_user(
        "staff@shinjo.test", name="新庄 職員", role=Role.MUNICIPAL_STAFF, organisation=org(SHINJO)
    )


def make_coordinator() -> User:
    """Coordinator (県DX推進担当) of 広島県, with TOTP enrolled."""
    return make_user(
        "coord@hiroshima.test",
        name="広島 担当",
        role=Role.PREFECTURE_COORDINATOR,
        organisation=org(HIROSHIMA),
        mfa=True,
    )


def make_other_coordinator() -> User:
    """Coordinator of 岡山県, with TOTP enrolled."""
    return make_user(
        "coord@okayama.test",
        name="岡山 担当",
        role=Role.PREFECTURE_COORDINATOR,
        organisation=org(OKAYAMA),
        mfa=True,
    )


def make_prefecture_approver() -> User:
    """Approver (県承認者) of 広島県, with TOTP enrolled."""
    return make_user(
        "approver@hiroshima.test",
        name="広島 承認者",
        role=Role.PREFECTURE_APPROVER,
        organisation=org(HIROSHIMA),
        mfa=True,
    )


def make_talent() -> User:
    """A talent of 広島県's pool who has no profile yet."""
    return make_user("talent@hiroshima.test", name="人材 太郎", role=Role.TALENT, organisation=org(HIROSHIMA))


def make_profiled_talent() -> User:
    """A talent of 広島県's pool who owns a published profile (user.talent_profile)."""
    from tests.talentpool.factories import TalentFactory

    user = make_user("owner@hiroshima.test", name="人材 花子", role=Role.TALENT, organisation=org(HIROSHIMA))
    TalentFactory(user=user, display_name="人材 花子", name_kana="じんざい はなこ")
    return user


def make_secretariat() -> User:
    return make_user(
        "secretariat@council.test",
        name="事務局 員",
        role=Role.COUNCIL_SECRETARIAT,
        organisation=make_council(),
        mfa=True,
    )


def make_council_member() -> User:
    return make_user(
        "member@council.test", name="構成 員", role=Role.COUNCIL_MEMBER, organisation=make_council()
    )


def make_admin_user() -> User:
    return make_user("admin@portal.test", name="管理 者", superuser=True, mfa=True)


@pytest.fixture
def council(db, reference_data):
    return make_council()


@pytest.fixture
def staff(db, reference_data):
    return make_staff()


@pytest.fixture
def approver(db, reference_data):
    return make_approver()


@pytest.fixture
def other_staff(db, reference_data):
    return make_other_staff()


@pytest.fixture
def coordinator(db, reference_data):
    return make_coordinator()


@pytest.fixture
def other_coordinator(db, reference_data):
    return make_other_coordinator()


@pytest.fixture
def prefecture_approver(db, reference_data):
    return make_prefecture_approver()


@pytest.fixture
def talent(db, reference_data):
    return make_talent()


@pytest.fixture
def profiled_talent(db, reference_data):
    return make_profiled_talent()


@pytest.fixture
def secretariat(db, council):
    return make_secretariat()


@pytest.fixture
def council_member(db, council):
    return make_council_member()


@pytest.fixture
def admin_user(db, reference_data):
    return make_admin_user()


# Everyone the access matrix checks every URL against, in the order of its reports.
CAST_MAKERS = {
    "anonymous": lambda: None,
    "staff": make_staff,
    "approver": make_approver,
    "other_staff": make_other_staff,
    "coordinator": make_coordinator,
    "other_coordinator": make_other_coordinator,
    "prefecture_approver": make_prefecture_approver,
    "talent": make_talent,
    "profiled_talent": make_profiled_talent,
    "secretariat": make_secretariat,
    "council_member": make_council_member,
    "admin_user": make_admin_user,
}
CAST = tuple(CAST_MAKERS)


def build_cast() -> dict:
    """The whole cast at once (for module-scoped data such as the access matrix's world)."""
    return {name: make() for name, make in CAST_MAKERS.items()}


@pytest.fixture
def cast(db, reference_data):
    return build_cast()

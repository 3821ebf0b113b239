"""Shared fixtures: a migrated database on SQLite and (when configured) PostgreSQL, and the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from nucsec.db import Base, make_engine, migrate

# One secret key for every test (sessions, audit chain, backup signatures), as on a server;
# without it the key file would be made in the working directory.
TEST_SECRET_KEY = "test-secret-key"
os.environ["NUCSEC_SECRET_KEY"] = TEST_SECRET_KEY
BASE_POSTGRES_URL = os.environ.get("NUCSEC_TEST_POSTGRES_URL")
# Under pytest-xdist each worker (gw0, gw1, ...) gets its own database, `<db>_gw0`, so workers
# that empty or reset their database never disturb each other.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def worker_url(url: str | None, worker: str) -> str | None:
    """The database URL for one xdist worker: the configured one with `_<worker>` appended."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


POSTGRES_URL = worker_url(BASE_POSTGRES_URL, WORKER)
REQUIRE_POSTGRES = os.environ.get("NUCSEC_TEST_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def reset_postgres(engine: Engine) -> None:
    """Drop everything in the test database so each session starts from an empty schema."""
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


def create_worker_database(base_url: str, url: str) -> None:
    """Create the worker's database through the configured one (its role may CREATE DATABASE)."""
    name = make_url(url).database
    if name == make_url(base_url).database:
        return
    admin = make_engine(base_url).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if found is None:
                quoted = conn.dialect.identifier_preparer.quote(name or "")
                conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    if not POSTGRES_URL or not BASE_POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("NUCSEC_TEST_POSTGRES_URL is required in CI")
        pytest.skip("set NUCSEC_TEST_POSTGRES_URL to run the PostgreSQL tests")
    create_worker_database(BASE_POSTGRES_URL, POSTGRES_URL)
    engine = make_engine(POSTGRES_URL)
    reset_postgres(engine)
    migrate(engine)
    yield engine
    engine.dispose()


def empty_tables(engine: Engine) -> None:
    """Delete every row, and reset the audit chain to its genesis head."""
    from nucsec.access.audit import GENESIS
    from nucsec.access.models import AuditHead

    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table is not AuditHead.__table__:
                conn.execute(table.delete())
        conn.execute(AuditHead.__table__.update().values(last_seq=0, last_hash=GENESIS))


def _use_test_key(engine: Engine) -> None:
    from nucsec.access import audit
    from nucsec.config import derive_key

    audit.use_key(engine, derive_key(TEST_SECRET_KEY, audit.CHAIN_PURPOSE))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'nucsec.db'}"
    request.getfixturevalue("postgres_engine")
    return POSTGRES_URL  # type: ignore[return-value]


@pytest.fixture
def engine(backend: str, db_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated, empty database of the parametrised backend."""
    if backend == "sqlite":
        eng = make_engine(db_url)
        migrate(eng)
        yield eng
        eng.dispose()
        return
    eng = request.getfixturevalue("postgres_engine")
    _use_test_key(eng)  # a previous test's app may have registered its own key for this engine
    empty_tables(eng)
    yield eng
    empty_tables(eng)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def _cli_runner(url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    from nucsec.cli.main import main

    monkeypatch.setenv("NUCSEC_DATABASE_URL", url)
    monkeypatch.setenv("NUCSEC_DATA_DIR", str(data_dir))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def cli(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """Run `nucsec ARGS` in-process against the migrated test database: code, stdout, stderr."""
    return _cli_runner(
        str(engine.url.render_as_string(hide_password=False)),
        tmp_path / "data",
        monkeypatch,
        capsys,
    )


@pytest.fixture
def fresh_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    """Run `nucsec ARGS` against a SQLite database that does not exist yet."""
    return _cli_runner(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path / "data", monkeypatch, capsys)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database with the demo data, built once per run and copied by `demo_engine`."""
    from nucsec.access.principal import SYSTEM
    from nucsec.db import transaction
    from nucsec.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    eng = make_engine(f"sqlite:///{path}")
    migrate(eng)
    with transaction(eng, SYSTEM) as session:
        load_demo(session=session)
    with eng.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    eng.dispose()
    return path


@pytest.fixture
def demo_engine(backend: str, engine: Engine, demo_template: Path) -> Engine:
    """The test database holding the demo data: copied on SQLite, loaded on PostgreSQL."""
    import shutil

    if backend == "sqlite":
        engine.dispose()
        target = Path(engine.url.database or "")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(demo_template, target)
        return engine
    from nucsec.access.principal import SYSTEM
    from nucsec.db import transaction
    from nucsec.demo import load_demo

    with transaction(engine, SYSTEM) as session:
        load_demo(session=session)
    return engine

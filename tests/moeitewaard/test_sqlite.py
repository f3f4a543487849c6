"""Finding 12: the embedded SQLite default holds a small crowd without "database is locked".

The test database is in memory, where WAL does not exist; these tests open a database file with the
OPTIONS of the configured default, as `make run` does.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
        reason="the embedded default is SQLite",
    ),
]

ALIAS = "crowd"


@pytest.fixture
def crowd_db(tmp_path, django_db_blocker):
    """A file database configured like the default; each thread gets its own connection.

    Outside the test database (and its per-test transaction), as a second server process would be.
    """
    config = {
        **settings.DATABASES["default"],
        "NAME": str(tmp_path / "crowd.sqlite3"),
        "CONN_MAX_AGE": 0,
    }
    configured = connections.configure_settings({"default": config, ALIAS: config})
    connections.settings[ALIAS] = configured[ALIAS]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, n INTEGER)")
        connections[ALIAS].close()
        yield ALIAS
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def _in_threads(count: int, work) -> list[Exception]:
    errors: list[Exception] = []

    def run(index: int) -> None:
        try:
            work(index)
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_a_connection_uses_wal_a_busy_timeout_and_immediate_transactions(crowd_db):
    with connections[crowd_db].cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        busy_timeout_ms = cursor.execute("PRAGMA busy_timeout").fetchone()[0]

    assert journal_mode == "wal"
    assert busy_timeout_ms >= 10_000
    assert connections[crowd_db].transaction_mode == "IMMEDIATE"


def test_parallel_clients_that_read_then_write_never_see_database_is_locked(crowd_db):
    """Each transaction reads, then writes (as a verdict or a follow-up does). With deferred
    transactions two readers deadlock on upgrading to a write lock and one fails at once."""

    def client(index: int) -> None:
        for _ in range(15):
            with transaction.atomic(using=crowd_db), connections[crowd_db].cursor() as cursor:
                count = cursor.execute("SELECT COUNT(*) FROM visit").fetchone()[0]
                time.sleep(0.002)
                cursor.execute("INSERT INTO visit (n) VALUES (%s)", [count + index])

    errors = _in_threads(6, client)

    assert errors == []
    with connections[crowd_db].cursor() as cursor:
        assert cursor.execute("SELECT COUNT(*) FROM visit").fetchone()[0] == 6 * 15


def test_a_write_waits_for_a_long_import_instead_of_failing(crowd_db):
    import_started = threading.Event()

    def work(index: int) -> None:
        if index == 0:  # the import: one long transaction
            with transaction.atomic(using=crowd_db), connections[crowd_db].cursor() as cursor:
                import_started.set()
                for n in range(20):
                    cursor.executemany(
                        "INSERT INTO visit (n) VALUES (%s)", [(n,) for _ in range(1000)]
                    )
                    time.sleep(0.3)  # about 6 s in all: longer than sqlite3's default 5 s wait
        else:  # verdicts arriving meanwhile
            import_started.wait(10)
            with transaction.atomic(using=crowd_db), connections[crowd_db].cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM visit")
                cursor.execute("INSERT INTO visit (n) VALUES (-1)")

    errors = _in_threads(4, work)

    assert not [e for e in errors if isinstance(e, OperationalError)], errors
    assert errors == []

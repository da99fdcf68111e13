"""A central PostgreSQL store used by several HQ staff at once, each from their own app."""

from __future__ import annotations

import io
import stat
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.errors import NoKeyringError

from icati_desktop.domain.library import Resource
from icati_desktop.store.central_connect import CentralConnectError, Problem, probe_central
from icati_desktop.store.change_feed import announce_changes, notification_payload, read_payload
from icati_desktop.store.credentials import CredentialStore
from icati_desktop.store.database_url import DatabaseUrlError, parse_database_url
from icati_desktop.store.device import Role, read_device
from icati_desktop.store.opening import open_store
from icati_desktop.store.records import RecordService
from icati_desktop.store.store import Store
from icati_desktop.store.tables.core import RecordRow
from icati_desktop.sync.device_setup import initialise_device
from tests.pg import PgDatabases
from tests.store.helpers import resource


@pytest.fixture
def central(pg_url: str, tmp_path: Path) -> Iterator[tuple[Store, Store, str]]:
    """Two apps (two data folders) on one new central database, set up as HQ by the first."""
    databases = PgDatabases(pg_url)
    url = databases.new()
    first = open_store(tmp_path / "first", url)
    initialise_device(first, Role.HQ, "ICATI HQ")
    second = open_store(tmp_path / "second", url)
    try:
        yield first, second, url
    finally:
        first.close()
        second.close()
        databases.drop_all()


class Received:
    def __init__(self) -> None:
        self.changes: list[Mapping[str, frozenset[str]]] = []
        self.event = threading.Event()

    def __call__(self, changes: Mapping[str, frozenset[str]]) -> None:
        self.changes.append(changes)
        self.event.set()


def test_a_change_committed_by_one_app_reaches_the_other(
    central: tuple[Store, Store, str],
) -> None:
    first, second, _url = central
    heard_by_second, heard_by_first = Received(), Received()
    second.subscribe(heard_by_second)
    second.follow_other_writers()
    first.follow_other_writers()
    for store in (first, second):
        assert store.change_feed is not None
        assert store.change_feed.wait_listening(10)
    first.subscribe(heard_by_first)
    created = RecordService(first).create(resource("Tokyo Rules commentary"))
    assert heard_by_second.event.wait(10)
    assert str(created.record_id) in heard_by_second.changes[0]["resource"]
    # The writer heard its own change once (from its own write), not a second time.
    assert len(heard_by_first.changes) == 1
    with second.read() as session:
        assert session.get(RecordRow, str(created.record_id)) is not None


def test_a_rolled_back_write_announces_nothing(central: tuple[Store, Store, str]) -> None:
    first, second, _url = central
    heard = Received()
    second.subscribe(heard)
    second.follow_other_writers()
    assert second.change_feed is not None
    assert second.change_feed.wait_listening(10)

    def cancelled_write() -> None:
        with first.write() as tx:
            tx.note_changes({"resource": {"x"}})
            announce_changes(tx.session, first.writer_id, {"resource": {"x"}})
            raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        cancelled_write()
    assert not heard.event.wait(1.5)


def test_two_people_saving_one_field_get_a_conflict_as_two_laptops_would(
    central: tuple[Store, Store, str],
) -> None:
    first, second, _url = central
    created = RecordService(first).create(resource("Bangkok Rules", year=2010))
    opened = created.leaves  # both opened the record as it was
    RecordService(first).update(
        created.record_id, resource("Bangkok Rules", year=2011), base_leaves=opened
    )
    saved = RecordService(second).update(
        created.record_id, resource("Bangkok Rules", year=2012), base_leaves=opened
    )
    assert saved.in_conflict
    with first.read() as session:
        state = session.get(RecordRow, str(created.record_id))
        assert state is not None
        assert state.in_conflict


def test_two_people_saving_different_fields_get_both_changes_as_two_laptops_would(
    central: tuple[Store, Store, str],
) -> None:
    first, second, _url = central
    created = RecordService(first).create(resource("Bangkok Rules", year=2010))
    opened = created.leaves
    RecordService(first).update(
        created.record_id, resource("Bangkok Rules", year=2011), base_leaves=opened
    )
    saved = RecordService(second).update(
        created.record_id, resource("The Bangkok Rules", year=2010), base_leaves=opened
    )
    assert not saved.in_conflict
    shown = RecordService(first).get(Resource, created.record_id)
    assert shown.payload.title == {"en": "The Bangkok Rules"}
    assert shown.payload.year == 2011


def test_an_attachment_added_on_one_computer_opens_on_the_other(
    central: tuple[Store, Store, str],
) -> None:
    first, second, _url = central
    data = b"%PDF-1.4 minutes" * 100_000  # more than one part
    sha = first.blobs.put_stream(io.BytesIO(data))
    assert second.blobs.has(sha)
    assert not second.blobs.path_for(sha).exists()
    assert second.blobs.open_path(sha).read_bytes() == data


def test_two_apps_opening_a_new_central_database_at_once_both_open(
    pg_url: str, tmp_path: Path
) -> None:
    databases = PgDatabases(pg_url)
    url = databases.new()
    opened: list[Store] = []
    failures: list[BaseException] = []

    def open_one(name: str) -> None:
        try:
            opened.append(open_store(tmp_path / name, url))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=open_one, args=(n,)) for n in ("a", "b", "c")]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert failures == []
        assert len(opened) == 3
    finally:
        for store in opened:
            store.close()
        databases.drop_all()


def test_probe_tells_an_empty_database_from_a_set_up_one(
    central: tuple[Store, Store, str], pg_url: str
) -> None:
    first, _second, url = central
    address, password = parse_database_url(url)
    probe = probe_central(address, password)
    with first.read() as session:
        device = read_device(session)
    assert probe.initialised
    assert device is not None
    assert probe.device_id == device.device_id
    missing, _ = parse_database_url(url.rsplit("/", 1)[0] + "/no_such_icati_db")
    with pytest.raises(CentralConnectError) as refused:
        probe_central(missing, None)
    assert refused.value.problem is Problem.NO_DATABASE
    assert "no_such_icati_db" in str(refused.value)


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    address, password = parse_database_url("postgresql://hq:s3cret-pw@127.0.0.1:1/icati")
    with pytest.raises(CentralConnectError) as refused:
        probe_central(address, password)
    assert refused.value.problem is Problem.UNREACHABLE
    assert "s3cret-pw" not in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "No database address"),
        ("mysql://hq:s3cret-pw@server/icati", "must be PostgreSQL"),
        ("postgresql://hq:s3cret-pw@/icati", "server"),
        ("postgresql://hq:s3cret-pw@server/", "name of the database"),
        ("postgresql://:s3cret-pw@server/icati", "user name"),
    ],
)
def test_a_bad_address_is_refused_without_repeating_it(typed: str, says: str) -> None:
    with pytest.raises(DatabaseUrlError, match=says) as refused:
        parse_database_url(typed)
    assert "s3cret-pw" not in str(refused.value)


def test_the_password_is_split_from_the_address_kept_in_settings() -> None:
    address, password = parse_database_url(
        "postgres://hq:pw@db.hq.example:6543/icati?sslmode=require"
    )
    assert password == "pw"
    assert address.text == "postgresql+psycopg://hq@db.hq.example:6543/icati?sslmode=require"
    assert address.label == "icati on db.hq.example:6543"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.kept[(service, username)]


class NoKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NoKeyringError("no backend")


def test_the_password_goes_to_the_keyring_when_there_is_one(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    credentials = CredentialStore(tmp_path, backend)
    address, _ = parse_database_url("postgresql://hq@server/icati")
    assert credentials.remember(address, "pw-1") == "keyring"
    assert credentials.password_for(address) == "pw-1"
    assert not credentials.file.exists()
    credentials.forget(address)
    assert credentials.password_for(address) is None


def test_without_a_keyring_the_password_goes_to_a_file_only_its_owner_reads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    credentials = CredentialStore(tmp_path / "data", NoKeyring())
    address, _ = parse_database_url("postgresql://hq@server/icati")
    with caplog.at_level("DEBUG"):
        assert credentials.remember(address, "pw-secret-2") == "file"
    assert stat.S_IMODE(credentials.file.stat().st_mode) == 0o600
    assert credentials.password_for(address) == "pw-secret-2"
    assert "pw-secret-2" not in caplog.text
    credentials.forget(address)
    assert not credentials.file.exists()


def test_a_notification_too_large_names_the_types_only() -> None:
    ids = {f"{n:036d}" for n in range(400)}
    payload = notification_payload("me", {"resource": ids})
    assert len(payload.encode()) < 8000
    assert read_payload(payload) == ("me", {"resource": frozenset()})
    assert read_payload("not json") is None


def test_the_feed_is_only_for_central_stores(tmp_path: Path) -> None:
    store = open_store(tmp_path / "laptop")
    try:
        store.follow_other_writers()
        assert store.change_feed is None
    finally:
        store.close()


def test_a_new_central_database_is_set_up_only_as_the_central_office(
    pg_url: str, tmp_path: Path
) -> None:
    from icati_desktop.store.preferences import PersonRole, needs_first_run
    from icati_desktop.sync.first_run import FirstRunChoices, complete_first_run

    databases = PgDatabases(pg_url)
    store = open_store(tmp_path / "hq", databases.new())
    try:
        with pytest.raises(ValueError, match="central office"):
            complete_first_run(store, FirstRunChoices(PersonRole.FIELD_EXPERT, "Amina", ()))
        assert needs_first_run(store)  # nothing was set up
        result = complete_first_run(store, FirstRunChoices(PersonRole.CENTRAL_OFFICE, "HQ", ()))
        assert result.role == "hq"
    finally:
        store.close()
        databases.drop_all()

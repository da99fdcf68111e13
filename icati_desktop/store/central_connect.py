"""Connecting to a central store: a quick look first, and every failure in one clear line.

:func:`probe_central` connects, reads what the database holds (an ICATI store and whose,
an empty database, or something else) and changes nothing; :func:`connection_problem`
turns whatever connecting raised into a :class:`CentralConnectError` whose message says
what is wrong and what to do — never the password, never the typed URL.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from icati_desktop.i18n import _
from icati_desktop.store.database_url import CentralAddress, DatabaseUrlError
from icati_desktop.store.device import Role, read_device
from icati_desktop.store.engine import create_store_engine
from icati_desktop.store.migrate import KNOWN_REVISIONS, SchemaTooNew, current_revision

log = logging.getLogger(__name__)


class Problem(StrEnum):
    ADDRESS = "address"
    UNREACHABLE = "unreachable"
    PASSWORD_NEEDED = "password_needed"
    WRONG_PASSWORD = "wrong_password"
    UNKNOWN_USER = "unknown_user"
    NO_DATABASE = "no_database"
    NOT_ICATI = "not_icati"
    NOT_CENTRAL = "not_central"
    TOO_NEW = "too_new"
    OTHER_KEYS = "other_keys"
    REFUSED = "refused"


class CentralConnectError(RuntimeError):
    """A connection that did not work; ``str()`` is the one line to show."""

    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message


@dataclass(frozen=True)
class CentralProbe:
    """What a central database holds, seen without changing it."""

    initialised: bool
    """It holds an ICATI store with its HQ device (False: empty; the app sets it up)."""
    device_id: str | None = None
    device_name: str | None = None


_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "timeout expired",
    "failed to resolve host",
    "name or service not known",
    "no route to host",
    "network is unreachable",
    "could not translate host name",
    "temporary failure in name resolution",
    "connection timed out",
    "server closed the connection unexpectedly",
)


def connection_problem(
    exc: BaseException, address: CentralAddress, password: str | None
) -> CentralConnectError:
    """The one line for a failure to connect to ``address`` (the password redacted)."""
    if isinstance(exc, CentralConnectError):
        return exc
    if isinstance(exc, DatabaseUrlError):
        return CentralConnectError(Problem.ADDRESS, str(exc))
    if isinstance(exc, SchemaTooNew):
        return CentralConnectError(
            Problem.TOO_NEW,
            _(
                "The central database was set up by a newer ICATI Desktop: install the newer "
                "version on this computer to connect."
            ),
        )
    original = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    reason = _server_reason(str(original), password)
    lowered = reason.lower()
    server = address.label
    if "no password supplied" in lowered or "password is required" in lowered:
        return CentralConnectError(
            Problem.PASSWORD_NEEDED,
            _("The database asks for a password: type the password of {user}.").format(
                user=address.user
            ),
        )
    if "password authentication failed" in lowered or "authentication failed" in lowered:
        return CentralConnectError(
            Problem.WRONG_PASSWORD,
            _(
                "The password (or the user name {user}) was not accepted by {server}: "
                "type it again."
            ).format(user=address.user, server=server),
        )
    if "role" in lowered and "does not exist" in lowered:
        return CentralConnectError(
            Problem.UNKNOWN_USER,
            _(
                "The server has no user named {user}: check the user name with whoever "
                "runs the database."
            ).format(user=address.user),
        )
    if "database" in lowered and "does not exist" in lowered:
        return CentralConnectError(
            Problem.NO_DATABASE,
            _(
                "The server has no database named {database}: check its name, or ask "
                "whoever runs the server to create it."
            ).format(database=address.database),
        )
    if any(marker in lowered for marker in _UNREACHABLE):
        return CentralConnectError(
            Problem.UNREACHABLE,
            _(
                "The database server {server} cannot be reached: check the server name "
                "and port, and that this computer is on the office network."
            ).format(server=server),
        )
    return CentralConnectError(
        Problem.REFUSED,
        _("The central database refused the connection: {reason}").format(reason=reason),
    )


def _server_reason(message: str, password: str | None) -> str:
    """The server's own reason, without libpq's "connection to server at … failed:"."""
    text = " ".join(message.split())
    if password:
        text = text.replace(password, "***")
    for marker in ("FATAL:", "failed:"):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    return text.strip() or "?"


def probe_central(address: CentralAddress, password: str | None) -> CentralProbe:
    """Connect and look; raises :class:`CentralConnectError`. Changes nothing."""
    engine = create_store_engine(address.url(password))
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = current_revision(conn)
            if revision is None:
                if tables:
                    raise CentralConnectError(
                        Problem.NOT_ICATI,
                        _(
                            "The database {database} already holds other data, not an ICATI "
                            "store: use an empty database for ICATI."
                        ).format(database=address.database),
                    )
                return CentralProbe(initialised=False)
            if revision not in KNOWN_REVISIONS:
                raise SchemaTooNew(revision)
            with Session(bind=conn) as session:
                device = read_device(session)
                if device is None:
                    return CentralProbe(initialised=False)
                if device.role is not Role.HQ:
                    raise CentralConnectError(
                        Problem.NOT_CENTRAL,
                        _(
                            "The database {database} holds a field device's store, not the "
                            "central office's: connect to the central database."
                        ).format(database=address.database),
                    )
            return CentralProbe(True, device.device_id, device.name)
    except (SQLAlchemyError, SchemaTooNew, CentralConnectError) as exc:
        problem = connection_problem(exc, address, password)
        log.info("could not connect to %s: %s", address.label, problem.problem.value)
        raise problem from None
    finally:
        engine.dispose()


def central_data_dir(data_dir: Path, address: CentralAddress) -> Path:
    """The local folder of one central database, under the app's data directory.

    It holds that database's attachment copies, log and (if copied there) HQ's keys, apart
    from this computer's own device store, so a field device's keys are never taken for
    the central office's and two central databases never share copies.
    """
    digest = hashlib.sha256(address.text.encode("utf-8")).hexdigest()[:12]
    safe = "".join(c if c.isalnum() else "-" for c in f"{address.database}-{address.host}")
    return data_dir / "central" / f"{safe[:40]}-{digest}"

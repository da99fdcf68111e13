"""The address of a central PostgreSQL store, as a person types it, without its password.

A central office keeps its store on a PostgreSQL server. What people give us — a URL on
the command line, or server, port, database and user name in a dialog — is checked here
and split in two: the address (safe to keep in settings and to show) and the password
(kept only in the keyring or a private file, see :mod:`icati_desktop.store.credentials`).

No error raised here ever repeats what was typed: a URL may carry a password, and an
error message ends up in logs and on screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from icati_desktop.i18n import _

DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class DatabaseUrlError(ValueError):
    """An address that cannot be used; the message never contains what was typed."""


@dataclass(frozen=True)
class CentralAddress:
    """Where a central store is: everything needed to connect except the password."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    query: tuple[tuple[str, str], ...] = ()
    """Connection options kept from a URL (``sslmode=require``…), in order."""

    def url(self, password: str | None = None) -> URL:
        """The SQLAlchemy URL; with ``password`` only to connect, never to keep or show."""
        return URL.create(
            DRIVER,
            username=self.user,
            password=password,
            host=self.host,
            port=self.port,
            database=self.database,
            query=dict(self.query),
        )

    @property
    def text(self) -> str:
        """The address as a URL without password: what settings keep and the CLI accepts."""
        return self.url().render_as_string(hide_password=False)

    @property
    def label(self) -> str:
        """For people: ``database on host`` (the port only when it is not the usual one)."""
        where = self.host if self.port == DEFAULT_PORT else f"{self.host}:{self.port}"
        return _("{database} on {server}").format(database=self.database, server=where)


def parse_database_url(text: str) -> tuple[CentralAddress, str | None]:
    """A typed PostgreSQL URL as (address, password or None); refused in one safe line."""
    text = text.strip()
    if not text:
        raise DatabaseUrlError(_("No database address was given."))
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise DatabaseUrlError(
            _("The database address is not a URL: write it as postgresql://USER@SERVER/DATABASE.")
        ) from None
    if url.drivername not in _POSTGRES_SCHEMES:
        raise DatabaseUrlError(
            _(
                "The central database must be PostgreSQL: write its address as "
                "postgresql://USER@SERVER/DATABASE."
            )
        )
    query = tuple(
        (key, value if isinstance(value, str) else ",".join(value))
        for key, value in url.query.items()
    )
    address = central_address(
        host=url.host or "",
        port=url.port or DEFAULT_PORT,
        database=url.database or "",
        user=url.username or "",
        query=query,
    )
    return address, url.password if url.password else None


def central_address(
    *,
    host: str,
    database: str,
    user: str,
    port: int = DEFAULT_PORT,
    query: tuple[tuple[str, str], ...] = (),
) -> CentralAddress:
    """Check what a person gave (each part named when missing or wrong)."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host:
        raise DatabaseUrlError(_("Give the name or address of the database server."))
    if any(c.isspace() for c in host) or "/" in host or "@" in host:
        raise DatabaseUrlError(
            _("The server name cannot contain spaces, “/” or “@”: give only its name or address.")
        )
    if not 0 < port < 65536:
        raise DatabaseUrlError(_("The port must be a number from 1 to 65535 (usually 5432)."))
    if not database:
        raise DatabaseUrlError(_("Give the name of the database (for example icati)."))
    if not user:
        raise DatabaseUrlError(_("Give the user name to connect to the database with."))
    return CentralAddress(host=host, database=database, user=user, port=port, query=query)


def is_postgres_url(text: str) -> bool:
    """Whether ``text`` looks like a PostgreSQL URL (without parsing the rest)."""
    scheme = text.strip().split(":", 1)[0].lower()
    return scheme in _POSTGRES_SCHEMES

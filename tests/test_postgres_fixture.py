"""The PostgreSQL test database that .ci/run provides is reachable through SQLAlchemy."""

from __future__ import annotations

import pytest
import sqlalchemy as sa


@pytest.mark.postgres
def test_pg_url_connects(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as connection:
            encoding = connection.execute(sa.text("SHOW server_encoding")).scalar_one()
    finally:
        engine.dispose()
    assert encoding == "UTF8"

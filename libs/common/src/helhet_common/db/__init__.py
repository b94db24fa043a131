"""Database engines, session factories and the tables every service shares."""

from helhet_common.db.engine import create_engine, create_session_factory, ping
from helhet_common.db.metadata import make_metadata

__all__ = ["create_engine", "create_session_factory", "make_metadata", "ping"]

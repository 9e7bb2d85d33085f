"""The search backend for the database in use: views and `search.api` never know which."""

from django.db import connection

from .base import SearchBackend


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteBackend

        return SQLiteBackend()
    raise NotImplementedError(f"No search backend for {connection.vendor}.")

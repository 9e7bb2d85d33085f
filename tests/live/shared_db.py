"""Reading what processes left in the database a test shares with them."""

import sqlite3

from django.db import connection


def query(live_site, sql):
    """Rows as the processes left them: the suite's own database, or the shared file."""
    if live_site.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()
    path = live_site.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()

"""
`edit_entry` runs that meet on one entry, in separate processes, as two scripts would.

One process holds the entry (it has saved a new version and not yet committed)
while `edit_entry` starts and queues behind it. Without `--expect-version` the
queued run then lands on top of the new version: there was nothing it expected.
With `--expect-version` naming the version before, it is refused: it would
overwrite a change it has not seen.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .shared_db import query
from .stack import ROOT, site_env

pytestmark = pytest.mark.django_db(transaction=True)

KEY = ("etoile", "cheyenne-toussaint")
HOLDER = """
import sys
from django.db import transaction
from history.services import entry_update
from shows.models import Character

cheyenne = Character.objects.get_by_natural_key("etoile", "cheyenne-toussaint")
with transaction.atomic():
    entry_update(instance=cheyenne, changes={"description": "First."}, summary="the holder")
    print("holding", flush=True)
    sys.stdin.readline()
"""
VERSIONS = """
SELECT v.id, r.comment FROM reversion_version v
JOIN reversion_revision r ON r.id = v.revision_id
JOIN django_content_type t ON t.id = v.content_type_id
JOIN shows_character c ON v.object_id = CAST(c.id AS TEXT)
WHERE t.app_label = 'shows' AND t.model = 'character' AND c.slug = 'cheyenne-toussaint'
ORDER BY v.id
"""
DESCRIPTION = "SELECT description FROM shows_character WHERE slug = 'cheyenne-toussaint'"


def start(env, *args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def wait_until_queued(live_site, process, seconds=60):
    """Until the edit_entry process waits for the row the holder has."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if live_site.vendor == "postgresql":
            waiting = query(
                live_site,
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()",
            )
            if waiting[0][0]:
                return
        else:
            # SQLite names no waiter. The process has opened the file once it has
            # read the entry; its transaction begins (and waits for the writer's
            # lock) straight after.
            path = Path(live_site.database_url.removeprefix("sqlite:///")).resolve()
            fds = Path(f"/proc/{process.pid}/fd")
            if any(os.path.realpath(fd) == str(path) for fd in fds.iterdir()):
                time.sleep(1)
                return
        time.sleep(0.05)
    raise AssertionError("edit_entry never reached the entry")


def race(live_site, *edit_args):
    """The holder saves "First." and holds; edit_entry queues; then the holder commits."""
    env = site_env(live_site.database_url)
    holder = start(env, "shell", "-c", HOLDER, stdin=subprocess.PIPE)
    try:
        for line in holder.stdout:
            if line.strip() == "holding":
                break
        else:
            raise AssertionError(holder.stderr.read())
        edit = start(env, "edit_entry", "shows.character", *KEY, *edit_args)
        wait_until_queued(live_site, edit)
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(60) == 0, holder.stderr.read()
    finally:
        holder.kill()
    out, err = edit.communicate(timeout=60)
    return edit.returncode, out + err


def test_two_runs_without_an_expected_version_both_land_in_order(live_site):
    """The queued run was based on nothing: it is written after the holder's, not refused."""
    code, output = race(live_site, "--set", "description=Second.", "--summary", "the queued run")

    assert code == 0, output
    assert "Saved" in output
    assert query(live_site, DESCRIPTION) == [("Second.",)]
    comments = [comment for _, comment in query(live_site, VERSIONS)]
    assert comments[-2:] == ["the holder", "the queued run"]


def test_a_run_expecting_the_version_before_the_holders_is_refused(live_site):
    """--expect-version is checked once the row is held: the stale run writes nothing."""
    seen = query(live_site, VERSIONS)[-1][0]

    code, output = race(
        live_site,
        "--set",
        "description=Stale.",
        "--expect-version",
        str(seen),
        "--summary",
        "the stale run",
    )

    assert code != 0
    assert f"changed since version {seen}" in output
    assert "Nothing was written" in output
    assert query(live_site, DESCRIPTION) == [("First.",)]
    assert [comment for _, comment in query(live_site, VERSIONS)][-1] == "the holder"

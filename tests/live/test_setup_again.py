"""
The Makefile's set-up, run again over a wiki editors have written in, keeps their work.

`make run` runs `make db`; its recipe's commands are taken from `make -n db` and
run as make runs them, against a database the test shares with them.
"""

import subprocess
import sys

import pytest

from .shared_db import query
from .stack import ROOT, manage, site_env

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "SELECT title FROM shows_episode WHERE id = (SELECT e.id FROM shows_episode e "
TITLE += "JOIN shows_season s ON s.id = e.season_id WHERE s.number = 1 AND e.number = 1)"
DESCRIPTION = "SELECT description FROM shows_character WHERE slug = 'cheyenne-toussaint'"
VERSIONS_WITH = "SELECT count(*) FROM reversion_version WHERE serialized_data LIKE '%{}%'"


def db_recipe():
    """The commands `make db` runs (its prerequisites, the install steps, left out)."""
    lines = subprocess.run(
        ["make", "-n", "db"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [line for line in lines if "manage.py" in line]


def test_running_make_db_again_keeps_the_editors_work_and_reset_brings_the_seed_back(live_site):
    env = site_env(live_site.database_url)
    manage(env, "edit_entry", "shows.episode", "etoile", "1", "1", "--set", "title=Pilot")
    manage(
        env,
        "edit_entry",
        "shows.character",
        "etoile",
        "cheyenne-toussaint",
        "--set",
        "description=Edited by an editor.",
    )
    recipe = db_recipe()
    assert any("manage.py load_seed" in line for line in recipe), recipe

    outputs = []
    for line in recipe:
        done = subprocess.run(
            ["bash", "-c", line], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, line + done.stdout + done.stderr
        outputs.append(done.stdout)

    assert "Seed not loaded" in "".join(outputs)
    assert query(live_site, TITLE) == [("Pilot",)]
    assert query(live_site, DESCRIPTION) == [("Edited by an editor.",)]

    output = manage(env, "reset_to_seed", "--yes")

    assert "The wiki is the seed again" in output
    assert query(live_site, TITLE) == [("",)]
    assert "principled and determined" in query(live_site, DESCRIPTION)[0][0]
    assert query(live_site, VERSIONS_WITH.format("Edited by an editor.")) == [(1,)]


def test_two_set_ups_at_once_load_the_seed_once(fresh_database):
    """Two servers deploying at the same time: one loads the seed, the other finds it there."""
    env = site_env(fresh_database)
    manage(env, "migrate", "--noinput", "-v0")

    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "load_seed"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], outputs
    said = [out for out, _ in outputs]
    assert sum("Loaded the seed" in out for out in said) == 1, said
    assert sum("Seed not loaded: the wiki already holds 86 entries" in out for out in said) == 1

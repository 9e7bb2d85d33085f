"""
The mixed-workload benchmark's pieces (bench/mixed_bench.py), cheaply, so that
the script cannot rot: the readers' wrk script and its output, an editor saving
through the real admin over HTTP with the checks after each save, and the
report's verdicts. The benchmark itself (gunicorn, wrk, phases of seconds) is
run by hand: `make bench-mixed`.
"""

import argparse
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from bench import mixed_bench
from bench.mixed_editor import AdminBrowser, EditRefused, edit_number, marked_text
from bench.mixed_phases import Checker, Checks, Editor, Phase, Save, Target
from bench.mixed_readers import Readers, lua_script, parse_readers, wrk_command
from bench.serve_bench import Load
from shows.models import Character

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-0"

# wrk 4.1's output with the readers' script, as the benchmark reads it.
WRK_OUTPUT = """\
Running 1s test @ http://127.0.0.1:18765
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.95ms    4.87ms  36.65ms   91.16%
    Req/Sec   678.00    217.12     1.03k    54.55%
  Latency Distribution
     50%    2.26ms
     75%    3.83ms
     90%    8.13ms
     99%   28.88ms
  1485 requests in 1.10s, 271.19KB read
  Non-2xx or 3xx responses: 2
Requests/sec:   1349.85
Transfer/sec:    246.51KB
page cache: hit 1400 miss 80 waited 3 stale 4 none 2
"""


def test_the_readers_script_takes_every_page_in_turn():
    paths = ["/", "/shows/etoile/", "/people/lou-de-laage/"]
    script = lua_script(paths)
    assert 'local paths = {"/", "/shows/etoile/", "/people/lou-de-laage/"}' in script
    assert "position = position % #paths + 1" in script
    with pytest.raises(ValueError, match="plain path"):
        lua_script(['/"); os.exit('])
    command = wrk_command(8000, Path("readers.lua"), 15)
    assert command[:5] == ["wrk", "-t2", "-c32", "-d15s", "--latency"]
    assert command[-3:] == ["-s", "readers.lua", "http://127.0.0.1:8000"]


def test_the_readers_output_gives_throughput_latency_errors_and_cache_answers():
    readers = parse_readers(WRK_OUTPUT)
    assert readers.load.rps == pytest.approx(1349.85)
    assert readers.load.p50_ms == pytest.approx(2.26)
    assert readers.load.p99_ms == pytest.approx(28.88)
    assert readers.load.errors == 2
    assert readers.cache == {"hit": 1400, "miss": 80, "waited": 3, "stale": 4, "none": 2}
    assert readers.hit_share == pytest.approx(1400 / 1489)


def test_a_page_is_current_when_it_shows_the_save_or_a_later_one():
    assert edit_number(f"<p>{marked_text(7)}</p>") == 7
    assert edit_number(f"{marked_text(7)} {marked_text(12)}") == 12
    assert edit_number("<p>principled and determined</p>") is None


@pytest.fixture
def editor_site(live_server, etoile, page_cache, settings):
    """The seed behind a live server, a staff editor, and cookies a plain-HTTP client keeps."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    # The checker reads as the benchmark does, from 127.0.0.1.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    user = get_user_model().objects.create_user(
        mixed_bench.EDITOR_NAME, password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return live_server


def target(slug: str, label: str) -> Target:
    character = Character.objects.get(slug=slug)
    return Target(
        label=label,
        show=character.show.slug,
        slug=slug,
        path=character.get_absolute_url(),
        change_path=f"/admin/shows/character/{character.pk}/change/",
    )


def test_the_editor_saves_through_the_admin_and_readers_see_each_save(editor_site):
    """Two saves posted as a browser posts the change form; every read after shows them."""
    port = int(editor_site.url.rsplit(":", 1)[1])
    browser = AdminBrowser(editor_site.url)
    browser.log_in(mixed_bench.EDITOR_NAME, PASSWORD)
    targets = ([target("cheyenne-toussaint", "shown")], [target("gabin-roux", "elsewhere")])
    # The pages are in the cache before the saves, as readers left them.
    for group in targets:
        Checker(port, Checks()).read(group[0].path, 0)
    editor = Editor([browser], targets, port, reads_per_save=2, command_env=None)

    phase = Phase(mixed_bench.ALONE, None)
    editor.run_alone(phase, 2)

    assert phase.refused == []
    assert [(save.via, save.target) for save in phase.saves] == [
        ("admin", "shown"),
        ("admin", "elsewhere"),
    ]
    assert (phase.checks.reads, phase.checks.stale, phase.checks.failed) == (4, 0, 0)
    assert Character.objects.get(slug="cheyenne-toussaint").description == marked_text(1)
    assert Character.objects.get(slug="gabin-roux").description == marked_text(2)


def test_a_read_that_misses_the_save_is_counted_stale(editor_site):
    port = int(editor_site.url.rsplit(":", 1)[1])
    checks = Checks()
    checker = Checker(port, checks)
    checker.read("/shows/etoile/characters/cheyenne-toussaint/", 1)
    checker.read("/shows/etoile/characters/no-such-character/", 1)
    assert (checks.reads, checks.stale, checks.failed) == (1, 1, 1)
    assert "edit #1 saved, the page showed #None" in checks.examples[0]


def test_a_save_the_admin_does_not_redirect_is_refused(editor_site):
    browser = AdminBrowser(editor_site.url)
    browser.log_in(mixed_bench.EDITOR_NAME, PASSWORD)
    cheyenne = target("cheyenne-toussaint", "shown")
    with pytest.raises(EditRefused, match="status 200"):
        browser.save(cheyenne.change_path, name="")
    with pytest.raises(EditRefused, match="logging in"):
        AdminBrowser(editor_site.url).log_in(mixed_bench.EDITOR_NAME, "wrong")


def phase(name, interval, rps, p50, p99, stale=0, refused=0, save_seconds=0.3):
    done = Phase(name, interval, readers=Readers(Load(rps, p50, p99, int(rps * 10), 0, 0)))
    if interval:
        done.saves = [Save("admin", "shown", save_seconds, 0.1) for _ in range(10)]
        done.planned = 10
        done.checks = Checks(reads=30, stale=stale)
        done.refused = ["admin, /x/: status 200"] * refused
    return done


def test_the_report_says_pass_or_fail_for_each_target():
    args = argparse.Namespace(
        db="sqlite",
        pg_url=mixed_bench.DEFAULT_PG_URL,
        duration=15.0,
        warmup=2.0,
        reads_per_save=3,
        no_command=False,
        grace=0,
    )
    shown = target_stub("etoile", "cheyenne-toussaint", "shown")
    elsewhere = target_stub("elamont", "agnes-quenault", "elsewhere")
    facts = {
        "targets": ([shown], [elsewhere]),
        "workers": 5,
        "load_before": "1.00 0.50 0.20",
        "load_after": "2.00 0.80 0.30",
        "notes": [],
    }
    good = [
        phase("baseline", None, 1000, 10, 30),
        phase("1 save/s", 1.0, 950, 11, 35),
        phase("5 saves/s", 0.2, 850, 12, 40),
        phase("baseline again", None, 900, 10, 30),
    ]
    text = mixed_bench.report(args, ["--duration", "15"], good, facts)
    assert "bench/mixed_bench.py --duration 15`" in text
    # Against the mean of the two baselines, 950 requests a second.
    assert "| 5 saves/s | 850 | 0.89 | 12.0 | 40.0 | 3.33 | 0 |" in text
    assert "1.00 at 1 save/s, 0.89 at 5 saves/s" in text
    assert "The baseline read last served 0.90 times the first" in text
    assert "5 of 5 targets met." in text
    assert "load average (1, 5, 15 min): 1.00 0.50 0.20 before the run" in text
    assert "PAGE_CACHE_GRACE_SECONDS=0: while one request remakes an outdated page, the " in text
    assert "others wait for it" in text

    bad = [
        phase("baseline", None, 1000, 10, 30),
        phase("1 save/s", 1.0, 950, 11, 35, stale=1),
        phase("5 saves/s", 0.2, 500, 10, 60, refused=2, save_seconds=1.5),
    ]
    text = mixed_bench.report(args, [], bad, facts)
    assert "**FAIL** reader throughput under edits >= 0.8 of the baseline" in text
    assert "**FAIL** reader p99/p50 <= 4 in every phase" in text
    assert "**FAIL** no stale read after a save returned: 1 stale of 60 checks" in text
    assert "refused saves: 2" in text
    assert "**FAIL** an admin save does not queue behind readers" in text
    assert "0 of 5 targets met." in text

    args.grace = 5
    text = mixed_bench.report(args, ["--grace", "5"], bad, facts)
    assert "PAGE_CACHE_GRACE_SECONDS=5: while one request remakes an outdated page" in text
    assert "the others get the previous copy" in text


def target_stub(show, slug, label):
    path = f"/shows/{show}/characters/{slug}/"
    return Target(label, show, slug, path, "/admin/shows/character/1/change/")


def test_the_cpu_of_a_phase_is_split_between_saves_hits_and_misses():
    """The saves at their cost alone, the hits at the baseline's, the rest to the misses."""
    baseline = phase("baseline", None, 1000, 10, 30)
    baseline.server_cpu_seconds = 10.0  # 10,000 requests: 1 ms a hit
    edited = phase("1 save/s", 1.0, 500, 10, 30)
    # A previous copy (PAGE_CACHE_GRACE_SECONDS) costs what a hit does.
    edited.readers.cache = {"hit": 4000, "miss": 80, "waited": 20, "stale": 1000, "none": 0}
    edited.server_cpu_seconds = 10.0
    alone = Phase(mixed_bench.ALONE, None, planned=10, server_cpu_seconds=1.0)
    alone.saves = [Save("admin", "shown", 0.05, 0.1) for _ in range(10)]
    alone.checks = Checks(reads=30)

    lines = mixed_bench.where_the_cpu_went([baseline, edited, alone])

    assert "cost 100 ms of gunicorn CPU each" in lines[0]
    assert "A hit cost 1.00 ms in the baseline." in lines[0]
    assert lines[1].startswith(
        "- 1 save/s: of gunicorn's 10.0 s of CPU, about 1.0 s (10%) went to the saves, "
        "5.0 s (50%) to the readers' hits, and the rest, 4.0 s (40%), to the 80 misses' "
        "renders (50.0 ms a miss at most), 20 requests that waited for one,"
    )

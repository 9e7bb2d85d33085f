"""
`make serve-cdn` as an operator runs it: gunicorn on an internal port, Varnish
in front on HOST:PORT, purges from the app reaching it, and Ctrl-C stopping both.
"""

import os
import secrets
import signal
import subprocess
import tempfile
import time
from types import SimpleNamespace

import pytest

from .stack import ROOT, Browser, answers, free_port, site_env, stop_group
from .varnish import request, require_varnish

pytestmark = pytest.mark.django_db(transaction=True)

CHEYENNE = "/shows/etoile/characters/cheyenne-toussaint/"


def test_make_help_lists_serve_cdn():
    result = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True
    )
    assert "make serve-cdn" in result.stdout


def test_make_serve_cdn_serves_through_varnish_and_stops_both_on_ctrl_c(live_site, tmp_path):
    require_varnish()
    port, app_port = free_port(), free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    make = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "serve-cdn",
            f"PORT={port}",
            f"APP_PORT={app_port}",
            f"VARNISH_DIR={tmp_path / 'varnish'}",
            "VARNISH_MEMORY=32m",
        ],
        cwd=ROOT,
        env={**site_env(live_site.database_url), "WEB_CONCURRENCY": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def output():
        log.seek(0)
        return log.read().decode(errors="replace")

    try:
        deadline = time.monotonic() + 120
        while not (answers(port) and answers(app_port)):
            assert make.poll() is None, output()
            assert time.monotonic() < deadline, output()
            time.sleep(0.2)
        states = [request(port, "GET", CHEYENNE)[1]["X-Cache"] for _ in range(2)]
        assert states == ["miss", "hit"], output()
        # gunicorn purges the Varnish that make serve-cdn started after an edit.
        editor, front = Browser(), SimpleNamespace(url=f"http://127.0.0.1:{port}")
        editor.log_in(front, "editor")
        text = f"Edited behind make serve-cdn ({secrets.token_hex(4)})."
        change = editor.character_change_path(front)
        assert editor.change(front, change, description=text, edit_summary="Test")[0] == 302
        _, headers, body = request(port, "GET", CHEYENNE)
        assert text in body
        assert headers["X-Cache"] == "miss"

        # Ctrl-C: the terminal signals the whole foreground group.
        os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=30)
        deadline = time.monotonic() + 10
        while answers(port) or answers(app_port):
            assert time.monotonic() < deadline, "varnishd or gunicorn is still running"
            time.sleep(0.2)
    finally:
        stop_group(make)
        log.close()

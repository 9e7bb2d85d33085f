"""
Real app servers for tests: gunicorn processes on free ports, a database they
share with the test, a client that logs in and posts forms as a browser does,
and a TCP proxy that can cut a server off from PostgreSQL or Redis.
"""

import contextlib
import http.cookiejar
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-test-password-0"
GUNICORN_CONF = "etoile_wiki/gunicorn.conf.py"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Where the static files of the servers tests start were collected (conftest.py).
collected_static = None


def redis_url(port=6379):
    """A Redis database of this test process's own (xdist runs two at once)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    return f"redis://127.0.0.1:{port}/{10 + int(worker) % 5}"


# As .ci/run and the machine start it: nothing kept on disk.
REDIS_SERVER = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
]


def ensure_redis():
    """Redis on 127.0.0.1:6379, as on these machines; started here if it is down."""
    if answers(6379):
        return
    subprocess.run(REDIS_SERVER, check=True, capture_output=True)
    deadline = time.monotonic() + 10
    while not answers(6379):
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.1)


def answers(port):
    """Whether something accepts connections on 127.0.0.1:port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def site_env(database_url, **extra):
    """The environment of a production app server: DEBUG off, a key, this database."""
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL"}}
    if collected_static is not None:
        base["STATIC_ROOT"] = str(collected_static)
    return {
        **base,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: the cookies cannot be Secure-only here.
        "SECURE_COOKIES": "false",
        **extra,
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Server:
    """One gunicorn instance, as `make serve` starts it, until stopped."""

    def __init__(self, env, workers=2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Its log goes to a file the test can read (a pipe nobody reads would
        # fill up and stall the server).
        self.log_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "etoile_wiki.wsgi",
                "-c",
                "etoile_wiki/gunicorn.conf.py",
            ],
            cwd=ROOT,
            env={**env, "PORT": str(self.port), "WEB_CONCURRENCY": str(workers)},
            stdout=subprocess.DEVNULL,
            stderr=self.log_file,
            start_new_session=True,
        )
        self.wait_until_up()

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.log()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/health/", timeout=2) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        raise AssertionError("gunicorn did not answer /health/ in time")

    def stop(self):
        stop_group(self.process)
        self.log_file.close()

    def log(self):
        """Everything the server has logged so far."""
        self.log_file.seek(0)
        return self.log_file.read().decode(errors="replace")


def stop_group(process):
    """Stop a process started in a session of its own, and all it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class _Forms(HTMLParser):
    """The fields of one form, with the values a browser would submit untouched."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._textarea = self._select = None
        self._selected = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if "checked" in attrs else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html, form_id):
    parser = _Forms(form_id)
    parser.feed(html)
    # A textarea's first newline is not part of its value.
    return [(n, v[1:] if v.startswith("\n") else v) for n, v in parser.fields]


class Browser:
    """Cookies, CSRF and forms over real HTTP: what an editor's browser does."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def get(self, url, **headers):
        return self._open(urllib.request.Request(url, headers=headers))

    def post(self, url, fields):
        body = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        return self._open(request)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def log_in(self, server, username):
        url = f"{server.url}/admin/login/"
        status, _, html = self.get(url)
        assert status == 200, html
        fields = dict(form_fields(html, "login-form"))
        fields.update(username=username, password=PASSWORD)
        status, _, html = self.post(url, fields)
        assert status == 302, html

    def change(self, server, admin_path, **values):
        """Open an admin change form, set some fields, save; return the status."""
        url = f"{server.url}{admin_path}"
        status, _, html = self.get(url)
        assert status == 200, html
        fields = self.form_fields_of(html, leave_out=values)
        fields += list(values.items())
        status, _, html = self.post(url, fields)
        return status, html

    @classmethod
    def form_fields_of(cls, html, leave_out=("description",)):
        """The admin change form's fields as submitted untouched, less those to be set."""
        return [(n, v) for n, v in form_fields(html, cls.form_id(html)) if n not in leave_out]

    def character_change_path(self, server, search="Cheyenne"):
        """The admin change page of the character found by `search`, as the list links it."""
        status, _, html = self.get(f"{server.url}/admin/shows/character/?q={search}")
        assert status == 200, html
        marker = "/admin/shows/character/"
        start = html.index(marker, html.index('id="result_list"')) + len(marker)
        return f"{marker}{html[start : html.index('/', start)]}/change/"

    @staticmethod
    def form_id(html):
        start = html.index("<form", html.index('id="content-main"'))
        tag = html[start : html.index(">", start)]
        return tag.split('id="', 1)[1].split('"', 1)[0]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class TcpProxy:
    """Forwards a local port to a service; `cut()` drops every connection and refuses new ones."""

    def __init__(self, target_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.pairs = []
        self.lock = threading.Lock()
        self.closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closing:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.pairs.append((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.open.clear()
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def restore(self):
        self.open.set()

    def close(self):
        self.closing = True
        self.cut()
        self.listener.close()

"""
The Mozilla HTTP Observatory's score of the home page, behind TLS, under the
production settings (deploy/production.env): at least 135 of 145.

The scanner is the npm package @mdn/mdn-http-observatory (package.json), run
as its command line runs it, against https://localhost/ and http://localhost/
(it asks ports 443 and 80 and takes no others; CI runs as root). gunicorn,
started as `make serve` starts it, ends TLS itself with a certificate made
here by openssl and signed by a throwaway authority that only the scanner is
told to trust (NODE_EXTRA_CA_CERTS). A second gunicorn on port 80 answers
plain HTTP with the redirect production sends. The scanner's own install
step would download Chromium's HSTS preload list; an empty one stands in, so
"preloaded" (5 points) cannot be scored here, which is what a new domain gets.
"""

import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.test_production import production_env

from .stack import ROOT, site_env

SCANNER = ROOT / "node_modules" / "@mdn" / "mdn-http-observatory"
TARGET = 135


def port_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture
def certificate(tmp_path):
    """A throwaway authority and, signed by it, a certificate for localhost."""
    # With the extensions strict verification (Python 3.13's default) asks of an authority.
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            "/CN=Etoile test authority", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout", "ca.key", "-out", "ca.pem", cwd=tmp_path)  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", "site.key", "-out", "site.csr", cwd=tmp_path)  # fmt: skip
    (tmp_path / "san.ext").write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
        "basicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n"
    )
    openssl("x509", "-req", "-in", "site.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "site.pem",
            cwd=tmp_path)  # fmt: skip
    return tmp_path


def production(database_url):
    """deploy/production.env on this machine: its database, memory cache, files on disk."""
    env = {
        name: value
        for name, value in production_env().items()
        if not name.startswith(("AWS_", "MEDIA_", "DATABASE_", "CACHE_"))
        and name not in {"SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    return site_env(
        database_url,
        **{**env, "ALLOWED_HOSTS": "localhost", "CSRF_TRUSTED_ORIGINS": "https://localhost"},
    )


def gunicorn(env, bind, *tls):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "etoile_wiki.wsgi", "-c", "etoile_wiki/gunicorn.conf.py",
         "-b", bind, "-w", "1", *tls],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip


def wait_for(url, context, server, seconds=60):
    deadline, last = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited: {server.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    return
                last = response.status
        except OSError as error:
            last = error
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in time: {last!r}")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    process.stderr.close()


@pytest.fixture
def served_over_tls(built_sqlite_site, tmp_path, certificate):
    for port in (80, 443):
        assert port_free(port), f"port {port} is taken: the scanner can only ask 80 and 443"
    database = tmp_path / "wiki.sqlite3"
    shutil.copy(built_sqlite_site, database)
    env = production(f"sqlite:///{database}")
    tls = ("--certfile", str(certificate / "site.pem"), "--keyfile", str(certificate / "site.key"))
    servers = [gunicorn(env, "127.0.0.1:443", *tls), gunicorn(env, "127.0.0.1:80")]
    try:
        context = ssl.create_default_context(cafile=certificate / "ca.pem")
        wait_for("https://localhost/health/", context, servers[0])
        wait_for("http://localhost/health/", None, servers[1])
        yield certificate / "ca.pem"
    finally:
        for server in servers:
            stop(server)


def scan(authority):
    if not SCANNER.exists():
        pytest.fail(
            "@mdn/mdn-http-observatory is missing: `npm ci --ignore-scripts` (package.json)"
        )
    # What its install step would have downloaded: an empty preload list here.
    preload = SCANNER / "conf" / "hsts-preload.json"
    if not preload.exists():
        preload.write_text("{}")
    result = subprocess.run(
        # Its own wrapper would replace NODE_EXTRA_CA_CERTS with Mozilla's bundle.
        ["node", str(SCANNER / "src" / "scan.js"), "localhost"],
        env={**os.environ, "NODE_EXTRA_CA_CERTS": str(authority)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_the_observatory_scores_the_production_site_at_least_135(served_over_tls):
    report = scan(served_over_tls)
    score = report["scan"]["score"]
    lost = {
        name: (test["result"], test["scoreModifier"])
        for name, test in report["tests"].items()
        if test["scoreModifier"] <= 0 and not test["pass"]
    }
    print(f"\nMozilla HTTP Observatory: {score} of 145, grade {report['scan']['grade']}")
    for name, test in sorted(report["tests"].items()):
        print(f"  {name}: {test['result']} ({test['scoreModifier']:+d})")
    assert score >= TARGET, lost
    assert report["tests"]["content-security-policy"]["result"] == (
        "csp-implemented-with-no-unsafe-default-src-none"
    )
    assert report["tests"]["cross-origin-resource-policy"]["pass"]
    assert report["tests"]["redirection"]["result"] == "redirection-to-https"
    assert report["tests"]["strict-transport-security"]["pass"]

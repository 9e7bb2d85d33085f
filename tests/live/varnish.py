"""
A real varnishd with the site's VCL (deploy/varnish/etoile.vcl) in front of a
backend of the test's choosing, and the client requests the tests send it.

Without Debian's `varnish` and `varnish-modules` the tests that need them are
skipped with the reason, except under CI=true, where that is an error
(.ci/run installs both).
"""

import http.client
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from .stack import ROOT, answers, free_port, stop_group

VCL = ROOT / "deploy" / "varnish" / "etoile.vcl"
PARAMS = ROOT / "deploy" / "varnish" / "varnishd.params"
XKEY_VMOD = Path("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so")
INSTALL = "apt-get install -y varnish varnish-modules"


def in_ci():
    return os.environ.get("CI", "").lower() in ("true", "1")


def require_varnish():
    """varnishd's path, or a skip that says how to get it (a failure under CI=true)."""
    varnishd = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").is_file() else None
    )
    reason = None
    if varnishd is None:
        reason = f"no varnishd: `{INSTALL}`"
    elif not XKEY_VMOD.is_file():
        reason = f"no xkey vmod ({XKEY_VMOD}): `{INSTALL}`"
    if reason:
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return varnishd


def vcl_for(backend_port, folder, backend_host="127.0.0.1"):
    """The site's VCL with its backend's address replaced, as `make serve-cdn` does."""
    text = VCL.read_text()
    text, hosts = re.subn(r'^(\s*\.host = )"[^"]*";', rf'\1"{backend_host}";', text, flags=re.M)
    text, ports = re.subn(r'^(\s*\.port = )"[^"]*";', rf'\1"{backend_port}";', text, flags=re.M)
    assert hosts == ports == 1, "the VCL's backend is not where make serve-cdn looks for it"
    path = Path(folder) / "etoile.vcl"
    path.write_text(text)
    return path


def params():
    """The -p arguments make serve-cdn passes, from deploy/varnish/varnishd.params."""
    lines = PARAMS.read_text().splitlines()
    return [arg for line in lines if line and not line.startswith("#") for arg in ("-p", line)]


class Varnish:
    """One varnishd in the foreground, on a free port, until stopped."""

    def __init__(self, backend_port, port=None):
        varnishd = require_varnish()
        self.folder = tempfile.mkdtemp(prefix="varnish-test-")
        # varnishd reads the VCL and works in the folder as its own unprivileged user.
        os.chmod(self.folder, 0o755)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [
                varnishd,
                "-F",
                "-a",
                f"127.0.0.1:{self.port}",
                "-f",
                str(vcl_for(backend_port, self.folder)),
                "-n",
                self.folder,
                "-s",
                "malloc,32m",
                # No CLI port on the network: varnishadm -n reaches it through the folder.
                "-T",
                "none",
                *params(),
            ],
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while not answers(self.port):
            if self.process.poll() is not None:
                raise AssertionError(f"varnishd exited: {self.log()}")
            assert time.monotonic() < deadline, "varnishd did not start"
            time.sleep(0.1)

    def log(self):
        self.log_file.seek(0)
        return self.log_file.read().decode(errors="replace")

    def stop(self):
        stop_group(self.process)
        self.log_file.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def request(port, method, path, headers=None, source="127.0.0.1"):
    """One request from `source` (any 127.x address: the loopback has them all)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        body = response.read().decode(errors="replace")
        return response.status, response.headers, body
    finally:
        connection.close()


def purge(port, keys, source="127.0.0.1"):
    return request(port, "PURGE", "/", {"xkey-purge": keys}, source=source)

"""
The readers of the mixed-workload benchmark (bench/mixed_bench.py): wrk at 32
connections, each request the next page of a fixed rotation, with a Lua
script that also counts what the page cache said of each answer
(`X-Page-Cache: hit|miss|waited|stale`), summed over wrk's threads.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.serve_bench import ACCEPT_ENCODING, WRK_TIMEOUT, BenchError, Load, parse_wrk

CONNECTIONS = 32
THREADS = 2
CACHE_STATES = ("hit", "miss", "waited", "stale", "none")

# Each wrk thread runs its own copy of this script; done() runs once, after
# all, and reads each thread's counters through the handles setup() kept.
LUA = """\
local paths = {%(paths)s}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  position = 0
  hit, miss, waited, stale, none = 0, 0, 0, 0, 0
end

function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"] or headers["x-page-cache"]
  if state == "hit" then hit = hit + 1
  elseif state == "miss" then miss = miss + 1
  elseif state == "waited" then waited = waited + 1
  elseif state == "stale" then stale = stale + 1
  else none = none + 1 end
end

function done(summary, latency, requests)
  local totals = {hit = 0, miss = 0, waited = 0, stale = 0, none = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  io.write(string.format("page cache: hit %%d miss %%d waited %%d stale %%d none %%d\\n",
    totals.hit, totals.miss, totals.waited, totals.stale, totals.none))
end
"""


def lua_script(paths: list[str]) -> str:
    for path in paths:
        if not re.fullmatch(r"/[\w./?=&%-]*", path):
            raise ValueError(f"{path!r} is not a plain path")
    return LUA % {"paths": ", ".join(f'"{path}"' for path in paths)}


@dataclass
class Readers:
    """What the readers of one phase got."""

    load: Load
    cache: dict[str, int] = field(default_factory=dict)

    @property
    def hit_share(self) -> float | None:
        answered = sum(self.cache.values())
        return self.cache.get("hit", 0) / answered if answered else None


def parse_readers(output: str) -> Readers:
    counted = re.search(
        r"^page cache: hit (\d+) miss (\d+) waited (\d+) stale (\d+) none (\d+)$", output, re.M
    )
    cache = dict(zip(CACHE_STATES, map(int, counted.groups()), strict=True)) if counted else {}
    return Readers(load=parse_wrk(output), cache=cache)


def wrk_command(port: int, script: Path, seconds: float) -> list[str]:
    return [
        *("wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency"),
        *("--timeout", WRK_TIMEOUT, "-H", f"Accept-Encoding: {ACCEPT_ENCODING}"),
        *("-s", str(script), f"http://127.0.0.1:{port}"),
    ]


def start_readers(port: int, script: Path, seconds: float) -> subprocess.Popen:
    return subprocess.Popen(
        wrk_command(port, script, seconds),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_readers(process: subprocess.Popen) -> Readers:
    stdout, stderr = process.communicate()
    if process.returncode or "Requests/sec" not in stdout:
        raise BenchError(f"{shlex.join(process.args)} failed:\n{stdout}{stderr}")
    return parse_readers(stdout)

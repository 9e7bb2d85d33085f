"""
One phase of the mixed-workload benchmark (bench/mixed_bench.py): readers
for a fixed time while editors save at a fixed rate, and after each save
returns, reads of the saved entry's page as an anonymous reader that count
those not showing it.
"""

from __future__ import annotations

import gzip
import math
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.mixed_editor import AdminBrowser, EditRefused, edit_number, marked_text
from bench.mixed_readers import Readers, finish_readers, start_readers
from bench.serve_bench import ROOT, fetch

# The summary every benchmark save records, so that its revisions are told apart.
SUMMARY = "Mixed-workload benchmark"


@dataclass(frozen=True)
class Target:
    """A character the editor changes, and whether the readers' pages show it."""

    label: str
    show: str
    slug: str
    path: str
    change_path: str


@dataclass
class Save:
    via: str  # "admin" or "edit_entry"
    target: str
    seconds: float  # the POST (admin) or the whole command, process start included
    open_seconds: float | None = None  # the admin change form's GET


@dataclass
class Checks:
    """Anonymous reads of an edited page after its save returned."""

    reads: int = 0
    stale: int = 0
    failed: int = 0
    newer: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class Phase:
    name: str
    interval: float | None  # seconds between saves; None: no editor
    readers: Readers | None = None
    saves: list[Save] = field(default_factory=list)
    planned: int = 0
    refused: list[str] = field(default_factory=list)
    checks: Checks = field(default_factory=Checks)
    server_cpu_seconds: float | None = None
    seconds: float = 0.0

    @property
    def started_per_second(self) -> float | None:
        """Saves started per second (made and refused)."""
        started = len(self.saves) + len(self.refused)
        return started / self.seconds if self.seconds else None

    @property
    def edited(self) -> bool:
        return self.interval is not None or bool(self.planned)

    def save_seconds(self, via: str) -> list[float]:
        return [save.seconds for save in self.saves if save.via == via]


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


class Checker:
    """Reads a saved page as anonymous readers do, each read on a new connection."""

    def __init__(self, port: int, checks: Checks):
        self.port, self.checks = port, checks
        self.lock = threading.Lock()

    def read(self, path: str, number: int) -> None:
        try:
            # The readers' compressed copy: the page cache keeps one per encoding.
            status, body = fetch(self.port, path, {"Accept-Encoding": "gzip"})
        except OSError as error:
            self.count("failed", f"{path}: {error}")
            return
        if status != 200:
            self.count("failed", f"{path}: status {status}")
            return
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        shown = edit_number(body.decode(errors="replace"))
        self.count("reads")
        if shown is None or shown < number:
            self.count("stale", f"{path}: edit #{number} saved, the page showed #{shown}")
        elif shown > number:
            # A later save of the same entry landed before this read: current too.
            self.count("newer")

    def count(self, what: str, example: str | None = None) -> None:
        with self.lock:
            setattr(self.checks, what, getattr(self.checks, what) + 1)
            if example and len(self.checks.examples) < 5:
                self.checks.examples.append(example)


class Editor:
    """
    Saves start on schedule, each in a thread with a signed-in browser of its
    own, whatever the previous saves are doing: five saves a second through the
    admin are several editors at work, as no one browser opens and posts a
    change form in 0.2 s under load. Characters are taken in turn from two
    lists (shown on the readers' pages, and not), long enough that no two
    saves in flight hold the same one (which the admin would rightly refuse as
    a conflict). After a save returns, its thread reads the page `reads_per_save` times.
    """

    def __init__(
        self,
        browsers: list[AdminBrowser],
        targets: tuple[list[Target], list[Target]],
        port: int,
        reads_per_save: int,
        command_env: dict[str, str] | None,
    ):
        self.browsers, self.targets, self.port = browsers, targets, port
        self.reads_per_save = reads_per_save
        # None: no save through the command (--no-command).
        self.command_env = command_env
        self.number = 0
        self.turns = [0, 0]

    def next_target(self, index: int) -> Target:
        group = index % 2
        targets = self.targets[group]
        target = targets[self.turns[group] % len(targets)]
        self.turns[group] += 1
        return target

    def run(self, phase: Phase, seconds: float) -> None:
        checker = Checker(self.port, phase.checks)
        idle: queue.Queue[AdminBrowser] = queue.Queue()
        for browser in self.browsers:
            idle.put(browser)
        phase.planned = max(1, round(seconds / phase.interval))
        started = time.monotonic()
        ends = started + seconds
        # The first save from halfway on, so that it runs under the same load as the rest.
        by_command = started + seconds / 2 if self.command_env is not None else None
        due, index, threads = started, 0, []
        while due < ends:
            time.sleep(max(0.0, due - time.monotonic()))
            # With every browser busy, the save waits for one (and is late).
            browser = idle.get()
            if time.monotonic() >= ends:
                break
            self.number += 1
            via = "admin"
            if by_command is not None and time.monotonic() >= by_command:
                via, by_command = "edit_entry", None
            thread = threading.Thread(
                target=self.save_and_check,
                args=(phase, checker, browser, idle, via, self.next_target(index), self.number),
                daemon=True,
            )
            thread.start()
            threads.append(thread)
            index += 1
            due = max(due + phase.interval, time.monotonic())
        for thread in threads:
            thread.join()

    def run_alone(self, phase: Phase, count: int) -> None:
        """`count` admin saves one after the other, with no readers: what a save costs."""
        checker = Checker(self.port, phase.checks)
        idle: queue.Queue[AdminBrowser] = queue.Queue()
        phase.planned = count
        for index in range(count):
            self.number += 1
            target = self.next_target(index)
            self.save_and_check(
                phase, checker, self.browsers[0], idle, "admin", target, self.number
            )

    def save_and_check(self, phase, checker, browser, idle, via, target, number) -> None:
        try:
            phase.saves.append(self.save(browser, via, target, marked_text(number)))
        except (EditRefused, OSError, subprocess.SubprocessError) as error:
            phase.refused.append(f"{via}, {target.path}: {error}")
        else:
            for _ in range(self.reads_per_save):
                checker.read(target.path, number)
        finally:
            idle.put(browser)

    def save(self, browser: AdminBrowser, via: str, target: Target, text: str) -> Save:
        if via == "admin":
            done = browser.save(target.change_path, description=text, edit_summary=SUMMARY)
            return Save("admin", target.label, done.save_seconds, done.open_seconds)
        started = time.perf_counter()
        edit_entry(self.command_env, target, text)
        return Save("edit_entry", target.label, time.perf_counter() - started)


def edit_entry(env: dict[str, str], target: Target, text: str) -> None:
    result = subprocess.run(
        [
            *(sys.executable, "manage.py", "edit_entry", "shows.character"),
            *(target.show, target.slug, "--set", f"description={text}", "--summary", SUMMARY),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode:
        raise EditRefused(f"edit_entry exited {result.returncode}: {result.stderr[-300:]}")


def cpu_seconds(pids: list[int]) -> float:
    """User and system time the processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        # utime and stime, the 12th and 13th fields after the command name.
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def run_phase(
    phase: Phase,
    port: int,
    script: Path,
    seconds: float,
    editor: Editor | None,
    server_pids=None,
) -> Phase:
    """Readers for `seconds`, with the editor saving meanwhile when the phase has one."""
    phase.seconds = seconds
    pids = server_pids() if server_pids else []
    cpu_before = cpu_seconds(pids)
    readers = start_readers(port, script, seconds)
    try:
        if editor and phase.interval:
            editor.run(phase, seconds)
    finally:
        phase.readers = finish_readers(readers)
    if pids:
        phase.server_cpu_seconds = cpu_seconds(pids) - cpu_before
    return phase

"""sources -> engine -> filters -> findings: the one path every command takes."""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from launchguard import __version__
from launchguard.analyze import analyze, path_findings
from launchguard.config import Config
from launchguard.engine.scan import Matcher
from launchguard.findings import Finding, dedupe
from launchguard.progress import Advance, silent
from launchguard.result import ScanResult
from launchguard.sources import Source
from launchguard.units import Skipped, Unit

# Units go to worker threads in batches: a future per 10 KB file would cost more than the
# scan. Batches in flight are bounded, so memory stays bounded on any tree.
_BATCH_BYTES = 1 << 20
_BATCH_UNITS = 256
_IN_FLIGHT_PER_WORKER = 3

Outcome = tuple[list[Finding], Counter[str]]
# A second analysis of each unit beside the rules (the env values searched in a bundle). One
# with a `close()` method may answer later: close() returns what its calls held back.
Extra = Callable[[Unit], list[Finding]]


class _Combined:
    def __init__(self, extras: list[Extra]) -> None:
        self._extras = extras

    def __call__(self, unit: Unit) -> list[Finding]:
        return [f for extra in self._extras for f in extra(unit)]

    def close(self) -> list[Finding]:
        return [f for extra in self._extras for f in close_extra(extra)]


def combine(*extras: Extra | None) -> Extra | None:
    """One per-unit check out of several (None where a check is off)."""
    active = [e for e in extras if e is not None]
    if len(active) <= 1:
        return active[0] if active else None
    return _Combined(active)


def close_extra(extra: Extra | None) -> list[Finding]:
    """What a check held back until the last unit (see Extra)."""
    close: Callable[[], list[Finding]] | None = getattr(extra, "close", None)
    return [] if close is None else close()


def _scan_batch(
    units: list[Unit], matcher: Matcher, config: Config, extra: Extra | None
) -> Outcome:
    dropped: Counter[str] = Counter()
    found: list[Finding] = []
    for unit in units:
        found += path_findings(unit.origin, matcher.table, config)
        found += analyze(unit, matcher, config, dropped)
        if extra is not None:
            found += extra(unit)
    return found, dropped


class _Collector:
    def __init__(self) -> None:
        self.result = ScanResult()
        self.dropped: Counter[str] = Counter()
        self.files = 0
        self.bytes = 0

    def add(self, future: Future[Outcome]) -> None:
        findings, dropped = future.result()
        self.result.findings.extend(findings)
        self.dropped.update(dropped)

    def skip(self, item: Skipped, matcher: Matcher, config: Config) -> None:
        """A skipped file is still named: a committed binary `.env.gpg` is still an env file."""
        self.result.skipped.append(item)
        self.result.findings.extend(path_findings(item.origin, matcher.table, config))


def run(
    sources: Iterable[Source],
    *,
    matcher: Matcher,
    config: Config,
    advance: Advance = silent,
    extra: Extra | None = None,
) -> ScanResult:
    """Scan every unit of every source. Reading happens here while worker threads scan:
    file reads and Hyperscan both release the GIL, so the two overlap on two cores."""
    started = time.perf_counter()
    out = _Collector()
    workers = max(1, min(4, os.cpu_count() or 1))
    pending: deque[Future[Outcome]] = deque()
    batch: list[Unit] = []
    batch_bytes = 0
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="scan") as pool:
        for item in (i for source in sources for i in source.units()):
            if isinstance(item, Skipped):
                out.skip(item, matcher, config)
                continue
            out.files += item.origin.offset == 0  # the parts of a large file are one file
            out.bytes += len(item.data)
            advance(len(item.data))
            batch.append(item)
            batch_bytes += len(item.data)
            if batch_bytes >= _BATCH_BYTES or len(batch) >= _BATCH_UNITS:
                pending.append(pool.submit(_scan_batch, batch, matcher, config, extra))
                batch, batch_bytes = [], 0
            while len(pending) > workers * _IN_FLIGHT_PER_WORKER:
                out.add(pending.popleft())
        if batch:
            pending.append(pool.submit(_scan_batch, batch, matcher, config, extra))
        while pending:
            out.add(pending.popleft())
    out.result.findings.extend(close_extra(extra))
    return _finish(out, matcher, time.perf_counter() - started)


def _finish(out: _Collector, matcher: Matcher, seconds: float) -> ScanResult:
    from launchguard.analysis_rules import rule_catalog

    result = out.result
    result.findings = dedupe(result.findings)
    result.rules = rule_catalog(matcher.table)
    result.stats = {
        "version": __version__,
        "backend": matcher.backend_name,
        "rules": len(matcher.table.content) + len(matcher.table.path_rules),
        "files": out.files,
        "bytes": out.bytes,
        "dropped": dict(sorted(out.dropped.items())),
        "skipped": [{"path": s.origin.path, "reason": s.reason} for s in result.skipped],
        "incomplete": result.incomplete,
        "seconds": round(seconds, 3),
    }
    return result

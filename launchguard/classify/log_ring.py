"""Memory shared with a forked log worker: file bytes written here, read there.

An anonymous shared mapping made before the fork is the same memory in both processes. Each
batch of files gets one contiguous region, taken in order around the ring and given back in
the same order as the worker answers (it answers batches in the order it gets them). Writing
a batch is one copy; the worker's read is another. The messages then carry only offsets.

The first bytes count the worker's answers: only the worker writes there, and the scan
reads the count without a system call.
"""

from __future__ import annotations

import mmap
import struct
from collections import deque

_COUNT = struct.Struct("<Q")  # 8 bytes at offset 0: aligned, written in one store


class Ring:
    def __init__(self, size: int) -> None:
        self._map = mmap.mmap(-1, _COUNT.size + size)
        self._base = _COUNT.size
        self._size = _COUNT.size + size
        self._head = self._base  # where the next region starts
        self._regions: deque[tuple[int, int]] = deque()  # (batch number, start), oldest first
        self._released: set[int] = set()

    def put(self, number: int, parts: list[bytes]) -> list[tuple[int, int]] | None:
        """Writes `parts` (the files of batch `number`) side by side; the (offset, length)
        of each, or None when there is no room (the batch then travels another way)."""
        total = sum(len(part) for part in parts)
        start = self._room(total) if total else None
        if start is None:
            return None
        placed = []
        at = start
        for part in parts:
            self._map[at : at + len(part)] = part
            placed.append((at, len(part)))
            at += len(part)
        self._regions.append((number, start))
        self._head = at
        return placed

    def read(self, offset: int, length: int) -> bytes:
        return self._map[offset : offset + length]

    def answers(self) -> int:
        """How many answers the worker has counted."""
        return int(_COUNT.unpack_from(self._map, 0)[0])

    def count_answer(self) -> None:
        """The worker's: one more answer is on its way."""
        _COUNT.pack_into(self._map, 0, self.answers() + 1)

    def release(self, number: int) -> None:
        """Batch `number` was answered: its region, and every older one answered too, are
        free again."""
        self._released.add(number)
        while self._regions and self._regions[0][0] in self._released:
            self._released.discard(self._regions.popleft()[0])
        if not self._regions:
            self._head = self._base

    def _room(self, total: int) -> int | None:
        """Where `total` bytes fit after the newest region and before the oldest. The head
        never comes back to the oldest region's start, so a full ring is never taken for an
        empty one."""
        if not self._regions:
            return self._base if self._base + total <= self._size else None
        oldest = self._regions[0][1]
        if self._head > oldest:  # the used part does not wrap: room after it, then before
            if self._head + total <= self._size:
                return self._head
            return self._base if self._base + total < oldest else None
        return self._head if self._head + total < oldest else None

"""The memory a forked log worker reads file bytes from: regions go round the ring and come
back in order, a full ring says so, and what is read is what was written."""

from __future__ import annotations

import os

import pytest

from launchguard.classify.log_ring import Ring


def _read_all(ring: Ring, placed: list[tuple[int, int]] | None) -> list[bytes]:
    assert placed is not None
    return [ring.read(offset, length) for offset, length in placed]


def test_what_is_read_is_what_was_written() -> None:
    ring = Ring(1024)
    parts = [b"alpha", b"", b"gamma" * 10]
    assert _read_all(ring, ring.put(0, parts)) == parts


def test_regions_wrap_around_once_the_oldest_is_released() -> None:
    ring = Ring(100)
    first = ring.put(0, [b"a" * 40])
    second = ring.put(1, [b"b" * 40])
    assert first is not None
    base = first[0][0]  # past the answer count
    assert first == [(base, 40)]
    assert second == [(base + 40, 40)]
    assert ring.put(2, [b"c" * 30]) is None  # 20 left at the end, nothing free before
    ring.release(0)
    assert ring.put(2, [b"c" * 30]) == [(base, 30)]  # wrapped to the start
    assert ring.put(3, [b"d" * 10]) is None  # would reach the oldest region's start
    assert ring.put(3, [b"d" * 9]) == [(base + 30, 9)]
    assert _read_all(ring, second) == [b"b" * 40]


def test_out_of_order_answers_free_nothing_until_the_oldest_is_answered() -> None:
    ring = Ring(90)
    for number in range(3):
        assert ring.put(number, [b"x" * 30]) is not None
    ring.release(1)
    assert ring.put(3, [b"y" * 20]) is None
    ring.release(0)  # frees 0 and the already answered 1
    assert ring.put(3, [b"y" * 50]) is not None


def test_too_big_or_empty_batches_travel_another_way() -> None:
    ring = Ring(64)
    assert ring.put(0, [b"z" * 65]) is None
    assert ring.put(0, [b"", b""]) is None
    placed = ring.put(0, [b"z" * 64])
    assert placed is not None
    ring.release(0)
    assert ring.put(1, [b"w"]) == [(placed[0][0], 1)]  # an empty ring starts again


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the ring is shared with a forked worker")
def test_answers_are_counted_in_the_ring() -> None:
    ring = Ring(16)
    assert ring.answers() == 0
    ring.count_answer()
    ring.count_answer()
    assert ring.answers() == 2
    assert ring.put(0, [b"x" * 16]) is not None  # the count takes none of the room


def test_a_forked_process_reads_what_was_written_after_the_fork() -> None:
    ring = Ring(4096)
    reader, writer = os.pipe()
    answer_reader, answer_writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: wait for where to read, send back what is there
        os.close(writer)
        offset, length = (int(x) for x in os.read(reader, 64).split())
        os.write(answer_writer, ring.read(offset, length))
        os._exit(0)
    os.close(reader)
    placed = ring.put(0, [b"written after the fork"])
    assert placed is not None
    os.write(writer, f"{placed[0][0]} {placed[0][1]}".encode())
    assert os.read(answer_reader, 64) == b"written after the fork"
    os.waitpid(pid, 0)

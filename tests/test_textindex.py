from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from launchguard.textindex import TextIndex


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300), st.data())
def test_offset_position_round_trip(text: str, data: st.DataObject) -> None:
    raw = text.encode("utf-8")
    index = TextIndex(raw)
    # only offsets on character boundaries are meaningful
    boundaries = [len(text[:i].encode("utf-8")) for i in range(len(text) + 1)]
    offset = data.draw(st.sampled_from(boundaries))
    line, column = index.position(offset)
    assert index.offset(line, column) == offset
    assert line == raw[:offset].count(b"\n") + 1


def test_line_text() -> None:
    index = TextIndex(b"a\nbb\n\nccc")
    assert [index.line_text(i) for i in range(0, 6)] == [b"", b"a", b"bb", b"", b"ccc", b""]
    assert index.position(7) == (4, 2)

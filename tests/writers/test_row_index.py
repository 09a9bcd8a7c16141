"""The rows a text read are looked up in an index built once per table, not once per read."""

from __future__ import annotations

from pathlib import Path

from reportgen.inputs.dataset import Dataset, Row, Table
from reportgen.narrative.texts import Read
from reportgen.writers.citations import read_rows


class CountedRows(tuple):
    """A table's rows that count how often something goes through all of them."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_a_table_is_indexed_once_however_many_reads_look_rows_up():
    rows = CountedRows(Row({"id": f"r{i}", "source": "s"}, i + 2) for i in range(200))
    table = Table("big", "Big", Path("big.csv"), (), rows)
    dataset = Dataset(Path("datapackage.yaml"), "d", "D", {}, {"big": table})
    CountedRows.walks = 0
    reads = [Read("big", f"r{i}", "value") for i in range(200)]
    found = read_rows(dataset, reads)
    assert [r["id"] for r in found] == [f"r{i}" for i in range(200)]
    assert read_rows(dataset, reads[:3]) == found[:3]
    assert CountedRows.walks == 1  # one index for 203 look-ups (was one walk per read)
    assert table.by_id() is table.by_id()


def test_every_field_of_the_deck_builder_is_read_somewhere():
    """A field nothing reads is state kept for no one (used_rows, extra_sources were)."""
    import dataclasses
    import re

    from reportgen.writers.deck.builder import DeckBuilder

    package = Path(__file__).resolve().parents[2] / "reportgen"
    code = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py"))
    unread = [f.name for f in dataclasses.fields(DeckBuilder) if not re.search(rf"\.{f.name}\b", code)]
    assert unread == []

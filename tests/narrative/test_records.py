"""While text renders, each string records its file, its line and every dataset value it read."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.inputs.dataset import load_dataset
from reportgen.narrative.texts import DataView, Read, load_texts, make_environment, render_texts, simple_templates

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MINI = load_dataset(FIXTURES / "mini" / "data" / "datapackage.yaml")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_each_string_records_its_file_line_and_the_values_it_read(tmp_path):
    path = write(tmp_path, "en.yaml", (
        "meta:\n"
        "  title: Plain words\n"
        "paragraphs:\n"
        "  users:\n"
        "    - \"Quark has {{ data.services.quark.mau }}; Meta {{ data.capex.meta.capex_share }}.\"\n"
        "    - \"{{ data.services.doubao.name }} and {{ data.services.quark.mau.bare }} again\"\n"
    ))
    texts = render_texts(path, MINI, "en")
    first = texts.record("paragraphs.users", 0)
    assert (first.file, first.line, first.key) == (path, 5, "paragraphs.users[0]")
    assert first.reads == (Read("services", "quark", "mau"), Read("capex", "meta", "capex_share"))
    assert texts.record("paragraphs.users", 1).reads == (Read("services", "doubao", "name_en"), Read("services", "quark", "mau"))
    assert texts.record("meta.title").reads == ()
    assert texts.place("paragraphs.users", 1) == (path, "paragraphs.users[1] (line 6)")
    # a key reads what every string under it read, in reading order, each once
    assert texts.reads("paragraphs") == [Read("services", "quark", "mau"), Read("capex", "meta", "capex_share"),
                                         Read("services", "doubao", "name_en")]
    assert texts.reads("paragraphs.nothing") == []


def test_a_loop_or_a_count_reads_the_whole_table(tmp_path):
    path = write(tmp_path, "en.yaml", (
        "a: \"{% for s in data.services %}{{ s.name }} {% endfor %}\"\n"
        "b: \"{{ data.services | length }} services\"\n"
        "c: \"{{ (data.capex.meta.capex / data.capex.bytedance.capex) | num(1) }}x\"\n"
    ))
    texts = render_texts(path, MINI, "en")
    assert texts.get("a").strip() == "Quark Doubao Zhipu"
    assert texts.record("a").reads[0] == Read("services")
    assert {r.row for r in texts.record("a").reads[1:]} == {"quark", "doubao", "zhipu"}
    assert texts.record("b").reads == (Read("services"),)
    assert texts.record("c").reads == (Read("capex", "meta", "capex"), Read("capex", "bytedance", "capex"))


@pytest.mark.parametrize("text", [
    "{{ data.services.quark.mau }} and {{ data.capex.meta.capex | num(1) }}",
    "{{ data.services.quark.name | josa('은/는') }} {{ data.services.doubao.mau.bare }}",
])
def test_the_fast_path_records_what_jinja_records(text):
    env = make_environment("ko")
    fast_reads: list[Read] = []
    jinja_reads: list[Read] = []
    assert simple_templates._parts(env, text) is not None  # the case the fast path takes
    fast = simple_templates.render(env, text, {"data": DataView(MINI, "ko", fast_reads), "lang": "ko"})
    slow = env.from_string(text).render({"data": DataView(MINI, "ko", jinja_reads), "lang": "ko"})
    assert fast == slow
    assert fast_reads == jinja_reads and fast_reads


def test_text_split_across_files_keeps_each_string_with_its_own_file(mini):
    folder = mini / "report"
    (folder / "text" / "en.yaml").unlink()
    one = write(folder, "text/en/a.yaml", "meta:\n  title: T\n  subtitle: S\n")
    two = write(folder, "text/en/b.yaml", "meta:\n  audience: A\n\nparagraphs:\n  users: \"{{ data.services.quark.mau }}\"\n")
    dataset = load_dataset(mini / "data" / "datapackage.yaml")
    texts = load_texts(folder, dataset, "en")
    assert texts.record("meta.title").file == one
    assert texts.place("meta.audience") == (two, "meta.audience (line 2)")
    assert texts.record("paragraphs.users").reads == (Read("services", "quark", "mau"),)
    assert texts.place("meta.nothing") == (one, "meta.nothing")  # not written: the file of its top-level key


def test_a_dotted_key_is_found_in_the_tree_and_its_record(tmp_path):
    path = write(tmp_path, "en.yaml", "columns:\n  services.mau: Monthly users\n")
    texts = render_texts(path, MINI, "en")
    assert texts.loc("columns.services.mau") == ("columns", "services.mau")
    assert texts.get("columns.services.mau") == "Monthly users"
    assert texts.place("columns.services.mau") == (path, "columns.services.mau (line 2)")

import pytest

from reportgen.errors import ReportgenError
from reportgen.inputs.dataset import load_dataset
from reportgen.narrative.texts import load_texts


@pytest.fixture(autouse=True)
def _in_tmp(mini, monkeypatch):
    monkeypatch.chdir(mini)


def write_text(mini, lang, body):
    (mini / "report" / "text" / f"{lang}.yaml").write_text(body, encoding="utf-8")


def render(mini, lang="ko"):
    ds = load_dataset(mini / "data" / "datapackage.yaml")
    return load_texts(mini / "report", ds, lang)


def test_figures_print_for_each_reader(mini):
    assert render(mini, "ko").get("paragraphs.users") == "쿼크의 월간 사용자는 1억 5,000만 명이다."
    assert render(mini, "en").get("paragraphs.users") == "Quark has 150M users a month."


@pytest.mark.parametrize(("lang", "rounded", "exact"), [("ko", "38억 1,195만 명", "38억 1,195만 3,827명"),
                                                      ("en", "3.81B users", "3,811,953,827 users")])
def test_a_large_figure_reads_as_tables_print_it_and_exact_gives_every_digit(mini, lang, rounded, exact):
    path = mini / "data" / "services.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("150000000", "3811953827"), encoding="utf-8")
    write_text(mini, lang, "a: \"{{ data.services.quark.mau }}\"\nb: \"{{ data.services.quark.mau | exact }}\"\n"
                           "c: \"{{ data.services.quark.mau | fmt(exact=True) }}|{{ data.services.quark.mau | num }}\"\n")
    texts = render(mini, lang)
    assert (texts.get("a"), texts.get("b")) == (rounded, exact)
    number = rounded.rsplit(" ", 1)[0] if lang == "en" else rounded.removesuffix(" 명")
    assert texts.get("c") == f"{exact}|{number}"
    assert any(exact in f.shown for f in texts.record("b").figures)  # the provenance knows the printed form


def test_change_a_csv_value_and_the_sentence_changes(mini):
    path = mini / "data" / "services.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("150000000", "175000000"), encoding="utf-8")
    assert render(mini, "ko").get("paragraphs.users") == "쿼크의 월간 사용자는 1억 7,500만 명이다."


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ data.services.quark.users }}", "paragraphs.x (line 2): table 'services' has no column 'users'"),
        ("{{ data.servces.quark.mau }}", "no table 'servces' in the dataset; did you mean services?"),
        ("{{ data.services.kwark.mau }}", "table 'services' has no row 'kwark'"),
        ("{{ data.services.zhipu.mau }}", "column 'mau' is empty (N/A)"),
        ("{{ nothing_here }}", "template error: 'nothing_here' is undefined"),
        ("{{ data.services.quark.mau ", "template syntax error"),
        ("{{ ''.__class__.__mro__ }}", "template error"),
        ("{{ cycler.__init__.__globals__ }}", "template error"),
        ("{% for i in range(30000) %}xx{% endfor %}", "renders to 60,000 characters; the limit is 20,000"),
        ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "is a loop runaway?"),
        ("{{ 'a' * 1000000000 }}", "a repeated value longer than 100,000"),
        ("{{ 9 ** 999999999 }}", "an exponent above 100"),
    ],
)
def test_a_bad_template_names_file_key_and_line(mini, template, expected):
    write_text(mini, "ko", f"paragraphs:\n  x: \"{template}\"\n")
    with pytest.raises(ReportgenError) as info:
        render(mini)
    (found,) = [str(p) for p in info.value.problems]
    assert found.startswith("report/text/ko.yaml: paragraphs.x (line 2): "), found
    assert expected in found


def test_filters_and_arithmetic(mini):
    write_text(mini, "en", "a: \"{{ (data.capex.meta.capex.value / data.capex.bytedance.capex.value) | num(1) }}x\"\n"
               "b: \"{{ data.capex.meta.capex_share | pct }}\"\nc: \"{{ data.services.quark.name }}\"\n"
               "d: \"{{ '2025-01-28' | date }}\"\ne: \"{{ 47.5e9 | money }}\"\n")
    texts = render(mini, "en")
    assert [texts.get(k) for k in "abcde"] == ["3.5x", "23.8%", "Quark", "January 28, 2025", "$47.5B"]


def test_text_split_across_files_merges_and_rejects_clashes(mini):
    folder = mini / "report" / "text" / "ko"
    folder.mkdir()
    (folder / "more.yaml").write_text("paragraphs:\n  more: 추가\n", encoding="utf-8")
    texts = render(mini)
    assert texts.get("paragraphs.more") == "추가" and texts.get("paragraphs.users").startswith("쿼크")
    (folder / "more.yaml").write_text("paragraphs:\n  users: 중복\n", encoding="utf-8")
    with pytest.raises(ReportgenError, match="paragraphs.users: also defined in ko.yaml"):
        render(mini)

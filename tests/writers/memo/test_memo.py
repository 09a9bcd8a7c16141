"""The PDF memo, end to end on the fixture report: a valid PDF with embedded fonts, an outline,
page labels, metadata, literal markup, split tables, a glyph check, and reproducible bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from reportgen.context import BuildContext, ChartImage
from reportgen.errors import ReportgenError
from reportgen.inputs.rows import select_rows
from reportgen.pipeline import load
from reportgen.wording.figures import row_sources, source_line
from reportgen.writers.memo.write import write_memo

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "memo"
EPOCH = "1751241600"  # 2025-06-30 00:00 UTC
MARKUP = "R&D <b>Lab</b> & Co"


def draw_chart(path: Path, values: list[float], width: int = 1800, height: int = 720) -> Path:
    """A stand-in for a rendered chart: bars drawn by Pillow, no text."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max(values) or 1.0
    step = (width - 240) / max(len(values), 1)
    for i, value in enumerate(values):
        x = 140 + i * step
        draw.rectangle((x + step * 0.15, height - 100 - (height - 220) * value / top, x + step * 0.85, height - 100),
                       fill="#1F4E79" if i == 0 else "#9DB3C8")
    draw.line((110, height - 100, width - 80, height - 100), fill="#333333", width=3)
    image.save(path, format="PNG")
    return path


def fake_charts(ctx: BuildContext, lang: str, folder: Path) -> dict[str, ChartImage]:
    folder.mkdir(parents=True, exist_ok=True)
    texts, charts = ctx.texts[lang], {}
    for spec in ctx.report.charts:
        rows = select_rows(ctx.dataset.tables[spec.table], spec.where)
        png = draw_chart(folder / f"{spec.id}.{lang}.png", [float(r.get(spec.y) or 0) for r in rows])
        svg = png.with_suffix(".svg")
        svg.write_text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
        sources = tuple(row_sources(rows))
        charts[spec.id] = ChartImage(spec.id, lang, png, svg, 1800, 720, texts.get(f"charts.{spec.id}.title"),
                                     texts.get(f"charts.{spec.id}.unit"), texts.get(f"charts.{spec.id}.alt"),
                                     source_line(ctx.dataset, sources, lang), sources)
    return charts


def copy_fixture(dest: Path) -> Path:
    """A writable copy of the fixture; one company name carries markup characters."""
    shutil.copytree(FIXTURE, dest)
    services = dest / "data" / "ai_services.csv"
    text = services.read_text(encoding="utf-8")
    services.write_text(text.replace(",콰이쇼우,Kuaishou,", f',"{MARKUP}","{MARKUP}",'), encoding="utf-8")
    return dest / "report"


def build(report: Path, out: Path, langs: tuple[str, ...] = ("ko", "en")) -> dict[str, Path]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        ctx = load(report, langs)
    paths = {}
    for lang in langs:
        paths[lang] = out / f"memo.{lang}.pdf"
        write_memo(ctx, lang, fake_charts(ctx, lang, out / "charts"), paths[lang])
    return paths


@pytest.fixture(scope="module")
def memos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("memo")
    return build(copy_fixture(root / "fixture"), root / "out")


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def outline_titles(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title))

    walk(PdfReader(path).outline, 0)
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_qpdf_finds_no_errors(memos, lang):
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    result = subprocess.run(["qpdf", "--check", str(memos[lang])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_font_is_an_embedded_nanumgothic_subset(memos, lang):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    lines = subprocess.run(["pdffonts", str(memos[lang])], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, kind, emb, sub = re.match(r"(\S+)\s+(TrueType|Type 1|Type 3|CID \S+)\s+\S+\s+(\w+)\s+(\w+)", line).groups()
        assert (emb, sub, kind) == ("yes", "yes", "TrueType"), line
        assert re.fullmatch(r"[A-Z]{6}\+NanumGothic\w*", name), line


@pytest.mark.parametrize(("lang", "expected"), [
    ("ko", ["1. 중국 AI는 어디에 서 있나", "2. 왜: 인재의 규모", "3. 왜: 국가와 빅테크의 자본", "4. 한국을 위한 권고"]),
    ("en", ["1. Where Chinese AI stands", "2. Why: the scale of talent", "3. Why: state and big-tech capital",
            "4. Recommendations for Korea"]),
])
def test_outline_has_an_entry_for_every_heading(memos, lang, expected):
    titles = outline_titles(memos[lang])
    words = {"ko": ("요약", "목차", "출처", "부록: 데이터"), "en": ("Summary", "Contents", "Sources", "Appendix: the data")}
    summary, contents, sources, appendix = words[lang]
    top = [t for level, t in titles if level == 0]
    assert top == [summary, contents, *expected, sources, appendix]
    nested = [t for level, t in titles if level == 1]
    assert len(nested) == 3 and all(re.match(r"(권고|Recommendation) \d\. ", t) for t in nested)


def test_the_answer_comes_first_and_contents_lines_link_to_their_headings(memos):
    first = flat(page_texts(memos["ko"])[0])
    assert "중국 AI 생태계와 한국의 선택" in first and "요약" in first and "1억 5,000만 명" in first
    reader = PdfReader(memos["ko"])
    page = next(i for i, text in enumerate(page_texts(memos["ko"])) if "목차" in text)
    links = [a.get_object() for a in reader.pages[page].get("/Annots", [])]
    assert len([a for a in links if a.get("/Subtype") == "/Link" and "/Dest" in a]) >= 2 * 7  # line and page number
    assert "1. 중국 AI는 어디에 서 있나" in flat(page_texts(memos["ko"])[page])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pages_are_labelled_and_numbered_n_of_total(memos, lang):
    reader = PdfReader(memos[lang])
    total = len(reader.pages)
    assert 6 <= total <= 10
    assert reader.page_labels == [str(n) for n in range(1, total + 1)]
    for number, text in enumerate(page_texts(memos[lang]), start=1):
        assert f"{number} / {total}" in text


@pytest.mark.parametrize(("lang", "title", "author", "keywords", "language"), [
    ("ko", "중국 AI 생태계와 한국의 선택", "reportgen 테스트", "중국, 인공지능, 정책 메모", "ko-KR"),
    ("en", "China's AI ecosystem and Korea's choice", "reportgen tests", "China, artificial intelligence, policy memo", "en-US"),
])
def test_metadata(memos, lang, title, author, keywords, language):
    reader = PdfReader(memos[lang])
    meta = reader.metadata
    assert (meta.title, meta.author, meta["/Keywords"]) == (title, author, keywords)
    assert meta.subject.startswith(("인재·데이터·자본", "Where China stands"))
    assert meta["/CreationDate"] == "D:20250630000000+00'00'"
    assert reader.trailer["/Root"]["/Lang"] == language
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_markup_characters_in_the_data_print_as_themselves(memos, lang):
    assert MARKUP in flat(" ".join(page_texts(memos[lang])))


@pytest.mark.parametrize(("lang", "figures"), [
    ("ko", ["1억 5,000만 명", "약 222만 명", "3~5년", "475억 달러", "1,550억 달러", "7.2%", "23.8%", "2025년 6월 30일", "N/A"]),
    ("en", ["150M users", "about 2.22M graduates", "3–5 years", "$47.5B", "$155B", "7.2%", "23.8%", "June 30, 2025", "N/A"]),
])
def test_key_figures_read_the_way_the_reader_reads_them(memos, lang, figures):
    text = flat(" ".join(page_texts(memos[lang])))
    for figure in figures:
        assert figure in text


def test_sources_are_numbered_endnotes_with_publisher_title_and_date(memos):
    text = flat(page_texts(memos["en"])[-1])
    assert "SCMP, “Tech war: China’s Big Fund III brings US$47.5 billion in fresh outlay”, May 29, 2024." in text
    assert "Aicpb.com. †" in text and "† Sources that state no date" in text and "date not stated" not in text
    assert re.search(r"1\. Aicpb\.com", text) and re.search(r"5\. 각 사 연차보고서", text)


def test_charts_are_placed_at_200_ppi_or_more(memos):
    reader = PdfReader(memos["en"])
    widths = [image.image.width for page in reader.pages for image in page.images]
    assert widths and min(widths) >= 1800  # the PNG's own pixels, not resampled


def test_two_builds_with_source_date_epoch_are_byte_identical(memos, tmp_path):
    again = build(copy_fixture(tmp_path / "fixture"), tmp_path / "out", ("ko",))
    assert again["ko"].read_bytes() == memos["ko"].read_bytes()


def test_a_table_of_200_rows_splits_across_pages_and_repeats_its_header(tmp_path):
    report = copy_fixture(tmp_path / "fixture")
    data = tmp_path / "fixture" / "data"
    table = data / "big_tech_capex.csv"
    lines = table.read_text(encoding="utf-8").splitlines()  # a header and 4 rows the narrative names
    lines += [f"firm_{i:03d},기업 {i:03d},Firm {i:03d},CN,100,{i % 50 + 1},{i % 50 + 1},2024,annual_reports" for i in range(196)]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths = build(report, tmp_path / "out", ("en",))
    pages = [flat(t) for t in page_texts(paths["en"])]
    with_rows = [t for t in pages if re.search(r"Firm \d{3}", t)]
    assert len(with_rows) >= 3
    for text in with_rows:
        assert "Company Revenue Capex Capex share of revenue" in text
    shown = [int(n) for t in with_rows for n in re.findall(r"Firm (\d{3})", t)]
    assert sorted(set(shown)) == list(range(196))


def test_a_character_missing_from_the_font_fails_before_drawing(tmp_path):
    report = copy_fixture(tmp_path / "fixture")
    ko = report / "text" / "ko.yaml"
    ko.write_text(ko.read_text(encoding="utf-8").replace("대중 시장에 자리 잡았다.", "대중 시장에 자리 잡았다 \U0001F680."),
                  encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ReportgenError) as caught:
        build(report, out, ("ko",))
    message = str(caught.value)
    assert "ko.yaml: paragraphs.where[0] (line " in message
    assert "U+1F680 ROCKET" in message and "not in the font NanumGothic" in message
    assert not list(out.glob("*.pdf*"))


def test_a_heading_never_ends_a_page(tmp_path):
    """Many sections of different lengths, some opening with a chart: wherever a heading falls,
    what follows it starts on the same page."""
    report = copy_fixture(tmp_path / "fixture")
    spec = report / "report.yaml"
    first = ["{chart: state_funds}" if i % 3 == 1 else f"{{text: extra_{i}}}" for i in range(14)]
    sections = "".join(f"  - id: extra_{i}\n    blocks:\n      - {first[i]}\n      - {{text: extra_{i}}}\n" for i in range(14))
    spec.write_text(spec.read_text(encoding="utf-8") + sections, encoding="utf-8")
    en = report / "text" / "en.yaml"
    sentence = "Every figure in this section comes from the dataset and is cited in the notes at the end. "
    extra = "".join(f"  extra_{i}: {{heading: Extra heading {i}}}\n" for i in range(14))
    paragraphs = "".join(f"  extra_{i}: \"{sentence * (3 + (i * 5) % 11)}\"\n" for i in range(14))
    text = en.read_text(encoding="utf-8").replace("memo:\n", "memo:\n" + extra, 1).replace("paragraphs:\n", "paragraphs:\n" + paragraphs, 1)
    en.write_text(text, encoding="utf-8")
    paths = build(report, tmp_path / "out", ("en",))
    for text in page_texts(paths["en"]):
        body = [line for line in text.splitlines() if line.strip() and not re.search(r"\d+ / \d+$|^Confidential", line)]
        assert not re.fullmatch(r"\d+\.\s+Extra heading \d+", body[-1].strip()), body[-3:]


def test_a_block_too_large_for_any_page_is_a_clear_error_and_leaves_no_file(tmp_path):
    report = copy_fixture(tmp_path / "fixture")
    en = report / "text" / "en.yaml"
    huge = "Expand places step by step. " * 400
    en.write_text(en.read_text(encoding="utf-8").replace("actions: [Expand places in AI-related programmes step by step,",
                                                         f"actions: [{huge},"), encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(ReportgenError, match=r"report.yaml: memo: a block of the en memo is too large to fit on a page"):
        build(report, out, ("en",))
    assert not list(out.glob("*.pdf*"))


def test_recommendations_in_the_summary_are_brief_and_keep_their_numbers(tmp_path):
    report = copy_fixture(tmp_path / "fixture")
    spec = report / "report.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "      - {text: summary_recommendations}\n", "      - {recommendation: talent}\n      - {recommendation: state}\n"),
        encoding="utf-8")
    pages = [flat(t) for t in page_texts(build(report, tmp_path / "out", ("ko",))["ko"])]
    assert "권고 1. 인재의 규모를 키운다 중국의 연간 이공계 졸업생(약 222만 명)은" in pages[0]
    assert "권고 2. 국가 지원을 집중한다" in pages[0] and "실행 과제" not in pages[0]
    rest = " ".join(pages[1:])
    assert "권고 1. 인재의 규모를 키운다" in rest and "권고 3. 데이터 접근을 연다" in rest and "권고 2. 국가 지원을 집중한다" in rest


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_charts_render_as_drawn_in_poppler(memos, tmp_path):
    """A picture must look the same in a real viewer: the fixture charts are mostly white, never black."""
    import subprocess

    reader = PdfReader(memos["en"])
    page = next(i for i, p in enumerate(reader.pages, start=1) if p.images)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(memos["en"]), str(tmp_path / "p")],
                   check=True)
    (png,) = tmp_path.glob("p*.png")
    grey = Image.open(png).convert("L")
    dark = sum(grey.histogram()[:40]) / (grey.width * grey.height)
    assert dark < 0.05, f"{dark:.0%} of the page is black: the picture did not decode"

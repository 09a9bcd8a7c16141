"""The bad-input cases: each a small change to a copy of the default report and the exact outcome.

`expect` is the exact standard error of the command, less the warnings the default report itself prints.
An error case exits 1 with one message (file, row/column or YAML path, what was expected) and no traceback;
a build that fails leaves the previous outputs byte-identical. A graceful case exits 0 and `verify` checks
what was made of the input (the cleaned text, the warning).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bad_edits import REPORT, Edit, append, both, in_rows, master, reencode, replace, rezip, write, xlsx_resource
from typer.testing import Result

ROOT = Path(__file__).resolve().parents[2]
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"

Setup = Callable[[Path, pytest.MonkeyPatch, contextlib.ExitStack], None]


Verify = Callable[[Path, Result], None]


@dataclass(frozen=True)
class Case:
    id: str
    change: Edit
    expect: str  # the exact standard error but its warnings ({pid}: this process's id); "" for none
    command: str = "check"  # check: load and validate only; build: --lang en into a copy of a built output folder
    exit_code: int = 1
    options: tuple[str, ...] = ()
    setup: Setup | None = None  # prepares the output folder or the process (a held lock, a full disk)
    verify: Verify | None = None  # what a graceful case made of its input
    warns: tuple[str, ...] = ()  # warning lines that must be among the standard error's
    env: tuple[tuple[str, str], ...] = ()  # environment variables set for the command (beside SOURCE_DATE_EPOCH)
    cold: bool = False  # run `python -m reportgen` in a process of its own, building into an empty folder

    def args(self) -> list[str]:
        if self.command == "check":
            return ["check", REPORT]
        return ["build", REPORT, "--out", "out", "--lang", "en", *self.options]


def nothing(root: Path) -> None:
    pass


PRICES = "data/api_prices.csv"
SERVICES = "data/ai_services.csv"
CAPEX = "data/big_tech_capex.csv"
ECOSYSTEM = "data/ecosystem_map.csv"  # a table the deck shows as a table: its labels reach the slides as text
PACKAGE = "data/datapackage.yaml"
SPEC = f"{REPORT}/report.yaml"
CHARTS = f"{REPORT}/charts.yaml"
TEXT = f"{REPORT}/text/en/story.yaml"
PRICES_HEADER = "id,company_ko,company_en,country,country_ko,country_en,price,qualifier,date,source,note_ko,note_en\n"


def broken_utf8_byte(root: Path) -> None:
    """A UTF-8 file with an encoded lone surrogate (U+D800) in a label near its end."""
    path = root / SERVICES
    data = path.read_bytes()
    at = data.rindex("알리바바".encode())
    path.write_bytes(data[:at] + b"\xed\xa0\x80" + data[at:])


def many_rows(relative: str, template: str, count: int = 100_000) -> Edit:
    """Append `count` rows made from `template` (with {i} for the row number)."""

    def apply(root: Path) -> None:
        path = root / relative
        rows = "".join(template.format(i=i) for i in range(count))
        path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")

    return apply


def symlinked_resource(root: Path) -> None:
    """data/api_prices.csv becomes a link to a valid copy of itself outside the dataset folder."""
    path = root / PRICES
    outside = root / "elsewhere.csv"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)


def master_bytes(root: Path) -> bytes:
    return (root / REPORT / "master.pptx").read_bytes()


def corrupt_master(root: Path) -> None:
    (root / REPORT / "master.pptx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)


def truncated_master(root: Path) -> None:
    data = master_bytes(root)
    (root / REPORT / "master.pptx").write_bytes(data[: len(data) // 2])


def workbook_as_master(root: Path) -> None:
    from openpyxl import Workbook

    Workbook().save(root / REPORT / "master.pptx")


def master_without_usable_layouts(root: Path) -> None:
    """Every layout has a name of its own and no placeholders: none can hold a slide's title."""
    from pptx import Presentation

    path = root / REPORT / "master.pptx"
    prs = Presentation(str(path))
    for number, layout in enumerate(prs.slide_layouts, start=1):
        layout.name = f"Picture {number}"
        for placeholder in list(layout.placeholders):
            placeholder._element.getparent().remove(placeholder._element)
    prs.save(str(path))


HUGE_PNG_SIDE = 60_000


def huge_png() -> bytes:
    """A small file that claims 60,000 x 60,000 pixels (3.6 gigapixels): a decompression bomb if decoded."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", HUGE_PNG_SIDE, HUGE_PNG_SIDE, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


def huge_image_in_master(root: Path) -> None:
    """The master's first layout shows a picture whose pixels would take gigabytes to decode."""
    from pptx import Presentation
    from pptx.util import Emu

    path = root / REPORT / "master.pptx"
    prs = Presentation(str(path))
    layout = prs.slide_layouts[0]
    from PIL import Image

    small = root / "small.png"
    Image.new("L", (10, 10)).save(small)
    _, r_id = layout.part.get_or_add_image_part(str(small))
    layout.shapes._spTree.add_pic(99, "Huge picture", "", r_id, Emu(0), Emu(0), Emu(914400), Emu(914400))
    prs.save(str(path))
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = [n for n in package.namelist() if n.startswith("ppt/media/")]
        names = [n for n in media if package.read(n) == small.read_bytes()]
    path.write_bytes(rezip(data, drop=lambda n: n in names, add={n: huge_png() for n in names}))
    small.unlink()

# ---- setups: the state of the output folder or of the process ----------------------------------------

def no_write_permission(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """The output folder is read-only (as root, whom permissions do not stop, writes are refused the same way)."""
    out = root / "out"
    out.chmod(0o555)
    stack.callback(out.chmod, 0o755)
    real_open = os.open

    def guarded(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).absolute().parent == out and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    mp.setattr(os, "open", guarded)


def full_disk(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """The disk fills up while the deck is saved: half a file, then ENOSPC."""
    import reportgen.writers.deck.write as deck

    def save(prs: Any, path: Path, when: Any) -> None:
        path.write_bytes(b"PK\x03\x04" + bytes(4096))
        raise OSError(errno.ENOSPC, "No space left on device")

    mp.setattr(deck, "save_reproducibly", save)


def half_written_deck(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """The deck writer stops half-way through its file without an error (a bug, or a writer killed)."""
    import reportgen.writers.deck.write as deck

    real_save = deck.save_reproducibly

    def save(prs: Any, path: Path, when: Any) -> None:
        real_save(prs, path, when)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    mp.setattr(deck, "save_reproducibly", save)


def locked_memo(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """The memo is open in a PDF viewer that locks it (as Windows does): replacing it is refused."""
    real_replace = os.replace
    memo = root / "out" / "china-ai-briefing.en.pdf"

    def replace_file(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(dst).absolute() == memo and ".backup" not in str(src):
            raise PermissionError(errno.EACCES, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst, *args, **kwargs)

    mp.setattr(os, "replace", replace_file)


def memo_is_a_folder(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    memo = root / "out" / "china-ai-briefing.en.pdf"
    memo.unlink()
    memo.mkdir()
    (memo / "notes.txt").write_text("kept", encoding="utf-8")


def out_is_a_file(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    shutil.rmtree(root / "out")
    (root / "out").write_text("not a folder", encoding="utf-8")


def other_build_running(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    from reportgen.publish import OutputLock

    mp.setenv("REPORTGEN_LOCK_WAIT", "0")
    stack.enter_context(OutputLock(root / "out"))


def other_build_outlasts_the_wait(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    from reportgen.publish import OutputLock

    mp.setenv("REPORTGEN_LOCK_WAIT", "0.3")
    stack.enter_context(OutputLock(root / "out"))


def dead_build_left_files(root: Path, mp: pytest.MonkeyPatch, stack: contextlib.ExitStack) -> None:
    """A build killed earlier left its staging folder and a half-drawn chart."""
    staging = root / "out" / ".staging-dead1"
    staging.mkdir()
    (staging / "china-ai-briefing.en.pptx").write_bytes(b"PK\x03\x04 half a deck")
    draft = root / "out" / ".cache" / "charts" / ".draw-dead1"
    draft.mkdir(parents=True)
    (draft / "chart.png").write_bytes(b"\x89PNG half")


# ---- verifications of graceful results ------------------------------------------------------------

def dataset(root: Path) -> Any:
    from reportgen.inputs.dataset import load_dataset

    return load_dataset(root / PACKAGE)


def korean_read_right(root: Path, result: Result) -> None:
    row = dataset(root).tables["api_prices"].by_id()["bytedance"]
    assert (row["company_ko"], row["company_en"]) == ("바이트댄스", "ByteDance")


def rows_counted(extra: int) -> Verify:
    def verify(root: Path, result: Result) -> None:
        base = sum(len(t.rows) for t in dataset(ROOT).tables.values())
        assert f" {base + extra} rows," in result.stdout, result.stdout

    return verify


def id_kept_as_text(root: Path, result: Result) -> None:
    row = dataset(root).tables["api_prices"].by_id()["007"]
    assert row["id"] == "007"


def line_break_read(root: Path, result: Result) -> None:
    assert dataset(root).tables["api_prices"].by_id()["openai"]["company_en"] == "Open\nAI"


def text_line_break_read(root: Path, result: Result) -> None:
    from reportgen.pipeline import load

    assert load(root / REPORT, ("en",)).texts["en"].get("meta.author") == "reportgen\nresearch"


def deck_xml(root: Path) -> str:
    """The XML of every slide of the built deck (text boxes and table cells alike)."""
    with zipfile.ZipFile(root / "out" / "china-ai-briefing.en.pptx") as deck:
        return "".join(deck.read(n).decode("utf-8") for n in deck.namelist() if n.startswith("ppt/slides/slide"))


def memo_text(root: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(root / "out" / "china-ai-briefing.en.pdf").pages)


def label_in_deck(label: str) -> Verify:
    def verify(root: Path, result: Result) -> None:
        assert f"<a:t>{label}</a:t>" in deck_xml(root)

    return verify


def embedded_or_remote_parts(deck: Path) -> list[str]:
    """Parts of a .pptx that are spreadsheets with a formula (a native chart's workbook holds values and
    text only) or other embedded files, or fetched from elsewhere (not a link)."""
    import openpyxl

    found = []
    with zipfile.ZipFile(deck) as package:
        for name in package.namelist():
            if re.fullmatch(r"ppt/embeddings/Microsoft_Excel_Sheet\d+\.xlsx", name):
                sheet = openpyxl.load_workbook(io.BytesIO(package.read(name))).active
                if any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row):
                    found.append(name)
            elif "embeddings/" in name or name.lower().endswith((".xlsx", ".xlsm", ".xls", ".csv")):
                found.append(name)
            if name.endswith(".rels"):
                rels = package.read(name).decode("utf-8")
                for rel in re.findall(r"<Relationship [^>]*>", rels):
                    if 'TargetMode="External"' in rel and not re.search(r'Type="[^"]*/hyperlink"', rel):
                        found.append(f"{name}: {rel}")
    return found


def formula_kept_as_text(root: Path, result: Result) -> None:
    assert '<a:t>=HYPERLINK("http://example.invalid","x")</a:t>' in deck_xml(root)
    assert embedded_or_remote_parts(root / "out" / "china-ai-briefing.en.pptx") == []


def markup_printed_as_text(root: Path, result: Result) -> None:
    printed = "".join(memo_text(root).split())
    assert "<imgsrc='http://example.invalid/x.png'/><ahref='file:///etc/passwd'>x</a>" in printed


def huge_image_carried(root: Path, result: Result) -> None:
    with zipfile.ZipFile(root / "out" / "china-ai-briefing.en.pptx") as deck:
        assert huge_png() in [deck.read(n) for n in deck.namelist() if n.startswith("ppt/media/")]


def no_leftovers(root: Path, result: Result) -> None:
    out = root / "out"
    assert not list(out.glob(".staging-*")) and not list((out / ".cache" / "charts").glob(".draw-*"))
    assert (out / "china-ai-briefing.en.pptx").read_bytes().startswith(b"PK\x03\x04")


def nested(iterable: str, depth: int) -> str:
    """`depth` loops over `iterable`, one inside the other, doing nothing."""
    return "".join(f"{{% for x{i} in {iterable} %}}" for i in range(depth)) + "{% endfor %}" * depth


ALIAS_BOMB = "".join(f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}" if i else "lol"] * 10) + "]\n" for i in range(7))


# ---- the cases -------------------------------------------------------------------------------------

DATA = [
    Case("letter-in-number", in_rows(PRICES, "price", "openai", "8x"),
         "error: data/api_prices.csv: row 4, column price: got '8x'; expected a number (like 12.5)"),
    Case("thousands-separator-quoted", in_rows(SERVICES, "mau", "alibaba_quark", "150,000,000"),
         "error: data/ai_services.csv: row 2, column mau: got '150,000,000'; expected a plain number "
         "without thousands separators, like 150000000"),
    Case("thousands-separator-unquoted", replace(SERVICES, "150000000", "150,000,000"),
         "error: data/ai_services.csv: row 2: has 16 cells but the header has 14 columns; a value with a "
         "comma (like 1,234) must be quoted or written without the comma"),
    Case("empty-file", write(PRICES, ""), "error: data/api_prices.csv: the file is empty; expected a header row"),
    Case("header-only", write(PRICES, PRICES_HEADER), "error: data/api_prices.csv: has a header but no rows of data"),
    Case("missing-column", replace(PRICES, ",note_ko,note_en\n", ",note_ko\n"),
         "error: data/api_prices.csv: row 1 (header): missing column 'note_en'; the schema lists: id, "
         "company_ko, company_en, country, country_ko, country_en, price, qualifier, date, source, "
         "note_ko, note_en"),
    Case("extra-column", replace(PRICES, ",note_ko,note_en\n", ",note_ko,note_en,comment\n"),
         "error: data/api_prices.csv: row 1 (header): unexpected column 'comment'; the schema lists: id, "
         "company_ko, company_en, country, country_ko, country_en, price, qualifier, date, source, "
         "note_ko, note_en"),
    Case("duplicate-key", replace(PRICES, "\ntencent,", "\nbytedance,"),
         "error: data/api_prices.csv: row 3, column id: duplicate key 'bytedance' (first in row 2); keys "
         "must be unique"),
    Case("source-id-not-allowed", in_rows(SERVICES, "source", "deepseek", "aicbp"),
         "error: data/ai_services.csv: row 4, column source: got 'aicbp'; expected one of: aicpb"),
    Case("unknown-source-id", both(replace(PACKAGE, "enum: [aicpb]}", "enum: [aicpb, aicbp]}"),
                                   in_rows(SERVICES, "source", "deepseek", "aicbp")),
         "error: data/ai_services.csv: row 4, column source: unknown source id 'aicbp'; did you mean "
         "aicpb?"),
    Case("qualifier-not-allowed", in_rows(PRICES, "qualifier", "bytedance", "around"),
         "error: data/api_prices.csv: row 2, column qualifier: got 'around'; expected one of: approx, over, "
         "nearly, up_to, within_top, forecast"),
    Case("unknown-qualifier", both(replace(PACKAGE, ", constraints: {enum: [approx, over, nearly, up_to, within_top, "
                                           "forecast]}}", "}", count=100),
                                   in_rows(PRICES, "qualifier", "bytedance", "around")),
         "error: data/api_prices.csv: row 2, column qualifier: unknown qualifier 'around'; known qualifiers: "
         "over, approx, nearly, up_to, within_top, forecast (or empty: stated as is)"),
    Case("nan", in_rows(PRICES, "price", "openai", "NaN"),
         "error: data/api_prices.csv: row 4, column price: got 'NaN'; expected a finite number (leave the "
         "cell empty where there is no value)"),
    Case("inf", in_rows(PRICES, "price", "openai", "inf"),
         "error: data/api_prices.csv: row 4, column price: got 'inf'; expected a finite number (leave the "
         "cell empty where there is no value)"),
    Case("overflow-to-inf", in_rows(PRICES, "price", "openai", "1e999"),
         "error: data/api_prices.csv: row 4, column price: got '1e999'; expected a finite number (this "
         "one is too large)"),
    Case("negative-where-positive", in_rows(SERVICES, "mau", "deepseek", "-77000000"),
         "error: data/ai_services.csv: row 4, column mau: got -77000000; expected at least 0"),
    Case("zero-on-log-scale", both(replace(CHARTS, "y: price, highlight", "y: price, log: true, highlight"),
                                   in_rows(PRICES, "price", "tencent", "0")),  # a row no text or claim names
         "error: templates/china-ai-briefing/charts.yaml: charts (api_prices): ranked_bar chart of table "
         "'api_prices': a log scale needs values above zero; row 'tencent' has y = 0",
         command="build"),
    Case("cp949-file", reencode(PRICES, "cp949"),
         "",
         exit_code=0, verify=korean_read_right),
    Case("utf8-bom-file", reencode(PRICES, "utf-8-sig"),
         "",
         exit_code=0, verify=korean_read_right),
    Case("neither-utf8-nor-cp949", write(PRICES, b"id,company_ko\n\xff\xfe\xfa,x\n"),
         "error: data/api_prices.csv: line 2, byte 14: text is neither UTF-8 nor CP949; save the file as "
         "UTF-8 CSV"),
    Case("utf8-with-lone-surrogate", broken_utf8_byte,
         "error: data/ai_services.csv: line 12, byte 3342: not valid UTF-8 (bytes ED); the file is UTF-8 "
         "but this character is damaged: retype it, or save the file again as UTF-8 CSV"),
    Case("100000-rows", many_rows("data/company_events.csv", "event_{i},회사,Company,사건,Event,2024,,dbr2025\n"),
         "",
         exit_code=0, verify=rows_counted(100_000)),
    Case("600-rows-in-a-chart", many_rows(PRICES, "p{i},회사,Company {i},CN,중국,China,1.5,,2025-05-16,price_pages_2025,,\n", 600),
         "error: templates/china-ai-briefing/charts.yaml: [11] (api_prices): draws 604 rows of table "
         "'api_prices'; a chart draws at most 500: pick the rows with `where:`"),
    Case("leading-zeros-in-ids", append(PRICES, "007,회사,Company,CN,중국,China,1.5,,2025-05-16,price_pages_2025,,\n"),
         "",
         exit_code=0, verify=id_kept_as_text),
    Case("broken-xlsx", xlsx_resource("api_prices", b"PK\x03\x04 this is not a workbook"),
         "error: data/api_prices.xlsx: is damaged (not a complete .xlsx package); save it again from "
         "Excel, or as CSV"),
    Case("password-protected-xlsx", xlsx_resource("api_prices", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
         "error: data/api_prices.xlsx: is protected by a password (or is an old .xls workbook); save it "
         "without a password as .xlsx, or as CSV"),
    Case("vertical-tab-in-label", in_rows(PRICES, "company_en", "openai", "Open\x0bAI"),
         "",
         exit_code=0, verify=line_break_read),
    Case("nul-in-label", in_rows(PRICES, "company_en", "openai", "Open\x00AI"),
         "error: data/api_prices.csv: line 4: contains a NUL character (U+0000); is it really a CSV file? "
         "Remove it, or save the file again as CSV"),
    Case("escape-in-label", in_rows(PRICES, "company_en", "openai", "Open\x1bAI"),
         "error: data/api_prices.csv: row 4, column company_en: contains a control character (escape), "
         "U+001B, at character 5; remove it"),
    Case("unit-separator-in-label", in_rows(PRICES, "company_en", "openai", "Open\x1fAI"),
         "error: data/api_prices.csv: row 4, column company_en: contains a control character, U+001F, at "
         "character 5; remove it"),
    Case("u-ffff-in-label", in_rows(PRICES, "company_en", "openai", "Open\uffffAI"),
         "error: data/api_prices.csv: row 4, column company_en: contains a non-character, U+FFFF, at "
         "character 5; remove it"),
    Case("emoji-in-label", in_rows(ECOSYSTEM, "company_en", "deepseek", "DeepSeek 🚀"),
         "",
         command="build", exit_code=0, options=("--only", "deck"), verify=label_in_deck("DeepSeek 🚀")),
    Case("emoji-in-memo", in_rows(CAPEX, "company_en", "alibaba", "Alibaba 🚀"),
         "error: data/big_tech_capex.csv: row 3, column company: '🚀' (U+1F680 ROCKET) is not in the font "
         "NanumGothic, so the PDF would show an empty box; replace it or remove it: Alibaba 🚀",
         command="build"),
    Case("5000-character-label", in_rows(SERVICES, "company_en", "deepseek", "DeepSeek " + "x" * 4991),
         "error: data/ai_services.csv: row 4, column company_en: is 5,000 characters long; a cell holds "
         "at most 2,000 (it starts 'DeepSeek xxxxxxxxxxxxxxxxxxxxx')"),
    Case("right-to-left-label", in_rows(ECOSYSTEM, "company_en", "deepseek", "ديب سيك"),
         "",
         command="build", exit_code=0, options=("--only", "deck"), verify=label_in_deck("ديب سيك")),
    Case("right-to-left-in-memo", in_rows(CAPEX, "company_en", "alibaba", "علي بابا"),
         "error: data/big_tech_capex.csv: row 3, column company: 'ع' (U+0639 ARABIC LETTER AIN), 'ل' "
         "(U+0644 ARABIC LETTER LAM), 'ي' (U+064A ARABIC LETTER YEH), 'ب' (U+0628 ARABIC LETTER BEH), 'ا' "
         "(U+0627 ARABIC LETTER ALEF) are not in the font NanumGothic, so the PDF would show an empty "
         "box; replace them or remove them: علي بابا",
         command="build"),
    Case("formula-like-label", in_rows(ECOSYSTEM, "company_en", "deepseek", '=HYPERLINK("http://example.invalid","x")'),
         "",
         command="build", exit_code=0, options=("--only", "deck"), verify=formula_kept_as_text),
    Case("resource-path-outside", replace(PACKAGE, "path: api_prices.csv", "path: ../../etc/passwd"),
         "error: data/datapackage.yaml: resources[11].path (line 434): path '../../etc/passwd' must stay "
         "inside the dataset folder (no '..', no absolute path)"),
    Case("resource-symlink-outside", symlinked_resource,
         "error: data/api_prices.csv: is a link to a file outside the dataset folder; copy the file into "
         "the folder instead"),
]

SPEC_CASES = [
    Case("yaml-syntax-error", replace(SPEC, "languages: [ko, en]", "languages: [ko, en"),
         "error: templates/china-ai-briefing/report.yaml: line 6, column 5: did not find expected ',' or "
         "']'"),
    Case("yaml-tab-indent", replace(SPEC, "\n  - section: opening", "\n\t- section: opening"),
         "error: templates/china-ai-briefing/report.yaml: line 12, column 1: found character that cannot "
         "start any token"),
    Case("yaml-duplicate-key", replace(SPEC, "author: reportgen\n", "author: reportgen\nauthor: someone\n"),
         "error: templates/china-ai-briefing/report.yaml: line 8, column 1: duplicate key 'author' (first "
         "at line 7)"),
    Case("yaml-recursive-alias", replace(SPEC, "languages: [ko, en]", "languages: &l [ko, *l]"),
         "error: templates/china-ai-briefing/report.yaml: line 5, column 12: an alias (*name) refers to a "
         "value that holds it"),
    Case("yaml-alias-bomb", replace(SPEC, "author: reportgen\n", "author: reportgen\n" + ALIAS_BOMB),
         "error: templates/china-ai-briefing/report.yaml: holds more than 1,000,000 values once its "
         "aliases (*name) are expanded; is an alias repeated on purpose?"),
    Case("misspelled-key", replace(SPEC, "author: reportgen", "autor: reportgen"),
         "2 problems:\ntemplates/china-ai-briefing/report.yaml: author (line 3): required key is "
         "missing\ntemplates/china-ai-briefing/report.yaml: autor (line 7): unknown key 'autor'; valid "
         "keys here: author, charts, dataset, date, deck, engine, id, languages, layouts, master, memo, palette, params"),
    Case("misspelled-chart-key", replace(CHARTS, "x: service, y: mau", "x: service, yy: mau"),
         "error: templates/china-ai-briefing/charts.yaml: [0].yy (line 6): unknown key 'yy'; valid keys "
         "here: callouts, colors, engine, facet, format, guides, highlight, id, kind, label, lines, log, log_x, missing, "
         "order_by, palette, percent, periods, series, size, sort, sources, step, table, top, totals, where, x, y, y2"),
    Case("unknown-chart-kind", replace(CHARTS, "kind: scatter", "kind: pie"),
         "error: templates/china-ai-briefing/charts.yaml: [8].kind (line 48): unknown chart kind 'pie'; "
         "known kinds: column, combo, dumbbell, grouped_column, line, ranked_bar, scatter, stacked_bar, timeline, "
         "waterfall"),
    Case("chart-names-missing-column", replace(CHARTS, "x: service, y: mau", "x: service, y: users"),
         "error: templates/china-ai-briefing/charts.yaml: [0] (ai_service_users): table 'ai_services' has "
         "no column 'users'; columns: id, table_order, category, category_ko, category_en, company_ko, "
         "company_en, service_ko, service_en, mau, date, source, note_ko, note_en"),
    Case("chart-names-missing-table", replace(CHARTS, "table: ai_services", "table: ai_servcies"),
         "error: templates/china-ai-briefing/charts.yaml: [0] (ai_service_users).table: no table "
         "'ai_servcies' in the dataset; tables: agent_benchmarks, ai_education, ai_researchers, "
         "ai_service_market, ai_services, api_prices, big_tech_capex, bigtech_ai_investment, cambricon, "
         "city_strategies, company_events, data_scale, deepseek_v3, drug_discovery, ecosystem_map, "
         "hefei_nio, korea_comparison, market_structure, regulation, research_institutes, "
         "research_output, state_funds, stem_graduates, vc_rounds"),
    Case("slide-names-missing-chart", replace(SPEC, "chart: ai_service_users}", "chart: ai_service_user}"),
         "error: templates/china-ai-briefing/report.yaml: deck[1].slides[1].chart (line 21): chart "
         "'ai_service_user' is not defined under charts:; defined: ai_service_users, stem_graduates, "
         "ai_researcher_origin, data_scale, papers_patents, state_funds, vc_rounds, "
         "bigtech_capex_intensity, bigtech_capex_scatter, bigtech_capex_growth, regulation_timeline, "
         "api_prices, market_structure, deepseek_economics, clinical_trial_share, gaia_scores; did you "
         "mean ai_service_users?"),
    Case("kpi-names-missing-row", replace(SPEC, "cn_genai_companies.value", "cn_genai_firms.value"),
         "error: templates/china-ai-briefing/report.yaml: deck[1].slides[2] (scale).kpis[2].figure: table "
         "'market_structure' has no row 'cn_genai_firms'"),
    Case("master-outside-report", replace(SPEC, "master: master.pptx", "master: ../../etc/passwd"),
         "error: templates/china-ai-briefing/report.yaml: master (line 8): '../../etc/passwd' points "
         "outside the report folder"),
    Case("charts-file-outside-report", replace(SPEC, "charts: charts.yaml", "charts: ../../etc/passwd"),
         "error: templates/china-ai-briefing/report.yaml: charts (line 9): '../../etc/passwd' points "
         "outside the report folder"),
    Case("dataset-not-a-datapackage", replace(SPEC, "dataset: ../../data/datapackage.yaml", "dataset: ../../etc/passwd"),
         "error: templates/china-ai-briefing/report.yaml: dataset: '../../etc/passwd': expected the path "
         "of a datapackage.yaml"),
    Case("absolute-master-path", replace(SPEC, "master: master.pptx", "master: /etc/passwd"),
         "error: templates/china-ai-briefing/report.yaml: master (line 8): '/etc/passwd': give a path "
         "relative to report.yaml"),
    Case("python-tag-in-spec", replace(SPEC, "author: reportgen", "author: !!python/object/apply:os.system [\"echo pwned\"]"),
         "error: templates/china-ai-briefing/report.yaml: line 7, column 9: this YAML tag is not allowed "
         "(only plain YAML: no !!python tags)"),
    Case("python-tag-in-dataset", replace(PACKAGE, "name: china-ai-ecosystem", "name: !!python/object/new:os.system [\"echo x\"]"),
         "error: data/datapackage.yaml: line 3, column 7: this YAML tag is not allowed (only plain YAML: "
         "no !!python tags)"),
    Case("python-tag-in-text", replace(TEXT, "author: reportgen research", "author: !!python/name:os.system"),
         "error: templates/china-ai-briefing/text/en/story.yaml: line 7, column 11: this YAML tag is not "
         "allowed (only plain YAML: no !!python tags)"),
    Case("spec-not-utf8", write(SPEC, "id: china-ai-briefing\nauthor: 보고서\n".encode("cp949")),
         "error: templates/china-ai-briefing/report.yaml: byte 30: not UTF-8 text"),
    Case("spec-empty", write(SPEC, ""),
         "error: templates/china-ai-briefing/report.yaml: (top level): is empty; expected a mapping of "
         "keys"),
    Case("spec-a-list", write(SPEC, "- id: china-ai-briefing\n"),
         "error: templates/china-ai-briefing/report.yaml: (top level) (line 1): expected a mapping of "
         "keys, got list"),
    Case("invalid-date", replace(SPEC, "date: 2025-06-30", "date: 2025-13-45"),
         "error: templates/china-ai-briefing/report.yaml: line 6, column 7: '2025-13-45' is not a valid "
         "date (month must be in 1..12); expected YYYY-MM-DD"),
    Case("date-as-words", replace(SPEC, "date: 2025-06-30", "date: next week"),
         "error: templates/china-ai-briefing/report.yaml: date (line 6): got 'next week'; expected a date "
         "as YYYY-MM-DD"),
    Case("dataset-missing", replace(SPEC, "dataset: ../../data/datapackage.yaml", "dataset: ../../nodata/datapackage.yaml"),
         "error: nodata/datapackage.yaml: file not found"),
    Case("unknown-language", replace(SPEC, "languages: [ko, en]", "languages: [ko, fr]"),
         "error: templates/china-ai-briefing/report.yaml: languages[1] (line 5): got 'fr'; expected one "
         "of 'ko' or 'en'"),
    Case("duplicate-chart-id", replace(CHARTS, "id: bigtech_capex_scatter", "id: bigtech_capex_intensity"),
         "error: templates/china-ai-briefing/charts.yaml: [8].id (line 48): chart id "
         "'bigtech_capex_intensity' is used twice (first at line 47); ids must be unique"),
    Case("layout-names-no-layout", replace(SPEC, "master: master.pptx", "master: master.pptx\nlayouts: {chart: Headline}"),
         "error: templates/china-ai-briefing/report.yaml: layouts.chart (line 9): 'Headline' is no layout of "
         "master.pptx; its layouts: 'Title', 'Title and Content', 'Section', 'Title Only', 'Blank'",
         command="build", options=("--only", "deck")),
]

AUTHOR = "author: reportgen research"


def author(template: str) -> Edit:
    """Replace the English memo's author line (meta.author, line 7) with `template`."""
    return replace(TEXT, AUTHOR, f"author: \"{template}\"")


TEXT_CASES = [
    Case("unknown-fact", replace(TEXT, "data.ai_services.alibaba_quark.mau", "data.ai_services.alibaba_qurk.mau"),
         "error: templates/china-ai-briefing/text/en/story.yaml: slides.users.title (line 41): table "
         "'ai_services' has no row 'alibaba_qurk'; did you mean alibaba_quark, alibaba_wan?"),
    Case("unknown-column", replace(TEXT, "data.ai_services.alibaba_quark.mau", "data.ai_services.alibaba_quark.users"),
         "error: templates/china-ai-briefing/text/en/story.yaml: slides.users.title (line 41): table "
         "'ai_services' has no column 'users'; known: id, table_order, category, category_ko, "
         "category_en, company_ko, company_en, service_ko, service_en, mau, date, source, note_ko, note_en"),
    Case("unknown-table", replace(TEXT, "data.ai_services.alibaba_quark.mau", "data.ai_servcies.alibaba_quark.mau"),
         "error: templates/china-ai-briefing/text/en/story.yaml: slides.users.title (line 41): no table "
         "'ai_servcies' in the dataset; did you mean ai_services, api_prices, ai_service_market?"),
    Case("jinja-syntax-error", replace(TEXT, "{{ data.ai_services.alibaba_quark.mau }}", "{{ data.ai_services.alibaba_quark.mau }"),
         "error: templates/china-ai-briefing/text/en/story.yaml: slides.users.title (line 41): template "
         "syntax error: unexpected '}'"),
    Case("injection-mro", author("{{ ''.__class__.__mro__ }}"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "access to attribute '__class__' of 'str' object is unsafe."),
    Case("injection-globals", author("{{ cycler.__init__.__globals__ }}"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "access to attribute '__init__' of 'type' object is unsafe."),
    Case("injection-format", author("{{ '{0.__class__}'.format(data) }}"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "access to attribute 'format' of 'str' object is unsafe."),
    Case("injection-mutation", author("{% set x = [1] %}{% for i in x %}{{ x.append(i) }}{% endfor %}"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "access to attribute 'append' of 'list' object is unsafe."),
    Case("runaway-loop", author(nested("range(100)", 3)),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "the text takes more than 100,000 steps (loop turns, calls and items gone through); is a loop "
         "runaway?"),
    Case("runaway-loop-over-data", author(nested("data.ai_services", 5)),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "the text takes more than 100,000 steps (loop turns, calls and items gone through); is a loop "
         "runaway?"),
    Case("runaway-recursion", author("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "calls nest too deeply; does a macro call itself?"),
    Case("runaway-fan-out", author("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: "
         "the text takes more than 100,000 steps (loop turns, calls and items gone through); is a loop "
         "runaway?"),
    Case("text-bomb", author("{% set a = 'ha' * 50000 %}{% set b = a ~ a ~ a %}{{ b }}"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): template error: a "
         "value longer than 100,000 is not allowed in text"),
    Case("title-a-list", replace(TEXT, "    title: \"Alibaba's Quark leads", "    title: [a, b]\n    draft: \"Alibaba's Quark leads"),
         "error: templates/china-ai-briefing/text/en/story.yaml: slides.users.title: expected text, got a "
         "list"),
    Case("paragraph-a-mapping", replace(TEXT, "  summary_answer:\n", "  summary_answer: {a: b}\n  draft:\n"),
         "error: templates/china-ai-briefing/text/en/story.yaml: paragraphs.summary_answer: expected text "
         "or a list of lines, got a mapping (a)"),
    Case("text-file-empty", write(TEXT, ""),
         "error: templates/china-ai-briefing/text/en/story.yaml: (top level): expected a mapping of text "
         "keys"),
    Case("missing-text-key", replace(TEXT, "  audience: \"{{ params.audience or 'Executives and policy makers' }}\"  # the audience's "
                                           "name in a burst\n", ""),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.audience: missing text for the en "
         "report"),
    Case("lone-surrogate-in-text", author("reportgen \\ud800 research"),
         "error: templates/china-ai-briefing/text/en/story.yaml: line 7, column 24: found invalid Unicode "
         "character escape code"),
    Case("control-character-in-text", author("reportgen \\a research"),
         "error: templates/china-ai-briefing/text/en/story.yaml: meta.author (line 7): contains a control "
         "character (bell), U+0007, at character 11; remove it"),
    Case("vertical-tab-in-text", author("reportgen\\vresearch"),
         "",
         exit_code=0, verify=text_line_break_read),
    Case("markup-in-text", author("<img src='http://example.invalid/x.png'/> <a href='file:///etc/passwd'>x</a>"),
         "",
         command="build", exit_code=0, options=("--only", "memo"), verify=markup_printed_as_text),
]

TEMPLATES = [
    Case("corrupt-master", corrupt_master,
         "error: templates/china-ai-briefing/master.pptx: cannot be read as a PowerPoint file (.pptx): "
         "the file is damaged or incomplete; save it again from PowerPoint",
         command="build", options=("--only", "deck")),
    Case("truncated-master", truncated_master,
         "error: templates/china-ai-briefing/master.pptx: cannot be read as a PowerPoint file (.pptx): "
         "the file is damaged or incomplete; save it again from PowerPoint",
         command="build", options=("--only", "deck")),
    Case("workbook-as-master", workbook_as_master,
         "error: templates/china-ai-briefing/master.pptx: cannot be read as a PowerPoint file (.pptx): it "
         "is not a PowerPoint package; save it again from PowerPoint",
         command="build", options=("--only", "deck")),
    Case("master-without-usable-layouts", master_without_usable_layouts,
         "error: templates/china-ai-briefing/report.yaml: layouts: no layout for title slides in master.pptx: "
         "none is named 'Title' or 'Title Slide', and none has a centred title, or a title and a subtitle; no "
         "layout for summary, agenda, chart, kpi, table, recommendation and sources slides in master.pptx: none "
         "is named 'Title Only', and none has a title placeholder and nothing else, or a title and one text "
         "placeholder; no layout for section slides in master.pptx: none is named 'Section' or 'Section "
         "Header', and none has a title and one plain text placeholder, or a centred title, or a title and a "
         "subtitle, or a title and one text placeholder, or a title placeholder and nothing else.\n"
         "map title, summary, agenda, section, chart, kpi, table, recommendation and sources to a layout in "
         "master.yaml beside the master (or under `layouts: {master.pptx: ...}` in report.yaml), e.g.\n"
         "  layouts:\n    title: 'Picture 1'\nmaster.pptx has these layouts: 'Picture 1', 'Picture 2', "
         "'Picture 3', 'Picture 4', 'Picture 5'",
         command="build", options=("--only", "deck")),
    Case("huge-image-in-master", huge_image_in_master,
         "",
         command="build", exit_code=0, options=("--only", "deck"), verify=huge_image_carried),
    Case("svg-as-master", master(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "master.svg"),
         "error: templates/china-ai-briefing/master.svg: is a .svg, not a slide master: expected a "
         "PowerPoint file (.pptx); save the master from PowerPoint as .pptx",
         command="build", options=("--only", "deck")),
    Case("webp-as-master", master(WEBP, "master.webp"),
         "error: templates/china-ai-briefing/master.webp: is a .webp, not a slide master: expected a "
         "PowerPoint file (.pptx); save the master from PowerPoint as .pptx",
         command="build", options=("--only", "deck")),
]

OUTPUT = [
    Case("output-folder-not-writable", nothing,
         "error: out: cannot be written (Permission denied); check the folder's permissions, or build "
         "into another folder with --out. The previous outputs are untouched",
         command="build", setup=no_write_permission),
    Case("disk-full", nothing,
         "error: out: cannot be written: the disk is full (No space left on device); free some space and "
         "build again. Nothing was published: the previous outputs are untouched",
         command="build", setup=full_disk),
    Case("half-written-deck", nothing,
         "error: out/china-ai-briefing.en.pptx: was not written completely (expected a whole .pptx file); "
         "nothing was published",
         command="build", setup=half_written_deck),
    Case("output-file-locked", nothing,
         "error: out/china-ai-briefing.en.pdf: cannot be replaced (Permission denied); is it open in "
         "another program (PowerPoint, a PDF viewer)? Close it and build again. Nothing was published: "
         "the previous outputs are untouched",
         command="build", setup=locked_memo),
    Case("output-file-is-a-folder", nothing,
         "error: out/china-ai-briefing.en.pdf: is a folder; expected to replace a file here: remove or "
         "rename the folder",
         command="build", setup=memo_is_a_folder),
    Case("out-is-a-file", nothing,
         "error: out: is a file; --out must name a folder",
         command="build", setup=out_is_a_file),
    Case("another-build-running", nothing,
         "error: out: another build is writing to this folder (pid {pid}); wait for it to finish, or "
         "build into another folder with --out",
         command="build", setup=other_build_running),
    Case("another-build-outlasts-the-wait", nothing,
         "error: out: another build is writing to this folder (pid {pid}); waited 0.3 s; wait for it to "
         "finish, or build into another folder with --out",
         command="build",
         setup=other_build_outlasts_the_wait,
         warns=("warning: out: another build is writing to this folder (pid {pid}); waiting for it to finish",)),
    Case("dead-build-left-files", nothing,
         "",
         command="build", exit_code=0, options=("--only", "deck"), setup=dead_build_left_files, verify=no_leftovers),
]

CASES = DATA + SPEC_CASES + TEXT_CASES + TEMPLATES + OUTPUT

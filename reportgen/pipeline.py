"""build(): load -> compute -> render -> write -> check -> publish, readable top to bottom.

Nothing reaches the output folder until every stage has succeeded: files are written to a staging
folder inside it, checked, then published as one set under the folder's lock (reportgen/publish.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from reportgen.charts.prepare import check_charts
from reportgen.clock import build_date
from reportgen.context import BuildContext
from reportgen.errors import Collector, ReportgenError, fail
from reportgen.filecheck import is_complete
from reportgen.inputs.checks import check_spec_against_data
from reportgen.inputs.dataset import Dataset, load_dataset
from reportgen.inputs.params import apply_params, text_params, values_for
from reportgen.inputs.report_file import load_spec
from reportgen.inputs.spec import Report
from reportgen.narrative.checks import check_texts
from reportgen.narrative.texts import Texts, load_texts
from reportgen.paths import inside
from reportgen.publish import OutputLock, clean_up_dead_builds, lock_wait, new_staging, prepare_out_dir, publish, write_error

if TYPE_CHECKING:
    from reportgen.schedule import Charts

OUTPUT_KINDS = ("deck", "memo", "charts")
Progress = Callable[[str, str], None]


def _quiet(stage: str, detail: str) -> None:
    pass


@dataclass(frozen=True)
class BuildOptions:
    report_dir: Path
    out_dir: Path
    langs: tuple[str, ...] = ()  # empty: every language the report declares
    only: tuple[str, ...] = OUTPUT_KINDS
    template: Path | None = None
    cache_dir: Path | None = None  # default: <out_dir>/.cache


@dataclass(frozen=True)
class Inputs:
    """What every audience of a report shares: the spec and the dataset, loaded and checked once."""

    report: Report
    dataset: Dataset
    spec_path: Path


def load(report_dir: Path, langs: tuple[str, ...] = (), params: Mapping[str, object] | None = None) -> BuildContext:
    """Stage 1: the spec, the dataset and the text, each validated; all problems reported together.
    `params`: the audience's values of the report's parameters (else their defaults)."""
    return specialize(load_inputs(report_dir), langs, params)


def load_inputs(report_dir: Path) -> Inputs:
    """The spec and the dataset (the part of stage 1 all audiences share)."""
    spec_path = report_dir / "report.yaml" if report_dir.is_dir() else report_dir
    if not spec_path.exists():
        raise fail(spec_path, "", "no report here: expected a folder with report.yaml (try `reportgen new NAME`)")
    report = load_spec(spec_path)
    dataset_path = (report.folder / report.dataset).resolve()
    if dataset_path.name != "datapackage.yaml":
        raise fail(spec_path, "dataset", f"{report.dataset!r}: expected the path of a datapackage.yaml")
    return Inputs(report, load_dataset(dataset_path), spec_path)


def specialize(inputs: Inputs, langs: tuple[str, ...] = (), params: Mapping[str, object] | None = None) -> BuildContext:
    """The rest of stage 1 for one audience: the spec with its parameters applied, checked against the
    data, and the text of each language rendered with them."""
    values = values_for(inputs.report, params)
    report, dataset, spec_path = apply_params(inputs.report, values), inputs.dataset, inputs.spec_path
    problems = Collector()
    problems.problems.extend(check_spec_against_data(report, dataset, spec_path).problems)
    texts: dict[str, Texts] = {}
    for lang in langs or tuple(report.languages):
        if lang not in report.languages:
            problems.add(spec_path, "languages", f"the report has no {lang!r} text; languages: {', '.join(report.languages)}")
            continue
        try:
            texts[lang] = load_texts(report.folder, dataset, lang, text_params(report, values, lang))
        except ReportgenError as exc:
            problems.extend(exc)
            continue
        problems.problems.extend(check_texts(report, texts[lang]).problems)
    problems.raise_if_any()
    check_charts(report, dataset, texts).raise_if_any()  # every chart's data checks: `check` is the build without drawing
    return BuildContext(report, dataset, MappingProxyType(texts), spec_path, build_date())


def output_name(ctx: BuildContext, lang: str, suffix: str) -> str:
    return f"{ctx.report.id}.{lang}{suffix}"


def build(options: BuildOptions, progress: Progress = _quiet) -> list[Path]:
    """Build every requested output; return the published paths."""
    from reportgen.schedule import prestart_charts

    out_dir = options.out_dir
    cache = (options.cache_dir or out_dir / ".cache" / "charts").absolute()  # the chart pool outlives a working folder
    prestart_charts(cache)  # a first build draws every chart: the pool's server imports matplotlib while the inputs load
    progress("load", "spec, dataset and text")
    ctx = load(options.report_dir, options.langs)
    prepare_out_dir(out_dir)
    with OutputLock(out_dir, wait=lock_wait()):
        clean_up_dead_builds(out_dir, cache if inside(out_dir, cache) else None)  # a shared cache may be in use
        staging = new_staging(out_dir)
        try:
            staged = stage(ctx, staging, cache, options.only, options.template, out_dir, progress)
            progress("publish", str(out_dir))
            return publish(staging, out_dir, staged)
        except OSError as exc:
            raise write_error(exc, out_dir, staging) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def stage(ctx: BuildContext, staging: Path, cache: Path, only: tuple[str, ...] = OUTPUT_KINDS, template: Path | None = None,
          out_dir: Path | None = None, progress: Progress = _quiet) -> list[Path]:
    """Stages 3 to 5 into `staging`: render, write, check, then the provenance of what was checked; return
    the staged files (nothing is published). `out_dir`: where they will be published, for messages."""
    progress("render", f"{len(ctx.report.charts)} charts × {len(ctx.texts)} languages")
    charts = _render(ctx, staging, cache)
    progress("write", ", ".join(k for k in only if k != "charts") or "charts only")
    staged = _write(ctx, charts, staging, only, template)
    progress("check", f"{len(staged)} files")
    _check(staged, staging, out_dir or staging)
    return staged + _provenance(ctx, staged, staging, charts)


def _render(ctx: BuildContext, staging: Path, cache: Path) -> Charts:
    """Stage 3: every chart checked, once per language; the ones the cache lacks are drawn on the chart
    pool while the writers start (see schedule.py). The same image serves deck and memo."""
    from reportgen.schedule import start_charts

    return start_charts(ctx, staging / "charts", cache)


def _write(ctx: BuildContext, charts: Charts, staging: Path, only: tuple[str, ...], template: Path | None) -> list[Path]:
    """Stage 4: deck and memo per language into the staging folder, side by side (see schedule.py)."""
    from reportgen.schedule import Output, write_outputs

    outputs: list[Output] = []
    for lang in ctx.texts:
        if "deck" in only and ctx.report.deck:
            outputs.append(Output("deck", lang, staging / output_name(ctx, lang, ".pptx")))
        if "memo" in only and ctx.report.memo:
            outputs.append(Output("memo", lang, staging / output_name(ctx, lang, ".pdf")))
    write_outputs(ctx, charts, outputs, template)
    for lang in ctx.texts:
        charts.wait(lang)  # every chart is drawn and copied before the files are listed
    staged = sorted(p for p in (staging / "charts").glob("*") if p.is_file()) if "charts" in only else []
    return staged + [o.path for o in outputs]


def _provenance(ctx: BuildContext, staged: list[Path], staging: Path, charts: Charts) -> list[Path]:
    """Stage 5b: each language's provenance file and figure sheet, beside its checked deck and memo
    (reportgen/audit/ledger.py)."""
    from reportgen.audit.ledger import write_provenance

    written: list[Path] = []
    for lang in ctx.texts:
        deck, memo = (staging / output_name(ctx, lang, suffix) for suffix in (".pptx", ".pdf"))
        deck_or_none, memo_or_none = (p if p in staged else None for p in (deck, memo))
        if deck_or_none or memo_or_none:
            written += write_provenance(ctx, lang, deck_or_none, memo_or_none, staging, charts.wait(lang))
    return written


def _check(staged: list[Path], staging: Path, out_dir: Path) -> None:
    """Stage 5: each staged file is complete and of its kind before anything is published."""
    problems = Collector()
    for path in staged:
        if not is_complete(path):
            problems.add(out_dir / path.relative_to(staging), "",
                         f"was not written completely (expected a whole {path.suffix} file); nothing was published")
    problems.raise_if_any()

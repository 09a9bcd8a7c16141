"""build(): load -> compute -> render -> write -> check -> publish, readable top to bottom.

Nothing reaches the output folder until every stage has succeeded: files are written to a staging
folder inside it, checked, then published as one set under the folder's lock (reportgen/publish.py).

Only what changed is built: each output is keyed by a hash of what it depends on (dependencies.py)
and the key is kept beside it in the folder's manifest (manifest.py). An output whose key and file
are as the last build left them is not written again; when nothing the build reads has changed, it
stops before loading anything (this module imports the loaders only when it loads).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from reportgen.clock import build_date, key_date
from reportgen.errors import Collector, ReportgenError, fail
from reportgen.filecheck import is_complete
from reportgen.manifest import (
    MANIFEST_NAME,
    MAX_REQUESTS,
    Built,
    Manifest,
    Seen,
    digest,
    file_sha256,
    fingerprint,
    input_digests,
    manifest_text,
    read_manifest,
    request_id,
    text_listing,
    up_to_date,
)
from reportgen.paths import inside
from reportgen.publish import OutputLock, clean_up_dead_builds, lock_wait, new_staging, prepare_out_dir, publish, write_error

if TYPE_CHECKING:
    from reportgen.charts.theme import Theme
    from reportgen.charts.worker import Job
    from reportgen.context import BuildContext
    from reportgen.inputs.dataset import Dataset
    from reportgen.inputs.spec import Report
    from reportgen.schedule import Charts, Output

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


class Outputs(list[Path]):
    """Every output of a build (as a list of paths), with the ones it wrote and why each was written."""

    def __init__(self, paths: Iterable[Path], written: Iterable[Path] = (), reasons: Mapping[Path, str] | None = None,
                 kept: Iterable[str] = ()):
        super().__init__(paths)
        self.written = tuple(written)  # what this build published
        self.reasons = MappingProxyType(dict(reasons or {}))  # deck or memo path -> why it was written
        self.kept = tuple(kept)  # `deck.ko`, `charts.en`: outputs left as they were


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
    from reportgen.inputs.dataset import load_dataset
    from reportgen.inputs.report_file import load_spec

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
    from reportgen.charts.prepare import check_charts
    from reportgen.context import BuildContext
    from reportgen.inputs.checks import check_spec_against_data
    from reportgen.inputs.params import apply_params, text_params, values_for
    from reportgen.narrative.checks import check_texts
    from reportgen.narrative.texts import Texts, load_texts

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


def build(options: BuildOptions, progress: Progress = _quiet) -> Outputs:
    """Build every requested output that is not up to date; return every output's path (see Outputs)."""
    out_dir = options.out_dir
    cache = (options.cache_dir or out_dir / ".cache" / "charts").absolute()  # the chart pool outlives a working folder
    folder = options.report_dir if options.report_dir.is_dir() else options.report_dir.parent
    request = request_id(folder, options.langs, options.only, options.template, cache)
    manifest = read_manifest(out_dir)
    if up_to_date(manifest, out_dir, request, key_date(build_date()), folder):
        return Outputs(out_dir / name for name in manifest.requests[request].outputs)
    seen = manifest.requests.get(request)
    before = input_digests(seen.inputs) if seen else {}  # read before loading: a file edited meanwhile is built again next time

    from reportgen.schedule import prestart_charts

    prestart_charts(cache)  # a first build draws every chart: the pool's server imports matplotlib while the inputs load
    progress("load", "spec, dataset and text")
    ctx = load(options.report_dir, options.langs)
    prepare_out_dir(out_dir)
    with OutputLock(out_dir, wait=lock_wait()):
        clean_up_dead_builds(out_dir, cache if inside(out_dir, cache) else None)  # a shared cache may be in use
        manifest = read_manifest(out_dir)  # as the last build into the folder left it
        staging = new_staging(out_dir)
        try:
            progress("keys", "what each output depends on")
            plan = _plan(ctx, options, manifest, before, staging)
            for line in plan.reasons.values():
                progress("rebuild", line)
            if plan.kept:
                progress("unchanged", ", ".join(plan.kept))
            staged = stage(ctx, staging, cache, options.only, options.template, out_dir, progress, plan)
            staged.append(_manifest(ctx, options, manifest, plan, staged, staging, request, folder))
            progress("publish", str(out_dir))
            written = publish(staging, out_dir, staged)[:-1]  # the manifest last
            reasons = {out_dir / o.path.name: plan.reasons[o.path.name].split(": ", 1)[1] for o in plan.documents}
            return Outputs((out_dir / name for name in plan.outputs), written, reasons, plan.kept)
        except OSError as exc:
            raise write_error(exc, out_dir, staging) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def stage(ctx: BuildContext, staging: Path, cache: Path, only: tuple[str, ...] = OUTPUT_KINDS, template: Path | None = None,
          out_dir: Path | None = None, progress: Progress = _quiet, plan: Plan | None = None) -> list[Path]:
    """Stages 3 to 5 into `staging`: render, write, check, then the provenance of what was checked; return
    the staged files (nothing is published). `out_dir`: where they will be published, for messages (and
    where the outputs a plan keeps lie). `plan`: the outputs to write (default: every one)."""
    plan = plan or everything(ctx, only, staging, template)
    progress("render", f"{len(ctx.report.charts)} charts × {len(plan.langs)} languages")
    charts = _render(ctx, staging, cache, plan)
    progress("write", ", ".join(o.path.name for o in plan.documents) or "no deck or memo")
    staged, read = _write(ctx, charts, staging, template, plan)
    progress("check", f"{len(staged)} files")
    _check(staged, staging, out_dir or staging)
    return staged + _provenance(ctx, staged, staging, charts, plan, out_dir or staging, read)


@dataclass
class Plan:
    """What a build writes: the outputs whose key changed (and why), the languages whose charts it needs."""

    jobs: Mapping[tuple[str, str], Job] | None  # the charts checked and keyed (None: start_charts does it)
    files: Mapping[str, str | None]  # the inputs' digests (absolute path -> digest)
    outputs: list[str] = field(default_factory=list)  # every output of the request, relative to the folder
    documents: list[Output] = field(default_factory=list)  # decks and memos to write
    charts: list[str] = field(default_factory=list)  # chart files to publish, relative to the folder
    langs: set[str] = field(default_factory=set)  # languages whose charts the build needs
    parts: dict[str, dict[str, str]] = field(default_factory=dict)  # output -> what its key hashes
    reasons: dict[str, str] = field(default_factory=dict)  # output -> why it is written (a line for people)
    kept: list[str] = field(default_factory=list)  # outputs left as they are, for people
    provenance: set[str] = field(default_factory=set)  # languages whose provenance file and figure sheet are written
    theme: Theme | None = None  # the charts' theme (None: reportgen's); the master's accents with `palette: master`


def everything(ctx: BuildContext, only: tuple[str, ...], staging: Path, template: Path | None = None) -> Plan:
    """A plan that writes every output (no manifest: a first build, or a burst's audience)."""
    from reportgen.schedule import Output

    plan = Plan(None, {}, theme=chart_theme(ctx, template))
    for lang in ctx.texts:
        for kind, suffix, wanted in (("deck", ".pptx", ctx.report.deck), ("memo", ".pdf", ctx.report.memo)):
            if kind in only and wanted:
                plan.documents.append(Output(kind, lang, staging / output_name(ctx, lang, suffix)))
                plan.provenance.add(lang)
        if "charts" in only:
            plan.charts += [f"charts/{chart.id}.{lang}{suffix}" for chart in ctx.report.charts for suffix in (".png", ".svg")]
        plan.langs.add(lang)
    return plan


def _plan(ctx: BuildContext, options: BuildOptions, manifest: Manifest, before: Mapping[str, str | None], staging: Path) -> Plan:
    """Key every output; keep those whose key and published file are as the manifest says."""
    from reportgen.charts.render import plan_all
    from reportgen.dependencies import Parts, input_files
    from reportgen.schedule import Output

    paths = [str(p) for p in input_files(ctx, options.template, set(options.only))]
    fresh = input_digests(p for p in paths if not before.get(p))  # the files the last build did not read
    files = {p: before.get(p) or fresh[p] for p in paths}
    theme = chart_theme(ctx, options.template)
    plan = Plan(plan_all(ctx, theme), files, theme=theme)
    parts = Parts(ctx, plan.jobs, options.template, key_date(ctx.built_at), files)
    out_dir = options.out_dir
    for lang in ctx.texts:
        for kind, suffix, wanted in (("deck", ".pptx", ctx.report.deck), ("memo", ".pdf", ctx.report.memo)):
            if kind not in options.only or not wanted:
                continue
            name = output_name(ctx, lang, suffix)
            plan.outputs.append(name)
            plan.parts[name] = parts.deck(lang) if kind == "deck" else parts.memo(lang)
            why = _why(manifest.outputs.get(name), plan.parts[name], out_dir / name)
            if why is None:
                plan.kept.append(f"{kind}.{lang}")
                continue
            plan.reasons[name] = f"{kind}.{lang}: {why}"
            hints = out_dir / ".cache" / "memo" / f"{name}.pages.json" if kind == "memo" else None
            plan.documents.append(Output(kind, lang, staging / name, hints))
            plan.langs.add(lang)
        _plan_provenance(ctx, lang, plan, manifest, out_dir)
        if "charts" not in options.only:
            continue
        changed = []
        for chart in ctx.report.charts:
            names = [f"charts/{chart.id}.{lang}{suffix}" for suffix in (".png", ".svg")]
            for name in names:
                plan.outputs.append(name)
                plan.parts[name] = parts.chart(lang, chart.id)
            if any(_why(manifest.outputs.get(n), plan.parts[n], out_dir / n) is not None for n in names):
                plan.charts += names
                changed.append(chart.id)
        if changed:
            plan.langs.add(lang)
            shown = ", ".join(changed[:4]) + (f" and {len(changed) - 4} more" if len(changed) > 4 else "")
            plan.reasons[f"charts/*.{lang}"] = f"charts.{lang}: {len(changed)} of {len(ctx.report.charts)} drawn anew ({shown})"
        elif ctx.report.charts:
            plan.kept.append(f"charts.{lang}")
    return plan


def _plan_provenance(ctx: BuildContext, lang: str, plan: Plan, manifest: Manifest, out_dir: Path) -> None:
    """A language's provenance file and figure sheet (reportgen/audit/ledger.py) read its deck and memo
    back: they are written again when either is, or when they are not the files the last build wrote."""
    documents = [output_name(ctx, lang, suffix) for suffix in (".pptx", ".pdf")]
    documents = [name for name in documents if name in plan.parts]
    if not documents:
        return
    parts = {name: digest(plan.parts[name]) for name in documents}
    names = [output_name(ctx, lang, suffix) for suffix in (".provenance.json", ".figures.html")]
    for name in names:
        plan.outputs.append(name)
        plan.parts[name] = parts
    rebuilt = any(name in plan.reasons for name in documents)
    if rebuilt or any(_why(manifest.outputs.get(n), parts, out_dir / n) is not None for n in names):
        plan.provenance.add(lang)
        plan.langs.add(lang)  # the deck's source count needs the language's charts


def _why(built: Built | None, parts: Mapping[str, str], path: Path) -> str | None:
    """Why the output at `path` must be written again (None: it is up to date)."""
    if built is None:
        return "not built before"
    changed = [name for name, value in parts.items() if built.parts.get(name) != value]
    changed += [name for name in built.parts if name not in parts]
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        return f"{shown} changed"
    if built.key != digest(parts):
        return "its key changed"
    try:
        intact = not path.is_symlink() and path.is_file() and file_sha256(path) == built.sha256
    except OSError:
        intact = False
    return None if intact else "the file in the output folder was changed or removed"


def _render(ctx: BuildContext, staging: Path, cache: Path, plan: Plan) -> Charts:
    """Stage 3: the charts of the languages the build needs (checked for every language while loading);
    the ones the cache lacks are drawn on the chart pool while the writers start (see schedule.py).
    The same image serves deck and memo."""
    from reportgen.schedule import start_charts

    return start_charts(ctx, staging / "charts", cache, plan.theme or chart_theme(ctx, None), jobs=plan.jobs, langs=plan.langs)


def chart_theme(ctx: BuildContext, template: Path | None) -> Theme:
    """The charts' colours: reportgen's, or with `palette: master` the accents of the master's theme (read by the
    deck's master reader, handed to the charts as plain hex colours)."""
    from reportgen.charts.theme import THEME, themed

    if ctx.report.palette != "master":
        return THEME
    from reportgen.writers.deck.master import master_palette

    return themed(master_palette(ctx.report.master_file(template)))


def _write(ctx: BuildContext, charts: Charts, staging: Path, template: Path | None, plan: Plan) -> tuple[list[Path], dict[Path, Any]]:
    """Stage 4: the decks and memos to write, into the staging folder, side by side (see schedule.py);
    each read back by the process that wrote it when its language's provenance is written (stage 5b)."""
    from reportgen.schedule import write_outputs

    read = write_outputs(ctx, charts, plan.documents, template, _read_back if plan.provenance else None)
    for lang in ctx.texts:
        if lang in plan.langs:
            charts.wait(lang)  # every chart is drawn and copied before the files are listed
    return [staging / name for name in plan.charts] + [o.path for o in plan.documents], read


def _read_back(ctx: BuildContext, output: Output) -> Any:
    """What a just written deck or memo shows, for its provenance; None when it cannot be read (stage 5
    names the file then)."""
    from reportgen.audit.ledger import read_back
    from reportgen.audit.read import UnreadableOutputError

    try:
        return read_back(ctx, output.lang, output.kind, output.path)
    except UnreadableOutputError:
        return None


def _manifest(ctx: BuildContext, options: BuildOptions, old: Manifest, plan: Plan, staged: list[Path], staging: Path,
              request: str, folder: Path) -> Path:
    """The folder's manifest after this build, staged to be published with (after) the outputs."""
    from reportgen.dependencies import watched_files

    outputs = {name: built for name, built in old.outputs.items() if (options.out_dir / name).is_file()}
    for path in staged:
        name = path.relative_to(staging).as_posix()
        outputs[name] = Built(digest(plan.parts[name]), plan.parts[name], file_sha256(path))
    watched = watched_files()
    seen = Seen(fingerprint(request, key_date(ctx.built_at), plan.files, watched, text_listing(folder)),
                tuple(plan.files), tuple(watched), tuple(plan.outputs))
    others = [(rid, s) for rid, s in old.requests.items() if rid != request][: MAX_REQUESTS - 1]
    path = staging / MANIFEST_NAME
    path.write_text(manifest_text(Manifest(outputs, dict([(request, seen), *others]))), encoding="utf-8")
    return path


def _provenance(ctx: BuildContext, staged: list[Path], staging: Path, charts: Charts, plan: Plan, out_dir: Path,
                read: Mapping[Path, Any] | None = None) -> list[Path]:
    """Stage 5b: each language's provenance file and figure sheet (reportgen/audit/ledger.py), read from
    its checked deck and memo: the ones this build wrote, else the published ones it kept."""
    from reportgen.audit.ledger import write_provenance

    written: list[Path] = []
    for lang in ctx.texts:
        if lang not in plan.provenance:
            continue
        found = []
        for suffix in (".pptx", ".pdf"):
            name = output_name(ctx, lang, suffix)
            staged_path = staging / name
            found.append(staged_path if staged_path in staged else out_dir / name if name in plan.parts else None)
        done = {path: places for path, places in (read or {}).items() if places is not None}
        written += write_provenance(ctx, lang, found[0], found[1], staging, charts.wait(lang), done)
    return written


def _check(staged: list[Path], staging: Path, out_dir: Path) -> None:
    """Stage 5: each staged file is complete and of its kind before anything is published."""
    problems = Collector()
    for path in staged:
        if not is_complete(path):
            problems.add(out_dir / path.relative_to(staging), "",
                         f"was not written completely (expected a whole {path.suffix} file); nothing was published")
    problems.raise_if_any()

"""The command line: the only place that prints to users or exits.

Exit codes: 0 success, 1 an input the user must fix (one clear message, no traceback),
2 a usage error (typer's own), 3 an internal error (a bug in reportgen).
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reportgen.errors import ReportgenError, fail
from reportgen.interrupts import Interrupted, install, restore

DEFAULT_REPORT = Path("templates/china-ai-briefing")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: formatting it with rich costs more than the rest of `--help`
    help="Build data-driven briefings: a PowerPoint deck, a PDF memo and the charts, from YAML, CSV and text.",
)


class Lang(StrEnum):
    ko = "ko"
    en = "en"
    all = "all"


class Only(StrEnum):
    deck = "deck"
    memo = "memo"
    charts = "charts"


def _fail(error: ReportgenError) -> None:
    count = len(error.problems)
    head = "error:" if count == 1 else f"{count} problems:"
    typer.echo(head + ("\n" if count > 1 else " ") + str(error), err=True)
    raise typer.Exit(1)


DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def environment_error(exc: OSError, place: Path) -> ReportgenError:
    """An OSError no stage turned into a message of its own, as one message naming the file (else `place`)."""
    name = os.fsdecode(exc.filename) if exc.filename else place
    reason = exc.strerror or str(exc)
    if exc.errno in DISK_FULL:
        return fail(name, "", f"cannot be written: the disk is full ({reason}); free some space and try again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return fail(name, "", f"cannot be read or written ({reason}); check its permissions")
    return fail(name, "", f"cannot be read or written ({reason})")


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:  # type: ignore[no-untyped-def]
    typer.echo(f"warning: {message}", err=True)


def _run(action, place: Path):  # type: ignore[no-untyped-def]
    import warnings

    warnings.showwarning = _show_warning
    main = threading.current_thread() is threading.main_thread()
    previous = install() if main else {}  # SIGTERM and SIGINT unwind the build (see interrupts.py)
    try:
        result = action()
        _finished.append(True)
        return result
    except ReportgenError as exc:
        _fail(exc)
    except (KeyboardInterrupt, Interrupted) as exc:
        stopped = exc if isinstance(exc, Interrupted) else Interrupted(signal.SIGINT)
        typer.echo(stopped.line(), err=True)
        raise typer.Exit(stopped.exit_code) from None
    except typer.Exit:
        raise
    except OSError as exc:  # the machine, not reportgen: a full disk, a file another program holds, a permission
        _fail(environment_error(exc, place))
    except Exception as exc:  # a bug, not the user's input
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        typer.echo(f"internal error: {exc.__class__.__name__}: {exc} (set REPORTGEN_DEBUG=1 for details)", err=True)
        raise typer.Exit(3) from None
    finally:
        restore(previous)


@app.command()
def build(
    report: Annotated[Path, typer.Argument(help="Report folder (holds report.yaml).")] = DEFAULT_REPORT,
    lang: Annotated[Lang, typer.Option("--lang", help="Language to build.")] = Lang.all,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    template: Annotated[Path | None, typer.Option("--template", help="A company slide master (.pptx).")] = None,
    only: Annotated[list[Only] | None, typer.Option("--only", help="Build only this output (repeatable).")] = None,
) -> None:
    """Build the deck, the memo and the charts into OUT."""
    from reportgen.pipeline import OUTPUT_KINDS, BuildOptions
    from reportgen.progress import run_with_progress

    options = BuildOptions(
        report_dir=report,
        out_dir=out,
        langs=() if lang is Lang.all else (lang.value,),
        only=tuple(o.value for o in only) if only else OUTPUT_KINDS,
        template=template,
    )
    outputs = _run(lambda: run_with_progress(options), out)
    _tell_written(outputs, out)


def _tell_written(outputs: list[Path], out: Path) -> None:
    """One line per deck or memo written (and why), one for the charts, one for what was left as it was."""
    written = getattr(outputs, "written", outputs)
    reasons = getattr(outputs, "reasons", {})
    for path in written:
        if path.parent == out:
            typer.echo(f"wrote {path}" + (f" ({reasons[path]})" if path in reasons else ""))
    charts = [p for p in written if p.parent != out]
    if charts:
        typer.echo(f"wrote {len(charts)} chart files (PNG and SVG) in {charts[0].parent}")
    kept = getattr(outputs, "kept", ())
    if not written:
        typer.echo(f"up to date: nothing changed since the last build into {out}")
    elif kept:
        typer.echo(f"unchanged: {', '.join(kept)}")


@app.command()
def check(
    report: Annotated[Path, typer.Argument(help="Report folder (holds report.yaml).")] = DEFAULT_REPORT,
) -> None:
    """Validate the spec, the data and the text without writing anything."""
    from reportgen.pipeline import load

    ctx = _run(lambda: load(report), report)
    tables = len(ctx.dataset.tables)
    rows = sum(len(t.rows) for t in ctx.dataset.tables.values())
    typer.echo(
        f"ok: {report} — {len(ctx.report.charts)} charts, {len(ctx.report.slides)} slides, "
        f"{len(ctx.report.memo)} memo sections; {tables} tables, {rows} rows, "
        f"{len(ctx.dataset.sources)} sources; languages: {', '.join(ctx.texts)}"
    )
    from reportgen.narrative.claims import coverage

    for lang, texts in ctx.texts.items():
        typer.echo(f"{lang}: {coverage(texts.records, texts.claims)}")


@app.command()
def audit(
    outputs: Annotated[list[Path], typer.Argument(help="Decks (.pptx) and memos (.pdf) written by `reportgen build`.")],
) -> None:
    """Read outputs back and trace every number to the data; list any that is not (exit 1)."""
    from reportgen.audit.run import audit as audit_one

    results = [_run(lambda path=path: audit_one(path), path) for path in outputs]
    found = [u for r in results for u in r.untraced]
    for item in found:
        typer.echo(str(item), err=True)
    numbers = sum(r.numbers for r in results)
    if found:
        typer.echo(f"{len(found)} of {numbers} numbers are not traced to the data", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: every one of {numbers} numbers in {len(results)} file(s) is traced to the data")


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def burst(
    report: Annotated[Path, typer.Argument(help="Report folder (holds report.yaml).")] = DEFAULT_REPORT,
    audiences: Annotated[Path, typer.Option("--audiences", help="Audience table (CSV or .xlsx), one row per audience.")] = ...,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    engine: Annotated[Engine, typer.Option("--engine", help="Where audiences are built.")] = Engine.local,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="dask scheduler address (default: a LocalCluster).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=1, help="Processes or dask workers (default: one per core).")] = None,
    names: Annotated[str, typer.Option("--names", help="Where each audience's files go, without extension.")] = "{id}/{report}.{lang}",
    template: Annotated[Path | None, typer.Option("--template", help="A company slide master (.pptx).")] = None,
    only: Annotated[list[Only] | None, typer.Option("--only", help="deck or memo only (repeatable).")] = None,
) -> None:
    """Build the report once per audience (one row each); rebuild only audiences that failed or changed."""
    from rich.console import Console

    from reportgen.burst.run import BurstOptions
    from reportgen.burst.run import burst as run_burst
    from reportgen.burst.show import BurstProgress, summary

    if scheduler is not None and engine is not Engine.dask:
        raise typer.BadParameter("a scheduler is for --engine dask", param_hint="--scheduler")
    if only and Only.charts in only:
        raise typer.BadParameter("a burst publishes decks and memos; --only takes deck or memo", param_hint="--only")
    options = BurstOptions(report, audiences, out, engine.value, scheduler, workers,
                           tuple(o.value for o in only) if only else ("deck", "memo"), template, names)

    def run():  # type: ignore[no-untyped-def]
        with BurstProgress(Console(stderr=True)) as progress:
            return run_burst(options, progress.update)

    result = _run(run, out)
    summary(result, Console())
    if result.internal:
        typer.echo(f"internal error building {len(result.internal)} audience(s): see the manifest (a bug: please report it)", err=True)
        raise typer.Exit(3)
    if result.count("failed"):
        raise typer.Exit(1)


@app.command()
def new(
    name: Annotated[Path, typer.Argument(help="Folder to create for the new report.")],
) -> None:
    """Create a working report folder to edit: spec, text in both languages, a small dataset."""
    from reportgen.scaffold import scaffold

    created = _run(lambda: scaffold(name), name)
    typer.echo(f"created {created}; build it with: reportgen build {created}")


_finished: list[bool] = []  # the command's work is done (a signal now comes after publishing)


master_app = typer.Typer(no_args_is_help=True, help="Look into a slide master: what reportgen reads in it and uses.")
app.add_typer(master_app, name="master")


@master_app.command("inspect")
def master_inspect(
    master: Annotated[Path, typer.Argument(help="The slide master (.pptx).")],
    report: Annotated[Path | None, typer.Option("--report", help="A report folder whose `layouts:` apply.")] = None,
) -> None:
    """Masters, layouts, placeholders, theme colours and fonts, and the layout each slide kind gets and why."""
    from reportgen.inputs.report_file import load_spec
    from reportgen.writers.deck.inspection import describe_master

    spec = _run(lambda: load_spec(report), report) if report is not None else None
    spec_path = report / "report.yaml" if report is not None and report.is_dir() else report
    typer.echo(_run(lambda: describe_master(master, spec, spec_path), master))


def main() -> None:
    """Console-script entry point (through reportgen/__main__.py, which turns signals into Interrupted first)."""
    try:
        app(prog_name="reportgen")
    except Interrupted as exc:  # a signal outside a command's work: while parsing, or while printing what was written
        sys.stderr.write(Interrupted(exc.signum, published=bool(_finished)).line() + "\n")
        sys.exit(exc.exit_code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

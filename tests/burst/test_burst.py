"""`reportgen burst` end to end on the small report with parameters (decks only, English, to stay cheap):
the local pool and a dask LocalCluster give the same bytes; each deck is its audience's; shared charts
are drawn once; a bad cell fails one audience; a killed worker's audience is built again, and
published once; a rerun with nothing changed builds nothing."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from audience_tables import EPOCH, audience_rows, digests, write_audiences
from pptx import Presentation
from typer.testing import CliRunner

from reportgen.burst import run as burst_run
from reportgen.burst import work
from reportgen.burst.run import BurstOptions, BurstResult, burst
from reportgen.cli import app

pytestmark = pytest.mark.slow


def run(report: Path, audiences: Path, out: Path, **options: object) -> BurstResult:
    return burst(BurstOptions(report, audiences, out, only=("deck",), workers=2, **options))  # type: ignore[arg-type]


def deck_texts(path: Path) -> list[list[str]]:
    """Each slide's text, shape by shape."""
    return [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in Presentation(str(path)).slides]


def count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str, log: Path, label=lambda *a: a[0]):  # type: ignore[no-untyped-def]
    """Wrap module.name so that every call, in this process or one forked from it, adds a line to `log`."""
    original = getattr(module, name)

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{label(*args)}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


def test_local_and_dask_give_the_same_bytes_each_deck_is_its_audiences_and_shared_charts_are_drawn_once(
        tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    rows = audience_rows(20)
    audiences = write_audiences(tmp_path / "audiences.csv", rows)
    drawn = tmp_path / "drawn.log"
    count_calls(monkeypatch, work, "draw_one", drawn, label=lambda job, *rest: f"{job.data.chart_id}.{job.data.lang}.{job.key}")

    local = run(tiny, audiences, tmp_path / "local")
    assert (local.count("built"), local.count("failed")) == (20, 0)
    # three pictures serve 20 decks: the users chart (the same for all), the capex chart for CN and for US
    assert Counter(drawn.read_text().split()).most_common(1)[0][1] == 1
    assert sorted(line.split(".")[0] for line in drawn.read_text().split()) == ["capex", "capex", "users"]

    dask = run(tiny, audiences, tmp_path / "dask", engine="dask")
    assert (dask.count("built"), dask.count("failed")) == (20, 0)
    built = digests(tmp_path / "local")
    assert len(built) == 61  # per audience its deck, provenance file and figure sheet; and the manifest
    assert digests(tmp_path / "dask") == built

    for row in rows[:4]:
        slides = deck_texts(tmp_path / "local" / row["id"] / "tiny.en.pptx")
        assert f"For {row['audience_en']}: what the market says" in slides[0]
        titles = [texts[0] for texts in slides]
        recommendations = [t for t in titles if t in ("Grow talent", "Open data")]
        assert recommendations[0] == {"talent": "Grow talent", "data": "Open data"}[row["focus"]]
        assert f"Capex of {row['country']} companies" in titles
        assert ("For US readers" in titles) == (row["country"] == "US")


def test_a_rerun_builds_only_what_changed_and_a_bad_cell_fails_one_audience_alone(tiny: Path, tmp_path: Path,
                                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    rows = audience_rows(6)
    audiences = write_audiences(tmp_path / "audiences.csv", rows)
    out = tmp_path / "out"
    first = run(tiny, audiences, out)
    assert first.count("built") == 6
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.pptx")}

    again = run(tiny, audiences, out)
    assert (again.count("built"), again.count("unchanged")) == (0, 6)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pptx")} == before

    rows[2]["audience_en"] = "A new name"
    rows[4]["focus"] = "talnt"  # not a value of focus
    write_audiences(audiences, rows)
    result = CliRunner().invoke(app, ["burst", str(tiny), "--audiences", str(audiences), "--out", str(out), "--only", "deck",
                                      "--workers", "2"])
    assert result.exit_code == 1, result.output
    entries = {e.id: e for e in burst_run.read_manifest(out, "tiny").values()}
    assert [e.id for e in entries.values() if e.status == "built"] == ["aud002"]
    assert sum(e.status == "unchanged" for e in entries.values()) == 4
    assert entries["aud004"].status == "failed"
    assert entries["aud004"].error.endswith("audiences.csv: row 6, column focus: got 'talnt'; expected one of: talent, data")
    assert "aud004" in result.output and "failed" in result.output
    assert (out / "aud004" / "tiny.en.pptx").stat().st_mtime_ns == before[out / "aud004" / "tiny.en.pptx"]  # untouched
    assert "For A new name: what the market says" in deck_texts(out / "aud002" / "tiny.en.pptx")[0]

    rows[4]["focus"] = "data"  # fixed: only the failed audience is built again
    write_audiences(audiences, rows)
    fixed = run(tiny, audiences, out)
    assert [e.id for e in fixed.entries if e.status == "built"] == ["aud004"]


def test_a_killed_local_process_is_replaced_and_its_audience_built_again(tiny: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    audiences = write_audiences(tmp_path / "audiences.csv", audience_rows(4))
    marker = tmp_path / "killed"
    original = work.build_audience

    def dies_once(inputs, audience, *args):  # type: ignore[no-untyped-def]
        if audience.id == "aud001" and _first(marker):
            os._exit(1)  # as if killed: the pool breaks
        return original(inputs, audience, *args)

    monkeypatch.setattr("reportgen.burst.local.build_audience", dies_once)
    result = run(tiny, audiences, tmp_path / "out")
    assert marker.exists()
    assert (result.count("built"), result.count("failed")) == (4, 0)
    assert "For Audience 1: what the market says" in deck_texts(tmp_path / "out" / "aud001" / "tiny.en.pptx")[0]


def _first(marker: Path) -> bool:
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


def test_a_killed_dask_worker_is_retried_and_nothing_is_published_twice(tiny: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    import cloudpickle
    from distributed import Client, LocalCluster, WorkerPlugin

    class KillOnce(WorkerPlugin):
        """The first worker to start a burst task dies on the spot (the scheduler has the task processing there)."""

        def __init__(self, marker: str):
            self.marker = marker

        def transition(self, key, start, finish, **kwargs):  # type: ignore[no-untyped-def]
            if finish == "executing" and str(key).startswith("reportgen-") and _first(Path(self.marker)):
                os._exit(1)

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test module
    audiences = write_audiences(tmp_path / "audiences.csv", audience_rows(4))
    published = tmp_path / "published.log"
    count_calls(monkeypatch, burst_run, "publish", published, label=lambda staging, out, files: files[0].relative_to(staging))
    marker = tmp_path / "killed"
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.CRITICAL) as cluster, \
            Client(cluster) as client:
        client.register_plugin(KillOnce(str(marker)))
        result = run(tiny, audiences, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address)
    assert marker.exists()  # a worker died with a task
    assert (result.count("built"), result.count("failed")) == (4, 0)
    assert sorted(published.read_text().split()) == [f"aud00{n}/tiny.en.pptx" for n in range(4)]  # each once
    for n in range(4):
        assert f"For Audience {n}: what the market says" in deck_texts(tmp_path / "out" / f"aud00{n}" / "tiny.en.pptx")[0]

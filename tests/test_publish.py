"""Publishing a build: all files or none, a lock per output folder, and what a killed build leaves behind."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import pytest

from reportgen.errors import ReportgenError
from reportgen.publish import (
    JOURNAL_NAME,
    OutputLock,
    clean_up_dead_builds,
    lock_wait,
    new_staging,
    publish,
)

OLD = {"brief.en.pptx": b"old deck", "brief.en.pdf": b"old memo", "charts/a.en.png": b"old chart"}
NEW = {"brief.en.pptx": b"new deck", "brief.en.pdf": b"new memo", "charts/a.en.png": b"new chart", "charts/b.en.png": b"new"}


def files(folder: Path) -> dict[str, bytes]:
    """Every visible file under `folder` (names starting with a dot are the build's own)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


def lay_out(folder: Path, contents: dict[str, bytes]) -> list[Path]:
    paths = []
    for name, data in contents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    lay_out(out, OLD)
    return out


def test_a_build_is_published_as_one_set(out: Path) -> None:
    staging = new_staging(out)
    published = publish(staging, out, lay_out(staging, NEW))
    assert files(out) == NEW
    assert sorted(p.relative_to(out).as_posix() for p in published) == sorted(NEW)
    assert not (staging / JOURNAL_NAME).exists()


@pytest.mark.parametrize("failing", range(len(NEW)))
def test_an_error_while_renaming_puts_every_previous_file_back(out: Path, monkeypatch: pytest.MonkeyPatch, failing: int) -> None:
    staging = new_staging(out)
    staged = lay_out(staging, NEW)
    real_replace = os.replace
    calls = []

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)).name == JOURNAL_NAME:
            return real_replace(src, dst)
        calls.append(dst)
        if len(calls) == failing + 1:
            raise PermissionError(errno.EACCES, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(ReportgenError, match="cannot be replaced .Permission denied.; is it open in another program"):
        publish(staging, out, staged)
    monkeypatch.undo()
    assert files(out) == OLD  # the new chart b, too, is gone
    assert not (out / "charts" / "b.en.png").exists()


def test_a_folder_where_a_file_goes_stops_the_publish_before_anything_moves(out: Path) -> None:
    (out / "brief.en.pdf").unlink()
    (out / "brief.en.pdf").mkdir()
    staging = new_staging(out)
    with pytest.raises(ReportgenError, match=r"brief.en.pdf: is a folder; expected to replace a file here"):
        publish(staging, out, lay_out(staging, NEW))
    assert files(out) == {k: v for k, v in OLD.items() if k != "brief.en.pdf"}


def test_a_publish_killed_half_way_is_rolled_back_by_the_next_build(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kill between two renames leaves the journal; clean_up_dead_builds puts the previous files back."""
    staging = new_staging(out)
    staged = lay_out(staging, NEW)
    real_replace = os.replace
    moved = []

    class Killed(BaseException):
        pass

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)).name == JOURNAL_NAME:
            return real_replace(src, dst)
        if len(moved) == 2:
            raise Killed
        moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    def killed(*args: object) -> None:
        raise Killed  # a killed process rolls nothing back, nor removes its journal

    monkeypatch.setattr("reportgen.publish._roll_back", killed)
    with pytest.raises(Killed):
        publish(staging, out, staged)
    monkeypatch.undo()
    assert (staging / JOURNAL_NAME).is_file()
    assert files(out) != OLD  # half published
    with OutputLock(out):
        restored = clean_up_dead_builds(out)
    assert files(out) == OLD
    assert sorted(p.name for p in restored) == sorted(Path(name).name for name in NEW)
    assert not list(out.glob(".staging-*"))


def test_the_journal_names_every_target_and_whether_it_replaced_a_file(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    staging = new_staging(out)
    staged = lay_out(staging, NEW)
    seen = {}
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)).name == JOURNAL_NAME:
            return real_replace(src, dst)
        seen.update({e["target"]: e["existed"] for e in json.loads((staging / JOURNAL_NAME).read_text(encoding="utf-8"))})
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        publish(staging, out, staged)
    assert seen == {"brief.en.pptx": True, "brief.en.pdf": True, "charts/a.en.png": True, "charts/b.en.png": False}


def test_staging_folders_and_half_drawn_charts_of_dead_builds_are_removed(out: Path) -> None:
    lay_out(out / ".staging-dead", {"brief.en.pptx": b"half"})
    lay_out(out / ".cache" / "charts" / ".draw-dead", {"chart.png": b"half"})
    with OutputLock(out):
        assert clean_up_dead_builds(out, out / ".cache" / "charts") == []
    assert files(out) == OLD
    assert not list(out.glob(".staging-*")) and not list((out / ".cache" / "charts").glob(".draw-*"))


def test_a_second_build_into_the_folder_is_refused_naming_the_first(out: Path) -> None:
    with OutputLock(out):
        with pytest.raises(ReportgenError) as info:
            OutputLock(out, wait=0).__enter__()
    assert str(info.value).endswith(f"out: another build is writing to this folder (pid {os.getpid()}); wait for it to "
                                    "finish, or build into another folder with --out")
    with OutputLock(out):  # released: the next build takes it
        pass


def test_a_second_build_waits_for_the_first_to_finish(out: Path) -> None:
    first = OutputLock(out).__enter__()
    releaser = threading.Timer(0.3, first.__exit__, (None, None, None))
    releaser.start()
    with pytest.warns(UserWarning, match="another build is writing to this folder .* waiting for it to finish"):
        with OutputLock(out, wait=600):
            pass
    releaser.join()


@pytest.mark.parametrize(("value", "seconds"), [("", 600.0), ("0", 0.0), ("2.5", 2.5), ("-1", 0.0), ("soon", 600.0)])
def test_the_lock_wait_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, seconds: float) -> None:
    monkeypatch.setenv("REPORTGEN_LOCK_WAIT", value)
    assert lock_wait() == seconds


# ---- issue 17: a rename refused both ways, and an output folder trusted for nothing ----------------------

def refusing(name: str, monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """Every os.replace to or from a file called `name` is refused (a program holds it open, as Windows
    viewers do), from its `after`+1-th rename on: the rename into place and the roll-back's alike."""
    real_replace = os.replace
    seen = []

    def replace(src: object, dst: object) -> None:
        if name in (Path(str(src)).name, Path(str(dst)).name):
            seen.append(dst)
            if len(seen) > after:
                raise PermissionError(errno.EACCES, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("name", sorted({Path(n).name for n in NEW}))
def test_a_file_refused_both_ways_leaves_every_previous_output(out: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    staging = new_staging(out)
    staged = lay_out(staging, NEW)
    refusing(name, monkeypatch)
    with pytest.raises(ReportgenError, match="Nothing was published: the previous outputs are untouched"):
        publish(staging, out, staged)
    monkeypatch.undo()
    assert files(out) == OLD


def test_a_file_held_after_it_was_replaced_is_named_and_put_back_by_the_next_build(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The deck is replaced, then the memo's rename fails, and the deck cannot be put back (a viewer opened
    the new deck meanwhile): the message says which file is the new build's; the next build puts it back."""
    staging = new_staging(out)
    staged = lay_out(staging, {"brief.en.pptx": NEW["brief.en.pptx"], "brief.en.pdf": NEW["brief.en.pdf"]})
    refusing("brief.en.pptx", monkeypatch, after=1)  # its rename into place goes through, the roll-back's does not
    real_replace = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)).name == "brief.en.pdf" and ".backup" not in str(src):
            raise PermissionError(errno.EACCES, "Permission denied", str(src), None, str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(ReportgenError) as info:
        publish(staging, out, staged)
    monkeypatch.undo()
    message = str(info.value)
    assert "brief.en.pdf: cannot be replaced (Permission denied)" in message
    assert "The roll-back could not put back" in message and "brief.en.pptx (Permission denied): they are this build's" in message
    assert "the next build into the folder puts them back first" in message
    assert files(out) == {**OLD, "brief.en.pptx": b"new deck"}
    with OutputLock(out):
        clean_up_dead_builds(out)
    assert files(out) == OLD
    assert not list(out.glob(".staging-*"))


def planted_journal(out: Path, entries: object, backups: dict[str, bytes] | None = None) -> Path:
    """A staging folder with a journal someone else wrote (a synced folder, an unzipped archive)."""
    staging = out / ".staging-planted"
    (staging / ".backup").mkdir(parents=True)
    for name, data in (backups or {}).items():
        (staging / ".backup" / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / ".backup" / name).write_bytes(data)
    text = entries if isinstance(entries, str) else json.dumps(entries)
    (staging / JOURNAL_NAME).write_text(text, encoding="utf-8")
    return staging


@pytest.mark.parametrize(("entries", "problem"), [
    ([{"target": "../victim.txt", "existed": False}], "entry 1 names '../victim.txt', which is no output of a build"),
    ([{"target": "link/victim.txt", "existed": False}], "entry 1 names 'link/victim.txt', which leads outside the output folder"),
    ([{"target": "brief.en.pdf", "existed": True, "made_dir": "../.."}], "entry 1 names the folder '../..'"),
    ([{"target": ".reportgen.lock", "existed": False}], "entry 1 names '.reportgen.lock', which is no output of a build"),
    ([{"target": "brief.en.pdf", "existed": "yes"}], "entry 1 is not a target, whether it existed"),
    ({"target": "brief.en.pdf"}, "expected a list of entries"),
    ("[{\"target\": ", "not JSON"),
])
def test_a_planted_journal_is_set_aside_never_obeyed(out: Path, tmp_path: Path, entries: object, problem: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / "link").symlink_to(tmp_path)
    planted_journal(out, entries)
    with OutputLock(out), pytest.warns(UserWarning, match="holds a damaged journal") as caught:
        clean_up_dead_builds(out)
    assert problem in str(caught[0].message)
    assert "nothing in it was acted on. It is set aside as" in str(caught[0].message)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert files(out) == OLD
    assert (out / ".set-aside-staging-planted" / JOURNAL_NAME).is_file() and not (out / ".staging-planted").exists()


def test_a_planted_backup_that_links_elsewhere_is_not_moved_in(out: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    staging = planted_journal(out, [{"target": "brief.en.pdf", "existed": True}])
    (staging / ".backup" / "brief.en.pdf").symlink_to(secret)
    with OutputLock(out), pytest.warns(UserWarning, match="the previous file is not a plain file inside the staging folder"):
        clean_up_dead_builds(out)
    assert files(out) == OLD and not (out / "brief.en.pdf").is_symlink()


def test_a_staging_folder_that_is_a_link_is_set_aside(out: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep", encoding="utf-8")
    (out / ".staging-link").symlink_to(elsewhere)
    with OutputLock(out), pytest.warns(UserWarning, match="is not a staging folder reportgen made"):
        clean_up_dead_builds(out)
    assert (elsewhere / "precious.txt").read_text(encoding="utf-8") == "keep"


def test_an_output_folder_that_is_a_link_elsewhere_stops_the_publish(out: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "a.en.png").write_bytes(b"someone's picture")
    for path in (out / "charts").iterdir():
        path.unlink()
    (out / "charts").rmdir()
    (out / "charts").symlink_to(elsewhere)
    staging = new_staging(out)
    with pytest.raises(ReportgenError, match="charts: is a link to a folder elsewhere"):
        publish(staging, out, lay_out(staging, NEW))
    assert (elsewhere / "a.en.png").read_bytes() == b"someone's picture"


@pytest.mark.parametrize(("owner", "program"), [("~$brief.en.pptx", "PowerPoint or Word"), (".~lock.brief.en.pptx#", "LibreOffice")])
def test_an_output_open_in_another_program_stops_the_publish_before_anything_moves(out: Path, owner: str, program: str) -> None:
    (out / owner).write_bytes(b"owner")
    staging = new_staging(out)
    with pytest.raises(ReportgenError, match=f"brief.en.pptx: is open in {program} .its lock file"):
        publish(staging, out, lay_out(staging, NEW))
    assert {k: v for k, v in files(out).items() if k != owner} == OLD

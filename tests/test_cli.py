import subprocess
import sys

from typer.testing import CliRunner

from reportgen.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_check_passes_on_a_fixture(mini, monkeypatch):
    monkeypatch.chdir(mini)
    result = run("check", "report")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: report — 0 charts")


def test_bad_input_exits_1_with_one_message_and_no_traceback(mini, monkeypatch):
    monkeypatch.chdir(mini)
    path = mini / "data" / "services.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("150000000", "lots"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "reportgen", "check", "report"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == "error: data/services.csv: row 2, column mau: got 'lots'; expected a number (like 12.5)\n"


def test_a_missing_report_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", "nowhere")
    assert result.exit_code == 1
    assert "error: nowhere: no report here: expected a folder with report.yaml" in result.output


def test_usage_errors_exit_2():
    assert run("build", "--lang", "fr").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_new_scaffolds_a_report_that_checks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "q3-briefing")
    assert result.exit_code == 0, result.output
    assert "id: q3_briefing" in (tmp_path / "q3-briefing" / "report.yaml").read_text(encoding="utf-8")
    check = run("check", "q3-briefing")
    assert check.exit_code == 0, check.output
    again = run("new", "q3-briefing")
    assert again.exit_code == 1 and "already exists" in again.output

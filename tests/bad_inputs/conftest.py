"""Fixtures of the bad-input suite: a pristine copy of the default report, built once for the session."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bad_build import EPOCH, ROOT, Built
from typer.testing import CliRunner

from reportgen.cli import app


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the default report and dataset, laid out as in the repository."""
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "templates" / "china-ai-briefing", root / "templates" / "china-ai-briefing")
    return root


@pytest.fixture(scope="session")
def built(pristine: Path) -> Built:
    """The pristine copy and one good English build of it (the build cases start from its outputs)."""
    root = pristine
    here = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(app, ["build", "templates/china-ai-briefing", "--out", "out", "--lang", "en"],
                                    env={"SOURCE_DATE_EPOCH": EPOCH})
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return Built(root, root / "out")


class NetworkUsedError(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail a case that reaches for the network (an address lookup, a TCP or UDP connection)."""
    attempts: list[str] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(f"connect {address!r}")
            raise NetworkUsedError(f"a build connected to {address!r}")
        real_connect(self, address)

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(f"lookup {host!r}")
        raise NetworkUsedError(f"a build looked up {host!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: lookup(address))
    yield attempts
    assert attempts == [], attempts

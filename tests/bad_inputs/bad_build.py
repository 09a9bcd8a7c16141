"""What the bad-input suite shares: the build date and the built copy of the default report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1751241600"  # 2025-06-30: every build of the suite has the same date


@dataclass(frozen=True)
class Built:
    root: Path  # data/ and templates/china-ai-briefing/, as in the repository
    out: Path  # the English outputs of one good build, with its chart cache

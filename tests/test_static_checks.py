"""Static checks that guard every change: bandit at medium and above, ruff."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_bandit_finds_nothing_at_medium_or_above():
    result = subprocess.run(
        [str(BIN / "bandit"), "-q", "-ll", "-r", "tandem", "bench", "-x", "*/tests/*,*/migrations/*"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_finds_nothing():
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]

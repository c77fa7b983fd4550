"""The synthetic recovery history now lives with the demo (`tandem.recovery.demo.build_history`)."""

from .demo import build_history

__all__ = ["build_history"]

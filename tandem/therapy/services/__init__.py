"""The rules of the therapy app, one module per subdomain as in `views/`: plans, notes, homework,
groups and moves. Views stay thin.

Every refusal raises TherapyError with a message written for the person; nothing is changed.
"""

from ._common import TherapyError

__all__ = ["TherapyError"]

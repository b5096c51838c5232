"""Releases: what changed between two versions of a guideline (``guidepress diff``)."""

from .changes import Changes
from .compare import diff

__all__ = ["Changes", "diff"]

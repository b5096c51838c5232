"""guidepress: publish a clinical practice guideline from one source of truth."""

__version__ = "0.1.0"

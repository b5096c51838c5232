"""Renderers: each reads the model and writes one kind of output."""

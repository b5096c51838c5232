"""Loaders: read source files into the model, keeping positions."""

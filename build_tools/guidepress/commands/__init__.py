"""One module per command beyond `check`."""

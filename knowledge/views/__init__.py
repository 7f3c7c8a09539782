"""The library's pages, one module per concern (see each module's docstring)."""

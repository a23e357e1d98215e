"""pmlint: lint incident postmortems written in Markdown."""

__version__ = "0.1.0"

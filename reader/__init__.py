"""reader: read news articles about the same event side by side."""

__version__ = "0.1.0"

"""Full-text search over Chinese township government work reports."""

__version__ = "0.1.0"

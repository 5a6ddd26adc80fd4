"""Data-safety harnesses: each runs at a small count in CI (through pytest) and at any
count on demand (``python -m tests.harness.NAME --help``)."""

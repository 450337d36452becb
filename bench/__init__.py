"""Benchmark harness: the project against two peers on one generated corpus (`make bench`).

Not part of the installed package. `bench.run` is the entry point; each system lives in its own
module (`bench.project`, `bench.naive`, `bench.fts`) behind the same three functions, and every
build, update and query round runs in a fresh subprocess (`bench.worker`) so that wall time and
memory are measured per system, never shared with the harness or with another system.
"""

"""Benchmark tooling: `make bench`, `make bench-search` and `make load`, and the commands they run.

A Django app only in the dev and test settings and in `bench.settings` (production plus this app,
for the benchmark's own commands), never in production's: nothing here ships to patients.
"""

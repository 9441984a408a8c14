"""Benchmarks: `make bench` runs them all and prints figures; nothing here asserts timings."""

"""Benchmarks of the smsmobile client: ratios against raw HTTP baselines measured in the same run.

`make bench` (= `python -m bench`) starts a sandbox in a separate process, so that its CPU is
never counted as the client's, prints a table and writes bench/results.json. Nothing here is a
test: targets are reported, never asserted in the test suite.
"""

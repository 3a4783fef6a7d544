"""Modules derived from the spec and the overlay.

Derived by spec/derive.py from spec/openapi.yaml and spec/overlay.yaml: do not edit; run
`make generate`.
"""

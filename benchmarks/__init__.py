"""Scale benchmarks for nucsec: `python -m benchmarks` (see README.md in this folder)."""

"""Scale and speed measurements (DESIGN §7): ``python -m benchmarks [--items N] [--events-per-item K] [--json FILE]``.
Benchmarks print their figures; they never fail the test suite."""

"""Benchmarks at national scale (`make bench`, not part of `make test`).

See bench/README.md for what is measured and the latest figures."""

"""Benchmarks and the made-up wiki they measure: a package, so that tests import its generator."""

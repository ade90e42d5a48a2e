"""Exporters: each turns the canonical model (:mod:`cvld.model`) into one target format."""

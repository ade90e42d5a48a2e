"""Checks of what cvld generates, each against the vocabulary or schema its consumer uses."""

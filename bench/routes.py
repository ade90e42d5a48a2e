"""The timed routes of ``bench/run.py`` that are not a ``cvld`` command, each run in a process of its own.

    python bench/routes.py graph-floor DIR NT OUT       # PyYAML C loader + pyoxigraph Turtle of the same triples
    python bench/routes.py graph-rdflib DIR BASE OUT    # the same graph built in rdflib and written by rdflib
    python bench/routes.py orcid DIR XSD OUT            # cvld's ORCID XML for every CV, each validated by the XSD
    python bench/routes.py orcid-floor OUT XSD          # lxml parsing and validating the same bytes
    python bench/routes.py orcid-floor-yaml DIR OUT XSD # PyYAML C loader on DIR's CVs, then orcid-floor

Each prints its own wall time (after interpreter start) on the last line, in seconds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def graph_floor(directory: str, ntriples: str, output: str) -> None:
    import pyoxigraph as ox
    import yaml

    from cvld.rdf.terms import PREFIXES

    for path in sorted(Path(directory).iterdir()):
        text = path.read_text("utf-8")
        yaml.load(text, Loader=yaml.CSafeLoader) if path.suffix != ".json" else json.loads(text)
    with open(ntriples, "rb") as source:
        data = ox.serialize(ox.parse(source, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                            prefixes=PREFIXES)
    Path(output).write_bytes(data)


def graph_rdflib(directory: str, base: str, output: str) -> None:
    from cvld.api import build_graph_files

    graph = build_graph_files([directory], base=base).rdflib()
    Path(output).write_bytes(graph.serialize(format="turtle", encoding="utf-8"))


def orcid_all(directory: str, xsd: str, output: str) -> int:
    """Every CV's ORCID files, each validated against the XSD, written to ``output``/STEM as each CV is done
    (as ``cvld orcid`` writes one CV's folder); returns the number of files written."""
    from cvld.orcid.check import validate_xsd
    from cvld.orcid.write import files
    from cvld.core.io import write_tree_atomic
    from cvld.source.load import load_cv

    count = 0
    for path in sorted(Path(directory).iterdir()):
        made = files(load_cv(path))
        for name, data in made.items():
            if name.endswith(".xml") and "bulk" not in name:
                problems = validate_xsd(data, xsd)
                if problems:
                    raise SystemExit(f"{path}: {name}: {problems[0]}")
        write_tree_atomic(Path(output) / path.stem, made)
        count += len(made)
    return count


def orcid_floor(output: str, xsd: str) -> None:
    from cvld.orcid.check import validate_xsd

    for path in sorted(Path(output).rglob("*.xml")):
        if "bulk" not in path.name:
            validate_xsd(path.read_bytes(), xsd)


def orcid_floor_yaml(directory: str, output: str, xsd: str) -> None:
    """The CVs' YAML read by PyYAML's C loader (the part of the ORCID route the lxml floor leaves out), then
    the lxml floor."""
    import yaml

    for path in sorted(Path(directory).iterdir()):
        text = path.read_text("utf-8")
        yaml.load(text, Loader=yaml.CSafeLoader) if path.suffix != ".json" else json.loads(text)
    orcid_floor(output, xsd)


ROUTES = {"graph-floor": graph_floor, "graph-rdflib": graph_rdflib, "orcid": orcid_all, "orcid-floor": orcid_floor,
          "orcid-floor-yaml": orcid_floor_yaml}

if __name__ == "__main__":
    from cvld.core.collector import for_a_command

    for_a_command()  # the collector as the cvld command sets it, for every route (the floors too)
    start = time.perf_counter()
    ROUTES[sys.argv[1]](*sys.argv[2:])
    print(f"{time.perf_counter() - start:.4f}")

"""Where a cold ``cvld graph`` and the ORCID route spend their time, per CV: each part timed alone.

    python bench/parts.py DEPT [XSD]      # DEPT: a generated department; XSD: the folder holding record_3.0/

Each part runs over every CV of DEPT in one process, the garbage collector set as the ``cvld`` command
sets it (CPU time, the best of three passes; the
merge and the parts after it once), in the order ``cvld graph`` runs them; the floors' own parts
(PyYAML's C loader, pyoxigraph's Turtle writing, lxml's XSD validation) are timed the same way.
Prints a Markdown table: milliseconds of CPU per CV.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyoxigraph as ox
import yaml

from cvld.core.collector import for_a_command
from cvld.core.diagnostics import Report
from cvld.orcid.check import validate_xsd
from cvld.orcid.write import files
from cvld.rdf.build import members_for
from cvld.rdf.department import content_digest
from cvld.rdf.stream import member_lines, pickled_cv, unpickled_cv
from cvld.rdf.terms import PREFIXES
from cvld.source.load import ModelBuilder, validate_schema
from cvld.source.yamlsource import decode, parse

BASE = "https://kg.example.edu/"


def main(folder: Path, xsd: str | None) -> None:
    paths = sorted(folder.iterdir())
    raws = [path.read_bytes() for path in paths]
    rows: list[tuple[str, float]] = []

    def part(name: str, step, items: list, repeat: int = 3) -> list:
        best, result = float("inf"), []
        for _ in range(repeat):
            start = time.process_time()
            result = [step(item) for item in items]
            best = min(best, time.process_time() - start)
        rows.append((name, best / len(paths) * 1000))
        return result

    part("floor: PyYAML C loader", lambda raw: yaml.load(raw.decode("utf-8"), Loader=yaml.CSafeLoader), raws)
    texts = [decode(str(path), raw) for path, raw in zip(paths, raws)]
    sources = part("reading YAML with every value's line and column", lambda text: parse("cv.yaml", text), texts)
    part("schema validation", validate_schema, sources)
    cvs = part("building the model", lambda source: ModelBuilder(source, Report()).build(), sources)
    part("the full CV pickled and read back (the spill)", lambda cv: unpickled_cv(pickled_cv(cv)[0]), cvs)
    part("content digest (the merge makes it only for CVs whose owners tie)", content_digest, cvs)
    members = part("the merge, digests included", lambda cvs: members_for(cvs, BASE, None, Report()), [cvs], 1)[0]
    lines = part("schema.org triples of each member (build_jsonld, read, blank labels, lines)", member_lines, members, 1)
    text = "".join(line + "\n" for own, shared in lines for line in sorted({*own, *shared}))
    part("floor: pyoxigraph Turtle (parse N-Triples, serialise)",
         lambda text: ox.serialize(ox.parse(text, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                                   prefixes=PREFIXES), [text], 1)
    if xsd:
        made = part("ORCID: every document's XML and works.bib", files, cvs, 1)

        def validate(documents: dict[str, bytes]) -> None:
            for name, data in documents.items():
                if name.endswith(".xml") and "bulk" not in name:
                    validate_xsd(data, xsd)

        validate(made[0])  # the schemas compiled once, before the timing
        part("floor: ORCID XSD validation (lxml)", validate, made, 1)
    print("| part | CPU ms per CV |\n|---|---:|")
    for name, milliseconds in rows:
        print(f"| {name} | {milliseconds:.1f} |")


if __name__ == "__main__":
    for_a_command()  # the garbage collector as the cvld command sets it
    main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)

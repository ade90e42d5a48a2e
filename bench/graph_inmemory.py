"""Benchmark: build and write a synthetic department graph (not a test; run by hand).

    python bench/graph_inmemory.py --people 100 --works 100 [--vocab vivo] [--format turtle]

Makes ``people`` CVs in memory, each with ``works`` papers of three authors; most papers
are shared by two members (both CVs list them), so works and people are merged. Prints
the time of each step and the number of triples. The issue's target scale is 1000 x 100.
"""

from __future__ import annotations

import argparse
import time

from cvld.model.dates import PartialDate
from cvld.core.diagnostics import Location, Report
from cvld.model.records import CV, Author, Owner, Person, Venue, Work
from cvld.rdf.build import build_graph


def synthetic_department(people: int, works: int) -> list[CV]:
    """Member ``a`` and member ``a+1`` share the papers ``(a, j)`` for even ``j``: both CVs list them."""
    members = [Owner(f"member-{i}", f"Member Number{i}", origin=Location(f"member-{i}.yaml", 1, 1, "person"))
               for i in range(people)]
    cvs = []
    for i, owner in enumerate(members):
        locals_: dict[str, Person] = {}
        cv_works = []
        for j in range(works):
            pair = i if j % 2 == 0 else i - 1  # with the next member, or with the previous one
            if 0 <= pair < people - 1:
                number = j - j % 2
                first, second = members[pair], members[pair + 1]
                outsider = Person(f"outsider-{pair}", f"Outside Author{pair}")
                title, doi = f"Shared paper {pair} {number}", f"10.5555/{pair}.{number}"
            else:
                first, second = owner, Person(f"outsider-{i}", f"Outside Author{i}")
                outsider = Person(f"solo-{i}", f"Solo Coauthor{i}")
                title, doi = f"Paper {i} {j}", f"10.5555/solo.{i}.{j}"
            people_here = [p for p in (first, second, outsider) if p.key != owner.key]
            locals_.update({p.key: Person(p.key, p.name) for p in people_here})
            authors = tuple(Author(owner if p.key == owner.key else locals_[p.key], equal_contribution=n < 2)
                            for n, p in enumerate((first, second, outsider)))
            cv_works.append(Work(f"w{i}-{j}", "journal-article", title, authors, PartialDate(2000 + j % 25),
                                 venue=Venue(f"Journal {j % 50}"), doi=doi,
                                 origin=Location(f"member-{i}.yaml", 10 + j, 5, f"works[{j}]")))
        cvs.append(CV(f"member-{i}.yaml", owner, {}, locals_, works=tuple(cv_works)))
    return cvs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--works", type=int, default=100)
    parser.add_argument("--vocab", choices=("schema", "vivo"), default="vivo")
    parser.add_argument("--format", choices=("turtle", "ntriples", "json-ld", "xml"), default="turtle")
    args = parser.parse_args()
    start = time.perf_counter()
    cvs = synthetic_department(args.people, args.works)
    made = time.perf_counter()
    report = Report()
    graph = build_graph(cvs, vocab=args.vocab, base="https://kg.example.edu/", report=report)
    built = time.perf_counter()
    data = graph.serialize(args.format)
    written = time.perf_counter()
    print(f"{args.people} people x {args.works} works, {args.vocab}: {len(graph)} triples, "
          f"{len(report.diagnostics)} findings")
    for finding in report.sorted()[:3]:
        print("  ", finding)
    print(f"  make CVs {made - start:.2f} s, build {built - made:.2f} s, write {args.format} "
          f"{written - built:.2f} s ({len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

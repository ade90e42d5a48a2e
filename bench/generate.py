"""A deterministic synthetic department of CVs for benchmarks and scale tests.

    python bench/generate.py --people 100 --works-per-person 100 --seed 1 -o /tmp/dept

writes ``person-0000.yaml`` ... (and ``.json`` with ``--format json``). People share a
pool of co-authors (with ORCID iDs, so a merge can match them) and some papers are
co-authored by two members (the same DOI in both CVs, both owners among the authors).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml
from stdnum.iso7064 import mod_11_2

_GIVEN = ["Ana", "Bo", "Chen", "Dmitri", "Emma", "Farah", "Guo", "Hiro", "Ines", "Jun", "Kofi", "Lena", "Mateo",
          "Nia", "Omar", "Priya", "Qing", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wei", "Xin", "Yara", "Zoltan"]
_FAMILY = ["Abe", "Brown", "Costa", "Dubois", "E", "Fischer", "Garcia", "Huang", "Ivanova", "Jensen", "Kim", "Li",
           "Müller", "Nakamura", "Okafor", "Patel", "Quispe", "Rossi", "Silva", "Tanaka", "Ueda", "Volkov", "Wang",
           "Xu", "Yilmaz", "Zhang"]
_WORDS = ["neural", "stochastic", "gradient", "manifold", "sparse", "operator", "kernel", "dynamics", "inference",
          "spectral", "robust", "adaptive", "convex", "flows", "networks", "learning", "estimation", "dissipative",
          "particle", "transport", "entropy", "Bayesian", "residual", "quantum", "graph", "optimal", "random"]
_JOURNALS = ["Journal of Computational Physics", "Physical Review E", "SIAM Journal on Numerical Analysis",
             "Annals of Statistics", "Constructive Approximation", "Communications in Mathematical Sciences"]
_CONFERENCES = [("Advances in Neural Information Processing Systems", "NeurIPS"),
                ("International Conference on Machine Learning", "ICML"),
                ("International Conference on Learning Representations", "ICLR")]
_TERMS = ["Spring", "Summer", "Fall"]


def orcid_for(number: int) -> str:
    base = f"0000000{number:08d}"[-15:]
    digits = base + mod_11_2.calc_check_digit(base)
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))


def _title(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(5, 12))
    return " ".join(words).capitalize()


def _person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(_GIVEN), rng.choice(_FAMILY)


def generate(people: int, works_per_person: int, seed: int) -> list[dict]:
    """The CV documents of a department, in the cvld CV format."""
    rng = random.Random(seed)
    pool_size = max(20, people * 5)
    pool = []
    for index in range(pool_size):
        given, family = _person_name(rng)
        pool.append({"key": f"coauthor-{index:05d}", "name": f"{given} {family}", "given_name": given,
                     "family_name": family, "orcid": orcid_for(500000 + index)})
    members = []
    for index in range(people):
        given, family = _person_name(rng)
        members.append({"key": f"member-{index:04d}", "name": f"{given} {family} {index}", "given_name": given,
                        "family_name": f"{family} {index}", "orcid": orcid_for(100000 + index)})
    # papers shared by two members: about 5% of each member's works
    shared: dict[int, list[dict]] = {i: [] for i in range(people)}
    if people > 1:
        for number in range(people * works_per_person // 20):
            a, b = rng.sample(range(people), 2)
            paper = _work(rng, f"shared-{number:06d}", [members[a], members[b]], pool, doi=f"10.5555/shared.{number}")
            shared[a].append(paper)
            shared[b].append(paper)
    documents = []
    for index, member in enumerate(members):
        documents.append(_cv(rng, index, member, members, pool, works_per_person, shared[index]))
    return documents


def _work(rng, key, owners, pool, doi=None):
    coauthors = rng.sample(pool, rng.randint(1, 6))
    authors = [{"ref": o} for o in owners] + [{"ref": c} for c in coauthors]
    rng.shuffle(authors)
    for author in authors[:2]:
        author["equal"] = rng.random() < 0.3
    year = rng.randint(2005, 2025)
    kind = rng.random()
    work = {"key": key, "title": _title(rng), "date": f"{year}-{rng.randint(1, 12):02d}", "authors": authors}
    if kind < 0.15:
        digits = rng.randint(10000, 99999) if year >= 2015 else rng.randint(1000, 9999)
        work.update(type="preprint", status="preprint", arxiv=f"{year % 100:02d}{rng.randint(1, 12):02d}.{digits}")
    elif kind < 0.55:
        name, short = rng.choice(_CONFERENCES)
        work.update(type="conference-paper", status="published", venue={"name": name, "short": short})
    else:
        work.update(type="journal-article", status="published", venue={"name": rng.choice(_JOURNALS)},
                    volume=str(rng.randint(1, 120)), pages=f"{(p := rng.randint(1, 900))}-{p + rng.randint(5, 40)}")
    if doi or (kind >= 0.15 and rng.random() < 0.8):
        work["doi"] = doi or f"10.5555/{key}"
    if rng.random() < 0.3:
        work["abstract"] = " ".join(_title(rng) for _ in range(8)) + "."
    return work


def _cv(rng, index, member, members, pool, works_per_person, shared_works):
    works = [_work(rng, f"w{index:04d}-{number:04d}", [member], pool) for number in range(works_per_person - len(shared_works))]
    works += shared_works
    people: dict[str, dict] = {}
    rendered = []
    for work in works:
        authors = []
        for author in work["authors"]:
            ref = author["ref"]
            if ref["key"] != member["key"]:
                people[ref["key"]] = {k: ref[k] for k in ("name", "given_name", "family_name", "orcid")}
            entry = {"person": ref["key"]}
            if author.get("equal"):
                entry["equal_contribution"] = True
            authors.append(entry if len(entry) > 1 else ref["key"])
        rendered.append({**{k: v for k, v in work.items() if k != "authors"}, "authors": authors})
    organisations = {"dept": {"name": "Example University", "department": "Department of Mathematics",
                              "city": "Springfield", "country": "US"},
                     "other": {"name": "Other Institute of Technology", "city": "Shelbyville", "country": "US"}}
    start = rng.randint(1995, 2015)
    return {
        "person": {"key": member["key"], "name": member["name"], "given_name": member["given_name"],
                   "family_name": member["family_name"], "orcid": member["orcid"],
                   "email": f"{member['key']}@example.edu", "homepage": f"https://example.edu/~{member['key']}/",
                   "interests": [_title(rng) for _ in range(2)]},
        "organisations": organisations,
        "people": dict(sorted(people.items())),
        "education": [{"key": "phd", "kind": "degree", "degree": "Ph.D.", "field": "Mathematics", "organisation": "other",
                       "start": start, "end": start + 5}],
        "positions": [{"key": "faculty", "title": "Professor", "organisation": "dept", "start": start + 5, "end": "present"}],
        "works": rendered,
        "talks": [{"key": f"talk-{n}", "title": _title(rng),
                   "given": [{"event": "Colloquium", "host": "other", "date": f"{rng.randint(2010, 2025)}-0{rng.randint(1, 9)}"}]}
                  for n in range(3)],
        "teaching": [{"key": f"course-{n}", "role": "instructor", "course": _title(rng), "organisation": "dept",
                      "term": f"{rng.choice(_TERMS)} {rng.randint(2010, 2025)}"} for n in range(3)],
        "service": [{"key": f"review-{n}", "role": "reviewer", "venue": short, "kind": "conference"}
                    for n, (_, short) in enumerate(_CONFERENCES)],
    }


def write(documents: list[dict], directory: Path, fmt: str = "yaml") -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for document in documents:
        path = directory / f"{document['person']['key']}.{fmt}"
        if fmt == "json":
            path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        else:
            path.write_text(yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--works-per-person", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    paths = write(generate(args.people, args.works_per_person, args.seed), args.output, args.format)
    print(f"wrote {len(paths)} CVs to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The numbers of a department report and its pictures, as SVG.

:func:`department_figures` counts from the merged department (one node per person and per
work, as the graph has them, see :mod:`cvld.rdf.department`): works per year by member and
in total (a shared paper counts once in the total, once for each member who lists it), and
the co-authorship network of the members and their most frequent outside co-authors (the
author lists the graph keeps). The charts are drawn by matplotlib and the network laid out by
networkx (a seeded spring layout), both from the optional extra ``cvld[report]``. Each bar,
node and edge is an SVG group with an id (``bar-...``, ``node-...``, ``edge-...``), so a
reader (or a test in a browser) can find and count them; SVG is written without a date and
with fixed ids, so the same department gives the same bytes.
"""

from __future__ import annotations

import importlib.util
import io
from collections import Counter
from dataclasses import dataclass, field

from cvld.core.diagnostics import Diagnostic, UsageError
from cvld.core.lazy import lazy_module
from cvld.core.text import slugify
from cvld.rdf.department import Member

figure_module = lazy_module("matplotlib.figure")
matplotlib = lazy_module("matplotlib")
nx = lazy_module("networkx")

REPORT_LIBRARIES = ("matplotlib", "networkx")
OUTSIDE_COAUTHORS = 10  # the network shows this many outside co-authors, the most frequent first


def require_libraries() -> None:
    """Raise a clear error when the report's optional libraries are not installed."""
    missing = [name for name in REPORT_LIBRARIES if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(f"report: the charts need {' and '.join(missing)} (not installed); "
                         "install cvld's report extra: pip install 'cvld[report]'")


@dataclass
class MemberRow:
    """One member's part of the report: counts for the summary table, and the lines of their own table."""

    name: str
    source: str
    works: list[tuple[str, str, str]]  # (year, title, venue), newest first
    talks: list[tuple[str, str, str]]  # (date, title, event or host)
    courses: list[tuple[str, str, str]]  # (term or dates, course, role)
    service: list[tuple[str, str, str]]  # (dates, role, venue)
    coauthors: list[str]

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass
class Figures:
    """What the report shows, counted; the SVG pictures are drawn from it."""

    members: list[str]  # names, in the order of the members
    years: list[int]
    by_member: dict[str, Counter]  # member name -> year -> works
    total: Counter  # year -> distinct works
    nodes: dict[str, tuple[str, bool, int]]  # person IRI -> (name, is a member, works in the department)
    edges: Counter  # (IRI, IRI), sorted -> works together
    rows: list[MemberRow]
    conflicts: list[Diagnostic] = field(default_factory=list)
    undated: Counter = field(default_factory=Counter)  # member name -> works with no date (in no year)
    undated_total: int = 0  # distinct works with no date

    @property
    def works(self) -> int:
        """The department's distinct works, dated or not."""
        return sum(self.total.values()) + self.undated_total


def department_figures(members: list[Member], conflicts: list[Diagnostic], outside: int = OUTSIDE_COAUTHORS) -> Figures:
    """Count a resolved department's works, people and collaborations (``members`` hold full CVs)."""
    by_member: dict[str, Counter] = {}
    undated: Counter = Counter()
    total_works: dict[str, int | None] = {}  # work IRI -> year (None: undated)
    authors_of: dict[str, list[str]] = {}  # work IRI -> author IRIs of the list the graph keeps
    names: dict[str, str] = {}
    owners = {m.iris.owner() for m in members}
    rows = []
    for member in members:
        cv = member.cv
        iris = member.iris

        def person_iri(person, cv=cv, iris=iris):
            return iris.owner() if person.key == cv.owner.key else iris.person(person.key)

        counts = Counter(work.year for work in cv.works if work.year)
        by_member[cv.owner.name] = counts
        undated[cv.owner.name] = sum(1 for work in cv.works if not work.year)
        names[iris.owner()] = cv.owner.name
        coauthors = []
        for work in cv.works:
            node = iris.work(work.key)
            total_works[node] = work.year
            for author in work.authors:
                names.setdefault(person_iri(author.person), author.person.name)
                if author.person.key != cv.owner.key and author.person.name not in coauthors:
                    coauthors.append(author.person.name)
            if member.describes_work(work.key):
                authors_of[node] = [person_iri(a.person) for a in work.authors]
        rows.append(_member_row(cv, sorted(coauthors)))
    works_of: Counter = Counter(p for authors in authors_of.values() for p in set(authors))
    outsiders = sorted((p for p in works_of if p not in owners), key=lambda p: (-works_of[p], names[p], p))[:outside]
    shown = set(owners) | set(outsiders)
    edges: Counter = Counter()
    for authors in authors_of.values():
        present = sorted({a for a in authors if a in shown})
        for i, a in enumerate(present):
            for b in present[i + 1:]:
                edges[(a, b)] += 1
    nodes = {p: (names[p], p in owners, works_of.get(p, 0)) for p in sorted(shown, key=lambda p: (names[p], p))}
    dated = Counter(year for year in total_works.values() if year)
    return Figures([m.cv.owner.name for m in members], sorted(dated), by_member, dated, nodes, edges, rows,
                   list(conflicts), +undated, sum(1 for year in total_works.values() if not year))


def _when(start, end=None) -> str:
    return "–".join(d.iso() for d in (start, end) if d is not None)


def _member_row(cv, coauthors: list[str]) -> MemberRow:
    newest = sorted(cv.works, key=lambda w: (w.year or 0, w.title, w.venue.name if w.venue else ""), reverse=True)
    works = [(str(w.year) if w.year else "undated", w.title, w.venue.name if w.venue else "") for w in newest]
    talks = [(g.date.iso(), t.title, g.event or (g.host.name if g.host else "")) for t in cv.talks for g in t.given]
    courses = [(t.term.label if t.term else _when(t.start, t.end), t.course, t.role) for t in cv.teaching]
    service = [(_when(s.start, s.end), s.role, s.venue_full or s.venue) for s in cv.service]
    return MemberRow(cv.owner.name, cv.source, works, talks, courses, service, coauthors)


# --- pictures ----------------------------------------------------------------------


def _figure(width: float, height: float):
    matplotlib.rcParams["svg.hashsalt"] = "cvld-report"  # fixed ids in the SVG
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text (searchable, small)
    matplotlib.rcParams["text.parse_math"] = False  # a name or title with "$" is text, not TeX
    matplotlib.rcParams["text.usetex"] = False
    return figure_module.Figure(figsize=(width, height), layout="constrained")


def _svg(fig) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": "cvld"})
    text = out.getvalue()
    return text[text.index("<svg"):]  # inline in HTML: no XML declaration, no DOCTYPE


def works_by_member_svg(figures: Figures) -> str:
    """Grouped bars: each member's works per year (only the bars of years with works)."""
    fig = _figure(8, 3.6)
    ax = fig.add_subplot()
    count = max(len(figures.members), 1)
    width = 0.8 / count
    for index, name in enumerate(figures.members):
        counts = figures.by_member[name]
        years = [y for y in figures.years if counts.get(y)]
        bars = ax.bar([y - 0.4 + width * (index + 0.5) for y in years], [counts[y] for y in years], width, label=name)
        for bar, year in zip(bars, years):
            bar.set_gid(f"bar-{slugify(name)}-{year}")
    ax.set_xticks(figures.years, [str(y) for y in figures.years])
    ax.set_ylabel("works")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title("Works per year, by member")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    return _svg(fig)


def works_total_svg(figures: Figures) -> str:
    """One bar per year: the department's distinct works (a shared paper once)."""
    fig = _figure(8, 2.8)
    ax = fig.add_subplot()
    bars = ax.bar(figures.years, [figures.total[y] for y in figures.years], 0.6, color="#4c72b0")
    for bar, year in zip(bars, figures.years):
        bar.set_gid(f"bar-total-{year}")
    ax.set_xticks(figures.years, [str(y) for y in figures.years])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("works")
    ax.set_title("Works per year, the department (a shared paper once)")
    return _svg(fig)


def network_svg(figures: Figures) -> str:
    """The co-authorship network: members (dark) and outside co-authors (light), an edge per pair
    who wrote together (wider for more works), laid out by networkx's spring layout (seeded)."""
    graph = nx.Graph()
    graph.add_nodes_from(figures.nodes)
    for (a, b), weight in sorted(figures.edges.items()):
        graph.add_edge(a, b, weight=weight)
    positions = nx.spring_layout(graph, seed=16, weight="weight") if graph else {}
    fig = _figure(8, 6)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title("Co-authorship: members and their most frequent outside co-authors")
    for (a, b), weight in sorted(figures.edges.items()):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        ax.plot([x1, x2], [y1, y2], color="#999999", linewidth=1 + weight, zorder=1,
                gid=f"edge-{slugify(figures.nodes[a][0])}-{slugify(figures.nodes[b][0])}")
    for node, (name, member, works) in figures.nodes.items():
        x, y = positions[node]
        ax.scatter([x], [y], s=300 + 120 * works, color="#1f4e79" if member else "#9dc3e6", edgecolors="white",
                   zorder=2, gid=f"node-{slugify(name)}")
        ax.annotate(name, (x, y), xytext=(0, -18), textcoords="offset points", ha="center", fontsize=9, zorder=3)
    ax.margins(0.15)
    return _svg(fig)

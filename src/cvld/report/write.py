"""Write a department's report: ``index.html`` (the pictures inline, so the page opens from disk
or from any web server with no other request) and each picture as an ``.svg`` file beside it."""

from __future__ import annotations

from cvld.core.lazy import lazy_module
from cvld.core.resources import TEMPLATES_DIR
from cvld.report.figures import Figures, network_svg, works_by_member_svg, works_total_svg

jinja2 = lazy_module("jinja2")
markupsafe = lazy_module("markupsafe")

PICTURES = {"works-by-member.svg": works_by_member_svg, "works-total.svg": works_total_svg,
            "coauthors.svg": network_svg}


def report_files(figures: Figures, title: str = "Department report") -> dict[str, str]:
    """``{name: text}``: ``index.html`` and the pictures, for :func:`cvld.core.io.write_tree_atomic`."""
    pictures = {name: draw(figures) for name, draw in PICTURES.items()}
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "report"), autoescape=True,
                                     undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    page = environment.get_template("index.html.j2").render(
        title=title, figures=figures, pictures={name: markupsafe.Markup(svg) for name, svg in pictures.items()})
    return {"index.html": page, **pictures}

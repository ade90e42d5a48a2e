"""A department's report: a static HTML page with pictures (works per year, the co-authorship
network), a table per member and the merge's conflicts (:mod:`cvld.report.figures`,
:mod:`cvld.report.write`). Its charts need the optional extra ``cvld[report]`` (matplotlib, networkx)."""

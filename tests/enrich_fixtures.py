"""The records the fake Crossref and ROR hold for tests/data/enrich/cv.yaml (see test_enrich.py)."""

from __future__ import annotations

from fake_services import crossref_item, ror_organisation

CROSSREF_ITEMS = [
    # a match: Crossref's title has markup and another case
    crossref_item("10.1103/PhysRevE.102.043309",
                  "Machine Learning Based Non-Newtonian Fluid Model with Molecular <i>Fidelity</i>",
                  ["Lei", "Wu", "E"], 2020, container="Physical Review E"),
    # the same title, another year
    crossref_item("10.9999/barron.2015", "The Barron space and the flow-induced function spaces for neural network "
                  "models", ["E", "Ma", "Wu"], 2015),
    # the same title, another first author
    crossref_item("10.9999/continuous.smith", "Machine learning from a continuous viewpoint", ["Smith", "Jones"], 2020),
    # another paper that shares a few words (a low score)
    crossref_item("10.9999/apriori.other", "A priori estimates for elliptic equations", ["Jones"], 2019),
    # a preprint's published version, and the preprint itself
    crossref_item("10.9999/quenching.journal", "The quenching-activation behavior of the gradient descent dynamics "
                  "for two-layer neural network models", ["Ma", "Wu", "E"], 2021, container="Journal of Machine Learning"),
    crossref_item("10.9999/quenching.posted", "The quenching-activation behavior of the gradient descent dynamics "
                  "for two-layer neural network models", ["Ma", "Wu", "E"], 2020, type="posted-content"),
    # two records with one title: ambiguous
    crossref_item("10.9999/global.a", "Global convergence of gradient descent for deep linear residual networks",
                  ["Wu", "Ma"], 2019, type="proceedings-article"),
    crossref_item("10.9999/global.b", "Global Convergence of Gradient Descent for Deep Linear Residual Networks",
                  ["Wu", "Wang", "Ma"], 2019, type="proceedings-article"),
    # a preprint's own DOI (posted content)
    crossref_item("10.9999/adaptive.posted", "A qualitative study of the dynamic behavior of adaptive gradient "
                  "algorithms", ["Ma", "Wu", "E"], 2020, type="posted-content"),
    # a preprint's published version that the CV does not hold
    crossref_item("10.9999/skip.journal", "Analysis of the gradient descent algorithm for a deep neural network "
                  "model with skip-connections", ["E", "Ma", "Wu"], 2020, container="Journal of Skips"),
]

ROR_ORGANISATIONS = [
    ror_organisation("https://ror.org/02v51f717", "Peking University", "Beijing", "CN", "China"),
    ror_organisation("https://ror.org/00hx57361", "Princeton University", "Princeton", "US", "United States"),
    ror_organisation("https://ror.org/01y1kjr75", "Nankai University", "Tianjin", "CN", "China"),
    ror_organisation("https://ror.org/05h992307", "Pacific Northwest National Laboratory", "Richland", "US",
                     "United States", aliases=["PNNL"]),
    # ROR knows it but is not sure of the match
    ror_organisation("https://ror.org/03abcde12", "Beijing Institute of Big Data Research", "Beijing", "CN", "China",
                     never_chosen=True),
    ror_organisation("https://ror.org/022k4wk35", "Beijing Normal University", "Beijing", "CN", "China"),
    # chosen for 'Cambridge University', but in another country than the CV says
    ror_organisation("https://ror.org/013meh722", "University of Cambridge", "Cambridge", "GB", "United Kingdom",
                     aliases=["Cambridge University"]),
]

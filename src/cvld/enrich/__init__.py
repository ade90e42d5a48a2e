"""``cvld enrich``: fill in what a CV lacks from the services that know it, never silently.

DOIs come from Crossref (:mod:`cvld.enrich.crossref`), organisation ids from ROR
(:mod:`cvld.enrich.ror`); :mod:`cvld.enrich.plan` decides which answer is taken and says why,
:mod:`cvld.enrich.edit` writes the taken values into the CV keeping its comments and layout,
:mod:`cvld.enrich.cache` keeps the answers on disk, and :mod:`cvld.enrich.run` ties them together.
"""

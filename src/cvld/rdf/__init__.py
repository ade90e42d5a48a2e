"""RDF for a department knowledge graph: schema.org and VIVO-ISF triples, merged across CVs.

The per-CV step is a pure function from the model to N-Triples lines (plain strings), so
a department is written one person at a time (:mod:`cvld.rdf.stream`) or built by set union
(:func:`cvld.rdf.build.build_graph`); rdflib is only
used when a caller asks for a :class:`rdflib.Graph`.
"""

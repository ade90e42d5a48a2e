"""RDF for a department knowledge graph: schema.org and VIVO-ISF triples, merged across CVs.

The per-CV step is a pure function from the model to N-Triples lines (plain strings), so
a department of any size is built by set union and written by sorting; rdflib is only
used when a caller asks for a :class:`rdflib.Graph`.
"""

"""Upload a CV to an ORCID record through the member API v3.0, and read it back.

* :mod:`.plan`: what a push would do (create, update, delete, leave), like ``terraform plan``.
* :mod:`.state`: the state file next to the CV mapping each record key to its put-code.
* :mod:`.client`: the HTTP client (bearer token, bounded retries, injectable sleep).
* :mod:`.push`: carries out a plan, saving the state after every call.
* :mod:`.pull`: compares the record's works with the CV.
* :mod:`.session`: the glue the ``cvld orcid push`` / ``pull`` commands use.
"""

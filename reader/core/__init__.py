"""The vocabulary every stage shares: the data model (`model`) and the errors (`errors`).

The pipeline runs ingest -> align -> story -> output -> ui; each package imports only
those before it and this one. `reader.cli`, the commands, sits on top of them all.
"""

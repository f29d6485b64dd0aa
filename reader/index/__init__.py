"""Index: a corpus read, grouped and aligned once, kept in one SQLite file beside it.

build (what a run of `reader index` redoes) -> run (where the work runs: this process,
local Dask workers, a cluster) -> work (the tasks: read a batch of files, align a batch
of pairs) -> schema and codec (the tables, the objects stored) -> read (whether the index
is fresh for the files at hand, and its articles, stories and comparisons) -> export
(the alignments and numbers as Parquet or CSV).
"""

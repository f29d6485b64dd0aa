"""Align: which sentences of two articles say the same thing.

similarity (how alike two sentences are) -> align (which sentence answers which) ->
numpair (the numbers of two linked sentences) -> compare (rows, word differences, gaps:
a `Comparison`).
"""

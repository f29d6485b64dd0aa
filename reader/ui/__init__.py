"""The Textual interface of `reader`: two articles side by side, aligned sentence by sentence.

Only this package imports Textual. `layout` and `textmap` are pure and can be used (and
tested) without it. The news lexer it highlights with is `reader.output.lexer`.
"""

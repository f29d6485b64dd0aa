"""Output: what the commands write, rendered from the pipeline's results.

comparison (one pair's `Comparison` as JSON, text or Markdown, and the helpers every
command's output shares: terminal-safe JSON, one-line messages, counted words) -> report
(a folder's stories seen whole, as JSON, Markdown or HTML). `lexer` is the Pygments lexer
for news prose that highlights the HTML report and the interface alike.

Nothing here imports Textual or `reader.ui`: the interface imports from here, never the
other way round. This module imports none of its modules, so importing one stays cheap.
"""

"""Ingest: from a file on disk to a segmented `Article`.

load (find and read files) -> decode (bytes to text) -> frontmatter / html (split off or
extract) -> segment (paragraphs, sentences; boilerplate decides what is not article text)
-> meta (title, outlet, date) -> article (`load_article`, the one entry point). `numbers`
finds the number mentions of a text; `text` holds the normalisations the others share.
"""

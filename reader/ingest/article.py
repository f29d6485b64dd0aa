"""Build an `Article` from a file: load, segment, infer metadata.

The one entry point the front ends use to get articles; it chains the stages in the order
of the pipeline (load -> segment -> metadata), and adds a notice when the body came out
empty or mostly boilerplate (never a silent empty comparison).
"""

from __future__ import annotations

from pathlib import Path

from reader.core.model import Article
from reader.ingest.boilerplate import BODY_NOTICE, thin_body
from reader.ingest.load import DEFAULT_MAX_BYTES, read_source
from reader.ingest.meta import infer_metadata
from reader.ingest.segment import segment


def load_article(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None
) -> Article:
    """Read and segment one article file.

    Args:
        path: An article file (.txt, .md, .html).
        max_bytes: Refuse files larger than this.
        data: The file's bytes when already read (`reader.ingest.load.read_bytes`).

    Returns:
        The article.

    Raises:
        LoadError: The file cannot be read as an article.
    """
    source = read_source(path, max_bytes=max_bytes, data=data)
    parts = segment(source.text, body_start=source.front_matter_end)
    thin = thin_body(source.text, len(parts.sentences), parts.boilerplate)
    return Article(
        path=path,
        text=source.text,
        metadata=infer_metadata(source.text, parts.paragraphs, source.front_matter),
        paragraphs=parts.paragraphs,
        sentences=parts.sentences,
        boilerplate=parts.boilerplate,
        notices=(*source.notices, thin) if thin else source.notices,
    )


def body_warnings(article: Article) -> list[str]:
    """The notices about an article whose body came out empty or thin.

    The command line prints these on stderr: a comparison of such a file would otherwise
    look like two articles that share nothing.
    """
    return [notice for notice in article.notices if notice.startswith(BODY_NOTICE)]

"""Loading over a named corpus: encodings, line endings, binary data, odd files, front
matter, and folder discovery (HTML extraction: test_html.py)."""

from __future__ import annotations

import codecs
import os
import random
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import LoadError
from reader.ingest import load
from reader.ingest.decode import decode_bytes
from reader.ingest.frontmatter import parse_front_matter
from reader.ingest.load import DEFAULT_MAX_BYTES, discover, read_source

CP1252_TEXT = "He said \u201chello\u201d at the caf\u00e9 \u2014 twice.\n"
LATIN1_TEXT = "Le caf\u00e9 est ferm\u00e9 \u00e0 cause de la gr\u00e8ve. \u00c7a va.\n"
ASCII_TEXT = "Kremlin deployed special forces near Hama on Tuesday.\nOfficials confirmed it.\n"
RANDOM = random.Random(0).randbytes(4096)

# name -> (bytes on disk, expected text, expected encoding)
DECODES = {
    "utf-8": (("Caf\u00e9 \u201cquoted\u201d \u2014 "
               "\u0420\u043e\u0441\u0441\u0438\u044f\n").encode(),
              "Caf\u00e9 \u201cquoted\u201d \u2014 \u0420\u043e\u0441\u0441\u0438\u044f\n",
              "utf-8"),
    "utf-8-bom": (codecs.BOM_UTF8 + "Caf\u00e9\n".encode(), "Caf\u00e9\n", "utf-8-sig"),
    "utf-16-le-bom": (codecs.BOM_UTF16_LE + "Caf\u00e9 news\n".encode("utf-16-le"),
                      "Caf\u00e9 news\n", "utf-16"),
    "utf-16-be-bom": (codecs.BOM_UTF16_BE + "Caf\u00e9 news\n".encode("utf-16-be"),
                      "Caf\u00e9 news\n", "utf-16"),
    "utf-16-le-no-bom": (ASCII_TEXT.encode("utf-16-le"), ASCII_TEXT, "utf-16-le"),
    "utf-16-be-no-bom": (ASCII_TEXT.encode("utf-16-be"), ASCII_TEXT, "utf-16-be"),
    "utf-32-bom": ("Caf\u00e9\n".encode("utf-32"), "Caf\u00e9\n", "utf-32"),
    "cp1252-curly-quotes": (CP1252_TEXT.encode("cp1252"), CP1252_TEXT, "cp1252"),
    # Latin-1 and cp1252 agree outside 0x80-0x9f: cp1252 is preferred.
    "latin-1": (LATIN1_TEXT.encode("latin-1"), LATIN1_TEXT, "cp1252"),
    "cp1251-russian": (
        ("\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 "
         "\u0420\u043e\u0441\u0441\u0438\u0438 "
         "\u0437\u0430\u044f\u0432\u0438\u043b.\n" * 5).encode("cp1251"),
        ("\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 "
         "\u0420\u043e\u0441\u0441\u0438\u0438 "
         "\u0437\u0430\u044f\u0432\u0438\u043b.\n" * 5), "cp1251"),
    "crlf": (b"one\r\ntwo\r\n", "one\ntwo\n", "utf-8"),
    "lone-cr": (b"one\rtwo\r", "one\ntwo\n", "utf-8"),
    "mixed-endings": (b"a\r\nb\rc\nd\r\r\ne", "a\nb\nc\nd\n\ne", "utf-8"),
    "crlf-utf-16": ("a\r\nb".encode("utf-16"), "a\nb", "utf-16"),
    # Other characters stay: offsets must index the text exactly.
    "controls-kept": (b"Page one.\x0cPage two \x1b[1mbold\x1b[0m.\t\vEnd\x07 of a long "
                      b"enough line.",
                      "Page one.\x0cPage two \x1b[1mbold\x1b[0m.\t\vEnd\x07 of a long "
                      "enough line.",
                      "utf-8"),
    "no-final-newline": (b"just text", "just text", "utf-8"),
}  # fmt: skip

# name -> (bytes on disk, fragment the error message must contain)
REJECTS = {
    "empty": (b"", "empty file"),
    "whitespace-only": (b" \n\t\r\n  ", "empty file"),
    "bom-only": (codecs.BOM_UTF8, "empty file"),
    "utf-16-whitespace": (" \n \n".encode("utf-16"), "empty file"),
    "nul-bytes": (b"text\x00with\x00\x00nul bytes \x00 here and \x01\x02", "binary data"),
    "png-header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "binary data"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary data"),
    "zip": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary data"),
    "gif": (b"GIF89a\x01\x00\x01\x00", "binary data"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary data"),
    "random-bytes": (RANDOM, "binary data"),
    "random-bytes-no-nul": (bytes(b for b in RANDOM if b), "binary data"),
    "controls-heavy-utf-8": (b"ab\x01\x02\x03\x04cd\x05\x06\x07\x08", "binary data"),
    "bad-utf-16-after-bom": (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16"),
}  # fmt: skip


def assert_one_line(error: LoadError, name: str) -> None:
    """Every LoadError is one line and names the file."""
    assert "\n" not in error.message and "\r" not in error.message
    assert name in error.message
    assert str(error) == error.message


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- decoding ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", DECODES, ids=str)
def test_corpus_decodes(tmp_path: Path, case: str) -> None:
    data, text, encoding = DECODES[case]
    source = read_source(write(tmp_path, f"{case}.txt", data))
    assert source.text == text
    assert source.encoding == encoding
    assert source.kind == "text"
    assert "\r" not in source.text
    assert decode_bytes(data, name=case) == (text, encoding)


@pytest.mark.parametrize("case", REJECTS, ids=str)
def test_corpus_rejects(tmp_path: Path, case: str) -> None:
    data, fragment = REJECTS[case]
    with pytest.raises(LoadError) as caught:
        read_source(write(tmp_path, f"{case}.txt", data))
    assert fragment in caught.value.message
    assert caught.value.message.startswith(f"{case}.txt: ")
    assert_one_line(caught.value, f"{case}.txt")


def test_guessed_encodings_get_a_notice(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "old.txt", CP1252_TEXT.encode("cp1252")))
    assert source.notices == ("decoded as cp1252",)
    assert read_source(write(tmp_path, "new.txt", CP1252_TEXT.encode())).notices == ()
    utf16 = read_source(write(tmp_path, "u.txt", ASCII_TEXT.encode("utf-16-le")))
    assert utf16.notices == ("decoded as utf-16-le",)


def test_central_european_text_is_not_read_as_cp1252() -> None:
    czech = (
        "Vl\u00e1da ve st\u0159edu schv\u00e1lila nov\u00e9 \u00fasporn\u00e9 opat\u0159en\u00ed. "
        "Ministr financ\u00ed uvedl, \u017ee p\u0159\u00ed\u0161t\u00ed rok bude schodek "
        "rozpo\u010dtu ni\u017e\u0161\u00ed. Opozice kritizuje, \u017ee zm\u011bny dopadnou "
        "p\u0159edev\u0161\u00edm na d\u016fchodce a rodiny s d\u011btmi. "
    ) * 3
    assert decode_bytes(czech.encode("cp1250"), name="cs.txt") == (czech, "cp1250")


def test_multi_byte_legacy_encoding_is_refused_with_advice() -> None:
    data = (
        "\u5317\u4eac\u65f6\u95f4\u5468\u4e8c\uff0c"
        "\u653f\u5e9c\u5ba3\u5e03\u4e86\u65b0\u7684\u7ecf\u6d4e\u523a\u6fc0\u8ba1\u5212\u3002"
    ).encode("gbk")
    with pytest.raises(LoadError) as caught:
        decode_bytes(data, name="zh.txt")
    assert "save it as UTF-8" in caught.value.message
    assert_one_line(caught.value, "zh.txt")


def test_text_matches_python_universal_newlines(tmp_path: Path) -> None:
    # U+2028 and NEL are not line breaks for open(): they stay as they are.
    data = "Alpha\r\nBeta\rGamma\n\u2028Delta\x85Epsilon and more words\r\n".encode()
    path = write(tmp_path, "nl.txt", data)
    with open(path, encoding="utf-8", newline=None) as handle:
        assert read_source(path).text == handle.read()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, name="fuzz.txt")
    except LoadError as error:
        assert_one_line(error, "fuzz.txt")
    else:
        assert "\r" not in text and "\x00" not in text and text.strip()
        assert isinstance(encoding, str)


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from("\n\r\t"), min_size=1)
)
def test_utf8_text_round_trips(text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        assert decode_bytes(text.encode(), name="t.txt") == (expected, "utf-8")
    except LoadError as error:
        assert not text.strip() and "empty file" in error.message


# --- odd files --------------------------------------------------------------------------


def test_file_over_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"a" * (5 * 1024 * 1024))
    with pytest.raises(LoadError) as caught:
        read_source(path)
    assert caught.value.message == (
        "big.txt: 5.0 MB is over the 4.0 MB limit for one article (raise it with --max-size)"
    )
    assert read_source(path, max_bytes=6 * 1024 * 1024).text.startswith("aaa")
    assert DEFAULT_MAX_BYTES == 4 * 1024 * 1024


def test_limit_is_exact_when_sizes_round_alike(tmp_path: Path) -> None:
    path = write(tmp_path, "edge.txt", b"a" * (DEFAULT_MAX_BYTES + 1))
    with pytest.raises(LoadError) as caught:
        read_source(path)
    assert "4,194,305 bytes is over the 4,194,304 bytes limit" in caught.value.message
    assert read_source(write(tmp_path, "fits.txt", b"a" * 100), max_bytes=100).text == "a" * 100


def test_never_reads_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows after stat() is still read no further than max_bytes + 1."""
    path = write(tmp_path, "grows.txt", b"b" * 10_000)
    real_stat, real_read = os.stat, os.read
    requested: list[int] = []

    def small_stat(target: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(target, *args, **kwargs)  # type: ignore[arg-type]
        if str(target) == str(path):
            values = list(result)
            values[6] = 10  # st_size
            return os.stat_result(values)
        return result

    def counting_read(fd: int, n: int) -> bytes:
        requested.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(load.os, "stat", small_stat)
    monkeypatch.setattr(load.os, "read", counting_read)
    with pytest.raises(LoadError) as caught:
        read_source(path, max_bytes=100)
    assert "over the 100 bytes limit" in caught.value.message
    assert sum(requested) <= 101


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX only")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def hung(*_: object) -> None:
        raise AssertionError("read_source blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    try:
        with pytest.raises(LoadError) as caught:
            read_source(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert caught.value.message == "pipe.txt: not a regular file (a FIFO)"


def test_directory_passed_as_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(LoadError) as caught:
        read_source(folder)
    assert caught.value.message == "folder.txt: is a folder, not a file"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        read_source(tmp_path / "gone.txt")
    assert caught.value.message.endswith("gone.txt: no such file")
    assert_one_line(caught.value, "gone.txt")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"text")
    path.chmod(0)
    with pytest.raises(LoadError) as caught:
        read_source(path)
    assert caught.value.message == "secret.txt: cannot read (permission denied)"


def test_control_characters_in_file_name_stay_on_one_line(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("Windows forbids newlines in file names")
    path = write(tmp_path, "bad\nname.txt", b"")
    with pytest.raises(LoadError) as caught:
        read_source(path)
    assert caught.value.message == "bad\\x0aname.txt: empty file"


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    page = write(tmp_path, "saved", b"<!DOCTYPE html><html><body><p>Hello there.</p></body></html>")
    assert read_source(page).kind == "html"
    assert read_source(write(tmp_path, "notes", b"Hello there.")).kind == "text"
    assert read_source(write(tmp_path, "a.MD", b"# Hi")).kind == "markdown"


# --- front matter -----------------------------------------------------------------------

FRONT = """---
Title: Quake hits city
outlet: Daily News
date: 2024-03-05
updated: 2024-03-05 10:30:00
impossible: 2024-02-30
answer: No
version: 1.10
authors: [Jane Doe, John Roe]
nested: {a: 1}
empty:
summary: |
  Two lines
  of text.
---
Body starts here.
"""


def test_front_matter_valid(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "a.md", FRONT.encode()))
    assert source.kind == "markdown"
    assert source.front_matter == {
        "title": "Quake hits city",
        "outlet": "Daily News",
        "date": "2024-03-05",
        "updated": "2024-03-05",
        "impossible": "2024-02-30",
        "answer": "No",
        "version": "1.10",
        "authors": "Jane Doe, John Roe",
        "summary": "Two lines of text.",
    }
    assert source.text == FRONT
    assert source.text[: source.front_matter_end].endswith("---\n")
    assert source.text[source.front_matter_end :] == "Body starts here.\n"
    assert source.notices == ()


def test_front_matter_crlf_and_dots_closing(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "a.txt", b"---\r\ntitle: T\r\n...\r\nBody"))
    assert source.front_matter == {"title": "T"}
    assert source.text[source.front_matter_end :] == "Body"


@pytest.mark.parametrize(
    "text",
    ["---\ntitle: [unclosed\n---\nBody\n", "---\n\tbad: : :\n---\nBody\n",
     "---\n" + "[" * 5000 + "\n---\nBody\n"],
    ids=["unclosed", "tab-indent", "deep-nesting"],
)  # fmt: skip
def test_front_matter_invalid(text: str) -> None:
    assert parse_front_matter(text) == ({}, 0, "front matter ignored: not valid YAML")


@pytest.mark.parametrize(
    "text", ["---\njust a line of text\n---\nBody\n", "---\n- a\n- b\n---\nBody\n"],
    ids=["scalar", "list"],
)  # fmt: skip
def test_front_matter_not_a_mapping(tmp_path: Path, text: str) -> None:
    source = read_source(write(tmp_path, "a.md", text.encode()))
    assert (source.front_matter, source.front_matter_end) == ({}, 0)
    assert source.notices == ("front matter ignored: not valid YAML",)


def test_front_matter_absent_or_unclosed() -> None:
    assert parse_front_matter("No front matter.\n---\nx: 1\n---\n") == ({}, 0, None)
    assert parse_front_matter("---\ntitle: T\nno closing line\n") == ({}, 0, None)
    assert parse_front_matter("---\n---\nBody") == ({}, 8, None)


# --- discovery --------------------------------------------------------------------------


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("b.md", "a10.txt", "a2.txt", "c.HTML", "d.htm", "e.markdown"):
        (folder / name).write_text("text")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    (folder / "README").write_text("read me")
    (folder / ".hidden.txt").write_text("secret")
    (folder / ".reader-notes.json").write_text("{}")
    (folder / "sub").mkdir()
    return folder


def test_discover_folder(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    found = discover([folder])
    assert [p.name for p in found.files] == [
        "a2.txt",
        "a10.txt",
        "b.md",
        "c.HTML",
        "d.htm",
        "e.markdown",
    ]
    assert all(p.parent == folder for p in found.files)
    assert found.skipped == (
        "notes.pdf: skipped (not an article file: .pdf)",
        "README: skipped (not an article file: no extension)",
        "sub: skipped (a folder; folders are not searched)",
    )


def test_discover_files_keep_their_order(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    paths = [folder / "b.md", folder / "a2.txt", folder / "notes.pdf"]
    assert discover(paths).files == tuple(paths)
    assert discover(paths).skipped == ()


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="POSIX symlinks")
def test_discover_symlinks(tmp_path: Path) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "real.txt").write_text("text")
    outside = tmp_path / "outside.txt"
    outside.write_text("text")
    os.symlink(outside, folder / "link.txt")
    os.symlink(folder / "real.txt", folder / "same.txt")
    os.symlink(tmp_path / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder / "loop_b.txt", folder / "loop_a.txt")
    os.symlink(folder / "loop_a.txt", folder / "loop_b.txt")
    found = discover([folder])
    assert [p.name for p in found.files] == ["link.txt", "real.txt"]
    assert found.skipped[0] == "dangling.txt: skipped (broken symbolic link)"
    assert found.skipped[1].startswith("loop_a.txt: skipped (")
    assert found.skipped[2].startswith("loop_b.txt: skipped (")
    assert found.skipped[3] == "same.txt: skipped (same file as real.txt)"
    assert all("\n" not in notice for notice in found.skipped)
    for bad in ("dangling.txt", "loop_a.txt"):
        with pytest.raises(LoadError) as caught:
            discover([folder / bad])
        assert_one_line(caught.value, bad)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX only")
def test_discover_skips_fifo_in_folder(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text")
    os.mkfifo(tmp_path / "pipe.txt")
    found = discover([tmp_path])
    assert [p.name for p in found.files] == ["a.txt"]
    assert found.skipped == ("pipe.txt: skipped (not a regular file)",)


def test_discover_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        discover([tmp_path])
    assert caught.value.message == f"{tmp_path}: no article files (.txt, .md, .html)"


def test_discover_folder_without_articles(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("x")
    with pytest.raises(LoadError) as caught:
        discover([tmp_path])
    assert_one_line(caught.value, str(tmp_path))
    assert "no article files" in caught.value.message


def test_discover_missing_path(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        discover([tmp_path / "missing"])
    assert caught.value.message == f"{tmp_path / 'missing'}: no such file or folder"
    with pytest.raises(LoadError):
        discover([])


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_discover_unreadable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        with pytest.raises(LoadError) as caught:
            discover([folder])
    finally:
        folder.chmod(0o755)
    assert caught.value.message == f"{folder}: cannot read folder (permission denied)"


def test_discovered_files_all_load(seeds_dir: Path) -> None:
    for path in discover([seeds_dir]).files:
        source = read_source(path)
        assert source.text.strip() and "\r" not in source.text


def test_the_reader_s_own_exports_are_not_articles(tmp_path: Path) -> None:
    """A report or copied row the reader exported into the article folder is skipped with a
    notice the next time the folder is read."""
    from reader.ingest.load import discover

    (tmp_path / "a.txt").write_text("The bridge reopened on Monday.\n", encoding="utf-8")
    for name in ("reader-story-1.html", "reader-pair-a-b.md", "reader-row.txt"):
        (tmp_path / name).write_text("exported\n", encoding="utf-8")
    found = discover([tmp_path])
    assert [p.name for p in found.files] == ["a.txt"]
    assert len(found.skipped) == 3 and all("export" in s for s in found.skipped)

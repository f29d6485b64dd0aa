"""Decoding an article file's bytes: byte-order marks, UTF-16 without one, UTF-8, legacy
single-byte code pages (cp1252 first, then charset-normalizer's guess), binary detection and
line endings. Every failure is a `LoadError` whose message is one line naming the file.

charset-normalizer is imported only for bytes that are not UTF-8 (rarely needed, slow to
import).
"""

from __future__ import annotations

import codecs
import functools
import re

from reader.core.errors import LoadError

_MAGIC = (b"\x89PNG\r\n\x1a\n", b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"GIF87a", b"GIF89a",
          b"\xff\xd8\xff")  # fmt: skip
# UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
# Control characters text does not contain. Tab, LF, VT, FF, CR and ESC (colours in saved
# terminal output) are let through; the display layer strips what remains, but a high
# share of them means binary data.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_CONTROL_BYTES = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_LIMIT = 0.05
_ASCII = bytes(range(128))
_FEW_NON_ASCII = 32
"""Below this many non-ASCII bytes charset-normalizer's guesses are unreliable."""


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Turn a file's bytes into text with '\\n' line endings.

    Byte-order marks decide first; then UTF-16 without a mark (NUL-byte pattern), strict
    UTF-8, and last single-byte legacy code pages. Only line endings change: every other
    character is kept, so offsets index exactly the returned text.

    Args:
        data: The raw bytes.
        name: The file name, for messages.

    Returns:
        The text and the codec that decodes `data` ('utf-8', 'utf-16', 'cp1252'...).

    Raises:
        LoadError: The data is empty, binary, or in an encoding that is not guessed.
    """
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    if data.startswith(_MAGIC):
        raise _binary(name)
    text, encoding = _decode(data, name)
    if not text.strip():
        raise LoadError(f"{name}: empty file")
    # NUL never occurs in text: whatever decoded to it is binary, not something to clean.
    if "\x00" in text or _control_share(text) > _CONTROL_LIMIT:
        raise _binary(name)
    # Python's universal newlines: CRLF and lone CR become LF, nothing else changes.
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _control_share(text: str) -> float:
    """Share of characters that are control characters text does not contain."""
    return len(_CONTROL_CHARS.findall(text)) / len(text) if text else 0.0


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode non-empty bytes; see `decode_bytes` for the order of attempts."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                label = codec.removesuffix("-sig").upper()
                raise LoadError(f"{name}: not valid {label} after its byte-order mark") from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise _binary(name)
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            raise _binary(name) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass  # not UTF-8: a legacy code page, or binary
    if len(_CONTROL_BYTES.findall(data)) > _CONTROL_LIMIT * len(data):
        raise _binary(name)
    return _decode_legacy(data, name)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes fall as in ASCII-heavy UTF-16."""
    sample = data[:8192]
    if len(data) % 2:
        return None
    pairs = len(sample) // 2
    even_zero, odd_zero = sample[0::2].count(0) / pairs, sample[1::2].count(0) / pairs
    # ASCII in UTF-16-LE is 'x\0': the odd bytes are zero. Non-Latin text has fewer
    # zeros, hence 'most'; zeros on both sides (UTF-32, binary) rule UTF-16 out.
    if odd_zero >= 0.5 and even_zero <= 0.1:
        return "utf-16-le"
    if even_zero >= 0.5 and odd_zero <= 0.1:
        return "utf-16-be"
    return None


@functools.lru_cache(maxsize=64)
def _is_single_byte(encoding: str) -> bool:
    """True for code pages mapping each byte to one character (cp1252, koi8-r...)."""
    try:
        canonical = codecs.lookup(encoding).name
    except LookupError:
        return False
    # Multi-byte codecs (shift_jis, gb18030, big5...) pair up some of these 256 bytes.
    every_byte = bytes(range(256)).decode(canonical, errors="replace")
    return not canonical.startswith("utf") and len(every_byte) == 256


def _looks_western(text: str) -> bool:
    """True when text read as cp1252 looks like a Western European language.

    Cyrillic or Greek read so is nearly all accented letters ('Ïðåçèäåíò'); Central
    European text shows symbols glued inside words ('Za¿ó³æ' for 'Zażółć').
    """
    letters = sum(1 for c in text if c.isalpha())
    foreign = sum(1 for c in text if c.isalpha() and not c.isascii())
    glued = sum(
        1
        for before, c, after in zip(text, text[1:], text[2:], strict=False)
        if not c.isascii() and not c.isalpha() and c not in "’‘´·"
        and before.isalpha() and after.isalpha()
    )  # fmt: skip
    return 3 * foreign <= letters and 200 * glued <= letters


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 as a single-byte code page, or fail.

    cp1252 wins when it fits and the text looks Western: it is by far the commonest
    legacy encoding; charset-normalizer often ranks it level with cp1250 and then picks
    cp1250 ('grève' reads 'grčve'), and on short texts it guesses wildly (cp775 for
    '“hello”'). Otherwise charset-normalizer's best guess is taken when it is a
    single-byte code page; multi-byte legacy encodings are not guessed.
    """
    try:
        cp1252: str | None = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned in cp1252
        cp1252 = None
    western = cp1252 is not None and _looks_western(cp1252)
    if cp1252 is not None and western and len(data.translate(None, _ASCII)) < _FEW_NON_ASCII:
        return cp1252, "cp1252"
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        # No guess at all: a Western-looking cp1252 (or latin-1) reading, else binary.
        for text, codec in ((cp1252, "cp1252"), (data.decode("latin-1"), "latin-1")):
            if text and _looks_western(text) and _control_share(text) <= _CONTROL_LIMIT:
                return text, codec
        raise _binary(name)
    level = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if cp1252 is not None and (
        best.encoding in ("cp1252", "latin_1", "iso8859_1")
        or any("cp1252" in match.could_be_from_charset for match in level)
    ):
        return cp1252, "cp1252"
    single_byte = _is_single_byte(best.encoding)
    if single_byte:
        text = data.decode(best.encoding, errors="replace")  # it decoded for charset-normalizer
        if "\ufffd" not in text and _control_share(text) <= _CONTROL_LIMIT:
            return text, best.encoding.replace("_", "-")
    if cp1252 is not None and western:  # the guess is multi-byte or not text: keep cp1252
        return cp1252, "cp1252"
    if single_byte:
        raise _binary(name)
    raise LoadError(
        f"{name}: not UTF-8; it looks like {best.encoding}, which is not guessed (save it as UTF-8)"
    )


def _binary(name: str) -> LoadError:
    """The error for binary data."""
    return LoadError(f"{name}: not a text file (binary data)")

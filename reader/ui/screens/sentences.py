"""The sentence picker: which sentence of the other article the current one is linked to.

Lists the other article's sentences in its own order, with visible paragraph numbers,
those already linked to another sentence marked ⇄; the one most likely to say the same
thing is highlighted first (the pair scorer's text probability, the evidence the aligner
itself weighs; a free sentence before a linked one), so a missed link is usually one Enter
away.
"""

from __future__ import annotations

from collections.abc import Set
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.model import Article, Sentence
from reader.ui.layout import visible_paragraphs
from reader.ui.textmap import plain


class SentencePicker(ModalScreen[int | None]):
    """The other article's sentences; dismisses with the chosen one's index.

    | Key | Action |
    | :- | :- |
    | enter | Link to the highlighted sentence |
    | escape | Close without linking |
    """

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close", id="sentence-picker-close"),
    ]

    def __init__(
        self, sentence: Sentence, article: Article, other: Article, linked: Set[int] = frozenset()
    ) -> None:
        super().__init__()
        self.linked = linked
        """Sentences of `other` already linked to one of `article`."""
        self.sentence = sentence
        """The sentence to link."""
        self.article = article
        """Its article."""
        self.other = other
        """The article whose sentences are offered."""

    def best(self) -> int:
        """The other article's sentence most likely to say what the one to link says."""
        if not self.other.sentences:
            return 0
        from reader.align.features import text_features
        from reader.align.scorer import shipped_model
        from reader.align.terms import article_terms, terms_of

        texts = [s.text for s in self.other.sentences]
        features = text_features(terms_of([self.sentence.text]), article_terms(self.other, texts))
        probability = shipped_model().text(features)[0]
        # A free sentence first: taking a linked one undoes a link the aligner made.
        return min(range(len(texts)), key=lambda k: (k in self.linked, -probability[k], k))

    def compose(self) -> ComposeResult:
        paragraphs = visible_paragraphs(self.other)
        with Vertical(id="picker"):
            quote = plain(self.sentence.text)
            quote = quote if len(quote) <= 40 else quote[:40].rstrip() + "\u2026"
            head = (
                f"Link \u201c{quote}\u201d to which sentence of {plain(self.other.label)}? "
                "Enter links, Escape closes, \u21c4 linked already"
            )
            yield Static(Content(head), id="picker-title")
            options = []
            for s in self.other.sentences:
                mark = "\u21c4" if s.index in self.linked else " "
                where = f"{s.index + 1:>4}  \u00b6{paragraphs.get(s.paragraph, 0):<3} {mark} "
                text = where + plain(s.text)
                options.append(Option(Content(text, spans=[Span(0, len(where), "$text-muted")])))
            yield OptionList(*options, id="sentence-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.best()
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

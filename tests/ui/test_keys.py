"""Every binding of the reader, pressed through Pilot, asserting state and screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from reader.ui.screens.compare import CompareScreen
from reader.ui.screens.help import HelpScreen
from reader.ui.screens.pairs import PairPicker
from tests.ui.conftest import build, press, screen_lines, settle

SIZE = (120, 36)


def _screen(app: object) -> CompareScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, CompareScreen)
    return screen


async def test_n_and_p_cycle_pairs(articles_dir: Path) -> None:
    """n shows the next ranked pair, p the previous; the status line says which."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        ranked = screen.pairs()
        start = screen.pair_index
        assert set(screen.view_key()) == set(ranked[start])
        await press(app, pilot, "n")
        assert screen.pair_index == (start + 1) % 3
        assert set(screen.view_key()) == set(ranked[screen.pair_index])
        assert f"pair {screen.pair_index + 1} of 3" in screen_lines(app)[-2]
        await press(app, pilot, "p", "p")
        assert screen.pair_index == (start - 1) % 3


async def test_pairs_ranked_by_similarity(articles_dir: Path) -> None:
    """Once every pair is compared, the list runs from most to least similar."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        assert screen.finished
        scores = [screen.book.scores[frozenset(key)] for key in screen.pairs()]
        assert scores == sorted(scores, reverse=True)


async def test_P_opens_the_pair_picker_and_enter_opens_a_pair(articles_dir: Path) -> None:
    """P lists every pair with its similarity; Enter on another one shows it."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        start = screen.pair_index
        await press(app, pilot, "P")
        assert isinstance(app.screen, PairPicker)
        text = "\n".join(screen_lines(app))
        assert "Daily Alpha \u27f7 Beta News" in text and "%" in text
        await press(app, pilot, "down" if start < 2 else "up", "enter")
        assert app.screen is screen
        assert screen.pair_index == (start + 1 if start < 2 else start - 1)


async def test_bracket_keys_jump_between_differences(data_dir: Path) -> None:
    """] and [ move the cursor only onto differences; ] reaches 3,000 vs 300,000."""
    app = build(data_dir, left="000_9df743b66480a7ad.txt", right="002_9f6a1060a2f4700f.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        seen = []
        for _ in range(30):
            await press(app, pilot, "]")
            block = view.current_block
            assert block is not None and block.difference
            seen.append(view.cursor_row)
            if "300,000" in block.right:
                break
        assert "3,000" in view.current_block.left
        text = "\n".join(screen_lines(app))
        assert "\u2260 3,000 vs 300,000 \u00d7100" in text
        row = next(line for line in screen_lines(app) if "3,000 vs 300,000" in line)
        assert row.count("3,000 vs 300,000") == 2  # both panes, same screen row
        await press(app, pilot, "[")
        assert view.cursor_row == seen[-2]


async def test_j_k_and_arrows_move_the_current_row(articles_dir: Path) -> None:
    """j/down move the cursor one row down, k/up one up; the row stays in view."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        assert view.cursor_row == 0
        await press(app, pilot, "j", "down")
        assert view.cursor_row == 2
        await press(app, pilot, "k")
        assert view.cursor_row == 1
        await press(app, pilot, "up", "up")
        assert view.cursor_row == 0


async def test_page_keys_and_g_G(data_dir: Path) -> None:
    """PageDown/PageUp scroll a page; G goes to the last row and bottom, g back to the top."""
    app = build(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        view = _screen(app).side_by_side
        height = view.scrollable_content_region.height
        await press(app, pilot, "pagedown")
        assert view.scroll_y == min(height, view.max_scroll_y)
        assert view.cursor_row > 0
        await press(app, pilot, "pageup")
        assert view.scroll_y == 0
        await press(app, pilot, "G")
        assert view.cursor_row == len(view.view_model.blocks) - 1
        assert view.scroll_y == view.max_scroll_y > 0
        await press(app, pilot, "g")
        assert (view.cursor_row, view.scroll_y) == (0, 0)


async def test_tab_switches_the_active_pane(articles_dir: Path) -> None:
    """tab makes the other pane active; its header shows the marker."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        left, right = screen.headers
        assert screen.active_side == "left" and left.has_class("-active")
        await press(app, pilot, "tab")
        assert screen.active_side == "right"
        assert right.has_class("-active") and not left.has_class("-active")
        assert screen_lines(app)[0].split("\u25b6")[0].strip() != ""  # marker on the right
        await press(app, pilot, "tab")
        assert screen.active_side == "left"


async def test_s_swaps_sides(articles_dir: Path) -> None:
    """s shows the same pair the other way round, headers included."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        assert [p.name for p in screen.view_key()] == ["alpha.txt", "beta.txt"]
        await press(app, pilot, "s")
        assert screen.swapped
        assert [p.name for p in screen.view_key()] == ["beta.txt", "alpha.txt"]
        comparison = screen.side_by_side.comparison
        assert comparison is not None and comparison.left.name == "beta.txt"
        assert screen_lines(app)[0].startswith("\u25b6 Beta News")
        await press(app, pilot, "s")
        assert screen.side_by_side.comparison.left.name == "alpha.txt"


async def test_l_pins_the_left_article(articles_dir: Path) -> None:
    """l pins the left article: n cycles the right one through all the others."""
    app = build(articles_dir, left="beta.txt", right="gamma.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        await press(app, pilot, "l")
        assert screen.pinned is not None and screen.pinned.name == "beta.txt"
        rights = set()
        for _ in range(2):
            await press(app, pilot, "n")
            left, right = screen.view_key()
            assert left.name == "beta.txt"
            rights.add(right.name)
        assert rights == {"alpha.txt", "gamma.txt"}
        assert "pinned: Beta News" in screen_lines(app)[-2]
        await press(app, pilot, "l")
        assert screen.pinned is None


async def test_tab_then_l_pins_the_right_article(articles_dir: Path) -> None:
    """After tab, l pins the article of the right pane: it moves left and stays there."""
    app = build(articles_dir, left="beta.txt", right="gamma.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        await press(app, pilot, "tab", "l")
        assert screen.pinned is not None and screen.pinned.name == "gamma.txt"
        assert screen.view_key()[0].name == "gamma.txt" and screen.active_side == "left"
        assert screen_lines(app)[0].startswith("\u25b6 Gamma Wire")
        await press(app, pilot, "n")
        assert screen.view_key()[0].name == "gamma.txt"


async def test_b_toggles_boilerplate(articles_dir: Path) -> None:
    """Boilerplate is hidden at first; b shows it dimmed in place, b again hides it."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        view = screen.side_by_side
        assert not screen.show_boilerplate
        assert all(b.kind != "boilerplate" for b in view.view_model.blocks)
        await press(app, pilot, "b")
        assert screen.show_boilerplate and view.show_boilerplate
        assert any(b.kind == "boilerplate" for b in view.view_model.blocks)
        await press(app, pilot, "G")
        assert "Advertisement: subscribe" in "\n".join(screen_lines(app))
        assert "boilerplate shown" in screen_lines(app)[-2]
        await press(app, pilot, "b")
        assert all(b.kind != "boilerplate" for b in view.view_model.blocks)


async def test_slash_searches_both_panes(articles_dir: Path) -> None:
    """/ opens the search; typing highlights matches; Enter goes to the next; Escape closes."""
    app = build(articles_dir, left="alpha.txt", right="beta.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        view = screen.side_by_side
        await press(app, pilot, "slash")
        assert screen.search_box.display and screen.search_box.has_focus
        await press(app, pilot, *"mayor")
        assert view.search == "mayor"
        assert {m.side for m in view.matches} == {"left", "right"}
        await press(app, pilot, "enter")
        assert view.match_index == 0
        assert "mayor" in view.current_block.left
        assert "match 1 of 2" in screen_lines(app)[-2]
        await press(app, pilot, "enter")
        assert view.match_index == 1
        await press(app, pilot, "escape")
        assert not screen.search_box.display and view.has_focus
        assert view.search == ""


async def test_question_mark_lists_every_key(articles_dir: Path) -> None:
    """? opens the help screen listing the bindings; escape closes it."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        # The whole text (it scrolls: longer than the screen).
        text = str(app.screen.query_one("#help-text", Static).content)
        for words in (
            "Next \u2260",
            "Next missing",
            "Next moved",
            "Next noted",
            "Filter",
            "Layout",
            "Next pair",
            "Pairs",
            "Next diff",
            "Swap",
            "Pin",
            "Boilerplate",
            "Search",
            "Pane",
            "Top",
            "Bottom",
            "Quit",
            "palette",
        ):
            assert words in text
        await press(app, pilot, "escape")
        assert isinstance(app.screen, CompareScreen)


async def test_q_quits(articles_dir: Path) -> None:
    """q leaves the app with exit code 0."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
    assert app.return_code == 0


async def test_command_palette_offers_reader_actions(articles_dir: Path) -> None:
    """ctrl+p finds 'pair: next' and running it shows the next pair."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = _screen(app)
        start = screen.pair_index
        await press(app, pilot, "ctrl+p")
        await press(app, pilot, *"pair", "space", *"next")
        assert "pair: next" in "\n".join(screen_lines(app))
        await press(app, pilot, "enter")
        assert screen.pair_index == (start + 1) % 3


async def test_bindings_are_remappable_by_id(articles_dir: Path) -> None:
    """set_keymap with a binding id moves the action to another key."""
    app = build(articles_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.set_keymap({"pair-next": "x", "difference-next": "f"})
        screen = _screen(app)
        start = screen.pair_index
        await press(app, pilot, "x")
        assert screen.pair_index == (start + 1) % 3
        await press(app, pilot, "f")
        assert screen.side_by_side.current_block.difference

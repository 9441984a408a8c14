"""Article text reaches the terminal as text: highlights are styles, never parsed markup."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from rich.console import Console
from typer.testing import CliRunner

from assay.cli import app
from assay.cli.search_cmds import highlighted
from assay.models import Article
from assay.settings import Settings
from assay.store import Store

TITLE = (
    'Le «carbonate» dit "non" [red]x[/red] [link=http://evil.example]innocent[/link] '
    "\\[link=http://evil.example]esc[/link] [bold"
)
# A French quotation opened long before the matched word: the snippet cuts it in half,
# leaving a closing » with no opening one (which crashed Rich markup parsing).
TEXT = (
    "« Nous verrons bien », a déclaré la ministre, « car "
    + "le marché du lithium reste très incertain cette année et " * 6
    + "la demande de carbonate » reste forte [red]alerte[/red] "
    "[link=http://evil.example]clic[/link] \\[b]gras[/b] (selon {source}) 'fin'."
)


@pytest.fixture
def db(settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    store.save_articles(
        [
            Article(source="fr", url="https://x.example/fr", title=TITLE, text=TEXT),
            Article(
                source="en",
                url="https://x.example/en",
                title="Lithium carbonate",
                text="Lithium carbonate prices held. " + TEXT,
            ),
        ]
    )
    monkeypatch.setenv("COLUMNS", "1000")  # no table wrapping: text appears on one line
    yield str(settings.db)


def test_search_prints_hostile_titles_and_snippets_verbatim(db: str) -> None:
    result = CliRunner().invoke(app, ["--db", db, "search", "carbonate", "--no-vector"])
    assert result.exit_code == 0, result.output
    assert TITLE in result.stdout
    assert "la demande de carbonate » reste forte" in result.stdout
    for fragment in ("[red]", "[link=http://evil.example]", "\\[link=", "«carbonate»"):
        assert fragment in result.stdout


@pytest.mark.parametrize(
    "args",
    [["articles", "list"], ["articles", "show", "1"], ["related", "2"]],
)
def test_article_commands_print_hostile_titles_verbatim(db: str, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    assert TITLE in result.stdout


def test_highlights_are_styles_and_markup_in_text_stays_inert() -> None:
    text = "[link=http://evil.example]carbonate[/link] »"
    start = text.index("carbonate")
    rendered = highlighted(text, [(start, start + len("carbonate"))])
    assert rendered.plain == text
    [span] = rendered.spans
    assert (span.start, span.end, str(span.style)) == (start, start + 9, "bold yellow")
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, color_system="truecolor", width=200).print(rendered)
    output = buffer.getvalue()
    assert "\x1b]8;" not in output  # no OSC 8 hyperlink
    assert "[link=http://evil.example]" in output

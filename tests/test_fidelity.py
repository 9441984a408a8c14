"""Issue 9, fidelity: what a JSON Lines record says is kept, in every common shape.

Samples live in tests/hostile/ (fidelity.jsonl, earnings-table.txt); bigger or compressed
variants are written into tmp_path by the tests.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assay.cli import app
from assay.errors import InputError
from assay.extract import extract
from assay.extract.language import detect_language
from assay.pipeline import ingest
from assay.pipeline.hooks import Hooks
from assay.settings import Settings
from assay.sources import iter_pages

HOSTILE = Path(__file__).parent / "hostile"
LANGUAGES = ["en", "fr", "de", "es", "pt", "it", "zh", "ja", "ru", "id"]


def words(text: str) -> list[str]:
    """The documented whitespace normalisation: compare texts word by word."""
    return text.split()


def records() -> list[dict[str, object]]:
    lines = (HOSTILE / "fidelity.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def stored(db: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(
            "SELECT source, story_index, title, text, url, published, authors FROM articles "
            "ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def test_record_title_date_and_url_win_and_no_body_text_is_dropped(
    settings: Settings, store: object
) -> None:
    report = ingest([str(HOSTILE / "fidelity.jsonl")], store, settings, hooks=Hooks())
    assert (report.new, report.failed) == (4, 0)
    rows = stored(settings.db)
    # One article per record: a "Read more" line inside a record never splits it.
    assert [r["story_index"] for r in rows] == [0, 0, 0, 0]
    given = records()
    for row, record in zip(rows, given, strict=True):
        body = next(
            record[k] for k in ("body", "content_original", "article", "text") if k in record
        )
        assert words(row["text"]) == words(str(body))
    assert [r["title"] for r in rows[:3]] == [
        "Chilean copper shipments",
        "Nickel talks stall",
        "Cobalt prices climb",
    ]
    assert [r["url"] for r in rows[:2]] == [
        "https://wire.example/chile-copper",
        "https://news.example/nickel-talks",  # the article URL, not the bare `source_url`
    ]
    # Hard-wrapped wire copy is joined into paragraphs; tables stay one row per line.
    assert rows[0]["text"].startswith(
        "Chilean copper commission figures show export shipments of refined copper"
    )
    assert "\n\nConcentrates Mar 12.0, total 12.0 (nil).\n\nWire" in rows[0]["text"]


def test_record_without_a_title_takes_one_from_its_text_without_cutting_it(
    settings: Settings,
) -> None:
    page = list(iter_pages(str(HOSTILE / "fidelity.jsonl"), settings))[3]
    [article] = extract(page, settings)
    assert article.title == "Shr 12 cts vs 31 cts"
    assert article.text.startswith("Shr 12 cts vs 31 cts\n\nNet 2.4 mln")


def test_record_dates_are_read_from_every_common_field(settings: Settings) -> None:
    pages = list(iter_pages(str(HOSTILE / "fidelity.jsonl"), settings))
    assert [p.published for p in pages] == [
        datetime(2020, 3, 3, 15, 14, 36, tzinfo=UTC),  # pubDate, RFC 2822
        datetime(2020, 3, 1, tzinfo=UTC),  # published_at, epoch seconds
        datetime(2020, 3, 6, 15, 1, 1, tzinfo=UTC),  # date_iso, before the wire-format date
        datetime(2020, 3, 1, 0, 0, 0, 123000, tzinfo=UTC),  # timestamp, epoch milliseconds
    ]
    assert pages[2].authors == ["Desk One, Desk Two"]
    assert pages[1].title == "Nickel talks stall" and pages[2].title == "Cobalt prices climb"


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        ({"text": "Body.", "published": "2024-05-01T09:30:00Z"}, "published", "2024-05-01"),
        ({"text": "Body.", "date": "bad", "date_iso": "2024-05-01"}, "published", "2024-05-01"),
        ({"text": "Body.", "datetime": "2024-05-01 10:00:00"}, "published", "2024-05-01"),
        ({"text": "Body.", "publishedAt": 1714521600}, "published", "2024-05-01"),
        ({"content": "Body.", "headline": "H"}, "title", "H"),
        ({"article_text": "Body.", "title": "T", "headline": "H"}, "title", "T"),
        ({"full_text": "Body.", "permalink": "https://x.example/a"}, "url", "https://x.example/a"),
        ({"maintext": "Body.", "link": "x.example/a", "uri": "http://x.example/b"}, "url",
         "http://x.example/b"),
    ],
)  # fmt: skip
def test_field_aliases(
    tmp_path: Path, settings: Settings, record: dict[str, object], field: str, value: str
) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [page] = iter_pages(str(path), settings)
    got = getattr(page, field)
    assert (got.date().isoformat() if isinstance(got, datetime) else got) == value
    assert page.content == "Body." and page.verbatim


def test_a_date_no_field_can_read_is_a_record_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Body.", "date": "yesterday", "pubDate": "soon"}\n')
    with pytest.raises(InputError) as err:
        list(iter_pages(str(path), settings))
    assert str(err.value) == (
        f"File {str(path)!r}, line 1: 'pubDate' is 'soon'; expected an ISO 8601 date like "
        "2024-05-01."
    )


def _zstd(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return zstandard.ZstdCompressor().compress(data)


@pytest.mark.parametrize(
    ("name", "pack"),
    [
        ("news.jsonl.gz", gzip.compress),
        ("news.jsonl.bz2", bz2.compress),
        ("news.jsonl.xz", lzma.compress),
        ("news.jsonl.zst", _zstd),
        ("news.gz", gzip.compress),  # no inner suffix: sniffed as JSON Lines
    ],
)
def test_compressed_json_lines_are_read(
    tmp_path: Path, settings: Settings, name: str, pack: object
) -> None:
    path = tmp_path / name
    path.write_bytes(pack((HOSTILE / "fidelity.jsonl").read_bytes()))  # type: ignore[operator]
    pages = list(iter_pages(str(path), settings))
    assert [p.title for p in pages] == [
        "Chilean copper shipments",
        "Nickel talks stall",
        "Cobalt prices climb",
        None,
    ]
    assert pages[0].source == f"{path}:1"


def test_compressed_text_and_html_pages_are_read(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.html.gz").write_bytes(gzip.compress(b"<html><body><p>Copper.</p></body></html>"))
    (tmp_path / "b.txt.xz").write_bytes(lzma.compress(b"Zinc output rose."))
    pages = list(iter_pages(str(tmp_path), settings))
    assert [(p.kind, p.content) for p in pages] == [
        ("html", "<html><body><p>Copper.</p></body></html>"),
        ("text", "Zinc output rose."),
    ]


def test_compressed_input_is_streamed_not_loaded_whole(tmp_path: Path, settings: Settings) -> None:
    # 200,000 records, 40 MB unpacked: the first pages arrive before the file is read.
    line = json.dumps({"title": "Copper", "text": "Copper rose. " * 15}).encode() + b"\n"
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(line * 200_000))
    pages = iter_pages(str(path), settings)
    first = [next(pages) for _ in range(3)]
    assert [p.source for p in first] == [f"{path}:1", f"{path}:2", f"{path}:3"]


def test_decompression_bomb_stops_at_the_file_cap(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"\n" * 60_000_000))  # 60 KB that unpack to 60 MB
    with pytest.raises(InputError) as err:
        list(iter_pages(str(path), settings))
    assert str(err.value) == (
        f"File {str(path)!r} is over 50 MB uncompressed; raise ASSAY_MAX_FILE_BYTES to read it."
    )


def test_truncated_gzip_keeps_the_records_before_the_cut(
    tmp_path: Path, settings: Settings
) -> None:
    lines = [
        json.dumps({"text": f"Copper rose {i * 7919 % 10007} tonnes at mine {i}."})
        for i in range(3000)
    ]
    data = gzip.compress("\n".join(lines).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    errors: list[str] = []
    pages = list(iter_pages(str(path), settings, on_error=lambda s, e: errors.append(str(e))))
    assert 1000 < len(pages) < 3000
    [error] = errors
    assert error.startswith(f"File {str(path)!r} is a corrupt or truncated gzip file")


@pytest.mark.parametrize("pack", [lambda b: b, gzip.compress], ids=["plain", "gzip"])
def test_json_lines_on_standard_input_become_one_article_per_line(
    tmp_path: Path, isolated_env: None, pack: object
) -> None:
    db = tmp_path / "stdin.db"
    data = pack((HOSTILE / "fidelity.jsonl").read_bytes())  # type: ignore[operator]
    args = ["--db", str(db), "ingest", "--no-enrich", "-"]
    result = CliRunner().invoke(app, args, input=data)
    assert result.exit_code == 0, result.output
    assert "Ingested 4 page(s): 4 new" in result.stdout
    assert [r["source"] for r in stored(db)] == ["stdin:1", "stdin:2", "stdin:3", "stdin:4"]


def test_english_list_of_figures_is_english() -> None:
    table = (HOSTILE / "earnings-table.txt").read_text(encoding="utf-8")
    assert detect_language(table, LANGUAGES) == "en"
    # Real German and French prose still wins.
    german = "Der Umsatz stieg im Jahr um 12 Prozent, und der Gewinn lag bei 2,4 Millionen Euro."
    french = "Le chiffre d'affaires a progressé de 12 % sur l'année et le bénéfice net a doublé."
    assert detect_language(german, LANGUAGES) == "de"
    assert detect_language(french, LANGUAGES) == "fr"


def test_a_json_file_may_hold_one_record_or_an_array(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps([{"title": "A", "text": "Copper rose."}, {"title": "B", "text": "Zinc fell."}]),
        encoding="utf-8",
    )
    (tmp_path / "b.json").write_text(
        json.dumps({"title": "C", "text": "Tin held."}, indent=2), encoding="utf-8"
    )
    pages = list(iter_pages(str(tmp_path), settings))
    assert [(p.title, p.content, p.source) for p in pages] == [
        ("A", "Copper rose.", f"{tmp_path / 'a.json'}:1"),
        ("B", "Zinc fell.", f"{tmp_path / 'a.json'}:2"),
        ("C", "Tin held.", f"{tmp_path / 'b.json'}:1"),
    ]

"""iter_pages over real files written into tmp_path."""

from __future__ import annotations

import io
import json
import mailbox
import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from assay.errors import InputError
from assay.settings import Settings
from assay.sources import iter_pages

HTML = "<html><body><p>Rio Tinto approved the Simandou iron ore project.</p></body></html>"


def pages(path: Path | str, settings: Settings) -> list:
    return list(iter_pages(str(path), settings))


class Skipped(list[tuple[str, str]]):
    """An on_error callback that keeps (source, message) pairs."""

    def __call__(self, source: str, error: InputError) -> None:
        self.append((source, str(error)))


@pytest.mark.parametrize(
    ("name", "body", "kind"),
    [
        ("a.html", HTML, "html"),
        ("a.htm", HTML, "html"),
        ("a.txt", "Plain story about copper.", "text"),
        ("a.md", "# Heading\n\nCopper *rallied*.", "markdown"),
        ("a.dat", HTML, "html"),
        ("a.log", "No tags here, just copper prices.", "text"),
        ("README", "<!DOCTYPE html><title>x</title>", "html"),
    ],
)
def test_single_file_kind_by_extension_or_sniffing(
    tmp_path: Path, settings: Settings, name: str, body: str, kind: str
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    [page] = pages(path, settings)
    assert (page.kind, page.content, page.source) == (kind, body, str(path))


def test_missing_path_is_refused(tmp_path: Path, settings: Settings) -> None:
    missing = str(tmp_path / "nope.html")
    with pytest.raises(InputError) as err:
        pages(missing, settings)
    assert str(err.value) == f"No such file: {missing!r}"


def test_huge_sparse_file_is_refused_without_reading(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:
        fh.truncate(2_000_000_000)
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        pages(path, settings)
    assert str(err.value) == (
        f"File {str(path)!r} is 2.0 GB; the limit is 50 MB (ASSAY_MAX_FILE_BYTES)."
    )
    assert time.monotonic() - started < 0.5


def test_binary_file_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError) as err:
        pages(path, settings)
    assert str(err.value) == f"File {str(path)!r} is binary, not text or HTML."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "Société Générale lends to Eramet.".encode("latin-1"),
            "Société Générale lends to Eramet.",
        ),
        (
            "\u201cQuoted\u201d \u2013 cp1252 dash".encode("cp1252"),
            "\u201cQuoted\u201d \u2013 cp1252 dash",
        ),
        (b"undefined cp1252 byte \x81 survives", "undefined cp1252 byte \x81 survives"),
        ("UTF-16 text: Größe".encode("utf-16"), "UTF-16 text: Größe"),
        ("\ufeffBOM first: Größe".encode(), "BOM first: Größe"),
    ],
)
def test_wrong_or_legacy_encodings_decode_without_crashing(
    tmp_path: Path, settings: Settings, data: bytes, expected: str
) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    [page] = pages(path, settings)
    assert page.content == expected


def test_html_meta_charset_is_used_when_not_utf8(tmp_path: Path, settings: Settings) -> None:
    html = '<html><head><meta charset="koi8-r"></head><body><p>Норильский никель</p></body></html>'
    path = tmp_path / "ru.html"
    path.write_bytes(html.encode("koi8-r"))
    [page] = pages(path, settings)
    assert "Норильский никель" in page.content


def test_directory_walk_is_sorted_recursive_skips_hidden_and_reports_bad_files(
    tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "b.txt").write_text("Second story.", encoding="utf-8")
    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("Third story.", encoding="utf-8")
    (tmp_path / "sub" / "image.bin").write_bytes(b"\x00\x01\x02\x03")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    skipped = Skipped()
    found = list(iter_pages(str(tmp_path), settings, on_error=skipped))
    assert [Path(p.source).relative_to(tmp_path).as_posix() for p in found] == [
        "a.html",
        "b.txt",
        "sub/c.md",
    ]
    bad = str(tmp_path / "sub" / "image.bin")
    assert skipped == [(bad, f"File {bad!r} is binary, not text or HTML.")]


def test_directory_walk_without_on_error_stops_at_first_bad_file(
    tmp_path: Path, settings: Settings
) -> None:
    (tmp_path / "a.txt").write_text("Good.", encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(b"\x00" * 10)
    walk = iter_pages(str(tmp_path), settings)
    assert next(walk).content == "Good."
    with pytest.raises(InputError, match="is binary"):
        next(walk)


def test_jsonl_lines_become_pages_and_bad_lines_are_reported(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps(
            {
                "url": "https://news.example/1",
                "title": "Cobalt deal",
                "text": "Glencore agreed to sell cobalt.",
                "published": "2024-05-01T09:30:00Z",
                "authors": ["A. Writer", "B. Writer"],
            }
        ),
        "",
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps({"html": HTML, "published": "yesterday"}),
        json.dumps({"html": HTML, "published": "2024-05-02", "authors": "Desk"}),
        "[1, 2]",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    skipped = Skipped()
    found = list(iter_pages(str(path), settings, on_error=skipped))
    first, second = found
    assert first.source == f"{path}:1"
    assert (first.kind, first.url, first.title) == ("text", "https://news.example/1", "Cobalt deal")
    assert first.published == datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    assert first.authors == ["A. Writer", "B. Writer"]
    assert (second.kind, second.content, second.authors) == ("html", HTML, ["Desk"])
    assert second.published == datetime(2024, 5, 2, tzinfo=UTC)
    where = f"File {str(path)!r}, line"
    assert skipped == [
        (
            f"{path}:3",
            f"{where} 3: not valid JSON (Expecting property name enclosed in double quotes); "
            "expected one object per line.",
        ),
        (f"{path}:4", f"{where} 4: needs a non-empty 'text' or 'html' field."),
        (
            f"{path}:5",
            f"{where} 5: 'published' is 'yesterday'; expected an ISO 8601 date like 2024-05-01.",
        ),
        (f"{path}:7", f"{where} 7: expected a JSON object, got list."),
    ]


def test_jsonl_bad_line_raises_without_on_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "ok"}\n{"text": 5}\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        pages(path, settings)
    assert (
        str(err.value) == f"File {str(path)!r}, line 2: needs a non-empty 'text' or 'html' field."
    )


def _newsletter() -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "=?utf-8?q?Weekly_metals_briefing_=E2=80=93_nickel?="
    msg["From"] = "Desk <desk@news.example>"
    msg["Date"] = "Fri, 03 May 2024 07:00:00 +0200"
    msg.set_content("Plain version of the briefing.")
    msg.add_alternative("<html><body><p>Nickel prices fell 3%.</p></body></html>", subtype="html")
    return msg


def test_eml_prefers_html_part_and_reads_subject_and_date(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "briefing.eml"
    path.write_bytes(bytes(_newsletter()))
    [page] = pages(path, settings)
    assert page.kind == "html"
    assert page.content.strip() == "<html><body><p>Nickel prices fell 3%.</p></body></html>"
    assert page.title == "Weekly metals briefing – nickel"
    assert page.published == datetime(2024, 5, 3, 5, 0, tzinfo=UTC)


def test_eml_plain_text_in_legacy_charset(tmp_path: Path, settings: Settings) -> None:
    raw = (
        b"Subject: Eramet update\r\nDate: not a date\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Soci=E9t=E9 Le Nickel restarted a furnace.\r\n"
    )
    path = tmp_path / "plain.eml"
    path.write_bytes(raw)
    [page] = pages(path, settings)
    assert (page.kind, page.title, page.published) == ("text", "Eramet update", None)
    assert page.content.strip() == "Société Le Nickel restarted a furnace."


def test_mbox_yields_each_message_and_reports_one_without_text(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(path)
    box.add(_newsletter())
    attachment_only = EmailMessage()
    attachment_only["Subject"] = "Chart"
    attachment_only.add_attachment(b"\x89PNG", maintype="image", subtype="png")
    box.add(attachment_only)
    second = EmailMessage()
    second["Subject"] = "Second issue"
    second.set_content("Lithium spodumene prices steadied.")
    box.add(second)
    box.flush()
    box.close()
    skipped = Skipped()
    found = list(iter_pages(str(path), settings, on_error=skipped))
    assert [(p.source, p.title) for p in found] == [
        (f"{path}#1", "Weekly metals briefing – nickel"),
        (f"{path}#3", "Second issue"),
    ]
    assert skipped == [(f"{path}#2", f"Message '{path}#2' has no text or HTML part.")]


def test_warc_yields_html_responses_only(tmp_path: Path, settings: Settings) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(url: str, ctype: str, body: bytes, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(record)

        response(
            "https://news.example/a",
            "text/html; charset=iso-8859-1",
            "<p>Café</p>".encode("latin-1"),
        )
        response("https://news.example/logo.png", "image/png", b"\x89PNG")
        response("https://news.example/gone", "text/html", b"<p>gone</p>", "404 Not Found")
        response("https://news.example/b", "text/html", b"<p>Second</p>")
    found = pages(path, settings)
    assert [(p.url, p.content, p.kind) for p in found] == [
        ("https://news.example/a", "<p>Café</p>", "html"),
        ("https://news.example/b", "<p>Second</p>", "html"),
    ]
    assert all(p.source == str(path) and p.fetched_at is not None for p in found)


def test_corrupt_warc_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bad.warc"
    path.write_text("this is not a warc file\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        pages(path, settings)
    assert str(err.value) == f"File {str(path)!r} is not a valid WARC file: no WARC header."


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    ("data", "kind"), [(HTML.encode(), "html"), (b"Just a pasted story about zinc.", "text")]
)
def test_stdin_is_sniffed_as_html_or_text(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, data: bytes, kind: str
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    [page] = pages("-", settings)
    assert (page.source, page.kind, page.content) == ("stdin", kind, data.decode())


def test_stdin_over_the_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    small = settings.model_copy(update={"max_file_bytes": 10})
    monkeypatch.setattr(sys, "stdin", _Stdin(b"x" * 11))
    with pytest.raises(InputError) as err:
        pages("-", small)
    assert str(err.value) == "Standard input is over 10 B; raise ASSAY_MAX_FILE_BYTES to read it."

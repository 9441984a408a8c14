"""E-mails and subscription pages from the Jinja2 templates in `deliver/templates/`.

HTML e-mails carry their CSS inline (`STYLES`, put on each element by the templates):
mail clients drop <style> blocks and never load stylesheets. Every message has a plain
text part too; digests carry RFC 8058 one-click unsubscribe headers. Templates escape
everything in .html files (autoescape), so article text never becomes markup.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from assay.deliver.digest import Digest, Entry, sector_name
from assay.deliver.links import Links
from assay.deliver.mime import Mail
from assay.deliver.wording import day_text, fact_line
from assay.records import AlertMatchRecord, AlertRecord, SubscriberRecord
from assay.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"
MAX_FRAGMENTS = 20_000
INK, MUTED, RULE, ACCENT, PAPER = "#1b1f24", "#5b6470", "#dde1e6", "#0b5cad", "#f4f5f7"
FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
STYLES = {
    "body": f"margin:0;padding:0;background:{PAPER};{FONT}color:{INK};",
    "outer": f"width:100%;background:{PAPER};padding:24px 0;",
    "card": f"max-width:640px;margin:0 auto;background:#ffffff;border:1px solid {RULE};"
    "border-radius:6px;",
    "head": f"padding:20px 28px;border-bottom:3px solid {ACCENT};",
    "brand": f"font-size:20px;font-weight:700;color:{INK};letter-spacing:0.5px;",
    "date": f"font-size:14px;color:{MUTED};margin:4px 0 0 0;",
    "intro": f"padding:16px 28px 0 28px;font-size:15px;line-height:1.5;color:{INK};",
    "section": f"padding:18px 28px 4px 28px;font-size:13px;font-weight:700;color:{ACCENT};"
    "text-transform:uppercase;letter-spacing:0.8px;",
    "story": f"padding:10px 28px 14px 28px;border-bottom:1px solid {RULE};",
    "title": f"font-size:17px;line-height:1.35;font-weight:700;color:{INK};text-decoration:none;",
    "summary": f"margin:6px 0 0 0;font-size:15px;line-height:1.5;color:{INK};",
    "facts": f"margin:8px 0 0 0;padding:0 0 0 18px;font-size:14px;line-height:1.45;color:{INK};",
    "meta": f"margin:8px 0 0 0;font-size:13px;color:{MUTED};",
    "link": f"color:{ACCENT};text-decoration:underline;",
    "badge": f"display:inline-block;font-size:12px;color:{MUTED};border:1px solid {RULE};"
    "border-radius:3px;padding:0 5px;",
    "foot": f"padding:18px 28px 22px 28px;font-size:13px;line-height:1.5;color:{MUTED};",
    "button": f"display:inline-block;background:{ACCENT};color:#ffffff;padding:10px 18px;"
    "border-radius:4px;text-decoration:none;font-weight:700;font-size:15px;",
}


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        fact_line=fact_line,
        day=day_text,
        sector_name=sector_name,
        wrap=_wrap,
        published=_published,
        meta=_meta,
    )
    env.globals.update(S=STYLES)
    return env


def _published(value: str | None) -> str:
    return day_text(datetime.fromisoformat(value).date()) if value else ""


def _meta(entry: Entry) -> str:
    """ "2 sources · follow-up · site · day" under a story."""
    story = entry.story
    parts = [f"{story['sources']} sources" if story["sources"] > 1 else ""]
    parts += ["follow-up" if entry.followed_up else "", story["site_name"] or ""]
    parts.append(_published(story["published"]))
    return " · ".join(p for p in parts if p)


def _wrap(text: Any, indent: str = "", first: str | None = None) -> str:
    """Text folded at 72 columns, lines indented (the first with `first`, if given)."""
    words = " ".join(str(text).split())
    return textwrap.fill(
        words, 72, initial_indent=indent if first is None else first, subsequent_indent=indent
    )


class Renderer:
    """Builds the messages and pages of one deployment (its settings and links)."""

    def __init__(self, settings: Settings, links: Links | None = None) -> None:
        self.settings = settings
        self.links = links or Links(settings)
        self.env = environment()
        self.domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
        self._fragments: dict[tuple[str, int, bool, int], str] = {}

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(
            links=self.links, fragment=self.fragment, **context
        )

    def fragment(self, kind: str, entry: Entry, index: int) -> str:
        """One story of a digest ("html" or "txt"), rendered once per run: thousands of
        digests share the day's stories."""
        key = (kind, entry.story["id"], entry.followed_up, index if kind == "txt" else 0)
        found = self._fragments.get(key)
        if found is None:
            if len(self._fragments) > MAX_FRAGMENTS:
                self._fragments.clear()
            found = self.env.get_template(f"mail/entry.{kind}").render(
                entry=entry, index=index, links=self.links
            )
            if kind == "html":
                found = Markup(found)
            self._fragments[key] = found
        return found

    def _message(self, to: str, subject: str, text: str, html: str | None) -> Mail:
        """A text message, or multipart/alternative with HTML too."""
        headers = [
            ("From", self.settings.mail_from),
            ("To", to),
            ("Subject", subject),
            ("Date", format_datetime(datetime.now(UTC))),
        ]
        return Mail(headers, text, html)

    # ------------------------------------------------------------------ digest

    def digest_context(self, digest: Digest) -> dict[str, Any]:
        uid = digest.subscriber["uid"]
        return {
            "digest": digest,
            "day_text": day_text(digest.day),
            "count": len(digest.entries),
            "manage_url": self.links.manage(uid),
            "unsubscribe_url": self.links.unsubscribe(uid),
            "home_url": self.links.url("/"),
        }

    def digest_html(self, digest: Digest) -> str:
        return self.render("mail/digest.html", **self.digest_context(digest))

    def digest_text(self, digest: Digest) -> str:
        return self.render("mail/digest.txt", **self.digest_context(digest))

    def digest_message(self, digest: Digest) -> Mail:
        """The digest as a message: text (+ HTML unless the subscriber chose text), with
        one-click unsubscribe headers and a Message-ID fixed by subscriber and day."""
        sub = digest.subscriber
        context = self.digest_context(digest)
        text = self.render("mail/digest.txt", **context)
        html = None
        if sub["preferences"]["format"] != "text":
            html = self.render("mail/digest.html", **context)
        n = context["count"]
        subject = f"assay digest, {day_text(digest.day)}: {n} stor{'y' if n == 1 else 'ies'}"
        msg = self._message(sub["email"], subject, text, html)
        msg["Message-ID"] = f"<digest.{digest.day.isoformat()}.{sub['uid']}@{self.domain}>"
        msg["List-Id"] = f"assay daily digest <digest.{self.domain}>"
        msg["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        msg["Auto-Submitted"] = "auto-generated"
        return msg

    # ------------------------------------------------------------ confirmation

    def confirm_message(self, subscriber: SubscriberRecord) -> Mail:
        context = {
            "subscriber": subscriber,
            "confirm_url": self.links.confirm(subscriber["uid"]),
            "hours": self.settings.confirm_link_hours,
        }
        return self._message(
            subscriber["email"],
            "Confirm your assay digest subscription",
            self.render("mail/confirm.txt", **context),
            self.render("mail/confirm.html", **context),
        )

    # ------------------------------------------------------------------ alerts

    def alert_message(
        self, alert: AlertRecord, matches: list[AlertMatchRecord], notification_id: int
    ) -> Mail:
        context = {
            "alert": alert,
            "matches": matches,
            "feed_url": self.links.atom_alert(alert["id"]),
        }
        n = len(matches)
        subject = f"assay alert '{alert['name']}': {n} new match{'es' if n != 1 else ''}"
        msg = self._message(
            alert["target"],
            subject,
            self.render("mail/alert.txt", **context),
            self.render("mail/alert.html", **context),
        )
        msg["Message-ID"] = f"<alert.{alert['id']}.{notification_id}@{self.domain}>"
        msg["Auto-Submitted"] = "auto-generated"
        return msg

"""Alert tables: saved searches and fact patterns, their matches, notifications and
webhook attempts.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from assay.store.schema.base import metadata, send_state_columns

# Saved searches and fact patterns that notify by e-mail or webhook.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("query", Text),  # a search query, or NULL for a fact pattern
    Column("pattern", JSON),  # {"type", "entities", "goods", "actions"}, or NULL for a search
    Column("channel", String(16), nullable=False),  # email | webhook
    Column("target", Text, nullable=False),  # address or URL
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", Text),
    Column("last_fired_at", DateTime(timezone=True)),
)

alert_notifications = Table(
    "alert_notifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    # status: pending | sending | sent | retry | failed | unknown (a crash while sending)
    *send_state_columns(),
    Index("ix_alert_notifications_status", "status"),
)

# Each match is stored once (alert, key): a story for a search, a stated fact for a
# pattern, however many copies of it arrive; it is notified once.
alert_matches = Table(
    "alert_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("match_key", Text, nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("fact_id", Integer),  # no FK: a re-enrichment replaces facts
    Column("matched_at", DateTime(timezone=True), nullable=False),
    Column(
        "notification_id",
        Integer,
        ForeignKey("alert_notifications.id", ondelete="SET NULL"),
    ),
    UniqueConstraint("alert_id", "match_key", name="uq_alert_matches_once"),
    Index("ix_alert_matches_notification", "notification_id"),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "notification_id",
        Integer,
        ForeignKey("alert_notifications.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer),
    Column("error", Text),
    Column("ms", Integer, nullable=False),
    Index("ix_webhook_attempts_notification", "notification_id"),
)

"""What digests need: subscribers, their preferences and consents, suppressed addresses,
and each digest sent with the stories it carried.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

# Subscribers and what is sent (revision 0004). A subscriber's `uid` names them in signed
# links (never the address); deleting one leaves only a hash of the address in
# `suppressions`, so no import can add it again.
subscribers = Table(
    "subscribers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", Text, nullable=False, unique=True),  # lower-cased
    Column("uid", String(32), nullable=False, unique=True),
    Column("status", String(16), nullable=False),  # pending | active | unsubscribed | bounced
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("confirmed_at", DateTime(timezone=True)),
    Column("unsubscribed_at", DateTime(timezone=True)),
    Column("bounced_at", DateTime(timezone=True)),
    Column("bounce_reason", Text),
    Index("ix_subscribers_status", "status"),
)

subscriber_preferences = Table(
    "subscriber_preferences",
    metadata,
    Column(
        "subscriber_id",
        Integer,
        ForeignKey("subscribers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("sectors", JSON, nullable=False, default=list),
    Column("entities", JSON, nullable=False, default=list),  # entity keys
    Column("fact_types", JSON, nullable=False, default=list),
    Column("hour", Integer, nullable=False),  # local delivery hour, 0-23
    Column("timezone", String(64), nullable=False),  # IANA name
    Column("format", String(8), nullable=False),  # html | text
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "subscriber_id", Integer, ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False
    ),
    Column("event", String(16), nullable=False),  # requested | confirmed | imported | withdrawn
    Column("at", DateTime(timezone=True), nullable=False),
    Column("policy_version", String(32), nullable=False),
    Column("source", String(16), nullable=False),  # web | cli | api | mail
    Column("ip", Text),
    Column("user_agent", Text),
    Index("ix_consents_subscriber", "subscriber_id"),
)

suppressions = Table(
    "suppressions",
    metadata,
    Column("email_hash", String(64), primary_key=True),  # sha256 of the lower-cased address
    Column("reason", String(16), nullable=False),  # deleted | bounced
    Column("at", DateTime(timezone=True), nullable=False),
)

# One digest per subscriber per local day: the row is written before the message goes out
# (status sending) and after (sent, retry, failed), so a crash never sends a day twice.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "subscriber_id", Integer, ForeignKey("subscribers.id", ondelete="CASCADE"), nullable=False
    ),
    Column("day", String(10), nullable=False),  # YYYY-MM-DD in the subscriber's time zone
    # status: sending | sent | retry | failed | empty | unknown (a crash while sending)
    *send_state_columns(),
    Column("message_id", Text),
    Column("stories", Integer, nullable=False, default=0),
    UniqueConstraint("subscriber_id", "day", name="uq_deliveries_day"),
    Index("ix_deliveries_status", "status"),
)

# The stories a digest carried: novelty leaves out what a subscriber was sent already.
delivery_items = Table(
    "delivery_items",
    metadata,
    Column(
        "delivery_id", Integer, ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("article_id", Integer, primary_key=True),  # no FK: the record outlives an article
    Column("cluster_id", Integer),
    Column("developing_story_id", Integer),
)

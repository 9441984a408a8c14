"""Subscribers, consents, preferences, suppressions, digest deliveries, alerts, their
matches and notifications, webhook attempts and the service state.

Replaces the unused placeholder tables of 0001 (subscribers, deliveries, saved_searches).

Revision ID: 0004_deliver
Revises: 0003_api_keys
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_deliver"
down_revision = "0003_api_keys"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    for name in ("saved_searches", "deliveries", "subscribers"):
        op.drop_table(name)
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.Text(), nullable=False, unique=True),
        sa.Column("uid", sa.String(32), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("confirmed_at", TZ),
        sa.Column("unsubscribed_at", TZ),
        sa.Column("bounced_at", TZ),
        sa.Column("bounce_reason", sa.Text()),
    )
    op.create_index("ix_subscribers_status", "subscribers", ["status"])
    op.create_table(
        "subscriber_preferences",
        sa.Column("subscriber_id", sa.Integer(), primary_key=True),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("fact_types", sa.JSON(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("format", sa.String(8), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["subscriber_id"], ["subscribers.id"], ondelete="CASCADE"),
    )
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("policy_version", sa.String(32), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("ip", sa.Text()),
        sa.Column("user_agent", sa.Text()),
        sa.ForeignKeyConstraint(["subscriber_id"], ["subscribers.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_consents_subscriber", "consents", ["subscriber_id"])
    op.create_table(
        "suppressions",
        sa.Column("email_hash", sa.String(64), primary_key=True),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("claimed_at", TZ),
        sa.Column("sent_at", TZ),
        sa.Column("next_attempt_at", TZ),
        sa.Column("last_error", sa.Text()),
        sa.Column("message_id", sa.Text()),
        sa.Column("stories", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["subscriber_id"], ["subscribers.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("subscriber_id", "day", name="uq_deliveries_day"),
    )
    op.create_index("ix_deliveries_status", "deliveries", ["status"])
    op.create_table(
        "delivery_items",
        sa.Column("delivery_id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), primary_key=True),
        sa.Column("cluster_id", sa.Integer()),
        sa.Column("developing_story_id", sa.Integer()),
        sa.ForeignKeyConstraint(["delivery_id"], ["deliveries.id"], ondelete="CASCADE"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("query", sa.Text()),
        sa.Column("pattern", sa.JSON()),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.Text()),
        sa.Column("last_fired_at", TZ),
    )
    op.create_table(
        "alert_notifications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("claimed_at", TZ),
        sa.Column("sent_at", TZ),
        sa.Column("next_attempt_at", TZ),
        sa.Column("last_error", sa.Text()),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_alert_notifications_status", "alert_notifications", ["status"])
    op.create_table(
        "alert_matches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("match_key", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer()),
        sa.Column("matched_at", TZ, nullable=False),
        sa.Column("notification_id", sa.Integer()),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["notification_id"], ["alert_notifications.id"], ondelete="SET NULL"
        ),
        sa.UniqueConstraint("alert_id", "match_key", name="uq_alert_matches_once"),
    )
    op.create_index("ix_alert_matches_notification", "alert_matches", ["notification_id"])
    op.create_table(
        "webhook_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("notification_id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("status_code", sa.Integer()),
        sa.Column("error", sa.Text()),
        sa.Column("ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notification_id"], ["alert_notifications.id"], ondelete="CASCADE"
        ),
    )
    op.create_index("ix_webhook_attempts_notification", "webhook_attempts", ["notification_id"])
    op.create_table(
        "service_state",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )


def downgrade() -> None:
    for name in (
        "service_state",
        "webhook_attempts",
        "alert_matches",
        "alert_notifications",
        "alerts",
        "delivery_items",
        "deliveries",
        "suppressions",
        "consents",
        "subscriber_preferences",
        "subscribers",
    ):
        op.drop_table(name)
    # The placeholders of 0001, as they were.
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.Text(), nullable=False, unique=True),
        sa.Column("name", sa.Text()),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("confirm_token", sa.String(64)),
        sa.Column("confirmed_at", TZ),
        sa.Column("consent_text", sa.Text()),
        sa.Column("consent_ip", sa.Text()),
        sa.Column("unsubscribe_token", sa.String(64), nullable=False, unique=True),
        sa.Column("unsubscribed_at", TZ),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("sent_at", TZ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("article_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["subscriber_id"], ["subscribers.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("subscriber_id", "kind", "created_at", name="uq_delivery_once"),
    )
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subscriber_id", sa.Integer()),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_run_at", TZ),
        sa.ForeignKeyConstraint(["subscriber_id"], ["subscribers.id"], ondelete="CASCADE"),
    )

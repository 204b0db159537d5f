"""subscribers and List-Unsubscribe

Readers confirmed for mail about new hearings and editions; an outgoing message may carry
the link that unsubscribes its recipient.

Revision ID: 5b7e19c4d2a8
Revises: a19e7d5c2b11
Create Date: 2026-12-03 14:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5b7e19c4d2a8"
down_revision = "a19e7d5c2b11"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "subscribers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("hearings", sa.Boolean(), nullable=False),
        sa.Column("editions", sa.Boolean(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("hearings OR editions", name=op.f("ck_subscribers_some_topic")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscribers")),
        sa.UniqueConstraint("email", name=op.f("uq_subscribers_email")),
    )
    with op.batch_alter_table("outbound_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_unsubscribe", sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table("outbound_emails", schema=None) as batch_op:
        batch_op.drop_column("list_unsubscribe")
    op.drop_table("subscribers")

"""mail attachments

Outgoing mail names files made when it is sent (the hearing letter of an invitation).

Revision ID: f17a1c2d3e40
Revises: e13b3d6a8c03
Create Date: 2026-12-03 11:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "f17a1c2d3e40"
down_revision = "e13b3d6a8c03"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbound_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attachments", sa.String(length=400), nullable=True))


def downgrade():
    with op.batch_alter_table("outbound_emails", schema=None) as batch_op:
        batch_op.drop_column("attachments")

"""consultee receipt code

Receipt numbers were made from the hearing reference and the body code each time, so two
references that read alike ("BIU 1/2007", "BIU-1-2007") gave the same numbers and the
second body could never submit. Each consultee now keeps a unique receipt code, set when
its first version is frozen. Existing consultees with versions get the code their first
receipt number was made from, so their receipts stay as they are and later versions
continue the series.

Revision ID: 7d3e2a91c4b0
Revises: 5eb68a43a9b2
Create Date: 2026-12-03 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d3e2a91c4b0'
down_revision = '5eb68a43a9b2'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLE and CREATE INDEX, no batch copy: on SQLite a copy drops the old
    # table, and with foreign keys on that would cascade to every response.
    op.add_column('consultees', sa.Column('receipt_code', sa.String(length=160), nullable=True))
    op.create_index(
        op.f('ix_consultees_receipt_code'), 'consultees', ['receipt_code'], unique=True
    )

    connection = op.get_bind()
    first_receipts = connection.execute(
        sa.text(
            "SELECT c.id, v.receipt_number FROM consultees c "
            "JOIN responses r ON r.consultee_id = c.id "
            "JOIN response_versions v ON v.response_id = r.id AND v.number = 1"
        )
    ).all()
    for consultee_id, receipt in first_receipts:
        connection.execute(
            sa.text("UPDATE consultees SET receipt_code = :code WHERE id = :id"),
            {"code": receipt.rsplit('-', 1)[0], "id": consultee_id},
        )


def downgrade():
    op.drop_index(op.f('ix_consultees_receipt_code'), table_name='consultees')
    op.drop_column('consultees', 'receipt_code')

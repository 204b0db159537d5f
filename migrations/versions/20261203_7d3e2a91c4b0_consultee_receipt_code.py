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
    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_code', sa.String(length=160), nullable=True))
        batch_op.create_unique_constraint(op.f('uq_consultees_receipt_code'), ['receipt_code'])

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
    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_consultees_receipt_code'), type_='unique')
        batch_op.drop_column('receipt_code')

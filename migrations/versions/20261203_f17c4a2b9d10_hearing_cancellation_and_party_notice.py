"""hearing cancellation and the notice of the note and decision to the parties

An issued hearing can be cancelled (state ``cancelled``, with when, by whom and why); a
cancelled hearing may have been closed already. The decision records when the note and the
decision were last sent to every consulted body, and by whom. Decisions recorded before this
revision were mailed to the parties when they were recorded, so they count as sent then.

Revision ID: f17c4a2b9d10
Revises: f17a1c2d3e40
Create Date: 2026-12-03 11:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f17c4a2b9d10'
down_revision = 'f17a1c2d3e40'
branch_labels = None
depends_on = None

_OLD_STATES = "'draft', 'open', 'closed', 'consolidation', 'decided', 'archived'"
_NEW_STATES = _OLD_STATES + ", 'cancelled'"
_AFTER_CLOSED = "'closed', 'consolidation', 'decided', 'archived'"


def upgrade():
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancellation_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_hearings_cancelled_by_id_users'), 'users', ['cancelled_by_id'], ['id']
        )
        batch_op.drop_constraint(batch_op.f('ck_hearings_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_hearings_issued_iff'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_hearings_closed_iff'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_hearings_state'), f"state IN ({_NEW_STATES})")
        batch_op.create_check_constraint(
            batch_op.f('ck_hearings_issued_iff'),
            "(state IN ('open', 'closed', 'consolidation', 'decided', 'archived', 'cancelled'))"
            " = (issued_at IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_hearings_closed_by_state'),
            f"state = 'cancelled' OR (state IN ({_AFTER_CLOSED})) = (closed_at IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_hearings_cancelled_iff'),
            "(state = 'cancelled') = (cancelled_at IS NOT NULL)"
            " AND (cancelled_at IS NULL) = (cancellation_reason IS NULL)",
        )
    with op.batch_alter_table('hearing_decisions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('parties_notified_at', sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column('parties_notified_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_hearing_decisions_parties_notified_by_id_users'),
            'users',
            ['parties_notified_by_id'],
            ['id'],
        )
    decisions = sa.table(
        'hearing_decisions',
        sa.column('recorded_at', sa.DateTime(timezone=True)),
        sa.column('recorded_by_id', sa.Integer),
        sa.column('parties_notified_at', sa.DateTime(timezone=True)),
        sa.column('parties_notified_by_id', sa.Integer),
    )
    op.execute(
        decisions.update().values(
            parties_notified_at=decisions.c.recorded_at,
            parties_notified_by_id=decisions.c.recorded_by_id,
        )
    )


def downgrade():
    # A cancelled hearing cannot exist before this revision: it goes back to closed.
    hearings = sa.table(
        'hearings',
        sa.column('state', sa.String),
        sa.column('closed_at', sa.DateTime(timezone=True)),
        sa.column('cancelled_at', sa.DateTime(timezone=True)),
    )
    op.execute(
        hearings.update()
        .where(hearings.c.state == 'cancelled')
        .values(state='closed', closed_at=sa.func.coalesce(hearings.c.closed_at, hearings.c.cancelled_at))
    )
    with op.batch_alter_table('hearing_decisions', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_hearing_decisions_parties_notified_by_id_users'), type_='foreignkey'
        )
        batch_op.drop_column('parties_notified_by_id')
        batch_op.drop_column('parties_notified_at')
    with op.batch_alter_table('hearings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_hearings_cancelled_iff'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_hearings_closed_by_state'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_hearings_issued_iff'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_hearings_state'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_hearings_state'), f"state IN ({_OLD_STATES})")
        batch_op.create_check_constraint(
            batch_op.f('ck_hearings_issued_iff'),
            "(state IN ('open', 'closed', 'consolidation', 'decided', 'archived'))"
            " = (issued_at IS NOT NULL)",
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_hearings_closed_iff'),
            f"(state IN ({_AFTER_CLOSED})) = (closed_at IS NOT NULL)",
        )
        batch_op.drop_constraint(batch_op.f('fk_hearings_cancelled_by_id_users'), type_='foreignkey')
        batch_op.drop_column('cancellation_reason')
        batch_op.drop_column('cancelled_by_id')
        batch_op.drop_column('cancelled_at')

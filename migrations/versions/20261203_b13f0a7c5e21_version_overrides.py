"""version overrides

The secretariat's choice of catalogue version for one measurement period, with a reason;
without a row the version in force follows the rule (barometer.version_in_force).

Revision ID: b13f0a7c5e21
Revises: a13d7f2e6b15
Create Date: 2026-12-03 07:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b13f0a7c5e21'
down_revision = 'a13d7f2e6b15'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('version_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_code', sa.String(length=7), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("reason <> ''", name=op.f('ck_version_overrides_reason_required')),
    sa.ForeignKeyConstraint(['version_id'], ['catalogue_versions.id'], name=op.f('fk_version_overrides_version_id_catalogue_versions')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_version_overrides_set_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_overrides')),
    sa.UniqueConstraint('period_code', name=op.f('uq_version_overrides_period_code'))
    )
    with op.batch_alter_table('version_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_overrides_version_id'), ['version_id'], unique=False)


def downgrade():
    with op.batch_alter_table('version_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_overrides_version_id'))
    op.drop_table('version_overrides')

"""breakdown dimensions and category values

Named dimensions with ordered categories per catalogue version, the dimensions chosen per
indicator, and the values per category (a number, or suppressed/missing with the reason).

Revision ID: b7d3e2a1c9f0
Revises: a19e55d0c1a7
Create Date: 2026-12-03 18:49:04.114654

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e2a1c9f0'
down_revision = 'a19e55d0c1a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('breakdown_dimensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name_da', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('illustrative', sa.Boolean(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['catalogue_versions.id'], name=op.f('fk_breakdown_dimensions_version_id_catalogue_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breakdown_dimensions')),
    sa.UniqueConstraint('version_id', 'code', name=op.f('uq_breakdown_dimensions_version_id_code'))
    )
    with op.batch_alter_table('breakdown_dimensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breakdown_dimensions_version_id'), ['version_id'], unique=False)

    op.create_table('category_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=20), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('dimension_code', sa.String(length=20), nullable=False),
    sa.Column('category_code', sa.String(length=20), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('suppressed', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.CheckConstraint("value IS NOT NULL OR reason <> ''", name=op.f('ck_category_values_reason_when_no_value')),
    sa.CheckConstraint('NOT suppressed OR value IS NULL', name=op.f('ck_category_values_suppressed_has_no_value')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name=op.f('fk_category_values_entered_by_id_users')),
    sa.ForeignKeyConstraint(['period_id'], ['measurement_periods.id'], name=op.f('fk_category_values_period_id_measurement_periods')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_values')),
    sa.UniqueConstraint('indicator_code', 'period_id', 'dimension_code', 'category_code', name=op.f('uq_category_values_indicator_code_period_id_dimension_code_category_code'))
    )
    with op.batch_alter_table('category_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_values_indicator_code'), ['indicator_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_category_values_period_id'), ['period_id'], unique=False)

    op.create_table('breakdown_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name_da', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dimension_id'], ['breakdown_dimensions.id'], name=op.f('fk_breakdown_categories_dimension_id_breakdown_dimensions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['catalogue_versions.id'], name=op.f('fk_breakdown_categories_version_id_catalogue_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breakdown_categories')),
    sa.UniqueConstraint('dimension_id', 'code', name=op.f('uq_breakdown_categories_dimension_id_code'))
    )
    with op.batch_alter_table('breakdown_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_breakdown_categories_dimension_id'), ['dimension_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_breakdown_categories_version_id'), ['version_id'], unique=False)

    op.create_table('indicator_breakdowns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dimension_id'], ['breakdown_dimensions.id'], name=op.f('fk_indicator_breakdowns_dimension_id_breakdown_dimensions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_breakdowns_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['catalogue_versions.id'], name=op.f('fk_indicator_breakdowns_version_id_catalogue_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_breakdowns')),
    sa.UniqueConstraint('indicator_id', 'dimension_id', name=op.f('uq_indicator_breakdowns_indicator_id_dimension_id'))
    )
    with op.batch_alter_table('indicator_breakdowns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_breakdowns_dimension_id'), ['dimension_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_breakdowns_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_breakdowns_version_id'), ['version_id'], unique=False)



def downgrade():
    with op.batch_alter_table('indicator_breakdowns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_breakdowns_version_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_breakdowns_indicator_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_breakdowns_dimension_id'))

    op.drop_table('indicator_breakdowns')
    with op.batch_alter_table('breakdown_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breakdown_categories_version_id'))
        batch_op.drop_index(batch_op.f('ix_breakdown_categories_dimension_id'))

    op.drop_table('breakdown_categories')
    with op.batch_alter_table('category_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_values_period_id'))
        batch_op.drop_index(batch_op.f('ix_category_values_indicator_code'))

    op.drop_table('category_values')
    with op.batch_alter_table('breakdown_dimensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_breakdown_dimensions_version_id'))

    op.drop_table('breakdown_dimensions')

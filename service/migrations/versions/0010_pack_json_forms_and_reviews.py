"""tender packs: members' intermediate results as versioned JSON (were pickles); decisions on pack findings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 14:55:00

A pickle row left by a pack in progress becomes {"version": 0}: an older stored form, which the
workers read as such and compute again (worker/pack_pipeline.py), instead of unpickling it.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

OLDER_FORM = '{"version": 0}'


def upgrade() -> None:
    with op.batch_alter_table('pack_members', schema=None) as batch_op:
        for column in ('facts', 'result'):
            batch_op.alter_column(
                column, existing_type=sa.LargeBinary(), type_=sa.JSON(), existing_nullable=True,
                postgresql_using=f"CASE WHEN {column} IS NULL THEN NULL ELSE '{OLDER_FORM}'::json END",
            )
    members = sa.table('pack_members', sa.column('facts', sa.JSON()), sa.column('result', sa.JSON()))
    for column in ('facts', 'result'):
        op.execute(members.update().where(members.c[column].isnot(None)).values({column: {"version": 0}}))
    op.create_table('pack_finding_reviews',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=32), nullable=False),
    sa.Column('pack_id', sa.String(length=32), nullable=False),
    sa.Column('fingerprint', sa.String(length=40), nullable=False),
    sa.Column('rule_id', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reason_code', sa.String(length=30), nullable=True),
    sa.Column('reviewed_by', sa.String(length=32), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ),
    sa.ForeignKeyConstraint(['pack_id'], ['packs.id'], ),
    sa.ForeignKeyConstraint(['reviewed_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('pack_id', 'fingerprint')
    )
    with op.batch_alter_table('pack_finding_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pack_finding_reviews_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pack_finding_reviews_pack_id'), ['pack_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pack_finding_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pack_finding_reviews_pack_id'))
        batch_op.drop_index(batch_op.f('ix_pack_finding_reviews_organisation_id'))
    op.drop_table('pack_finding_reviews')
    # JSON forms mean nothing to the older code: a pack in progress reads its documents again.
    op.execute(sa.text("UPDATE pack_members SET facts = NULL, result = NULL"))
    with op.batch_alter_table('pack_members', schema=None) as batch_op:
        for column in ('facts', 'result'):
            batch_op.alter_column(column, existing_type=sa.JSON(), type_=sa.LargeBinary(), existing_nullable=True,
                                  postgresql_using=f"{column}::text::bytea")

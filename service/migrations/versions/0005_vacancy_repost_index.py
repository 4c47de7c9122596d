"""index vacancies.repost_of_id (deleting a source's vacancies scanned the table per row)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_vacancies_repost_of', 'vacancies', ['repost_of_id'], unique=False)


def downgrade():
    op.drop_index('ix_vacancies_repost_of', table_name='vacancies')

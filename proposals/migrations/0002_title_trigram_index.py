"""On PostgreSQL: the pg_trgm extension and a GIN trigram index on suggestion titles, for the duplicate
hints of the review queue. Other databases (SQLite) use a fallback in proposals/duplicates.py."""

from django.db import migrations


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def forwards(apps, schema_editor):
    if _postgres(schema_editor):
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS suggestion_title_trgm_idx "
            "ON proposals_suggestion USING gin (title gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if _postgres(schema_editor):
        # The extension stays: other objects may use it.
        schema_editor.execute("DROP INDEX IF EXISTS suggestion_title_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

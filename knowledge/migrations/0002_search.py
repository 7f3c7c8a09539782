"""Swedish search: text-search configurations (Hunspell when the dictionary files exist,
else Snowball only) and the trigger that keeps Document.search_vector / search_title."""

from django.db import migrations

VECTOR = (
    "unaccent(("
    "setweight(to_tsvector('planportal_sv_compound', coalesce(NEW.title, '')), 'A') || "
    "setweight(to_tsvector('swedish', coalesce(NEW.title, '')), 'A') || "
    "setweight(to_tsvector('planportal_sv_compound', coalesce(NEW.summary, '')), 'B') || "
    "setweight(to_tsvector('swedish', coalesce(NEW.summary, '')), 'B') || "
    "setweight(to_tsvector('planportal_sv_compound', coalesce(NEW.file_text, '')), 'C') || "
    "setweight(to_tsvector('swedish', coalesce(NEW.file_text, '')), 'C')"
    ")::text)::tsvector"
)

TRIGGER = f"""
CREATE OR REPLACE FUNCTION knowledge_document_search() RETURNS trigger AS $$
BEGIN
  NEW.search_vector := {VECTOR};
  NEW.search_title := lower(unaccent(coalesce(NEW.title, '')));
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS knowledge_document_search ON knowledge_document;
CREATE TRIGGER knowledge_document_search
  BEFORE INSERT OR UPDATE OF title, summary, file_text ON knowledge_document
  FOR EACH ROW EXECUTE FUNCTION knowledge_document_search();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS knowledge_document_search ON knowledge_document;
DROP FUNCTION IF EXISTS knowledge_document_search();
"""


def install_config(apps, schema_editor):
    from knowledge.search import install_text_search_config

    with schema_editor.connection.cursor() as cursor:
        install_text_search_config(cursor)


def remove_config(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS planportal_sv_compound")
        cursor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS planportal_sv_unaccent")
        cursor.execute("DROP TEXT SEARCH DICTIONARY IF EXISTS planportal_sv_hunspell")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(install_config, remove_config),
        migrations.RunSQL(TRIGGER, DROP_TRIGGER),
    ]

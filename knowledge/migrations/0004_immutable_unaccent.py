"""An IMMUTABLE wrapper of unaccent for the query side of search: with it, PostgreSQL folds a
search's tsquery and trigram arguments into constants at plan time, so it estimates them and
uses the GIN indexes (with the STABLE unaccent it re-evaluated them per row in a seq scan)."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION planportal_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0003_document_agenda_items")]

    operations = [migrations.RunSQL(SQL, "DROP FUNCTION IF EXISTS planportal_unaccent(text);")]

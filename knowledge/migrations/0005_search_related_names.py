"""Search what the document's page shows beside its text (issue 12): its themes' and covered
municipalities' names (weight B), its publisher's name and its kind (weight C), below the title (A).

Two SQL functions give those words for a row; the trigger of 0002 now adds them to the stored
vector and also runs when kind, publisher or search_vector is written. Statement-level triggers
keep the column current when the words change elsewhere: a theme or municipality linked or
unlinked (the M2M tables), a theme or organisation renamed. They set search_vector to NULL on
the documents concerned, which makes the row trigger compute it again."""

from django.db import migrations

# The kinds' Swedish labels (knowledge.models.Document.Kind) as they stood when this was written.
KIND_LABELS = {
    "report": "Rapport",
    "gis_data": "GIS-data",
    "map": "Karta",
    "structure_image": "Strukturbild",
    "plan": "Plan",
    "guidance": "Vägledning",
    "statistics": "Statistik",
    "horizon_scanning": "Omvärldsanalys",
}
KIND_CASE = " ".join(f"WHEN '{value}' THEN '{label}'" for value, label in KIND_LABELS.items())

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION knowledge_document_subjects(doc_id bigint) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT concat_ws(' ',
    (SELECT string_agg(t.name, ' ') FROM knowledge_document_themes dt
       JOIN knowledge_theme t ON t.id = dt.theme_id WHERE dt.document_id = doc_id),
    (SELECT string_agg(concat_ws(' ', o.name, nullif(o.short_name, '')), ' ') FROM knowledge_document_municipalities dm
       JOIN networks_organisation o ON o.id = dm.organisation_id WHERE dm.document_id = doc_id))
$$;
CREATE OR REPLACE FUNCTION knowledge_document_origin(doc_kind text, doc_publisher bigint) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT concat_ws(' ',
    (SELECT concat_ws(' ', o.name, nullif(o.short_name, '')) FROM networks_organisation o WHERE o.id = doc_publisher),
    CASE doc_kind {KIND_CASE} ELSE NULL END)
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS knowledge_document_subjects(bigint);
DROP FUNCTION IF EXISTS knowledge_document_origin(text, bigint);
"""


def _vector(related: bool) -> str:
    columns = [("coalesce(NEW.title, '')", "A"), ("coalesce(NEW.summary, '')", "B")]
    if related:
        columns.append(("knowledge_document_subjects(NEW.id)", "B"))
    columns.append(("coalesce(NEW.file_text, '')", "C"))
    if related:
        columns.append(("knowledge_document_origin(NEW.kind, NEW.publisher_id)", "C"))
    parts = [
        f"setweight(to_tsvector('{config}', {text}), '{weight}')"
        for text, weight in columns
        for config in ("planportal_sv_compound", "swedish")
    ]
    return "unaccent((" + " || ".join(parts) + ")::text)::tsvector"


def _trigger(related: bool) -> str:
    columns = "title, summary, file_text, kind, publisher_id, search_vector" if related else "title, summary, file_text"
    return f"""
CREATE OR REPLACE FUNCTION knowledge_document_search() RETURNS trigger AS $$
BEGIN
  NEW.search_vector := {_vector(related)};
  NEW.search_title := lower(unaccent(coalesce(NEW.title, '')));
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS knowledge_document_search ON knowledge_document;
CREATE TRIGGER knowledge_document_search
  BEFORE INSERT OR UPDATE OF {columns} ON knowledge_document
  FOR EACH ROW EXECUTE FUNCTION knowledge_document_search();
"""


LINK_TABLES = ("knowledge_document_themes", "knowledge_document_municipalities")

FOLLOWERS = (
    """
CREATE OR REPLACE FUNCTION knowledge_document_links_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE knowledge_document SET search_vector = NULL WHERE id IN (SELECT document_id FROM new_links);
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE knowledge_document SET search_vector = NULL WHERE id IN (SELECT document_id FROM old_links);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION knowledge_theme_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE knowledge_document SET search_vector = NULL WHERE id IN (
    SELECT dt.document_id FROM knowledge_document_themes dt
      JOIN new_rows n ON n.id = dt.theme_id JOIN old_rows o ON o.id = n.id
     WHERE o.name IS DISTINCT FROM n.name);
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION knowledge_organisation_renamed() RETURNS trigger AS $$
BEGIN
  UPDATE knowledge_document SET search_vector = NULL WHERE id IN (
    SELECT d.id FROM knowledge_document d
      JOIN new_rows n ON n.id = d.publisher_id JOIN old_rows o ON o.id = n.id
     WHERE (o.name, o.short_name) IS DISTINCT FROM (n.name, n.short_name)
    UNION
    SELECT dm.document_id FROM knowledge_document_municipalities dm
      JOIN new_rows n ON n.id = dm.organisation_id JOIN old_rows o ON o.id = n.id
     WHERE (o.name, o.short_name) IS DISTINCT FROM (n.name, n.short_name));
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""
    + "".join(
        f"""
CREATE TRIGGER {table}_added AFTER INSERT ON {table}
  REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION knowledge_document_links_changed();
CREATE TRIGGER {table}_removed AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION knowledge_document_links_changed();
CREATE TRIGGER {table}_changed AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS old_links NEW TABLE AS new_links
  FOR EACH STATEMENT EXECUTE FUNCTION knowledge_document_links_changed();
"""
        for table in LINK_TABLES
    )
    + """
CREATE TRIGGER knowledge_theme_renamed AFTER UPDATE ON knowledge_theme
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION knowledge_theme_renamed();
CREATE TRIGGER knowledge_organisation_renamed AFTER UPDATE ON networks_organisation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION knowledge_organisation_renamed();
"""
)

DROP_FOLLOWERS = (
    "".join(
        f"DROP TRIGGER IF EXISTS {table}_{what} ON {table};\n"
        for table in LINK_TABLES
        for what in ("added", "removed", "changed")
    )
    + """
DROP TRIGGER IF EXISTS knowledge_theme_renamed ON knowledge_theme;
DROP TRIGGER IF EXISTS knowledge_organisation_renamed ON networks_organisation;
DROP FUNCTION IF EXISTS knowledge_document_links_changed();
DROP FUNCTION IF EXISTS knowledge_theme_renamed();
DROP FUNCTION IF EXISTS knowledge_organisation_renamed();
"""
)

REINDEX = "UPDATE knowledge_document SET search_vector = NULL;"


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0004_immutable_unaccent"), ("networks", "0006_remove_minutes_summary")]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(_trigger(True), _trigger(False) + "UPDATE knowledge_document SET title = title;"),
        migrations.RunSQL(FOLLOWERS, DROP_FOLLOWERS),
        migrations.RunSQL(REINDEX, migrations.RunSQL.noop),
    ]

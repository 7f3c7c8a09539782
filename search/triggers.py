"""The SQL that keeps search.models' text tables current: one trigger per source table.

SOURCES names, per text table, the source table, the columns that feed each weight and the
title. The migration (0002) installs the functions and triggers and fills the tables from the
rows already there; a later change of SOURCES needs a new migration calling `install(...)`."""

# text table: (source table, key column, weight A, weight B, weight C, title, columns watched)
SOURCES = {
    "search_networktext": (
        "networks_network",
        "network_id",
        "concat_ws(' ', {row}.name, nullif({row}.short_name, ''))",
        "concat_ws(' ', {row}.purpose, {row}.target_group)",
        "{row}.mandate_note",
        "{row}.name",
        ("name", "short_name", "purpose", "target_group", "mandate_note"),
    ),
    "search_meetingtext": (
        "networks_meeting",
        "meeting_id",
        "{row}.title",
        "{row}.description",
        "{row}.location_name",
        "{row}.title",
        ("title", "description", "location_name"),
    ),
    "search_agendaitemtext": (
        "networks_agendaitem",
        "agenda_item_id",
        "{row}.title",
        "{row}.description",
        "''",
        "{row}.title",
        ("title", "description"),
    ),
    "search_organisationtext": (
        "networks_organisation",
        "organisation_id",
        "concat_ws(' ', {row}.name, nullif({row}.short_name, ''))",
        "''",
        "''",
        "{row}.name",
        ("name", "short_name"),
    ),
    "search_goaltext": (
        "rus_goal",
        "goal_id",
        "concat_ws(' ', {row}.code, {row}.name)",
        "{row}.description",
        "''",
        "{row}.name",
        ("code", "name", "description"),
    ),
    "search_indicatortext": (
        "rus_indicator",
        "indicator_id",
        "{row}.name",
        "{row}.definition",
        "concat_ws(' ', {row}.unit, nullif({row}.source_id, ''))",
        "{row}.name",
        ("name", "definition", "unit", "source_id"),
    ),
}

# The library's vector (knowledge/migrations/0005: both configurations per weight, every lexeme
# unaccented), over three texts; and its folded title.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION search_text_vector(a text, b text, c text) RETURNS tsvector
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT planportal_unaccent((
      setweight(to_tsvector('planportal_sv_compound', coalesce(a, '')), 'A')
   || setweight(to_tsvector('swedish', coalesce(a, '')), 'A')
   || setweight(to_tsvector('planportal_sv_compound', coalesce(b, '')), 'B')
   || setweight(to_tsvector('swedish', coalesce(b, '')), 'B')
   || setweight(to_tsvector('planportal_sv_compound', coalesce(c, '')), 'C')
   || setweight(to_tsvector('swedish', coalesce(c, '')), 'C'))::text)::tsvector
$$;
CREATE OR REPLACE FUNCTION search_text_title(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(planportal_unaccent(coalesce(t, ''))) $$;
"""
DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS search_text_vector(text, text, text);
DROP FUNCTION IF EXISTS search_text_title(text);
"""


def _values(spec, row: str) -> str:
    _table, _key, a, b, c, title, _columns = spec
    a, b, c, title = (part.format(row=row) for part in (a, b, c, title))
    return f"search_text_vector({a}, {b}, {c}), search_text_title({title})"


def install_sql() -> str:
    statements = [FUNCTIONS]
    for text_table, spec in SOURCES.items():
        table, key, *_rest, columns = spec
        name = f"{text_table}_keep"
        statements.append(f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM {text_table} WHERE {key} = OLD.id;
    RETURN NULL;
  END IF;
  INSERT INTO {text_table} ({key}, vector, title) VALUES (NEW.id, {_values(spec, "NEW")})
    ON CONFLICT ({key}) DO UPDATE SET vector = EXCLUDED.vector, title = EXCLUDED.title;
  RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS {name} ON {table};
CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {", ".join(columns)} ON {table}
  FOR EACH ROW EXECUTE FUNCTION {name}();
INSERT INTO {text_table} ({key}, vector, title) SELECT s.id, {_values(spec, "s")} FROM {table} s
  ON CONFLICT ({key}) DO UPDATE SET vector = EXCLUDED.vector, title = EXCLUDED.title;
""")
    return "\n".join(statements)


def uninstall_sql() -> str:
    statements = []
    for text_table, spec in SOURCES.items():
        name = f"{text_table}_keep"
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {spec[0]}; DROP FUNCTION IF EXISTS {name}();")
    statements.append(DROP_FUNCTIONS)
    return "\n".join(statements)

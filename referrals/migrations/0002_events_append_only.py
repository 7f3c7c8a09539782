from django.db import migrations

# The event trail is append-only: UPDATE and DELETE of events are refused by the database. The one
# way to remove them is deleting a whole case through referrals.services.cases.referral_delete
# (administrators), which sets referrals.allow_event_delete for its own transaction only.
SQL = """
CREATE FUNCTION referrals_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('referrals.allow_event_delete', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'referral events are append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER referrals_event_append_only
BEFORE UPDATE OR DELETE ON referrals_referralevent
FOR EACH ROW EXECUTE FUNCTION referrals_event_append_only();
"""

REVERSE = """
DROP TRIGGER IF EXISTS referrals_event_append_only ON referrals_referralevent;
DROP FUNCTION IF EXISTS referrals_event_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]

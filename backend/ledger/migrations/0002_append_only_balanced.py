"""PostgreSQL enforces the ledger's rules itself, whatever code (or psql session) writes:

* an entry whose postings do not sum to 0, or that has fewer than two postings, cannot
  commit (constraint triggers, DEFERRABLE INITIALLY DEFERRED: checked at COMMIT, after all
  of an entry's postings are in);
* entries and postings are append-only: UPDATE and DELETE are refused (a correction is a
  reversing entry). TRUNCATE, which only a test suite's flush or an operator uses, is left.
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION ledger_check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry bigint;
    total numeric;
    lines bigint;
BEGIN
    IF TG_TABLE_NAME = 'ledger_posting' THEN
        entry := NEW.entry_id;
    ELSE
        entry := NEW.id;
    END IF;
    SELECT COALESCE(SUM(amount), 0), COUNT(*) INTO total, lines
      FROM ledger_posting WHERE entry_id = entry;
    IF total <> 0 OR lines < 2 THEN
        RAISE EXCEPTION 'ledger entry % does not balance (% postings summing to %)',
            entry, lines, total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_posting_balanced
    AFTER INSERT ON ledger_posting DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();
CREATE CONSTRAINT TRIGGER ledger_entry_balanced
    AFTER INSERT ON ledger_journalentry DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balanced();

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % refused (post a reversing entry)',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER ledger_posting_append_only BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
"""

REVERSE = r"""
DROP TRIGGER ledger_entry_append_only ON ledger_journalentry;
DROP TRIGGER ledger_posting_append_only ON ledger_posting;
DROP FUNCTION ledger_refuse_change();
DROP TRIGGER ledger_entry_balanced ON ledger_journalentry;
DROP TRIGGER ledger_posting_balanced ON ledger_posting;
DROP FUNCTION ledger_check_entry_balanced();
"""


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, REVERSE)]

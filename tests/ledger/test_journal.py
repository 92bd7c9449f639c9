"""The ledger refuses what does not balance, never changes what it wrote, and posts each
business event once however often it is retried."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import DatabaseError

from backend.ledger import journal
from backend.ledger.journal import AccountRef, LedgerError, Line
from backend.ledger.models import AccountKind as K
from backend.ledger.models import JournalEntry, Posting

BANK, REVENUE = AccountRef(K.BANK), AccountRef(K.COMMISSION_REVENUE)


def _pair(amount: int = 1000) -> list[Line]:
    return [Line(BANK, amount), Line(REVENUE, -amount)]


@pytest.mark.django_db
def test_post_writes_a_balanced_entry_and_balances_are_sums():
    journal.post("gateway_settled", "e1", _pair(1000))
    journal.post("gateway_settled", "e2", _pair(250))
    assert journal.balance(BANK) == 1250
    assert journal.balance(REVENUE) == -1250
    assert Posting.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("lines", [
    [Line(BANK, 1000), Line(REVENUE, -999)],   # unbalanced
    [Line(BANK, 0), Line(REVENUE, 0)],         # zero lines
    [Line(BANK, 10.0), Line(REVENUE, -10.0)],  # not whole đồng
    [Line(BANK, 0)],                           # one line
])
def test_post_refuses_bad_lines(lines):
    with pytest.raises(LedgerError):
        journal.post("gateway_settled", "bad", lines)
    assert JournalEntry.objects.count() == 0


@pytest.mark.django_db
def test_retrying_an_event_posts_it_once_and_a_reused_key_with_other_amounts_is_refused():
    first = journal.post("gateway_settled", "webhook-42", _pair(500))
    again = journal.post("gateway_settled", "webhook-42", _pair(500))
    assert again.pk == first.pk
    assert journal.balance(BANK) == 500
    with pytest.raises(LedgerError):
        journal.post("gateway_settled", "webhook-42", _pair(700))
    assert journal.balance(BANK) == 500


@pytest.mark.django_db
def test_producer_accounts_need_a_producer_and_balances_read_as_owed(producers):
    with pytest.raises(LedgerError):
        AccountRef(K.PRODUCER_PAYABLE)
    with pytest.raises(LedgerError):
        AccountRef(K.BANK, producers[0])
    journal.post("payout_failed", "p", [Line(AccountRef(K.PAYOUTS_IN_TRANSIT), 300),
                                        Line(AccountRef(K.PRODUCER_PAYABLE, producers[0]), -300)])
    assert journal.producer_balances(producers[0]).payable == 300
    assert journal.producer_balances(producers[1]).total == 0


@pytest.mark.django_db
def test_reverse_undoes_an_entry_once():
    entry = journal.post("gateway_settled", "e", _pair(900))
    undo = journal.reverse(entry, "e:undo")
    assert journal.reverse(entry, "e:undo").pk == undo.pk
    assert journal.balance(BANK) == 0 and undo.reverses_id == entry.pk


def _raw_unbalanced_entry() -> None:
    journal.post("gateway_settled", "seed", _pair(10))  # creates the accounts
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO ledger_journalentry (kind, key, memo, created_at, "
                       "order_number, producer_order_number) VALUES "
                       "('refund', 'raw', '', now(), '', '') RETURNING id")
        entry = cursor.fetchone()[0]
        cursor.execute("INSERT INTO ledger_posting (entry_id, account_id, amount, label) "
                       "SELECT %s, id, 5000, '' FROM ledger_account WHERE kind = 'bank'",
                       [entry])


def test_postgres_refuses_to_commit_an_unbalanced_entry(
    transactional_db, django_db_serialized_rollback
):
    with pytest.raises(IntegrityError, match="does not balance"):
        with transaction.atomic():
            _raw_unbalanced_entry()  # written by SQL, past every Python check
    assert not JournalEntry.objects.filter(key="raw").exists()
    assert journal.balance(BANK) == 0  # the seed entry went with it: one transaction


def test_postgres_refuses_an_entry_without_postings(
    transactional_db, django_db_serialized_rollback
):
    with pytest.raises(IntegrityError, match="does not balance"):
        with transaction.atomic():
            JournalEntry.objects.create(kind="refund", key="empty")
    assert JournalEntry.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("sql", [
    "UPDATE ledger_posting SET amount = amount * 2",
    "DELETE FROM ledger_posting",
    "UPDATE ledger_journalentry SET memo = 'sửa'",
    "DELETE FROM ledger_journalentry",
])
def test_postgres_refuses_to_change_or_delete_what_was_posted(sql):
    journal.post("gateway_settled", "e", _pair(1000))
    with pytest.raises((InternalError, DatabaseError), match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert journal.balance(BANK) == 1000
    assert JournalEntry.objects.get().memo == ""

"""Posting to the ledger: the one door through which money is written.

``post`` writes one balanced entry (its lines are integers of đồng, none zero, summing to
0) once per idempotency key: a retried webhook, task or request posts nothing new and gets
the first entry back. PostgreSQL refuses the rest on its own (migration 0002): an entry
whose postings do not sum to 0 cannot commit, and entries and postings can be neither
updated nor deleted; a mistake is corrected by ``reverse``.

Balances are sums of postings, never stored. Sign: debit positive, credit negative; a
producer is owed the *negated* sum of its accounts (they are liabilities of the
marketplace), which ``producer_balances`` returns as positive numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from .models import PRODUCER_KINDS, Account, AccountKind, JournalEntry, Posting


class LedgerError(ValueError):
    """An entry the ledger refuses (unbalanced, a zero or non-integer line, a key reused)."""


@dataclass(frozen=True, order=True)
class AccountRef:
    """An account named by what it is: its kind and, for producers' accounts, the producer."""

    kind: str
    producer_id: int | None = None

    def __post_init__(self) -> None:
        if (self.kind in PRODUCER_KINDS) != (self.producer_id is not None):
            raise LedgerError(f"Account {self.kind} with producer {self.producer_id!r}")


@dataclass(frozen=True)
class Line:
    account: AccountRef
    amount: int  # debit positive, credit negative
    label: str = ""


@dataclass(frozen=True)
class ProducerBalance:
    pending: int  # delivered, still inside the return window
    payable: int  # may be paid out (negative: the producer owes the marketplace)

    @property
    def total(self) -> int:
        return self.pending + self.payable


def check_lines(lines: Sequence[Line]) -> None:
    if len(lines) < 2:
        raise LedgerError("An entry needs at least two lines")
    for line in lines:
        if type(line.amount) is not int:  # bool and float are refused too
            raise LedgerError(f"Amount {line.amount!r} is not a whole number of đồng")
        if line.amount == 0:
            raise LedgerError("A line of 0 đồng")
    total = sum(line.amount for line in lines)
    if total != 0:
        raise LedgerError(f"Entry does not balance: lines sum to {total}")


def post(kind: str, key: str, lines: Sequence[Line], *, memo: str = "",
         order_number: str = "", producer_order_number: str = "",
         payout_line_id: int | None = None, reverses: JournalEntry | None = None
         ) -> JournalEntry:
    """Write one balanced entry for the business event ``key`` (or return the one written).

    Producers' accounts are locked in a fixed order (by id) so a payout run reading their
    balances never interleaves with a posting to them. The marketplace's own accounts are
    not locked: no decision reads their balances, and locking them would queue every
    delivery in the country behind one row.
    """
    check_lines(lines)
    # No savepoint of its own: a failure here fails the caller's transaction as a whole,
    # which is what "nothing half-written" asks, and saves two round trips per entry.
    with transaction.atomic(savepoint=False):
        accounts = _accounts({line.account for line in lines})
        entry = JournalEntry(
            kind=kind, key=key, memo=memo[:255], order_number=order_number,
            producer_order_number=producer_order_number, payout_line_id=payout_line_id,
            reverses=reverses, created_at=timezone.now(),
        )
        inserted = _insert_once(entry)
        if inserted:
            Posting.objects.bulk_create(
                Posting(entry=entry, account=accounts[line.account], amount=line.amount,
                        producer_id=line.account.producer_id, label=line.label)
                for line in lines
            )
    if not inserted:
        # Posted before (a retry), or concurrently by a transaction that committed first
        # (ON CONFLICT waited for it): that entry stands. Checked outside the block so a
        # refusal leaves the caller's transaction usable.
        return _same_or_refuse(JournalEntry.objects.get(key=key), lines)
    return entry


def _insert_once(entry: JournalEntry) -> bool:
    """Insert the entry unless its key exists; one statement, no savepoint."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_journalentry (kind, key, memo, created_at, order_number, "
            "producer_order_number, payout_line_id, reverses_id) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO NOTHING RETURNING id",
            [entry.kind, entry.key, entry.memo, entry.created_at, entry.order_number,
             entry.producer_order_number, entry.payout_line_id, entry.reverses_id],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    entry.pk = row[0]
    entry._state.adding = False
    return True


def _same_or_refuse(entry: JournalEntry, lines: Sequence[Line]) -> JournalEntry:
    """A retry must describe the same money; a key reused for other amounts is a bug."""
    posted = Counter(
        (AccountRef(kind, producer), amount)
        for kind, producer, amount in entry.postings.values_list(
            "account__kind", "account__producer_id", "amount")
    )
    if posted != Counter((line.account, line.amount) for line in lines):
        raise LedgerError(f"Key {entry.key!r} was already posted with other amounts")
    return entry


def _accounts(refs: Iterable[AccountRef]) -> dict[AccountRef, Account]:
    """The accounts, producers' ones locked (by id); missing ones are created first."""
    refs = sorted(refs)
    found = _find_accounts(refs)
    if len(found) < len(refs):
        Account.objects.bulk_create(
            [Account(kind=ref.kind, producer_id=ref.producer_id) for ref in refs
             if ref not in found],
            ignore_conflicts=True,  # a concurrent first posting may create one too
        )
        found = _find_accounts(refs)
    return {ref: found[ref] for ref in refs}


def _find_accounts(refs: list[AccountRef]) -> dict[AccountRef, Account]:
    found: dict[AccountRef, Account] = {}
    producer_refs = [ref for ref in refs if ref.producer_id is not None]
    if producer_refs:
        locked = Account.objects.select_for_update().filter(
            kind__in={ref.kind for ref in producer_refs},
            producer_id__in={ref.producer_id for ref in producer_refs},
        ).order_by("pk")
        for account in locked:
            found[AccountRef(account.kind, account.producer_id)] = account
    shared = [ref.kind for ref in refs if ref.producer_id is None]
    if shared:
        for account in Account.objects.filter(kind__in=shared, producer__isnull=True):
            found[AccountRef(account.kind)] = account
    return {ref: found[ref] for ref in refs if ref in found}


def reverse(entry: JournalEntry, key: str, memo: str = "") -> JournalEntry:
    """An entry undoing ``entry`` line by line (the ledger's only way to correct itself)."""
    lines = [
        Line(AccountRef(kind, producer), -amount, label)
        for kind, producer, amount, label in entry.postings.order_by("pk").values_list(
            "account__kind", "account__producer_id", "amount", "label")
    ]
    return post(
        "reversal", key, lines, memo=memo or f"Đảo bút toán {entry.key}",
        order_number=entry.order_number, producer_order_number=entry.producer_order_number,
        payout_line_id=entry.payout_line_id, reverses=entry,
    )


def balance(account: AccountRef | Account) -> int:
    """The debit-positive sum of an account's postings (0 for an account never used)."""
    if isinstance(account, AccountRef):
        postings = Posting.objects.filter(account__kind=account.kind,
                                          account__producer_id=account.producer_id)
    else:
        postings = Posting.objects.filter(account=account)
    return postings.aggregate(total=Sum("amount"))["total"] or 0


def producer_balances(producer_id: int) -> ProducerBalance:
    """What the marketplace owes a producer, pending and payable (positive: owed to it)."""
    sums = dict(
        Posting.objects.filter(producer_id=producer_id)
        .values_list("account__kind").annotate(total=Sum("amount"))
    )
    return ProducerBalance(pending=-(sums.get(AccountKind.PRODUCER_PENDING) or 0),
                           payable=-(sums.get(AccountKind.PRODUCER_PAYABLE) or 0))


def payable_balances(producer_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Each producer's payable balance (owed to it), for the producers that have one."""
    postings = Posting.objects.filter(account__kind=AccountKind.PRODUCER_PAYABLE)
    if producer_ids is not None:
        postings = postings.filter(producer_id__in=list(producer_ids))
    return {
        producer: -total
        for producer, total in postings.values_list("producer_id").annotate(total=Sum("amount"))
    }


def record(spec) -> JournalEntry | None:
    """Post a ``recipes.EntrySpec`` (``None``, a recipe's "nothing to post", posts nothing)."""
    return None if spec is None else post(**spec.as_post_kwargs())

"""The ledger's tables: accounts, journal entries and their postings (append-only, balanced,
enforced by PostgreSQL triggers in migration 0002), commission rules, payout batches.

Amounts are whole đồng. A posting's amount is signed: debit positive, credit negative, so
every entry's postings sum to 0 and so does the whole ledger. See ``recipes`` for the chart
of accounts and what each business event posts.
"""

from __future__ import annotations

from django.db import models


class AccountKind(models.TextChoices):
    GATEWAY_COD = "gateway_cod", "Tiền COD chủ thể đã thu hộ"
    GATEWAY_VIETQR = "gateway_vietqr", "Tiền VietQR chờ đối soát"
    GATEWAY_STRIPE = "gateway_stripe", "Tiền thẻ (Stripe) chờ chuyển về"
    ORDERS_UNDELIVERED = "orders_undelivered", "Tiền khách trả cho đơn chưa giao"
    PRODUCER_PENDING = "producer_pending", "Doanh thu chủ thể chờ hết hạn đổi trả"
    PRODUCER_PAYABLE = "producer_payable", "Số dư chủ thể có thể rút"
    COMMISSION_REVENUE = "commission_revenue", "Doanh thu hoa hồng của sàn"
    COMMISSION_VAT = "commission_vat", "Thuế GTGT trên hoa hồng phải nộp"
    VOUCHER_EXPENSE = "voucher_expense", "Chi phí mã giảm giá do sàn tài trợ"
    REFUNDS_OWED = "refunds_owed", "Tiền hoàn phải trả khách"
    PAYOUTS_IN_TRANSIT = "payouts_in_transit", "Tiền chi trả đang chuyển"
    BANK = "bank", "Tài khoản ngân hàng của sàn"


# The accounts that belong to one producer (and only those carry a producer).
PRODUCER_KINDS = (AccountKind.PRODUCER_PENDING, AccountKind.PRODUCER_PAYABLE)


class Account(models.Model):
    kind = models.CharField("loại", max_length=32, choices=AccountKind.choices)
    producer = models.ForeignKey(
        "producers.Producer", null=True, blank=True, on_delete=models.PROTECT,
        related_name="ledger_accounts", verbose_name="chủ thể",
    )

    class Meta:
        verbose_name = "tài khoản sổ cái"
        verbose_name_plural = "tài khoản sổ cái"
        constraints = [
            models.UniqueConstraint(fields=["kind", "producer"], nulls_distinct=False,
                                    name="ledger_account_kind_producer_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=PRODUCER_KINDS, producer__isnull=False)
                | (~models.Q(kind__in=PRODUCER_KINDS) & models.Q(producer__isnull=True)),
                name="ledger_account_producer_iff_producer_kind",
            ),
        ]

    def __str__(self) -> str:
        label = AccountKind(self.kind).label
        return f"{label} #{self.producer_id}" if self.producer_id else label


class EntryKind(models.TextChoices):
    ORDER_PAID = "order_paid", "Khách thanh toán đơn"
    ORDER_DELIVERED = "order_delivered", "Đơn đã giao"
    EARNINGS_RELEASED = "earnings_released", "Hết hạn đổi trả: chuyển sang có thể rút"
    REFUND = "refund", "Hoàn tiền"
    RETURN = "return", "Trả hàng"
    REFUND_PAID = "refund_paid", "Đã hoàn tiền cho khách"
    PAYOUT_STARTED = "payout_started", "Lập lệnh chi trả"
    PAYOUT_PAID = "payout_paid", "Chi trả thành công"
    PAYOUT_FAILED = "payout_failed", "Chi trả thất bại"
    GATEWAY_SETTLED = "gateway_settled", "Cổng thanh toán chuyển tiền về"
    REVERSAL = "reversal", "Bút toán đảo"


class JournalEntry(models.Model):
    """One business event. ``key`` is unique: retrying the event posts nothing new."""

    kind = models.CharField("loại", max_length=32, choices=EntryKind.choices)
    key = models.CharField("khoá chống trùng", max_length=200, unique=True)
    memo = models.CharField("diễn giải", max_length=255, blank=True)
    created_at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    # References to the orders app and payouts as plain values: the ledger does not depend
    # on those models, and an entry keeps its meaning whatever happens to them.
    order_number = models.CharField("mã đơn", max_length=64, blank=True, db_index=True)
    producer_order_number = models.CharField("mã đơn của chủ thể", max_length=64, blank=True,
                                             db_index=True)
    payout_line_id = models.BigIntegerField("dòng chi trả", null=True, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name="đảo bút toán")

    class Meta:
        verbose_name = "bút toán"
        verbose_name_plural = "bút toán"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"


class Posting(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.BigIntegerField("số tiền (nợ +, có −)")
    # Copied from the account so a producer's statement is one indexed scan.
    producer_id = models.BigIntegerField(null=True, blank=True)
    label = models.CharField("khoản", max_length=32, blank=True)

    class Meta:
        verbose_name = "dòng bút toán"
        verbose_name_plural = "dòng bút toán"
        indexes = [models.Index(fields=["producer_id", "entry"], name="ledger_posting_producer"),
                   models.Index(fields=["account", "entry"], name="ledger_posting_account")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="ledger_posting_nonzero"),
        ]


class CommissionRule(models.Model):
    """A commission rate in basis points (100 = 1 %) from ``valid_from`` on.

    Neither producer nor category: the marketplace default. The most specific rule wins:
    producer + category > producer > category (nearest ancestor) > default.
    """

    producer = models.ForeignKey("producers.Producer", null=True, blank=True,
                                 on_delete=models.CASCADE, verbose_name="chủ thể")
    category = models.ForeignKey("catalog.Category", null=True, blank=True,
                                 on_delete=models.CASCADE, verbose_name="danh mục")
    rate_bps = models.PositiveIntegerField(
        "tỉ lệ hoa hồng (phần vạn)", help_text="100 = 1 %. Ví dụ 850 là 8,5 %.")
    valid_from = models.DateField("áp dụng từ ngày")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quy tắc hoa hồng"
        verbose_name_plural = "quy tắc hoa hồng"
        ordering = ["producer_id", "category_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["producer", "category", "valid_from"],
                                    nulls_distinct=False, name="ledger_commission_rule_unique"),
            models.CheckConstraint(condition=models.Q(rate_bps__lte=10000),
                                   name="ledger_commission_rate_at_most_100pc"),
        ]

    def __str__(self) -> str:
        return f"{self.rate_bps / 100:g} % từ {self.valid_from:%d/%m/%Y}"


class PayoutBatch(models.Model):
    created_at = models.DateTimeField("lập lúc")
    threshold = models.PositiveBigIntegerField("ngưỡng tối thiểu (đ)")
    # Producers with a balance to pay but no verified bank account: [{producer_id, amount}].
    skipped = models.JSONField("bỏ qua (chưa có tài khoản ngân hàng)", default=list, blank=True)

    class Meta:
        verbose_name = "đợt chi trả"
        verbose_name_plural = "đợt chi trả"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Đợt chi trả #{self.pk} ({self.created_at:%d/%m/%Y})"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", "Chờ chuyển"
    PAID = "paid", "Đã chuyển"
    FAILED = "failed", "Thất bại"


class PayoutLine(models.Model):
    batch = models.ForeignKey(PayoutBatch, on_delete=models.PROTECT, related_name="lines")
    producer = models.ForeignKey("producers.Producer", on_delete=models.PROTECT,
                                 related_name="payout_lines", verbose_name="chủ thể")
    amount = models.PositiveBigIntegerField("số tiền (đ)")
    # The bank account as it was when the batch was made: what the transfer file said.
    bank_bin = models.CharField("mã BIN ngân hàng", max_length=8)
    account_number = models.CharField("số tài khoản", max_length=32)
    account_holder = models.CharField("chủ tài khoản", max_length=255)
    status = models.CharField("trạng thái", max_length=16, choices=PayoutStatus.choices,
                              default=PayoutStatus.PENDING)
    reason = models.CharField("lý do thất bại", max_length=255, blank=True)
    settled_at = models.DateTimeField("xử lý lúc", null=True, blank=True)

    class Meta:
        verbose_name = "dòng chi trả"
        verbose_name_plural = "dòng chi trả"
        ordering = ["batch_id", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="ledger_payout_line_positive"),
        ]

    def __str__(self) -> str:
        return f"Chi trả #{self.pk}: {self.amount} đ"

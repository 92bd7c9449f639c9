"""A background writer for the benchmarks: changes the stock of random products ten times
a second (by default) through the same domain function sellers and staff use, so every
signal, dirty flag and cache invalidation a real stock change causes happens too.

Its rows must be visible to it: use it only in benchmarks whose catalog is committed
(``django_db(transaction=True)``), since it writes on a connection of its own.
"""

from __future__ import annotations

import random
import threading
import time

from django.db import close_old_connections, connection

WRITES_PER_SECOND = 10.0


class StockWriter(threading.Thread):
    """Sells one unit (four times in five) or restocks five, on random stock rows; some
    rows run out and come back, as they do under real orders."""

    def __init__(self, stock_ids: list[int], per_second: float = WRITES_PER_SECOND,
                 seed: int = 7) -> None:
        super().__init__(daemon=True)
        self.stock_ids, self.interval = stock_ids, 1.0 / per_second
        self.rng = random.Random(seed)
        self.stop_event = threading.Event()
        self.writes = 0
        self.refused = 0

    def run(self) -> None:
        from django.core.exceptions import ValidationError

        from backend.warehouse.models import Stock
        from backend.warehouse.stock import set_stock

        due = time.monotonic()
        try:
            # Keep the rate whatever a write costs: wait for the next slot, not a fixed gap.
            while not self.stop_event.wait(max(0.0, (due := due + self.interval)
                                               - time.monotonic())):
                stock = (Stock.objects.select_related("product_variant", "warehouse")
                         .get(pk=self.rng.choice(self.stock_ids)))
                sell = stock.quantity > stock.quantity_allocated and self.rng.random() < 0.8
                try:
                    set_stock(stock.product_variant,
                              [(stock.warehouse, stock.quantity + (-1 if sell else 5))])
                    self.writes += 1
                except ValidationError:  # an order took the last units meanwhile
                    self.refused += 1
        finally:
            close_old_connections()
            connection.close()

    def __enter__(self) -> StockWriter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_event.set()
        self.join(timeout=30)

    def rate(self, seconds: float) -> float:
        return self.writes / seconds if seconds > 0 else 0.0

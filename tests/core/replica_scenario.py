"""Run in a subprocess by tests/core/test_replicas.py, with Django configured for a
primary (DATABASE_URL) and one streaming replica (DATABASE_REPLICA_URLS). Prints one JSON
object: what each step read, and from which server."""

from __future__ import annotations

import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from backend.graphql.execution import execute_operation  # noqa: E402

LISTING = '{ products(first: 5, channel: "vn") { edges { node { name } } } }'
REGISTER = """mutation { accountRegister(input: {email: "moi@example.vn",
  password: "Mật-khẩu-Sen-2026", redirectUrl: "http://localhost/tai-khoan/xac-nhan/",
  channel: "vn"}) { errors { field code } } }"""


class Counter:
    """Counts the SQL statements each connection runs (Django's execute wrappers)."""

    def __init__(self) -> None:
        self.counts = {"default": 0, "replica_0": 0}

    def wrapper(self, alias: str):
        def run(execute, sql, params, many, context):
            if "statement_timeout" not in sql:
                self.counts[alias] += 1
            return execute(sql, params, many, context)
        return run

    def __enter__(self):
        self._cms = [connections[a].execute_wrapper(self.wrapper(a)) for a in self.counts]
        for cm in self._cms:
            cm.__enter__()
        return self

    def __exit__(self, *exc):
        for cm in reversed(self._cms):
            cm.__exit__(*exc)


def request(user=None):
    req = RequestFactory().post("/graphql/")
    req.user = user or AnonymousUser()
    return req


def names(result) -> list[str]:
    assert not result.errors, result.errors
    return [e["node"]["name"] for e in result.data["products"]["edges"]]


def wait_for(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("the replica did not catch up")
        time.sleep(0.05)
        connections["replica_0"].close()


def on_replica(sql: str):
    with connections["replica_0"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def main() -> None:
    from backend.account.models import User
    from backend.catalog.models import Product
    from backend.catalog.services import create_product, publish, set_variant_price
    from backend.channel.models import get_default_channel
    from backend.geo.resolver import resolve_address
    from backend.ocop.services import ensure_ocop_product_type
    from backend.producers.services import create_producer
    from backend.search.api import index_products

    out: dict[str, object] = {"replica_in_recovery": on_replica("SELECT pg_is_in_recovery()")}
    channel = get_default_channel()
    place = resolve_address("xã Ninh Gia, tỉnh Lâm Đồng")
    producer = create_producer(name="HTX Chè Cầu Đất", province=place.province,
                               commune=place.commune, legacy_province=place.legacy_province,
                               address="xã Ninh Gia, tỉnh Lâm Đồng")
    product = create_product(name="Trà Ô long Cầu Đất", product_type=ensure_ocop_product_type(),
                             producer=producer, sku="TRA-1", description="Trà ô long.")
    publish(product, channel, is_published=True)
    set_variant_price(product.default_variant, channel, 150000)
    index_products([product.pk])
    wait_for(lambda: on_replica(f"SELECT count(*) FROM catalog_product WHERE id = {product.pk}"))

    with Counter() as counter:
        out["anonymous_listing"] = names(execute_operation(request(), LISTING))
    out["anonymous_listing_sql"] = counter.counts

    # Replay paused: the replica falls behind a rename on the primary. An anonymous
    # listing still shows the old name (it reads the replica); a signed-in one, the new.
    on_replica("SELECT pg_wal_replay_pause()::text")
    Product.objects.filter(pk=product.pk).update(name="Trà Ô long Cầu Đất đặc biệt")
    index_products([product.pk])
    out["paused_anonymous"] = names(execute_operation(request(), LISTING))
    staff = User.objects.create_user("nhanvien@example.vn", "Mật-khẩu-Sen-2026")
    with Counter() as counter:
        out["paused_signed_in"] = names(execute_operation(request(staff), LISTING))
    out["signed_in_sql"] = counter.counts
    on_replica("SELECT pg_wal_replay_resume()::text")
    wait_for(lambda: on_replica(
        f"SELECT count(*) FROM catalog_product WHERE id = {product.pk} AND name LIKE '%đặc biệt'"))
    out["resumed_anonymous"] = names(execute_operation(request(), LISTING))

    # A mutation never touches the replica, even from an anonymous visitor.
    with Counter() as counter:
        result = execute_operation(request(), REGISTER)
    out["mutation_errors"] = result.errors and [str(e) for e in result.errors]
    out["mutation_sql"] = counter.counts
    out.update(checkout(producer, product))
    print("RESULT " + json.dumps(out, ensure_ascii=False))


def run(user, document: str, variables: dict | None = None) -> dict:
    result = execute_operation(request(user), document, variables or {})
    assert not result.errors, result.errors
    return result.data


def checkout(producer, product) -> dict[str, object]:
    """A signed-in shopper buys with cash on delivery while the replica's replay is
    paused: every checkout statement runs on the primary, the shopper reads the order and
    the stock it took at once (primary), and an anonymous listing, read from the replica,
    shows the stock as it was until replay resumes."""
    from graphql_relay import to_global_id

    from backend.account.models import User
    from backend.shipping.models import ShippingMethod
    from backend.warehouse.models import Stock, Warehouse
    from tests.benchmarks.load import documents as d

    ShippingMethod.objects.create(producer=producer, name="Giao tiêu chuẩn",
                                  price_nationwide=30000)
    warehouse = Warehouse.objects.create(name="Kho Cầu Đất", slug="kho-cau-dat",
                                         producer=producer, province=producer.province)
    Stock.objects.create(warehouse=warehouse, product_variant=product.default_variant,
                         quantity=3)
    shopper = User.objects.create_user("khach@example.vn", "Mật-khẩu-Sen-2026")
    wait_for(lambda: on_replica("SELECT count(*) FROM warehouse_stock WHERE quantity = 3"))
    out: dict[str, object] = {}
    stock_query = ('{ products(first: 5, channel: "vn") { edges { node { name '
                   "defaultVariant { quantityAvailable } } } } }")

    def available(data: dict) -> int:
        return data["products"]["edges"][0]["node"]["defaultVariant"]["quantityAvailable"]

    on_replica("SELECT pg_wal_replay_pause()::text")
    errors = []
    with Counter() as counter:
        cart = run(shopper, d.CHECKOUT_CREATE, {"email": shopper.email})["checkoutCreate"]
        errors += cart["errors"]
        cart_id = cart["checkout"]["id"]
        variant = to_global_id("ProductVariant", product.default_variant_id)
        added = run(shopper, d.CHECKOUT_ADD,
                    {"id": cart_id, "lines": [{"variantId": variant, "quantity": 1}]})
        errors += added["checkoutLinesAdd"]["errors"]
        address = run(shopper, d.CHECKOUT_ADDRESS, {"id": cart_id, "address": {
            "firstName": "Lan", "lastName": "Nguyễn", "streetAddress1": "12 Trần Phú",
            "city": "Phường Hải Châu", "countryArea": "Đà Nẵng", "phone": "0905111222",
            "country": "VN"}})["checkoutShippingAddressUpdate"]
        errors += address["errors"]
        method = address["checkout"]["shippingMethods"][0]["id"]
        errors += run(shopper, d.CHECKOUT_DELIVERY, {"id": cart_id, "method": method})[
            "checkoutDeliveryMethodUpdate"]["errors"]
        errors += run(shopper, d.CHECKOUT_COD, {"id": cart_id})[
            "transactionInitialize"]["errors"]
        done = run(shopper, d.CHECKOUT_COMPLETE, {"id": cart_id})["checkoutComplete"]
        errors += done["errors"]
    out["checkout_errors"] = errors
    out["checkout_sql"] = counter.counts
    with Counter() as counter:
        mine = run(shopper, "{ me { orders(first: 5) { edges { node { number } } } } }")
        signed_in_stock = available(run(shopper, stock_query))
    out["order_read_back"] = [e["node"]["number"] for e in mine["me"]["orders"]["edges"]]
    out["order_number"] = done["order"]["number"]
    out["signed_in_available"] = signed_in_stock
    out["read_back_sql"] = counter.counts
    with Counter() as counter:
        out["paused_anonymous_available"] = available(run(None, stock_query))
    out["anonymous_stock_sql"] = counter.counts
    on_replica("SELECT pg_wal_replay_resume()::text")
    wait_for(lambda: on_replica("SELECT count(*) FROM warehouse_stock WHERE quantity_allocated = 1"))
    out["resumed_anonymous_available"] = available(run(None, stock_query))
    return out


if __name__ == "__main__":
    main()

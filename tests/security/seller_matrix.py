"""A reusable access-control matrix for seller-side doors.

``build_world`` makes two approved producers, A and B, each with products (one
unpublished), variants, a photo, stock, a team and a bank account, plus the actors that
knock: anonymous, a shopper, staff without permissions, each role of producer A, and an
operator. A ``Door`` is one GraphQL query or mutation aimed at producer B's things; the
matrix calls every door as every actor and checks that a refused call is a top-level
permission error and that nothing it could touch changed (row counts of every table and a
fingerprint of B's values, compared before and after). Later issues (orders) append doors.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.test import Client

ACTORS = ("anonymous", "shopper", "staff_without_permission", "a_owner", "a_manager",
          "a_packer", "operator")


@dataclass
class Door:
    name: str
    query: str
    variables: Callable[[dict], dict]
    allowed: frozenset[str] = frozenset()  # actors that may succeed
    upload: bool = False  # send as a GraphQL multipart request with one image file
    kind: str = "mutation"


@dataclass
class Outcome:
    door: str
    actor: str
    refused: bool
    message: str = ""
    changed: list[str] = field(default_factory=list)
    succeeded: bool = False  # no top-level error and no payload error


def _id(type_name: str, pk: int) -> str:
    from graphql_relay import to_global_id

    return to_global_id(type_name, str(pk))


def png_bytes(size=(64, 48), color=(200, 120, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def build_world(make_product, django_user_model) -> dict[str, Any]:
    from django.contrib.auth.models import Permission

    from backend.account.jwt_tokens import create_access_token
    from backend.catalog.services import add_product_media, create_product
    from backend.sellers import services
    from backend.sellers.models import ProducerMembership
    from backend.warehouse.models import Stock

    world: dict[str, Any] = {"users": {}, "tokens": {}}
    operator = django_user_model.objects.create_user(
        "matrix-operator@san.vn", password="x", is_staff=True)
    operator.user_permissions.add(*Permission.objects.filter(
        codename__in=["manage_products", "manage_sellers"]))
    operator = django_user_model.objects.get(pk=operator.pk)
    identity = {
        "registration_number": "0101234567", "personal_tax_code": "",
        "legal_representative": "Trần Thị Bình", "address": "thôn Đông, xã Tân Cương",
        "phone": "0987654321", "bank_bin": "970418",
        "bank_account_number": "12345678901", "bank_account_holder": "TRAN THI BINH",
    }
    for letter in ("a", "b"):
        product = make_product(f"Trà xanh {letter.upper()}")
        producer = product.producer
        owner = django_user_model.objects.create_user(f"{letter}-owner@matrix.vn", password="x")
        application = services.submit_application(
            owner, kind="claim", producer=producer, legal_name=f"HTX {letter.upper()}",
            email=f"{letter}-owner@matrix.vn", **identity)
        services.approve(operator, application, "Đủ giấy tờ")
        users = {"owner": owner}
        for role in ("manager", "packer"):
            users[role] = django_user_model.objects.create_user(
                f"{letter}-{role}@matrix.vn", password="x")
            ProducerMembership.objects.create(user=users[role], producer=producer, role=role)
        hidden = create_product(name=f"Trà chưa đăng {letter.upper()}",
                                product_type=product.product_type, producer=producer,
                                variant_name="500 g")
        media = add_product_media(product, png_bytes(), "anh.png")
        second = product.variants.create(name="1 kg", sku=f"{letter}-1kg")
        stock = Stock.objects.get(product_variant=product.default_variant)
        world[letter] = {
            "producer": producer, "product": product, "unpublished": hidden,
            "variant": product.default_variant, "second_variant": second, "media": media,
            "warehouse": stock.warehouse, "users": users,
            "memberships": {r: ProducerMembership.objects.get(user=u, producer=producer)
                            for r, u in users.items()},
        }
        for role, user in users.items():
            if letter == "a":
                world["users"][f"a_{role}"] = user
    world["users"]["operator"] = operator
    world["users"]["shopper"] = django_user_model.objects.create_user(
        "khach@matrix.vn", password="x")
    world["users"]["staff_without_permission"] = django_user_model.objects.create_user(
        "nhanvien@matrix.vn", password="x", is_staff=True)
    world["users"]["anonymous"] = None
    for name, user in world["users"].items():
        world["tokens"][name] = create_access_token(user) if user else None
    return world


def b_ids(world: dict) -> dict[str, str]:
    b = world["b"]
    return {
        "producer": _id("Producer", b["producer"].pk),
        "product": _id("Product", b["product"].pk),
        "unpublished": _id("Product", b["unpublished"].pk),
        "variant": _id("ProductVariant", b["variant"].pk),
        "second_variant": _id("ProductVariant", b["second_variant"].pk),
        "media": _id("ProductMedia", b["media"].pk),
        "warehouse": _id("Warehouse", b["warehouse"].pk),
        "owner_member": _id("ProducerMember", b["memberships"]["owner"].pk),
        "manager_member": _id("ProducerMember", b["memberships"]["manager"].pk),
        "channel": _id("Channel", b["product"].channel_listings.get().channel_id),
        "product_type": _id("ProductType", b["product"].product_type_id),
    }


def table_counts() -> dict[str, int]:
    """Row counts of every table a seller door could touch."""
    from django.apps import apps

    # Orders, refunds, the ledger and payments too: a refund door must write none of them.
    labels = ["catalog", "warehouse", "sellers", "producers", "ocop", "attribute", "translation",
              "order", "ledger", "payment"]
    counts = {}
    for label in labels:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.db_table] = model._default_manager.count()
    return counts


def fingerprint(world: dict) -> dict[str, Any]:
    """B's values a door could change without adding or removing rows."""
    from backend.catalog.models import (
        Product,
        ProductChannelListing,
        ProductMedia,
        ProductVariant,
        ProductVariantChannelListing,
    )
    from backend.sellers.models import ProducerMembership, SellerAccount
    from backend.warehouse.models import Stock

    producer = world["b"]["producer"]
    return {
        "products": list(Product.objects.filter(producer=producer).order_by("pk").values_list(
            "pk", "name", "description_plaintext", "category_id", "seo_title")),
        "variants": list(ProductVariant.objects.filter(product__producer=producer)
                         .order_by("pk").values_list("pk", "name", "sku", "weight_grams")),
        "listings": list(ProductChannelListing.objects.filter(product__producer=producer)
                         .order_by("pk").values_list("pk", "is_published")),
        "prices": list(ProductVariantChannelListing.objects.filter(
            variant__product__producer=producer).order_by("pk").values_list("pk", "price_amount")),
        "media": list(ProductMedia.objects.filter(product__producer=producer)
                      .order_by("pk").values_list("pk", "sort_order", "image")),
        "stock": list(Stock.objects.filter(product_variant__product__producer=producer)
                      .order_by("pk").values_list("pk", "quantity")),
        "team": list(ProducerMembership.objects.filter(producer=producer)
                     .order_by("pk").values_list("pk", "role")),
        "bank": list(SellerAccount.objects.filter(producer=producer).values_list(
            "bank_bin", "bank_account_number", "bank_account_holder", "bank_verified")),
        "translations": _translations_of(producer),
    }


def _translations_of(producer) -> list:
    from backend.catalog.models import Product, ProductVariant
    from backend.translation.models import Translation

    products = list(Product.objects.filter(producer=producer).values_list("pk", flat=True))
    variants = list(ProductVariant.objects.filter(product__producer=producer)
                    .values_list("pk", flat=True))
    rows = (Translation.objects.filter(kind="product", object_id__in=products)
            | Translation.objects.filter(kind="variant", object_id__in=variants))
    return list(rows.order_by("pk").values_list(
        "pk", "kind", "object_id", "language_code", "name", "slug", "description",
        "seo_title", "seo_description"))


def stored_files() -> int:
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def call(client: Client, door: Door, world: dict, actor: str):
    token = world["tokens"][actor]
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    variables = door.variables(world)
    if door.upload:
        operations = {"query": door.query, "variables": {**variables, "file": None}}
        operations["variables"]["input"] = {**variables["input"], "image": None}
        operations["variables"].pop("file")
        upload = io.BytesIO(png_bytes())
        upload.name = "anh.png"
        return client.post("/graphql/", {
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.image"]}),
            "0": upload,
        }, **headers)
    return client.post("/graphql/", json.dumps({"query": door.query, "variables": variables}),
                       content_type="application/json", **headers)


def is_permission_error(body: dict) -> bool:
    errors = body.get("errors") or []
    return bool(errors) and all(
        (e.get("extensions") or {}).get("code") == "PERMISSION_DENIED"
        or ((e.get("extensions") or {}).get("exception") or {}).get("code") == "PermissionDenied"
        for e in errors)


def run_matrix(doors: list[Door], world: dict, actors=ACTORS) -> list[Outcome]:
    """Every door as every actor, each call in a savepoint rolled back afterwards (so an
    allowed call does not change the world the next one sees)."""
    client = Client()
    outcomes = []
    for door in doors:
        for actor in actors:
            before = (table_counts(), fingerprint(world), stored_files())
            sid = transaction.savepoint()
            response = call(client, door, world, actor)
            assert response.status_code < 500, (door.name, actor, response.content[:300])
            body = response.json()
            after = (table_counts(), fingerprint(world), stored_files())
            transaction.savepoint_rollback(sid)
            refused = is_permission_error(body)
            changed = []
            if before[0] != after[0]:
                changed += [t for t in before[0] if before[0][t] != after[0][t]]
            if before[1] != after[1]:
                changed += [k for k in before[1] if before[1][k] != after[1][k]]
            if before[2] != after[2]:
                changed.append("stored files")
            message = json.dumps(body.get("errors") or body.get("data"), ensure_ascii=False)[:300]
            data = body.get("data") or {}
            succeeded = not body.get("errors") and all(
                not (payload or {}).get("errors") for payload in data.values()
                if isinstance(payload, dict))
            outcomes.append(Outcome(door.name, actor, refused, message, changed, succeeded))
    return outcomes

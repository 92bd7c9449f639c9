"""A bulk catalog builder for the search benchmark, used when ``backend.core.demo``'s
``generate_catalog`` is not available: producers across the regions, published and priced
products with stock, certificates (a few lapsed) and the OCOP attributes they imply."""

from __future__ import annotations

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

NOUNS = {
    "I.1.a": ["Bưởi da xanh", "Cam sành", "Chuối ngự"], "I.1.b": ["Gà đồi", "Trứng vịt"],
    "I.2.a": ["Gạo ST25", "Gạo nếp cái hoa vàng", "Hạt điều"],
    "I.2.b": ["Mật ong hoa cà phê", "Mật ong rừng", "Mật hoa dừa"],
    "I.3.a": ["Bánh chưng", "Chả cá"], "I.3.b": ["Bánh tráng", "Bún khô", "Mầm gạo lứt"],
    "I.3.c": ["Mứt gừng", "Chuối sấy", "Đường phèn"], "I.3.d": ["Khô bò", "Lạp xưởng"],
    "I.4.a": ["Nước mắm cá cơm", "Nước mắm nhĩ", "Tương ớt"],
    "I.4.b": ["Mắm tôm", "Muối tôm", "Tiêu đen"], "I.5.a": ["Trà shan tuyết", "Chè Thái"],
    "I.5.b": ["Trà atiso", "Trà dương liễu"], "I.6": ["Cà phê rang xay", "Ca cao"],
    "II.1.a": ["Rượu ngô", "Rượu cần"], "II.1.b": ["Rượu sim", "Vang nho"],
    "II.2.a": ["Nước khoáng"], "II.2.b": ["Nước cốt chanh dây", "Siro dâu tằm"],
    "III.1": ["Đông trùng hạ thảo", "Sâm Ngọc Linh", "Cao atiso"],
    "III.2": ["Xà phòng sả chanh", "Dầu gội bồ kết"], "III.3": ["Tinh dầu sả", "Tinh dầu quế"],
    "IV.1": ["Giỏ mây tre đan", "Gốm Bát Tràng"], "IV.2": ["Thổ cẩm", "Lụa tơ tằm"],
    "V.1": ["Hoa lan"], "V.2": ["Mai vàng"], "V.3": ["Cá koi"], "VI.1": ["Du lịch cộng đồng"],
}
ADJECTIVES = ["đặc biệt", "thượng hạng", "truyền thống", "hữu cơ", "loại 1", "gia truyền", ""]


@transaction.atomic
def build_catalog(n_products: int, seed: int = 1) -> None:
    from backend.catalog.models import (
        Product,
        ProductChannelListing,
        ProductVariant,
    )
    from backend.channel.models import get_default_channel
    from backend.geo.models import Commune, Province
    from backend.ocop import rules
    from backend.ocop.models import Certification, ProductGroup
    from backend.ocop.services import ensure_ocop_product_type
    from backend.producers.models import Producer
    from backend.warehouse.models import Stock, Warehouse

    rng = random.Random(seed)
    channel = get_default_channel()
    product_type = ensure_ocop_product_type()
    today = timezone.localdate()
    now = timezone.now()
    run = (Product.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    communes = list(Commune.objects.values_list("pk", "province_id", "region_id", "name"))
    groups = {g.code: g for g in ProductGroup.objects.all()}
    leaves = [code for code in NOUNS if code in groups]

    producers = []
    for i in range(max(1, n_products // 4)):
        commune_id, province_id, region_id, commune_name = rng.choice(communes)
        kind = rng.choice(["Nông sản", "Đặc sản", "Làng nghề"])
        name = f"Hợp tác xã {kind} {commune_name} {run}-{i}"
        producers.append(Producer(name=name, name_key=name.lower(), province_id=province_id,
                                  commune_id=commune_id, region_id=region_id))
    Producer.objects.bulk_create(producers, batch_size=5000)
    warehouses = {p.pk: Warehouse(name=f"Kho {p.pk}", slug=f"bench-{run}-{p.pk}", producer=p,
                                  province_id=p.province_id) for p in producers}
    Warehouse.objects.bulk_create(warehouses.values(), batch_size=5000)
    province_names = dict(Province.objects.values_list("pk", "name"))

    products, plan = [], []
    for i in range(n_products):
        producer = rng.choice(producers)
        leaf = rng.choice(leaves)
        name = " ".join(filter(None, [rng.choice(NOUNS[leaf]), rng.choice(ADJECTIVES),
                                      province_names[producer.province_id]]))
        text = f"{name} do {producer.name} sản xuất, đạt chuẩn OCOP."
        products.append(Product(name=name, name_key=name.lower(), slug=f"b{run}-{i}",
                                product_type=product_type, producer=producer,
                                description_plaintext=text))
        star = rng.choices([None, 3, 4, 5], weights=[8, 70, 21, 1])[0]
        plan.append((leaf, star, 1000 * int(20 + 1500 * rng.random() ** 2), rng.random()))
    Product.objects.bulk_create(products, batch_size=5000)
    variants = [ProductVariant(product=p, sku=f"b{run}-{i}") for i, p in enumerate(products)]
    ProductVariant.objects.bulk_create(variants, batch_size=5000)
    ProductChannelListing.objects.bulk_create([
        ProductChannelListing(product=p, channel=channel, is_published=r > 0.02,
                              published_at=now, visible_in_listings=True,
                              discounted_price_amount=price)
        for p, (_, _, price, r) in zip(products, plan, strict=True)
    ], batch_size=5000)
    Stock.objects.bulk_create([
        Stock(warehouse=warehouses[p.producer_id], product_variant=v,
              quantity=0 if r < 0.1 else 25)
        for p, v, (_, _, _, r) in zip(products, variants, plan, strict=True)
    ], batch_size=5000)
    certs = []
    for i, (p, (leaf, star, _, r)) in enumerate(zip(products, plan, strict=True)):
        if star is None:
            continue
        lapsed = r > 0.95
        decided = today - datetime.timedelta(days=1200 if lapsed else 30 + (i % 900))
        certs.append(Certification(
            product=p, decision_number=f"{i}/QĐ-UBND", decision_date=decided,
            issuer="UBND tỉnh", legal_basis=rules.legal_basis_for(decided), star=star,
            group=groups[leaf], valid_until=rules.valid_until_for(decided)))
    Certification.objects.bulk_create(certs, batch_size=5000)
    # The OCOP attributes of valid certificates: star, province, region, group chain.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH c AS (
                SELECT c.product_id, c.star, c.group_id, pr.province_id, pr.region_id
                FROM ocop_certification c
                JOIN catalog_product p ON p.id = c.product_id
                JOIN producers_producer pr ON pr.id = p.producer_id
                WHERE c.product_id >= %s AND c.valid_until > %s
            ), pairs AS (
                SELECT product_id, 'ocop-star' AS attr, star || '-sao' AS slug FROM c
                UNION ALL SELECT c.product_id, 'ocop-province', g.slug
                    FROM c JOIN geo_province g ON g.id = c.province_id
                UNION ALL SELECT c.product_id, 'ocop-region', g.slug
                    FROM c JOIN geo_region g ON g.id = c.region_id
                UNION ALL SELECT c.product_id, 'ocop-group', g.slug
                    FROM c JOIN ocop_productgroup g ON g.id = c.group_id
                UNION ALL SELECT c.product_id, 'ocop-group', g2.slug
                    FROM c JOIN ocop_productgroup g ON g.id = c.group_id
                    JOIN ocop_productgroup g2 ON g2.id = g.parent_id
                UNION ALL SELECT c.product_id, 'ocop-group', g3.slug
                    FROM c JOIN ocop_productgroup g ON g.id = c.group_id
                    JOIN ocop_productgroup g2 ON g2.id = g.parent_id
                    JOIN ocop_productgroup g3 ON g3.id = g2.parent_id
            )
            INSERT INTO attribute_assignedproductattributevalue (value_id, product_id, sort_order)
            SELECT v.id, pairs.product_id, 0 FROM pairs
            JOIN attribute_attribute a ON a.slug = pairs.attr
            JOIN attribute_attributevalue v ON v.attribute_id = a.id AND v.slug = pairs.slug
            """,
            [products[0].pk, today],
        )

"""Demo and benchmark catalogs.

``load_demo()`` loads a small, realistic catalog (``ocop demo``) through the domain services
only, so it exercises the same rules as the admin, the API and the importer. It is
idempotent: a second run finds what the first created and changes nothing.

``generate_catalog(n)`` builds a large synthetic catalog with bulk inserts for benchmarks;
it bypasses the per-object services for speed but ends with the same OCOP attribute sync.
"""

from __future__ import annotations

import datetime
import io
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from backend.catalog.models import Category, Product
from backend.core.text import clean, fold_key, slugify_vi, vietnamese_sort_key
from backend.ocop.issuers import MINISTRY, MINISTRY_BEFORE_2025

from .demo_data import PRODUCERS, DemoProducer, DemoProduct

# Colours per QĐ 26/2026 sector (ngành), for the generated product images.
SECTOR_COLOURS = {
    "I": ((214, 124, 44), (120, 58, 18)),  # thực phẩm: warm amber
    "II": ((142, 36, 70), (58, 18, 52)),  # đồ uống: wine
    "III": ((58, 130, 84), (18, 70, 50)),  # dược liệu: herbal green
    "IV": ((40, 92, 160), (22, 40, 92)),  # thủ công mỹ nghệ: indigo
    "V": ((196, 72, 120), (96, 40, 110)),  # sinh vật cảnh: orchid
    "VI": ((32, 140, 150), (16, 70, 100)),  # du lịch: lagoon
}
_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


# --------------------------------------------------------------------------- images


def _font(size: int):
    from PIL import ImageFont

    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def initials(name: str, letters: int = 2) -> str:
    """"Nước mắm Phú Quốc" → "NM": the first letters of the first words, upper case."""
    words = [w for w in clean(name).split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:letters]).upper() or "O"


def _star_points(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    import math

    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def render_product_image(name: str, *, sector: str, star: int | None, size: int = 720) -> bytes:
    """A JPEG placeholder: sector-coloured gradient, a lotus-petal pattern, the product's
    initials and an OCOP badge with its stars. Made locally, no downloads."""
    import math

    from PIL import Image, ImageDraw

    top, bottom = SECTOR_COLOURS.get(sector, SECTOR_COLOURS["I"])
    # Rotate a larger gradient and keep its centre, so no corner is left unfilled.
    mask = (Image.linear_gradient("L").resize((size * 2, size * 2)).rotate(-35)
            .crop((size // 2, size // 2, size // 2 + size, size // 2 + size)))
    image = Image.composite(Image.new("RGB", (size, size), bottom),
                            Image.new("RGB", (size, size), top), mask)
    overlay = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    # Lotus petals around the centre, faint, so the initials stay readable.
    cx, cy = size / 2, size * 0.44
    for i in range(12):
        angle = i * math.pi / 6
        px, py = cx + math.cos(angle) * size * 0.22, cy + math.sin(angle) * size * 0.22
        r = size * 0.13
        draw.ellipse((px - r, py - r, px + r, py + r), outline=(255, 255, 255, 46), width=3)
    draw.ellipse((cx - size * 0.2, cy - size * 0.2, cx + size * 0.2, cy + size * 0.2),
                 fill=(255, 255, 255, 38))
    text = initials(name)
    font = _font(int(size * 0.2))
    draw.text((cx, cy), text, font=font, fill=(255, 255, 255, 240), anchor="mm")
    # OCOP badge, top right, with one star per tier.
    bx, by, br = size * 0.83, size * 0.15, size * 0.11
    draw.ellipse((bx - br, by - br, bx + br, by + br), fill=(250, 204, 21, 235),
                 outline=(255, 255, 255, 255), width=4)
    draw.text((bx, by - br * 0.22), "OCOP", font=_font(int(br * 0.5)), fill=(120, 30, 10, 255),
              anchor="mm")
    count = star or 0
    for i in range(count):
        sx = bx + (i - (count - 1) / 2) * br * 0.34
        draw.polygon(_star_points(sx, by + br * 0.4, br * 0.17, br * 0.07), fill=(200, 40, 20, 255))
    # Name on a darker band at the bottom.
    draw.rectangle((0, size * 0.8, size, size), fill=(0, 0, 0, 90))
    label_font = _font(int(size * 0.045))
    label = clean(name)
    while draw.textlength(label, font=label_font) > size * 0.92 and len(label) > 4:
        label = label[:-2].rstrip() + "…"
    draw.text((size / 2, size * 0.9), label, font=label_font, fill=(255, 255, 255, 255),
              anchor="mm")
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


# --------------------------------------------------------------------------- categories


def ensure_categories() -> dict[str, Category]:
    """A category per ngành with a child per nhóm of QĐ 26/2026, keyed by group code.

    Idempotent (matched by slug). Leaves below nhóm level share their nhóm's category.
    """
    from backend.ocop.classification import all_groups

    by_code: dict[str, Category] = {}
    for group in all_groups():
        if group.level > 2:
            continue
        parent = by_code.get(group.code.rsplit(".", 1)[0]) if group.level == 2 else None
        category = Category.objects.filter(slug=group.slug).first()
        if category is None:
            category = Category(slug=group.slug)
        if (category.pk is None or category.name != group.name
                or category.parent_id != (parent.pk if parent else None)):
            category.name = group.name
            category.parent = parent
            category.sort_order = group.sort_order
            category.description = f"Sản phẩm OCOP nhóm {group.code}: {group.name}."
            category.save()
        by_code[group.code] = category
    return by_code


def category_code_for(group_code: str) -> str:
    """The nhóm (level 2) a group belongs to: "I.4.a" → "I.4", "VI.1" → "VI.1"."""
    return ".".join(group_code.split(".")[:2])


# --------------------------------------------------------------------------- certificates


def issuer_for(star: int, decision_date: datetime.date, *, province, legacy_province,
               district: str) -> str:
    """Who signed a decision, by the rules in force on its date (``ocop.issuers``)."""
    from backend.ocop.issuers import inferred_issuer

    return inferred_issuer(star, decision_date, province=province,
                           legacy_province=legacy_province, district=district)


def score_for(star: int, rng: random.Random) -> int:
    low, high = {3: (50, 69), 4: (70, 89), 5: (90, 100)}[star]
    return rng.randint(low, high)


# --------------------------------------------------------------------------- demo loading


@dataclass
class DemoSummary:
    producers_created: int = 0
    products_created: int = 0
    certifications_created: int = 0
    images_created: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def _product_slug(product: DemoProduct) -> str:
    return slugify_vi(product.name, max_length=200)


def _ensure_producer(spec: DemoProducer, summary: DemoSummary):
    from backend.geo.resolver import resolve_address
    from backend.producers.services import create_producer, find_producer

    place = resolve_address(spec.address)
    if place.province is None:
        raise ValueError(f"Demo address does not resolve: {spec.address}")
    if place.legacy_province is None and place.commune is not None:
        # A post-2025 address: older decisions were signed by the commune's old province.
        place.legacy_province = legacy_province_of(place.commune)
    existing = find_producer(
        name=spec.name, province=place.province, registration_number=spec.registration_number
    )
    if existing is not None:
        return existing, place
    producer = create_producer(
        name=spec.name,
        province=place.province,
        commune=place.commune,
        legacy_province=place.legacy_province,
        legal_form=spec.legal_form,
        registration_number=spec.registration_number,
        address=_current_address(place),
        original_address=spec.address,
        phone=spec.phone,
        representative=spec.representative,
        shop_description=spec.story,
    )
    summary.producers_created += 1
    return producer, place


def legacy_province_of(commune):
    """The pre-2025 province most of a current commune came from (None if unknown)."""
    from collections import Counter

    from backend.geo.models import LegacyCommune, LegacyProvince

    counts = Counter(LegacyCommune.objects.filter(communes=commune)
                     .values_list("legacy_province_id", flat=True))
    if not counts:
        return None
    return LegacyProvince.objects.get(pk=counts.most_common(1)[0][0])


def _current_address(place) -> str:
    parts = [place.commune.full_name if place.commune else "", place.province.full_name]
    return ", ".join(p for p in parts if p)


def _ensure_warehouse(producer):
    from backend.warehouse.models import Warehouse

    warehouse, _ = Warehouse.objects.get_or_create(
        slug=f"kho-{producer.shop.slug}"[:255],
        defaults={
            "name": f"Kho {producer.name}",
            "producer": producer,
            "province": producer.province,
            "commune": producer.commune,
            "address": producer.address,
        },
    )
    return warehouse


def _ensure_product(spec: DemoProduct, producer, place, district: str, warehouse, *,
                    channel, product_type, categories: dict[str, Category], with_images: bool,
                    image_size: int, rng: random.Random, summary: DemoSummary) -> Product:
    from backend.catalog.services import (
        add_product_media,
        create_product,
        publish,
        set_variant_price,
    )
    from backend.ocop.classification import resolve_group
    from backend.ocop.services import certify, revoke
    from backend.warehouse.models import Stock

    slug = _product_slug(spec)
    product = Product.objects.filter(slug=slug).first()
    if product is None:
        description = spec.note or (
            f"{spec.name} của {producer.name}, sản xuất tại "
            f"{place.commune.full_name + ', ' if place.commune else ''}{place.province.name}."
        )
        product = create_product(
            name=spec.name,
            product_type=product_type,
            producer=producer,
            category=categories[category_code_for(spec.group)],
            description=description,
            slug=slug,
            sku=f"OCOP-{producer.pk:04d}-{slug[:40].upper()}",
            variant_name=spec.variant,
        )
        publish(product, channel)
        summary.products_created += 1
    variant = product.default_variant
    listing = variant.channel_listings.filter(channel=channel).first()
    if listing is None or listing.price_amount != spec.price:
        set_variant_price(variant, channel, spec.price)
    Stock.objects.get_or_create(
        warehouse=warehouse, product_variant=variant,
        defaults={"quantity": rng.randint(15, 400)},
    )
    group = resolve_group(spec.group).group
    today = timezone.localdate()
    # Dates are relative to the day of loading: a product that already has its history
    # keeps it, so loading again on another day adds nothing.
    if not product.certifications.exists():
        cert = None
        last = len(spec.certificates)
        for number, (star, days_ago) in enumerate(spec.certificates, start=1):
            decision_date = today - datetime.timedelta(days=days_ago)
            issuer = issuer_for(star, decision_date, province=place.province,
                                legacy_province=place.legacy_province, district=district)
            authority = "BNNMT" if issuer == MINISTRY else (
                "BNN-KTHT" if issuer == MINISTRY_BEFORE_2025 else "UBND")
            commune_code = place.commune.code if place.commune else "000"
            cert, created = certify(
                product,
                star=star,
                decision_number=f"{rng.randint(100, 4999)}/QĐ-{authority}",
                decision_date=decision_date,
                issuer=issuer,
                product_code=f"{place.province.code}-{commune_code}-{producer.pk}{number:02d}"
                             f"-{decision_date.year}",
                group=group,
                group_label=group.name,
                score=score_for(star, rng),
                sync=number == last,  # attributes follow the newest decision once
            )
            summary.certifications_created += int(created)
        if spec.revoked and cert is not None:
            reason, days_ago = spec.revoked
            revoke(cert, on=today - datetime.timedelta(days=days_ago), reason=reason)
    if with_images and not product.media.exists():
        star = spec.certificates[-1][0] if spec.certificates else None
        data = render_product_image(spec.name, sector=spec.group.split(".")[0], star=star,
                                    size=image_size)
        add_product_media(product, data, f"{slug}.jpg", alt=spec.name)
        summary.images_created += 1
    return product


def load_demo(*, with_images: bool = True, image_size: int = 720,
              log: Callable[[str], None] | None = None) -> DemoSummary:
    """Load the demo catalog (idempotent). Returns what this run created."""
    from backend.channel.models import get_default_channel
    from backend.ocop.services import ensure_ocop_product_type
    from backend.shipping.demo import ensure_demo_shipping

    started = time.perf_counter()
    summary = DemoSummary()
    channel = get_default_channel()
    product_type = ensure_ocop_product_type()
    categories = ensure_categories()
    for spec in PRODUCERS:
        # Seeded per producer, so re-runs pick the same stock and decision numbers.
        rng = random.Random(fold_key(spec.name))
        with transaction.atomic():
            producer, place = _ensure_producer(spec, summary)
            warehouse = _ensure_warehouse(producer)
            ensure_demo_shipping(producer)
            for product_spec in spec.products:
                _ensure_product(product_spec, producer, place, spec.district, warehouse,
                                channel=channel,
                                product_type=product_type, categories=categories,
                                with_images=with_images, image_size=image_size, rng=rng,
                                summary=summary)
        if log:
            log(f"  {producer.name} ({place.province.name}): {len(spec.products)} sản phẩm")
    # English texts, collections, legal pages and menus (backend.translation, backend.page).
    from backend.page.demo import load_demo_content
    from backend.translation.demo import load_english

    load_english()
    load_demo_content()
    summary.seconds = time.perf_counter() - started
    return summary


# --------------------------------------------------------------------------- bulk generator

# Regional shares of certified products at 12/2024; the rest split between the two central
# regions (reference figures do not give them separately).
REGION_SHARES = {
    "dong-bang-song-hong": 28.8,
    "dong-bang-song-cuu-long": 18.9,
    "trung-du-va-mien-nui-phia-bac": 17.1,
    "bac-trung-bo-va-duyen-hai-mien-trung": 21.3,
    "tay-nguyen": 8.0,
    "dong-nam-bo": 5.9,
}
# 12/2024: 76.2 % 3★, 22.9 % 4★, 79 of 15,590 products 5★.
STAR_WEIGHTS = {3: 76.3, 4: 23.2, 5: 0.5}

# Product nouns per QĐ 26/2026 leaf, combined with a place name for synthetic products.
_LEAF_NOUNS = {
    "I.1.a": ["Bưởi da xanh", "Xoài cát", "Cam sành", "Nhãn lồng", "Vải thiều", "Chuối ngự",
              "Hạt dẻ", "Khoai lang mật", "Dưa lưới", "Măng cụt"],
    "I.1.b": ["Gà đồi", "Trứng gà ác", "Tôm sú", "Cua biển", "Bò vàng", "Vịt bầu"],
    "I.2.a": ["Gạo thơm", "Gạo lứt đỏ", "Gạo nếp cái hoa vàng", "Hạt sen khô", "Đậu xanh"],
    "I.2.b": ["Mật ong hoa nhãn", "Mật ong rừng", "Mật hoa dừa", "Mật mía"],
    "I.3.a": ["Phở khô", "Bún gạo lứt", "Miến dong", "Cháo ăn liền"],
    "I.3.b": ["Bánh tráng", "Bánh phồng tôm", "Bánh pía", "Bánh cốm", "Bánh gai"],
    "I.3.c": ["Mứt gừng", "Chuối sấy", "Hạt điều rang", "Mít sấy", "Tương ớt", "Kẹo dừa"],
    "I.3.d": ["Chả cá", "Khô cá", "Lạp xưởng", "Nem chua", "Giò lụa", "Ruốc tôm"],
    "I.4.a": ["Nước mắm cá cơm", "Tương bần", "Nước tương", "Mắm tôm"],
    "I.4.b": ["Hạt tiêu đen", "Muối ớt", "Bột nghệ", "Quế thanh", "Hồi khô"],
    "I.5.a": ["Chè búp", "Chè Shan tuyết", "Chè xanh", "Hồng trà"],
    "I.5.b": ["Trà atiso", "Trà tim sen", "Trà hoa cúc", "Trà gừng", "Trà mãng cầu"],
    "I.6": ["Cà phê rang xay", "Cà phê hạt", "Ca cao bột", "Sô cô la"],
    "II.1.a": ["Rượu nếp", "Rượu ngô", "Rượu gạo", "Rượu men lá"],
    "II.1.b": ["Rượu sim", "Rượu vang nho", "Rượu đông trùng", "Rượu mơ"],
    "II.2.a": ["Nước khoáng", "Nước uống đóng chai"],
    "II.2.b": ["Nước yến", "Nước ép chanh dây", "Sữa đậu nành", "Nước dừa đóng chai"],
    "III.1": ["Cao atiso", "Viên nghệ mật ong", "Trà giảo cổ lam", "Nấm linh chi"],
    "III.2": ["Dầu gội bồ kết", "Xà phòng thảo dược", "Son dưỡng sáp ong", "Dầu dừa"],
    "III.3": ["Tinh dầu tràm", "Tinh dầu sả chanh", "Tinh dầu quế", "Ba kích khô"],
    "IV.1": ["Giỏ mây tre", "Bình gốm", "Tranh sơn mài", "Đèn lồng", "Chiếu cói"],
    "IV.2": ["Khăn thổ cẩm", "Khăn lụa tơ tằm", "Áo dài lụa", "Túi dệt thổ cẩm"],
    "V.1": ["Hoa lan hồ điệp", "Hoa cúc", "Hoa hồng"],
    "V.2": ["Cây bonsai", "Cây mai vàng", "Cây quất cảnh"],
    "V.3": ["Cá Koi", "Cá bảy màu", "Chim chào mào"],
    "VI.1": ["Homestay cộng đồng", "Tour du lịch sinh thái", "Điểm du lịch làng nghề"],
}
_PRICE_RANGE = {"I": (35_000, 600_000), "II": (60_000, 500_000), "III": (80_000, 1_200_000),
                "IV": (120_000, 1_500_000), "V": (150_000, 1_500_000), "VI": (100_000, 900_000)}
_PRODUCER_PREFIXES = [
    ("Hợp tác xã", "htx", 40), ("Công ty TNHH", "cong_ty_tnhh", 18),
    ("Công ty cổ phần", "cong_ty_co_phan", 5), ("Hộ kinh doanh", "ho_kinh_doanh", 25),
    ("Tổ hợp tác", "to_hop_tac", 6), ("Doanh nghiệp tư nhân", "dntn", 3),
    ("Trang trại", "trang_trai", 3),
]
_PRODUCER_WORDS = ["Nông sản", "Thực phẩm", "Đặc sản", "Làng nghề", "Sạch", "Xanh", "Phú Lộc",
                   "Hưng Thịnh", "An Phát", "Thành Công", "Bình An", "Tân Tiến", "Hòa Bình"]


def _weighted(rng: random.Random, weights: dict) -> list:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def _price(rng: random.Random, sector: str) -> int:
    low, high = _PRICE_RANGE[sector]
    # Round to 1.000 đ like shop prices; skew towards the cheaper end.
    value = low + (high - low) * rng.random() ** 2
    return int(round(value / 1000) * 1000)


def _reserve_ids(model, count: int) -> list[int]:
    """Take ``count`` ids from the table's sequence, so rows can be COPYed with known ids
    (COPY returns none) while other writers keep inserting safely."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy_rows(model, rows: list[dict]) -> None:
    """Insert rows with PostgreSQL COPY: every concrete column, taking the model field's
    default for a column a row leaves out (so a new column with a default keeps working)."""
    from django.db import models as djm
    from psycopg.types.json import Jsonb

    now = timezone.now()
    given = set(rows[0]) if rows else set()
    # An auto id left out is filled by the database's own sequence.
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and f.attname not in given and isinstance(f, djm.AutoField))]
    defaults = {}
    for f in fields:
        if f.attname in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
    json_columns = {f.attname for f in fields if isinstance(f, djm.JSONField)}
    columns = [f.attname for f in fields]
    quoted = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN"
    ) as copy:
        for row in rows:
            values = []
            for name in columns:
                value = row[name] if name in row else defaults[name]
                if name in json_columns and value is not None:
                    value = Jsonb(value)
                values.append(value)
            copy.write_row(values)


@transaction.atomic
def generate_catalog(n_products: int, seed: int = 1,
                     log: Callable[[str], None] | None = None, index: bool = True) -> None:
    """Bulk-build ``n_products`` published, priced, stocked and certified products.

    About ``n_products / 2`` producers (each with shop and warehouse); star mix, regions and
    group coverage follow the programme's published figures; ~5 % of certificates expired.
    Rows are written with COPY; the OCOP attribute values come from
    ``ocop.services.ocop_value_slugs``, the rule ``sync_ocop_attributes`` applies. Products
    are indexed for search at the end (``index=False`` leaves them flagged dirty for
    ``ocop search update``/``rebuild``, so a benchmark can time the two apart). No images.
    """
    from types import SimpleNamespace

    from backend.attribute.models import AssignedProductAttributeValue, AttributeValue
    from backend.catalog.models import (
        ProductChannelListing,
        ProductVariant,
        ProductVariantChannelListing,
    )
    from backend.catalog.services import description_from_text
    from backend.channel.models import get_default_channel
    from backend.geo.models import Commune
    from backend.geo.resolver import province_by_pk, region_by_pk
    from backend.ocop import rules
    from backend.ocop.classification import all_groups
    from backend.ocop.models import Certification
    from backend.ocop.services import (
        OCOP_ATTRIBUTE_SLUGS,
        ensure_ocop_product_type,
        ocop_value_slugs,
    )
    from backend.producers.models import Producer, Shop
    from backend.warehouse.models import Stock, Warehouse

    if n_products <= 0:
        return
    started = time.perf_counter()

    def stage(label: str) -> None:
        if log:
            log(f"  {time.perf_counter() - started:6.1f} s  {label}")

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    channel = get_default_channel()
    product_type = ensure_ocop_product_type()
    categories = ensure_categories()
    groups = all_groups()
    parent_ids = {g.parent_id for g in groups if g.parent_id}
    leaves = [g for g in groups if g.pk not in parent_ids]
    # A run token keeps slugs, SKUs and warehouse slugs unique when called repeatedly.
    run = (Product.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    tag = f"g{seed}r{run}"

    communes_by_region: dict[int, list[tuple[int, int, str]]] = {}
    for pk, province_id, region_id, full_name in Commune.objects.values_list(
        "pk", "province_id", "region_id", "full_name"
    ):
        communes_by_region.setdefault(region_id, []).append((pk, province_id, full_name))
    region_ids = {region_by_pk(rid).slug: rid for rid in communes_by_region}
    region_weights = {region_ids[slug]: share for slug, share in REGION_SHARES.items()
                      if slug in region_ids}
    stage("dữ liệu tham chiếu")

    # Producers, their shops and warehouses.
    n_producers = max(1, n_products // 2)
    producer_ids = _reserve_ids(Producer, n_producers)
    producers = []
    for i, pk in enumerate(producer_ids):
        region_id = _weighted(rng, region_weights)
        commune_id, province_id, commune_name = rng.choice(communes_by_region[region_id])
        prefix, legal_form, _ = rng.choices(
            _PRODUCER_PREFIXES, weights=[w for *_, w in _PRODUCER_PREFIXES], k=1
        )[0]
        place = commune_name.split(" ", 1)[-1]
        name = f"{prefix} {rng.choice(_PRODUCER_WORDS)} {place} {i + 1}"
        address = f"{commune_name}, {province_by_pk(province_id).full_name}"
        producers.append({
            "id": pk, "name": name, "name_key": fold_key(name),
            "name_sort": vietnamese_sort_key(name), "legal_form": legal_form,
            "address": address, "original_address": address, "province_id": province_id,
            "commune_id": commune_id, "legacy_province_id": None, "region_id": region_id,
            "phone": f"09{rng.randint(10_000_000, 99_999_999)}", "created_at": now,
            "updated_at": now,
        })
    _copy_rows(Producer, producers)
    _copy_rows(Shop, [
        {"producer_id": p["id"], "slug": f"{slugify_vi(p['name'], max_length=120)}-{tag}",
         "name": p["name"], "description": f"Gian hàng của {p['name']}.", "created_at": now}
        for p in producers
    ])
    warehouse_ids = _reserve_ids(Warehouse, n_producers)
    _copy_rows(Warehouse, [
        {"id": wid, "name": f"Kho {p['name']}"[:250], "slug": f"kho-{tag}-{p['id']}",
         "producer_id": p["id"], "province_id": p["province_id"],
         "commune_id": p["commune_id"], "address": p["address"]}
        for wid, p in zip(warehouse_ids, producers, strict=True)
    ])
    stage("chủ thể, gian hàng, kho")

    # Products: every producer has at least one; the rest go to random producers. The
    # default variant is written first so the product row can point at it straight away.
    owners = list(range(n_producers)) + [rng.randrange(n_producers)
                                         for _ in range(n_products - n_producers)]
    product_ids = _reserve_ids(Product, n_products)
    variant_ids = _reserve_ids(ProductVariant, n_products)
    products, variants, plan = [], [], []
    for i, (owner, pk, variant_id) in enumerate(
        zip(owners[:n_products], product_ids, variant_ids, strict=True)
    ):
        producer = producers[owner]
        leaf = leaves[i] if i < len(leaves) else rng.choice(leaves)
        noun = rng.choice(_LEAF_NOUNS.get(leaf.code, [leaf.name]))
        name = f"{noun} {province_by_pk(producer['province_id']).name}"
        text = f"{name} do {producer['name']} sản xuất."
        products.append({
            "id": pk, "name": name, "name_key": fold_key(name),
            "name_sort": vietnamese_sort_key(name),
            "slug": f"{slugify_vi(name, max_length=180)}-{tag}-{i + 1}",
            "product_type_id": product_type.pk, "producer_id": producer["id"],
            "category_id": categories[category_code_for(leaf.code)].pk,
            "description": description_from_text(text), "description_plaintext": text,
            "default_variant_id": variant_id, "created_at": now, "updated_at": now,
            "search_index_dirty": True,
        })
        variants.append({"id": variant_id, "product_id": pk, "sku": f"{tag}-{i + 1}",
                         "name": "", "weight_grams": rng.choice([200, 250, 500, 1000]),
                         "created_at": now, "updated_at": now})
        plan.append((producer, leaf, _price(rng, leaf.code.split(".")[0]),
                     _weighted(rng, STAR_WEIGHTS)))
    with connection.cursor() as cursor:
        # product.default_variant and variant.product point at each other: check at commit.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    _copy_rows(Product, products)
    _copy_rows(ProductVariant, variants)
    stage("sản phẩm và biến thể")

    _copy_rows(ProductChannelListing, [
        {"product_id": p["id"], "channel_id": channel.pk, "is_published": True,
         "published_at": now, "visible_in_listings": True, "available_for_purchase_at": now,
         "discounted_price_amount": price, "currency": channel.currency_code}
        for p, (_, _, price, _) in zip(products, plan, strict=True)
    ])
    _copy_rows(ProductVariantChannelListing, [
        {"variant_id": v["id"], "channel_id": channel.pk, "price_amount": price,
         "currency": channel.currency_code}
        for v, (_, _, price, _) in zip(variants, plan, strict=True)
    ])
    warehouse_by_producer = {p["id"]: wid for wid, p in zip(warehouse_ids, producers,
                                                             strict=True)}
    _copy_rows(Stock, [
        {"warehouse_id": warehouse_by_producer[p["producer_id"]], "product_variant_id": v["id"],
         "quantity": rng.randint(0, 500), "quantity_allocated": 0}
        for p, v in zip(products, variants, strict=True)
    ])
    stage("giá, niêm yết, tồn kho")

    # Certificates: mostly valid; ~5 % expired; a third of 4★/5★ were upgraded from a
    # lower star. The newest one decides the product's OCOP attributes.
    certs, newest = [], []
    for n, (product, (producer, leaf, _, star)) in enumerate(zip(products, plan, strict=True),
                                                             start=1):
        province = province_by_pk(producer["province_id"])
        # Synthetic: the old district is named after the producer's commune.
        district = "huyện " + producer["address"].split(",")[0].split(" ", 1)[-1]
        expired = rng.random() < 0.05
        days_ago = rng.randint(1110, 1800) if expired else rng.randint(10, 1060)
        if star == 5:
            days_ago = rng.randint(10, 600)  # 5★ decisions here are recent and national
        history = []
        if star > 3 and not expired and rng.random() < 0.35:
            history.append((star - 1, days_ago + rng.randint(365, 700)))
        history.append((star, days_ago))
        for k, (s, ago) in enumerate(history):
            decision_date = today - datetime.timedelta(days=ago)
            certs.append({
                "product_id": product["id"],
                "decision_number": f"{rng.randint(100, 9999)}/QĐ-UBND",
                "decision_date": decision_date,
                "issuer": issuer_for(s, decision_date, province=province, legacy_province=None,
                                     district=district),
                "legal_basis": str(rules.legal_basis_for(decision_date)), "star": s,
                "score": score_for(s, rng),
                "product_code": f"{province.code}-{n}{k}-{decision_date.year}",
                "group_id": leaf.pk, "group_label": leaf.name,
                "valid_until": rules.valid_until_for(decision_date),
                "valid_through": rules.last_valid_day(
                    valid_until=rules.valid_until_for(decision_date)),
                "reevaluation_filed_on": None, "revoked_on": None, "revocation_reason": "",
                "province_id": producer["province_id"], "region_id": producer["region_id"],
                "commune_id": producer["commune_id"], "legacy_province_id": None,
                "created_at": now,
            })
        newest.append(certs[-1])
    _copy_rows(Certification, certs)
    stage("chứng nhận")

    values = {
        (attr, slug): pk
        for attr, slug, pk in AttributeValue.objects.filter(
            attribute__slug__in=OCOP_ATTRIBUTE_SLUGS
        ).values_list("attribute__slug", "slug", "id")
    }
    assignments = []
    for product, producer, cert in zip(products, (p for p, *_ in plan), newest, strict=True):
        owner = SimpleNamespace(producer=SimpleNamespace(
            province_id=producer["province_id"], region_id=producer["region_id"]))
        current = Certification(star=cert["star"], valid_until=cert["valid_until"],
                                group_id=cert["group_id"])
        assignments += [
            {"product_id": product["id"], "value_id": values[pair], "sort_order": 0}
            for pair in ocop_value_slugs(owner, current, today)
        ]
    _copy_rows(AssignedProductAttributeValue, assignments)
    stage("thuộc tính OCOP")
    if index:
        # Listings read the search documents: index the new products before returning.
        from backend.search.api import update_dirty

        update_dirty(batch_size=2000)
        stage("chỉ mục tìm kiếm")

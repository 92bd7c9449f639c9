import unicodedata

import pytest

from backend.core.money import InvalidPrice, format_vnd, parse_vnd
from backend.core.text import clean, fold, slugify_vi


def test_fold_strips_marks_and_d_stroke():
    assert fold("Đông trùng hạ thảo") == "dong trung ha thao"
    assert fold("ĐẮK LẮK") == "dak lak"
    # mắm / mầm / mâm all fold together; ranking keeps exact forms apart.
    assert fold("mắm") == fold("mầm") == fold("mâm") == "mam"


def test_clean_normalises_nfc_whitespace_and_tone_placement():
    decomposed = unicodedata.normalize("NFD", "Nước  mắm\u00a0Phú Quốc ")
    assert clean(decomposed) == "Nước mắm Phú Quốc"
    assert unicodedata.is_normalized("NFC", clean(decomposed))
    assert clean("Thanh Hoá") == "Thanh Hóa"
    assert clean("Hoà Bình") == "Hòa Bình"
    assert clean("Thuỷ sản") == "Thủy sản"
    assert clean("quý") == "quý"  # "qu" + y: the tone stays on y
    assert clean("hoàng") == "hoàng"  # a final consonant: nothing to move


def test_slugify():
    assert slugify_vi("Nước mắm Phú Quốc") == "nuoc-mam-phu-quoc"
    assert slugify_vi("Đặc sản: Chè Shan tuyết!") == "dac-san-che-shan-tuyet"


@pytest.mark.parametrize(
    "text,amount",
    [
        ("300.000", 300000),
        ("300,000 đ", 300000),
        ("125000₫", 125000),
        ("1.250.000 VNĐ", 1250000),
        (45000, 45000),
        (45000.0, 45000),
        ("0", 0),
    ],
)
def test_parse_vnd(text, amount):
    assert parse_vnd(text) == amount


@pytest.mark.parametrize("text", ["12,5", "-100", "abc", 10.5, "1.25"])
def test_parse_vnd_rejects(text):
    with pytest.raises(InvalidPrice):
        parse_vnd(text)


def test_format_vnd():
    assert format_vnd(125000) == "125.000 ₫"
    assert format_vnd(1500000) == "1.500.000 ₫"
    assert format_vnd(0) == "0 ₫"


@pytest.mark.django_db
def test_unsaved_instances_equal_what_the_model_builds():
    """core.bulk.unsaved skips Model.__init__'s per-field work for the importer's bulk
    paths; the instance must hold exactly what model(**values) would."""
    import datetime

    from backend.catalog.models import Product, ProductChannelListing
    from backend.core.bulk import unsaved
    from backend.ocop.models import Certification
    from backend.producers.models import Producer

    cases = [
        (Product, {"name": "Trà", "name_key": "tra", "slug": "tra", "product_type_id": 1,
                   "producer_id": 2, "description": {"blocks": []}}),
        (ProductChannelListing, {"product_id": 1, "channel_id": 1, "is_published": True}),
        (Certification, {"product_id": 1, "decision_number": "1/QĐ-UBND", "star": 3,
                         "decision_date": datetime.date(2025, 1, 2), "province_id": 4}),
        (Producer, {"name": "HTX", "name_key": "htx", "province_id": 1, "region_id": 1}),
    ]
    for model, values in cases:
        built, fast = model(**values), unsaved(model, **values)
        assert {k: v for k, v in vars(built).items() if k != "_state"} == {
            k: v for k, v in vars(fast).items() if k != "_state"}, model
        assert fast._state.adding and fast.pk is None


def test_collection_paused_resumes_after_the_last_overlapping_pause():
    import gc

    from backend.core.bulk import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_clean_fast_paths_change_nothing():
    """nfc and the tone placement return a text as it is when nothing can change: the
    same result as the full normalisation on texts built to hit every edge (old and new
    tone placement, decomposed marks, odd spaces, control characters)."""
    import random
    import re

    from backend.core import text

    def full_clean(value):
        if not value:
            return ""
        value = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
        value = re.sub(r"\s+", " ", text._CONTROL.sub("", value)).strip()
        decomposed = unicodedata.normalize("NFD", value)
        moved = text._OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
        return unicodedata.normalize("NFC", moved)

    alphabet = list("oOuUqQaAeEyY hk\t\n\x0b\x1c\x85\u2003\u200b\u0301\u0300\u0309\u0303"
                    "\u0323\u0302\u0306\u031b\u0334\u1dcd\x01\x00\x7f\xa0áàảạÁéýấặệơớưứóọúụǽ")
    rng = random.Random(7)
    samples = ["Thanh Hoá", "Thanh Hóa", "thuỷ", "Quý", "khoai", "Hoa\u0300", " a  b "]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                for _ in range(20000)]
    for value in samples:
        assert clean(value) == full_clean(value), repr(value)

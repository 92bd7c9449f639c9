"""Demo content: collections, the pages the e-commerce law requires, and the menus.

The legal pages are drafts (``needs_review``): they list what the law asks each page to
say, for the operator to complete in the admin; they are published so that the footer
links work from day one, and each says plainly that it is a draft.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backend.catalog.services import description_from_text
from backend.translation.services import translate

EN = "en"

DRAFT_NOTE_VI = ("Bản nháp: Ban quản lý sàn đang hoàn thiện nội dung này trước khi sàn "
                 "chính thức hoạt động.")
DRAFT_NOTE_EN = "Draft: the marketplace operator is completing this page before launch."

# slug, Vietnamese title, English title, English slug, what the page must cover (vi, en).
LEGAL_PAGES = (
    ("quy-che-hoat-dong", "Quy chế hoạt động sàn", "Marketplace operating rules",
     "operating-rules",
     "Quy chế gồm: quyền và nghĩa vụ của thương nhân vận hành sàn, của người bán và người "
     "mua; quy trình đăng ký, kiểm duyệt sản phẩm OCOP; quy trình giao nhận, thanh toán; "
     "cơ chế kiểm soát thông tin sản phẩm và xử lý vi phạm (Nghị định 52/2013/NĐ-CP, sửa đổi "
     "bởi Nghị định 85/2021/NĐ-CP).",
     "These rules cover the rights and duties of the operator, sellers and buyers; how OCOP "
     "products are registered and checked; delivery and payment; how product information is "
     "controlled and breaches handled (Decree 52/2013, as amended by Decree 85/2021)."),
    ("giai-quyet-khieu-nai", "Cơ chế giải quyết khiếu nại, tranh chấp",
     "Complaints and dispute resolution", "complaints-and-disputes",
     "Cách gửi khiếu nại, thời hạn tiếp nhận và trả lời, trách nhiệm của sàn và người bán "
     "khi giải quyết tranh chấp, đầu mối liên hệ.",
     "How to file a complaint, the deadlines for answering it, the duties of the operator and "
     "the seller in resolving disputes, and whom to contact."),
    ("doi-tra-hoan-tien", "Chính sách đổi trả và hoàn tiền", "Returns and refunds",
     "returns-and-refunds",
     "Điều kiện đổi trả theo từng nhóm sản phẩm (thực phẩm tươi sống, đồ uống, thủ công mỹ "
     "nghệ…), thời hạn, chi phí vận chuyển và cách hoàn tiền.",
     "Return conditions per product group (fresh food, beverages, handicrafts, …), time "
     "limits, shipping costs and how refunds are paid."),
    ("chinh-sach-bao-mat", "Chính sách bảo vệ dữ liệu cá nhân", "Privacy notice",
     "privacy-notice",
     "Dữ liệu cá nhân được thu thập, mục đích xử lý, thời gian lưu trữ, bên nhận dữ liệu và "
     "quyền của chủ thể dữ liệu (Nghị định 13/2023/NĐ-CP).",
     "Which personal data is collected, why, for how long, who receives it and the rights of "
     "the data subject (Decree 13/2023)."),
    ("dieu-khoan-nguoi-ban", "Điều khoản dành cho người bán", "Seller terms", "seller-terms",
     "Điều kiện tham gia của chủ thể OCOP, thông tin phải công khai, phí dịch vụ, nghĩa vụ về "
     "chất lượng và chứng nhận OCOP, tạm ngừng và chấm dứt.",
     "Who may sell (OCOP producers), what they must publish, fees, duties on quality and the "
     "OCOP certificate, suspension and termination."),
)

COLLECTIONS = (
    # slug, Vietnamese name, English name, English slug, description vi, description en
    ("qua-tet", "Quà Tết", "Tết gifts (Quà Tết)", "tet-gifts",
     "Chè, mật ong, sâm, yến và đồ thủ công làm quà biếu dịp Tết.",
     "Tea, honey, ginseng, bird's nest and crafts to give at Tết, the Lunar New Year."),
    ("dac-san-5-sao", "Đặc sản 5 sao", "5-star specialities (Đặc sản 5 sao)",
     "5-star-specialities",
     "Sản phẩm đạt hạng OCOP 5 sao, hạng cao nhất của Chương trình.",
     "Products rated OCOP 5 stars (5 sao), the programme's highest tier."),
    ("dac-san-tay-nguyen", "Đặc sản Tây Nguyên", "Central Highlands specialities",
     "central-highlands-specialities",
     "Cà phê, ca cao, mật ong và nông sản của vùng Tây Nguyên.",
     "Coffee, cocoa, honey and produce of the Central Highlands (Tây Nguyên)."),
)
TET_WORDS = ("Chè", "Trà", "Mật ong", "Sâm", "Yến", "Hộp sơn mài", "Bộ ấm chén", "Kẹo",
             "Mứt", "Bánh pía", "Rượu")


def _products_with_value(attribute: str, value: str) -> list[int]:
    from backend.attribute.models import AssignedProductAttributeValue

    return list(
        AssignedProductAttributeValue.objects.filter(
            value__attribute__slug=attribute, value__slug=value
        ).values_list("product_id", flat=True)
    )


@transaction.atomic
def load_demo_content() -> dict[str, int]:
    from backend.catalog.models import Category, Product
    from backend.channel.models import get_default_channel
    from backend.collection.models import Collection, CollectionChannelListing, CollectionProduct
    from backend.menu.models import Menu, MenuItem

    from .models import Page, PageType

    channel = get_default_channel()
    members = {
        "qua-tet": list(
            Product.objects.filter(
                name__regex=r"^(" + "|".join(TET_WORDS) + ")"
            ).values_list("pk", flat=True)
        ),
        "dac-san-5-sao": _products_with_value("ocop-star", "5-sao"),
        "dac-san-tay-nguyen": _products_with_value("ocop-region", "tay-nguyen"),
    }
    collections = {}
    for order, (slug, name, en_name, en_slug, text, en_text) in enumerate(COLLECTIONS):
        collection, _ = Collection.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description_from_text(text),
                      "sort_order": order, "seo_description": text},
        )
        CollectionChannelListing.objects.update_or_create(
            collection=collection, channel=channel,
            defaults={"is_published": True, "published_at": timezone.now()},
        )
        for position, product_id in enumerate(members[slug]):
            CollectionProduct.objects.get_or_create(
                collection=collection, product_id=product_id,
                defaults={"sort_order": position},
            )
        translate("collection", collection.pk, EN, name=en_name, slug=en_slug,
                  description=description_from_text(en_text), seo_description=en_text)
        collections[slug] = collection

    page_type, _ = PageType.objects.get_or_create(
        slug="chinh-sach", defaults={"name": "Chính sách và quy chế"}
    )
    pages = {}
    for slug, title, en_title, en_slug, text, en_text in LEGAL_PAGES:
        page = Page.objects.filter(slug=slug).first()
        if page is None:  # never overwrite what the operator has written
            page = Page.objects.create(
                slug=slug, title=title, page_type=page_type, is_published=True,
                needs_review=True, seo_description=text[:300],
                content=description_from_text(f"{DRAFT_NOTE_VI}\n\n{text}"),
            )
            translate("page", page.pk, EN, name=en_title, slug=en_slug,
                      description=description_from_text(f"{DRAFT_NOTE_EN}\n\n{en_text}"),
                      seo_description=en_text[:300])
        pages[slug] = page

    navbar, _ = Menu.objects.get_or_create(slug="navbar", defaults={"name": "navbar"})
    if not navbar.items.exists():
        for order, category in enumerate(Category.objects.filter(level=0)):
            MenuItem.objects.create(menu=navbar, name=category.name, category=category,
                                    sort_order=order)
        for order, collection in enumerate(collections.values(), start=100):
            MenuItem.objects.create(menu=navbar, name=collection.name, collection=collection,
                                    sort_order=order)
    footer, _ = Menu.objects.get_or_create(slug="footer", defaults={"name": "footer"})
    if not footer.items.exists():
        policies = MenuItem.objects.create(menu=footer, name="Chính sách", sort_order=0)
        translate("menu_item", policies.pk, EN, name="Policies")
        for order, (slug, *_rest) in enumerate(LEGAL_PAGES):
            item = MenuItem.objects.create(
                menu=footer, parent=policies, name=pages[slug].title, page=pages[slug],
                sort_order=order,
            )
            translate("menu_item", item.pk, EN, name=_rest[1])
    if not footer.items.filter(parent=None, name="Bộ sưu tập").exists():
        group = MenuItem.objects.create(menu=footer, name="Bộ sưu tập", sort_order=1)
        translate("menu_item", group.pk, EN, name="Collections")
        for order, (slug, _name, en_name, *_rest) in enumerate(COLLECTIONS):
            item = MenuItem.objects.create(menu=footer, parent=group, sort_order=order,
                                           name=collections[slug].name,
                                           collection=collections[slug])
            translate("menu_item", item.pk, EN, name=en_name)
    from backend.translation.models import Translation

    for item in navbar.items.exclude(category=None):
        row = Translation.objects.filter(kind="category", object_id=item.category_id,
                                         language_code=EN).first()
        if row and row.name:
            translate("menu_item", item.pk, EN, name=row.name)
    for item in navbar.items.exclude(collection=None):
        row = Translation.objects.filter(kind="collection", object_id=item.collection_id,
                                         language_code=EN).first()
        if row and row.name:
            translate("menu_item", item.pk, EN, name=row.name)
    return {"collections": len(collections), "pages": len(pages)}

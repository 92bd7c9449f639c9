"""The translation doors (``productTranslate``, ``productVariantTranslate`` and the portal's
translation page) tried with producer B's ids by every actor: refused calls are
PermissionDenied and leave every table and B's translations as they were; a translator
(MANAGE_TRANSLATIONS) reaches every product; bad input is an error naming the field in
Vietnamese, never a 500, and writes nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from .seller_matrix import ACTORS, Door, _id, build_world, fingerprint, run_matrix, table_counts
from .test_seller_access_matrix import v

ERR = "errors { field code message }"
TRANSLATE = f"""mutation($id: ID!, $input: TranslationInput!) {{
  productTranslate(id: $id, languageCode: EN, input: $input) {{
    {ERR} translationErrors {{ code }} product {{ id translation(languageCode: EN) {{ name }} }}
  }} }}"""
TRANSLATE_VARIANT = f"""mutation($id: ID!, $name: String) {{
  productVariantTranslate(id: $id, languageCode: EN, input: {{name: $name}}) {{
    {ERR} productVariant {{ id translation(languageCode: EN) {{ name }} }} }} }}"""

DOORS = [
    Door("productTranslate B's product", TRANSLATE,
         v(id="product", input={"name": "Stolen name", "slug": "stolen"})),
    Door("productTranslate B's unpublished product", TRANSLATE,
         v(id="unpublished", input={"description": json.dumps({"blocks": [
             {"type": "paragraph", "data": {"text": "Spam"}}]})})),
    Door("productTranslate B's product in French", TRANSLATE.replace("languageCode: EN,", "languageCode: FR,"),
         v(id="product", input={"seoTitle": "x"})),
    Door("productVariantTranslate B's variant", TRANSLATE_VARIANT, v(id="variant", name="Box")),
]


@pytest.fixture
def world(make_product, django_user_model):
    from django.contrib.auth.models import Permission

    from backend.translation.services import translate

    world = build_world(make_product, django_user_model)
    b = world["b"]
    # B already has an English text: a refused call must leave it exactly as it is.
    translate("product", b["product"].pk, "en", name="Green tea B", slug="green-tea-b")
    translate("variant", b["variant"].pk, "en", name="Default B")
    translator = django_user_model.objects.create_user(
        "bien-dich@san.vn", password="x", is_staff=True)
    translator.user_permissions.add(Permission.objects.get(codename="manage_translations"))
    from backend.account.jwt_tokens import create_access_token

    world["users"]["translator"] = translator
    world["tokens"]["translator"] = create_access_token(translator)
    return world


def test_every_translation_door_refuses_all_but_a_translator(world, capsys):
    outcomes = run_matrix(DOORS, world, actors=(*ACTORS, "translator"))
    failures = []
    for o in outcomes:
        if o.actor == "translator":
            if not o.succeeded:
                failures.append(f"{o.door} as translator should succeed: {o.message}")
            continue
        # MANAGE_PRODUCTS alone is not the translation permission (Saleor's rule).
        if not o.refused:
            failures.append(f"{o.door} as {o.actor}: NOT refused: {o.message}")
        if o.changed:
            failures.append(f"{o.door} as {o.actor}: changed {o.changed}")
    with capsys.disabled():
        print(f"\ntranslation doors: {len(DOORS)} doors × {len(ACTORS) + 1} actors = "
              f"{len(outcomes)} calls, {sum(o.refused for o in outcomes)} refused")
    assert not failures, "\n".join(failures)


def _gql(world, actor, query, variables):
    token = world["tokens"][actor]
    response = Client().post("/graphql/", json.dumps({"query": query, "variables": variables}),
                             content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.parametrize("actor", ["a_owner", "a_manager"])
def test_own_team_translates_its_own_product_and_variant(world, actor):
    a = world["a"]
    body = _gql(world, actor, TRANSLATE, {"id": _id("Product", a["product"].pk),
                                          "input": {"name": "Green tea A"}})
    payload = body["data"]["productTranslate"]
    assert payload["errors"] == [] and payload["translationErrors"] == []
    assert payload["product"]["translation"]["name"] == "Green tea A"
    body = _gql(world, actor, TRANSLATE_VARIANT, {"id": _id("ProductVariant", a["variant"].pk),
                                                  "name": "Box 200 g"})
    assert body["data"]["productVariantTranslate"]["productVariant"]["translation"] == {
        "name": "Box 200 g"}


def test_packer_cannot_translate_even_its_own_product(world):
    before = (table_counts(), fingerprint(world))
    body = _gql(world, "a_packer", TRANSLATE, {"id": _id("Product", world["a"]["product"].pk),
                                               "input": {"name": "Packer's name"}})
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert body["errors"][0]["extensions"]["permissions"] == ["MANAGE_TRANSLATIONS"]
    assert (table_counts(), fingerprint(world)) == before


BAD_INPUTS = [
    ({"name": "x" * 251}, "name", "INVALID", "Tên (tiếng Anh) dài quá 250 ký tự"),
    ({"seoTitle": "t" * 71}, "seoTitle", "INVALID", "Tiêu đề SEO (tiếng Anh) dài quá 70"),
    ({"seoDescription": "d" * 301}, "seoDescription", "INVALID", "Mô tả SEO (tiếng Anh)"),
    ({"slug": "!!!"}, "slug", "INVALID", "Đường dẫn (tiếng Anh) cần có chữ hoặc số"),
    ({"slug": "green-tea-b"}, "slug", "UNIQUE", "đã có sản phẩm khác dùng"),
    ({"slug": "tra-xanh-b"}, "slug", "UNIQUE", "đã có sản phẩm khác dùng"),
    ({"description": "[1, 2]"}, "description", "INVALID", "Mô tả (tiếng Anh) phải là văn bản"),
    ({"description": json.dumps({"blocks": [{"type": "paragraph",
                                             "data": {"text": "x" * 20_001}}]})},
     "description", "INVALID", "Mô tả (tiếng Anh) dài quá 20.000 ký tự"),
]


@pytest.mark.parametrize(("given", "field", "code", "words"), BAD_INPUTS)
def test_bad_input_names_the_field_and_writes_nothing(world, given, field, code, words):
    from backend.translation.models import Translation

    a_id = _id("Product", world["a"]["product"].pk)
    # A valid name beside the bad field: nothing of the input is written.
    before = (table_counts(), fingerprint(world), Translation.objects.count())
    body = _gql(world, "a_owner", TRANSLATE, {"id": a_id, "input": {"name": "Tea", **given}})
    errors = body["data"]["productTranslate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]
    assert words in errors[0]["message"]
    assert (table_counts(), fingerprint(world), Translation.objects.count()) == before


def test_vietnamese_is_not_a_translation_and_ids_are_checked(world):
    a = world["a"]
    body = _gql(world, "a_owner", TRANSLATE.replace("languageCode: EN,", "languageCode: VI,"),
                {"id": _id("Product", a["product"].pk), "input": {"name": "Trà"}})
    error = body["data"]["productTranslate"]["errors"][0]
    assert error["field"] == "languageCode" and "Tiếng Việt là ngôn ngữ gốc" in error["message"]
    for bad in ("nonsense", _id("Category", 1), _id("Product", 2**63), "UHJvZHVjdDotMQ=="):
        body = _gql(world, "a_owner", TRANSLATE, {"id": bad, "input": {"name": "x"}})
        errors = body["data"]["productTranslate"]["errors"]
        assert errors and errors[0]["field"] == "id", (bad, body)
    body = _gql(world, "a_owner", TRANSLATE, {"id": _id("Product", 999_999_999),
                                              "input": {"name": "x"}})
    assert body["data"]["productTranslate"]["errors"][0]["code"] == "NOT_FOUND"
    body = _gql(world, "a_owner", TRANSLATE_VARIANT, {"id": _id("ProductVariant", 999_999_999),
                                                      "name": "x"})
    assert body["data"]["productVariantTranslate"]["errors"][0]["code"] == "NOT_FOUND"


def test_text_is_stored_nfc_without_tags(world):
    import unicodedata

    from backend.translation.models import Translation

    a = world["a"]
    decomposed = unicodedata.normalize("NFD", "Trà Tân Cương <b>green</b> tea")
    body = _gql(world, "a_owner", TRANSLATE, {
        "id": _id("Product", a["product"].pk),
        "input": {"name": decomposed, "seoTitle": "<script>alert(1)</script>Tea",
                  "description": json.dumps("<img src=x onerror=alert(1)>First\n\nSecond")}})
    assert body["data"]["productTranslate"]["errors"] == []
    row = Translation.objects.get(kind="product", object_id=a["product"].pk, language_code="en")
    assert row.name == unicodedata.normalize("NFC", "Trà Tân Cương green tea")
    assert row.seo_title == "alert(1)Tea"
    assert [b["data"]["text"] for b in row.description["blocks"]] == ["First", "Second"]


def test_suspended_seller_cannot_translate(world):
    from backend.sellers import services

    a = world["a"]
    services.suspend(world["users"]["operator"], a["producer"], "Kiểm tra hàng giả")
    before = (table_counts(), fingerprint(world))
    body = _gql(world, "a_owner", TRANSLATE, {"id": _id("Product", a["product"].pk),
                                              "input": {"name": "Tea"}})
    errors = body["data"]["productTranslate"]["errors"]
    assert errors and "tạm ngừng" in errors[0]["message"]
    assert (table_counts(), fingerprint(world)) == before


# -- the portal page ------------------------------------------------------------------


def _client(world, actor):
    client = Client()
    if world["users"][actor] is not None:
        client.force_login(world["users"][actor])
    return client


@pytest.mark.parametrize("actor", ["a_owner", "a_manager", "a_packer", "shopper",
                                   "staff_without_permission", "operator", "translator"])
def test_portal_translation_page_of_b_is_out_of_reach(world, actor):
    url = f"/nguoi-ban/san-pham/{world['b']['product'].pk}/ban-dich/"
    client = _client(world, actor)
    before = (table_counts(), fingerprint(world))
    assert client.get(url).status_code in (403, 404)
    response = client.post(url, {"ngon-ngu": "en", "name": "Stolen", "slug": "stolen",
                                 f"v{world['b']['variant'].pk}-name": "Stolen box"})
    assert response.status_code in (403, 404), response.status_code
    assert (table_counts(), fingerprint(world)) == before


def test_portal_translation_page_roles_and_anonymous(world):
    url = f"/nguoi-ban/san-pham/{world['a']['product'].pk}/ban-dich/"
    assert Client().get(url).status_code == 302
    assert _client(world, "a_packer").get(url).status_code == 403
    for actor in ("a_owner", "a_manager"):
        assert _client(world, actor).get(url).status_code == 200


def test_portal_b_variant_on_a_product_form_is_ignored(world):
    url = f"/nguoi-ban/san-pham/{world['a']['product'].pk}/ban-dich/"
    before = fingerprint(world)
    response = _client(world, "a_owner").post(url, {
        "ngon-ngu": "en", f"v{world['b']['variant'].pk}-name": "Stolen box"})
    assert response.status_code == 302
    assert fingerprint(world) == before


def test_portal_bad_input_is_shown_on_the_form_and_nothing_saved(world):
    from backend.translation.models import Translation

    a = world["a"]
    url = f"/nguoi-ban/san-pham/{a['product'].pk}/ban-dich/"
    before = Translation.objects.count()
    response = _client(world, "a_owner").post(url, {
        "ngon-ngu": "en", "name": "Green tea", "seo_title": "t" * 80,
        f"v{a['variant'].pk}-name": "b" * 300})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Tiêu đề SEO (tiếng Anh) dài quá 70 ký tự (đang có 80)." in html
    assert "Tên (tiếng Anh) dài quá 250 ký tự (đang có 300)." in html
    assert 'value="Green tea"' in html  # what was typed stays in the form
    assert Translation.objects.count() == before


def test_portal_translation_form_needs_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["a_owner"])
    before = (table_counts(), fingerprint(world))
    url = f"/nguoi-ban/san-pham/{world['a']['product'].pk}/ban-dich/"
    assert client.post(url, {"ngon-ngu": "en", "name": "x"}).status_code == 403
    assert (table_counts(), fingerprint(world)) == before


def test_two_editors_choosing_one_address_at_once_get_one_each(
    transactional_db, django_db_serialized_rollback, make_product
):
    """Real threads, real connections: both check the slug, both would be free; the
    advisory lock makes the second see the first's commit and refuse."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection, transaction

    from backend.translation import editing
    from backend.translation.models import Translation

    products = [make_product("Trà xanh 1"), make_product("Trà xanh 2")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(product):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                editing.save("product", product.pk, "en", {"slug": "green-tea"})
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.error_dict["slug"][0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(p,)) for p in products]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["saved", "unique"]
    assert Translation.objects.filter(kind="product", language_code="en",
                                      slug="green-tea").count() == 1


# -- the operator's content doors -------------------------------------------------------

CONTENT = [
    ("categoryTranslate", "TranslationInput", "category", "Category",
     {"name": "Condiments", "slug": "condiments-x"}, "category { translation(languageCode: EN) { name } }"),
    ("collectionTranslate", "TranslationInput", "collection", "Collection",
     {"name": "Tet gifts"}, "collection { translation(languageCode: EN) { name } }"),
    ("attributeTranslate", "NameTranslationInput", "attribute", "Attribute",
     {"name": "Stars"}, "attribute { translation(languageCode: EN) { name } }"),
    ("attributeValueTranslate", "AttributeValueTranslationInput", "attribute_value",
     "AttributeValue", {"name": "Five", "plainText": "five"},
     "attributeValue { translation(languageCode: EN) { name } }"),
]


@pytest.fixture
def content(world):
    from backend.attribute.models import Attribute, AttributeValue
    from backend.catalog.models import Category
    from backend.collection.models import Collection

    attribute = Attribute.objects.create(name="Hạng", slug="hang-x", input_type="dropdown")
    return {
        "category": Category.objects.create(name="Gia vị X", slug="gia-vi-x"),
        "collection": Collection.objects.create(name="Quà Tết X", slug="qua-tet-x"),
        "attribute": attribute,
        "attribute_value": AttributeValue.objects.create(attribute=attribute, name="Năm",
                                                         slug="nam"),
    }


@pytest.mark.parametrize(("mutation", "input_type", "kind", "type_name", "given", "read"),
                         CONTENT)
def test_content_doors_are_the_translators_alone(world, content, mutation, input_type, kind,
                                                 type_name, given, read):
    from backend.translation.models import Translation

    query = f"""mutation($id: ID!, $input: {input_type}!) {{ {mutation}(id: $id,
      languageCode: EN, input: $input) {{ {ERR} {read} }} }}"""
    variables = {"id": _id(type_name, content[kind].pk), "input": given}
    for actor in (*ACTORS, "translator"):
        if actor == "anonymous":
            response = Client().post("/graphql/", json.dumps(
                {"query": query, "variables": variables}), content_type="application/json")
            body = response.json()
        else:
            body = _gql(world, actor, query, variables)
        if actor == "translator":
            payload = body["data"][mutation]
            assert payload["errors"] == [], payload
            assert payload[read.split(" ")[0]]["translation"]["name"] == given["name"]
        else:
            before = Translation.objects.count()
            assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED", (actor, body)
            assert Translation.objects.count() == before


def test_content_bad_input_names_the_field(world, content):
    query = f"""mutation($id: ID!, $input: AttributeValueTranslationInput!) {{
      attributeValueTranslate(id: $id, languageCode: EN, input: $input) {{ {ERR} }} }}"""
    value_id = _id("AttributeValue", content["attribute_value"].pk)
    body = _gql(world, "translator", query, {"id": value_id, "input": {
        "richText": json.dumps({"blocks": []})}})
    assert body["data"]["attributeValueTranslate"]["errors"][0]["field"] == "richText"
    # Past the API's text limit the request itself is refused, naming the argument.
    response = Client().post("/graphql/", json.dumps({"query": query, "variables": {
        "id": value_id, "input": {"plainText": "x" * 2001}}}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world['tokens']['translator']}")
    assert response.status_code == 400
    assert "input.plainText" in response.json()["errors"][0]["message"]
    from django.core.exceptions import ValidationError

    from backend.translation.editing import clean_texts

    with pytest.raises(ValidationError, match="Giá trị \\(tiếng Anh\\) dài quá 2000"):
        clean_texts("attribute_value", 1, "en", {"plain_text": "x" * 2001})
    category = f"""mutation($id: ID!) {{ categoryTranslate(id: $id, languageCode: EN,
      input: {{slug: "gia-vi-x"}}) {{ {ERR} }} }}"""
    other = content["category"].__class__.objects.create(name="Khác", slug="khac-x")
    body = _gql(world, "translator", category, {"id": _id("Category", other.pk)})
    assert body["data"]["categoryTranslate"]["errors"][0]["code"] == "UNIQUE"
    body = _gql(world, "translator", category, {"id": _id("Product", other.pk)})
    assert body["data"]["categoryTranslate"]["errors"][0]["field"] == "id"

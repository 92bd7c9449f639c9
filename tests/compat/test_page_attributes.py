"""Attributes on pages as Saleor exposes them: a page type offers attributes, a page
chooses values, and ``assignedAttributes`` / ``assignedAttribute(slug:)`` (with the
deprecated ``attributes`` / ``attribute``) answer them, translated; a page list reads them
in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

QUERY = """query($slug: String!) { page(slug: $slug) {
  pageType { attributes { slug } }
  assignedAttributes { attribute { slug }
    ... on AssignedSingleChoiceAttribute { value { name slug translation(languageCode: EN) } }
    ... on AssignedMultiChoiceAttribute { choices: value { name } } }
  assignedAttribute(slug: "ap-dung-cho") { attribute { name translation(languageCode: EN) { name } } }
  attributes { attribute { slug } values { name } }
  attribute(slug: "chu-de") { values { slug } } } }"""


@pytest.fixture
def policy_pages(db):
    from backend.attribute.models import Attribute, AttributeValue
    from backend.page.models import AssignedPageAttributeValue, AttributePage, Page, PageType
    from backend.translation.services import translate

    kind = PageType.objects.create(name="Chính sách", slug="chinh-sach")
    audience = Attribute.objects.create(name="Áp dụng cho", slug="ap-dung-cho",
                                        input_type="dropdown")
    topics = Attribute.objects.create(name="Chủ đề", slug="chu-de", input_type="multiselect")
    sellers = AttributeValue.objects.create(attribute=audience, name="Người bán",
                                            slug="nguoi-ban")
    translate("attribute", audience.pk, "en", name="Applies to")
    translate("attribute_value", sellers.pk, "en", name="Sellers")
    refunds = AttributeValue.objects.create(attribute=topics, name="Hoàn tiền", slug="hoan-tien")
    returns = AttributeValue.objects.create(attribute=topics, name="Đổi trả", slug="doi-tra")
    AttributePage.objects.create(attribute=audience, page_type=kind, sort_order=0)
    AttributePage.objects.create(attribute=topics, page_type=kind, sort_order=1)
    pages = []
    for i in range(5):
        page = Page.objects.create(page_type=kind, title=f"Chính sách {i}",
                                   slug=f"chinh-sach-{i}", is_published=True)
        pages.append(page)
    AssignedPageAttributeValue.objects.create(page=pages[0], value=sellers)
    AssignedPageAttributeValue.objects.create(page=pages[0], value=refunds, sort_order=0)
    AssignedPageAttributeValue.objects.create(page=pages[0], value=returns, sort_order=1)
    return pages


def test_page_answers_its_attributes(gql, policy_pages):
    page = gql(QUERY, {"slug": "chinh-sach-0"})["data"]["page"]
    assert page["pageType"]["attributes"] == [{"slug": "ap-dung-cho"}, {"slug": "chu-de"}]
    assert page["assignedAttributes"] == [
        {"attribute": {"slug": "ap-dung-cho"},
         "value": {"name": "Người bán", "slug": "nguoi-ban", "translation": "Sellers"}},
        {"attribute": {"slug": "chu-de"},
         "choices": [{"name": "Hoàn tiền"}, {"name": "Đổi trả"}]},
    ]
    assert page["assignedAttribute"]["attribute"] == {
        "name": "Áp dụng cho", "translation": {"name": "Applies to"}}
    assert page["attributes"][1] == {"attribute": {"slug": "chu-de"},
                                     "values": [{"name": "Hoàn tiền"}, {"name": "Đổi trả"}]}
    assert page["attribute"] == {"values": [{"slug": "hoan-tien"}, {"slug": "doi-tra"}]}
    # A page of the same type with nothing chosen: the attributes, without values.
    other = gql(QUERY, {"slug": "chinh-sach-1"})["data"]["page"]
    assert other["assignedAttributes"][0]["value"] is None
    assert other["attributes"][1]["values"] == []


def test_a_page_list_reads_attributes_once(gql, policy_pages):
    query = """query($n: Int) { pages(first: $n) { edges { node { slug
      assignedAttributes { attribute { slug } } } } } }"""
    counts = []
    for n in (1, 5):
        with CaptureQueriesContext(connection) as ctx:
            edges = gql(query, {"n": n})["data"]["pages"]["edges"]
        assert len(edges) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_value_of_another_type_is_refused_in_the_admin(policy_pages):
    from django.core.exceptions import ValidationError

    from backend.attribute.models import Attribute, AttributeValue
    from backend.page.models import AssignedPageAttributeValue

    stray = AttributeValue.objects.create(
        attribute=Attribute.objects.create(name="Màu", slug="mau", input_type="dropdown"),
        name="Đỏ", slug="do")
    with pytest.raises(ValidationError, match="không có thuộc tính “Màu”"):
        AssignedPageAttributeValue(page=policy_pages[0], value=stray).full_clean()

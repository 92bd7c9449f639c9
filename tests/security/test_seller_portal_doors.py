"""The seller portal's doors, page by page: anonymous visitors are sent to sign in,
shoppers and the wrong role are refused, a member of producer A reaches none of producer
B's things, forged invitation links and cross-producer posts change nothing (row counts
and B's values before and after), and every form needs its CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client

from .seller_matrix import build_world, fingerprint, table_counts


@pytest.fixture
def world(make_product, django_user_model):
    return build_world(make_product, django_user_model)


PAGES = ["/nguoi-ban/", "/nguoi-ban/san-pham/", "/nguoi-ban/san-pham/them/",
         "/nguoi-ban/gian-hang/", "/nguoi-ban/doi-ngu/", "/nguoi-ban/tai-khoan-ngan-hang/",
         "/nguoi-ban/doanh-thu/", "/nguoi-ban/doanh-thu/sao-ke.csv"]
NEEDS = {  # the roles of producer A that reach each page
    "/nguoi-ban/": {"a_owner", "a_manager", "a_packer"},
    "/nguoi-ban/san-pham/": {"a_owner", "a_manager", "a_packer"},
    "/nguoi-ban/san-pham/them/": {"a_owner", "a_manager"},
    "/nguoi-ban/gian-hang/": {"a_owner", "a_manager"},
    "/nguoi-ban/doi-ngu/": {"a_owner"},
    "/nguoi-ban/tai-khoan-ngan-hang/": {"a_owner"},
    "/nguoi-ban/doanh-thu/": {"a_owner", "a_manager"},
    "/nguoi-ban/doanh-thu/sao-ke.csv": {"a_owner", "a_manager"},
}


def _client(world, actor):
    client = Client()
    if world["users"][actor] is not None:
        client.force_login(world["users"][actor])
    return client


def test_each_page_admits_exactly_the_roles_it_names(world, capsys):
    calls = 0
    for actor in ("anonymous", "shopper", "staff_without_permission", "a_owner", "a_manager",
                  "a_packer"):
        client = _client(world, actor)
        for url in PAGES:
            calls += 1
            status = client.get(url).status_code
            if actor == "anonymous":
                assert status == 302, url
            elif actor in NEEDS[url]:
                assert status == 200, (actor, url)
            else:
                assert status == 403, (actor, url, status)
    with capsys.disabled():
        print(f"\nseller portal pages: {calls} page loads checked")


POSTS = [
    ("product edit: rename", lambda w: f"/nguoi-ban/san-pham/{w['b']['product'].pk}/",
     lambda w: {"action": "save", "name": "Đổi tên"}),
    ("product edit: delete", lambda w: f"/nguoi-ban/san-pham/{w['b']['product'].pk}/",
     lambda w: {"action": "delete"}),
    ("product edit: stock", lambda w: f"/nguoi-ban/san-pham/{w['b']['product'].pk}/",
     lambda w: {"action": "save", f"v{w['b']['variant'].pk}-quantity": "0"}),
    ("product edit: delete photo", lambda w: f"/nguoi-ban/san-pham/{w['b']['product'].pk}/",
     lambda w: {"action": "delete_photo", "media": w["b"]["media"].pk}),
    ("own product, B's photo", lambda w: f"/nguoi-ban/san-pham/{w['a']['product'].pk}/",
     lambda w: {"action": "delete_photo", "media": w["b"]["media"].pk}),
    ("own product, B's variant", lambda w: f"/nguoi-ban/san-pham/{w['a']['product'].pk}/",
     lambda w: {"action": "delete_variant", "variant": w["b"]["second_variant"].pk}),
    ("team: remove B's manager", lambda w: "/nguoi-ban/doi-ngu/",
     lambda w: {"action": "remove", "member": w["b"]["memberships"]["manager"].pk}),
    ("team: promote B's packer", lambda w: "/nguoi-ban/doi-ngu/",
     lambda w: {"action": "role", "member": w["b"]["memberships"]["packer"].pk,
                "role": "owner"}),
    ("switch to B", lambda w: "/nguoi-ban/chon-gian-hang/",
     lambda w: {"producer": w["b"]["producer"].pk}),
    ("forged invitation", lambda w: "/nguoi-ban/loi-moi/",
     lambda w: {"token": "eyJpIjoxLCJuIjoiYWJjIn0:1abc:forged"}),
]


@pytest.mark.parametrize("actor", ["a_owner", "a_manager", "a_packer", "shopper"])
def test_posts_aimed_at_producer_b_change_nothing(world, actor):
    client = _client(world, actor)
    for name, url, data in POSTS:
        before = (table_counts(), fingerprint(world))
        response = client.post(url(world), data(world))
        assert response.status_code in (302, 400, 403, 404), (name, response.status_code)
        assert (table_counts(), fingerprint(world)) == before, name
    # Still acting for A after trying to switch to B.
    if actor != "shopper":
        assert world["a"]["producer"].name in client.get("/nguoi-ban/").content.decode()


def test_portal_forms_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["a_owner"])
    before = (table_counts(), fingerprint(world))
    for url, data in [("/nguoi-ban/san-pham/them/", {"name": "x", "price": "1000"}),
                      ("/nguoi-ban/doi-ngu/", {"action": "invite", "email": "x@x.vn",
                                               "role": "owner"}),
                      ("/nguoi-ban/tai-khoan-ngan-hang/", {"bank_bin": "970436",
                       "bank_account_number": "123456789", "bank_account_holder": "X"})]:
        assert client.post(url, data).status_code == 403
    assert (table_counts(), fingerprint(world)) == before

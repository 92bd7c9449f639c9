"""Every seller query and mutation against producer B's products, variants, media, stock,
team and bank details, called as anonymous, a shopper, staff without permissions, each
role of producer A and an operator: refused calls are PermissionDenied and leave every
table as it was (row counts and B's values, before and after)."""

from __future__ import annotations

import pytest

from .seller_matrix import ACTORS, Door, b_ids, build_world, run_matrix

ERR = "errors { field code message }"
OPERATOR = frozenset({"operator"})


def v(**spec):
    """Variables naming B's things by key: v(id="product") → {"id": <B's product id>}."""
    def build(world):
        ids = b_ids(world)
        return {k: (ids[val] if isinstance(val, str) and val in ids else
                    _deep(val, ids)) for k, val in spec.items()}
    return build


def _deep(value, ids):
    if isinstance(value, dict):
        return {k: _deep(x, ids) for k, x in value.items()}
    if isinstance(value, list):
        return [_deep(x, ids) for x in value]
    return ids.get(value, value) if isinstance(value, str) else value


DOORS = [
    Door("productCreate for B", f"""mutation($p: ID!, $t: ID!) {{ productCreate(input: {{
         name: "Lạ", productType: $t, producer: $p}}) {{ {ERR} product {{ id }} }} }}""",
         v(p="producer", t="product_type"), OPERATOR),
    Door("productUpdate", f"""mutation($id: ID!) {{ productUpdate(id: $id, input: {{
         name: "Đổi tên"}}) {{ {ERR} product {{ id }} }} }}""", v(id="product"), OPERATOR),
    Door("productUpdate unpublished", f"""mutation($id: ID!) {{ productUpdate(id: $id,
         input: {{seo: {{title: "x"}}}}) {{ {ERR} }} }}""", v(id="unpublished"), OPERATOR),
    Door("productDelete", f"mutation($id: ID!) {{ productDelete(id: $id) {{ {ERR} }} }}",
         v(id="product"), OPERATOR),
    Door("productVariantCreate", f"""mutation($p: ID!) {{ productVariantCreate(input: {{
         product: $p, name: "2 kg"}}) {{ {ERR} productVariant {{ id }} }} }}""",
         v(p="product"), OPERATOR),
    Door("productVariantUpdate", f"""mutation($id: ID!) {{ productVariantUpdate(id: $id,
         input: {{name: "5 kg", weightGrams: 5000}}) {{ {ERR} }} }}""",
         v(id="variant"), OPERATOR),
    Door("productVariantDelete", f"""mutation($id: ID!) {{ productVariantDelete(id: $id) {{
         {ERR} }} }}""", v(id="second_variant"), OPERATOR),
    Door("productVariantStocksUpdate", f"""mutation($id: ID!, $w: ID!) {{
         productVariantStocksUpdate(variantId: $id, stocks: [{{warehouse: $w, quantity: 0}}])
         {{ {ERR} }} }}""", v(id="variant", w="warehouse"), OPERATOR),
    Door("productChannelListingUpdate", f"""mutation($id: ID!, $c: ID!) {{
         productChannelListingUpdate(id: $id, input: {{updateChannels: [{{channelId: $c,
         isPublished: false}}]}}) {{ {ERR} }} }}""", v(id="product", c="channel"), OPERATOR),
    Door("productVariantChannelListingUpdate", f"""mutation($id: ID!, $c: ID!) {{
         productVariantChannelListingUpdate(id: $id, input: [{{channelId: $c, price: 1000}}])
         {{ {ERR} }} }}""", v(id="variant", c="channel"), OPERATOR),
    Door("productMediaCreate", f"""mutation($input: ProductMediaCreateInput!) {{
         productMediaCreate(input: $input) {{ {ERR} media {{ id }} }} }}""",
         v(input={"product": "product", "alt": "ảnh lạ"}), OPERATOR, upload=True),
    Door("productMediaDelete", f"""mutation($id: ID!) {{ productMediaDelete(id: $id) {{
         {ERR} }} }}""", v(id="media"), OPERATOR),
    Door("productMediaReorder", f"""mutation($p: ID!, $m: ID!) {{ productMediaReorder(
         productId: $p, mediaIds: [$m]) {{ {ERR} }} }}""", v(p="product", m="media"), OPERATOR),
    Door("producerMemberInvite", f"""mutation($p: ID!) {{ producerMemberInvite(producer: $p,
         email: "ke-gian@x.vn", role: OWNER) {{ {ERR} }} }}""", v(p="producer")),
    Door("producerMemberRoleUpdate", f"""mutation($id: ID!) {{ producerMemberRoleUpdate(
         id: $id, role: PACKER) {{ {ERR} }} }}""", v(id="manager_member")),
    Door("producerMemberRemove", f"""mutation($id: ID!) {{ producerMemberRemove(id: $id) {{
         {ERR} }} }}""", v(id="manager_member")),
    Door("producerBankAccountUpdate", f"""mutation($p: ID!) {{ producerBankAccountUpdate(
         producer: $p, input: {{bankBin: "970436", accountNumber: "999999999",
         accountHolder: "KE GIAN"}}) {{ {ERR} }} }}""", v(p="producer")),
    Door("sellerProducer products (read)", """query($p: ID!) { sellerProducer(id: $p) {
         products { id name } } }""", v(p="producer"), OPERATOR, kind="query"),
    Door("sellerProducer members (read)", """query($p: ID!) { sellerProducer(id: $p) {
         members { email role } } }""", v(p="producer"), OPERATOR, kind="query"),
    Door("sellerProducer bankAccount (read)", """query($p: ID!) { sellerProducer(id: $p) {
         bankAccount { accountNumber } } }""", v(p="producer"), OPERATOR, kind="query"),
    Door("sellerProducer warehouses (read)", """query($p: ID!) { sellerProducer(id: $p) {
         warehouses { id } } }""", v(p="producer"), OPERATOR, kind="query"),
]


@pytest.fixture
def world(make_product, django_user_model):
    return build_world(make_product, django_user_model)


def test_every_door_refuses_everyone_but_whom_it_names(world, capsys):
    outcomes = run_matrix(DOORS, world)
    allowed = {d.name: d.allowed for d in DOORS}
    failures = []
    for o in outcomes:
        if o.actor in allowed[o.door]:
            if not o.succeeded:
                failures.append(f"{o.door} as {o.actor}: should succeed: {o.message}")
            continue
        if not o.refused:
            failures.append(f"{o.door} as {o.actor}: NOT refused: {o.message}")
        if o.changed:
            failures.append(f"{o.door} as {o.actor}: changed {o.changed}")
    with capsys.disabled():
        refused = sum(o.refused for o in outcomes)
        print(f"\nseller access matrix: {len(DOORS)} doors × {len(ACTORS)} actors = "
              f"{len(outcomes)} calls; {refused} refused, {len(outcomes) - refused} allowed")
    assert not failures, "\n".join(failures)
    assert len(outcomes) == len(DOORS) * len(ACTORS)


def test_my_producers_list_only_my_own(world):
    import json

    from django.test import Client

    query = "{ me { producers { role producer { id name products { name } } } } }"
    for actor in ("a_owner", "a_manager", "shopper"):
        body = Client().post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {world['tokens'][actor]}").json()
        producers = body["data"]["me"]["producers"]
        names = {p["name"] for m in producers for p in m["producer"]["products"]}
        assert not any(n.endswith(" B") for n in names)
        if actor == "shopper":
            assert producers == []
        else:
            # Their own unpublished product is there, nobody else's.
            assert names == {"Trà xanh A", "Trà chưa đăng A"}

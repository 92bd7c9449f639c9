def test_make_product_carries_ocop_attributes(make_product):
    product = make_product()
    slugs = {(a.value.attribute.slug, a.value.slug) for a in product.attributevalues.select_related("value__attribute")}
    assert ("ocop-star", "4-sao") in slugs
    assert ("ocop-province", "lam-dong") in slugs

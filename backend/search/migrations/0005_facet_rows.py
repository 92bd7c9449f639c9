"""Facet rows: the integer keys of visible documents in a narrow table, kept in step by
statement triggers on the document table (one INSERT … SELECT per statement, not per row),
filled from the documents already written."""

import django.contrib.postgres.fields
from django.db import migrations, models

COLUMNS = (
    "product_id, channel_id, star, province_id, region_id, group_ids, group_l1, group_l2, "
    "group_l3, ocop_valid_through, producer_id, product_type_id, category_ids, price, in_stock"
)
UPSERT_FROM = (
    f"INSERT INTO search_productfacetrow (doc_id, {COLUMNS}) SELECT id, {COLUMNS} FROM {{src}} "
    "WHERE is_visible ON CONFLICT (doc_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS.split(", "))
)

FORWARD = f"""
CREATE FUNCTION search_facetrow_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {UPSERT_FROM.format(src="new_docs")};
    RETURN NULL;
END $$;

CREATE FUNCTION search_facetrow_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_productfacetrow f USING new_docs n
    WHERE f.doc_id = n.id AND NOT n.is_visible;
    {UPSERT_FROM.format(src="new_docs")};
    RETURN NULL;
END $$;

CREATE FUNCTION search_facetrow_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_productfacetrow f USING old_docs o WHERE f.doc_id = o.id;
    RETURN NULL;
END $$;

-- DELETE, not TRUNCATE: a TRUNCATE naming both tables (Django's flush) would find this
-- one in use by the same statement.
CREATE FUNCTION search_facetrow_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_productfacetrow;
    RETURN NULL;
END $$;

CREATE TRIGGER search_facetrow_ins AFTER INSERT ON search_productsearchdocument
    REFERENCING NEW TABLE AS new_docs FOR EACH STATEMENT
    EXECUTE FUNCTION search_facetrow_inserted();
CREATE TRIGGER search_facetrow_upd AFTER UPDATE ON search_productsearchdocument
    REFERENCING NEW TABLE AS new_docs FOR EACH STATEMENT
    EXECUTE FUNCTION search_facetrow_updated();
CREATE TRIGGER search_facetrow_del AFTER DELETE ON search_productsearchdocument
    REFERENCING OLD TABLE AS old_docs FOR EACH STATEMENT
    EXECUTE FUNCTION search_facetrow_deleted();
CREATE TRIGGER search_facetrow_trunc AFTER TRUNCATE ON search_productsearchdocument
    FOR EACH STATEMENT EXECUTE FUNCTION search_facetrow_truncated();

{UPSERT_FROM.format(src="search_productsearchdocument")};
"""

BACKWARD = """
DROP TRIGGER search_facetrow_ins ON search_productsearchdocument;
DROP TRIGGER search_facetrow_upd ON search_productsearchdocument;
DROP TRIGGER search_facetrow_del ON search_productsearchdocument;
DROP TRIGGER search_facetrow_trunc ON search_productsearchdocument;
DROP FUNCTION search_facetrow_inserted();
DROP FUNCTION search_facetrow_updated();
DROP FUNCTION search_facetrow_deleted();
DROP FUNCTION search_facetrow_truncated();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_cache_version'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProductFacetRow',
            fields=[
                ('doc_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('product_id', models.BigIntegerField()),
                ('channel_id', models.BigIntegerField()),
                ('star', models.SmallIntegerField(null=True)),
                ('province_id', models.IntegerField(null=True)),
                ('region_id', models.IntegerField(null=True)),
                ('group_ids', django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), blank=True, default=list, size=None)),
                ('group_l1', models.IntegerField(null=True)),
                ('group_l2', models.IntegerField(null=True)),
                ('group_l3', models.IntegerField(null=True)),
                ('ocop_valid_through', models.DateField(null=True)),
                ('producer_id', models.BigIntegerField(null=True)),
                ('product_type_id', models.BigIntegerField(null=True)),
                ('category_ids', django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, default=list, size=None)),
                ('price', models.BigIntegerField(null=True)),
                ('in_stock', models.BooleanField(default=False)),
            ],
            options={
                'verbose_name': 'khoá lọc sản phẩm',
            },
        ),
        migrations.RemoveIndex(
            model_name='productsearchdocument',
            name='search_doc_facets_idx',
        ),
        migrations.AddIndex(
            model_name='productfacetrow',
            index=models.Index(fields=['product_id', 'channel_id'], name='search_facetrow_product_idx'),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]

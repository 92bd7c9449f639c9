"""Our own documents in the shape of Saleor storefront's catalog and content operations
(same operation names, variables, fields and arguments; written for these tests)."""

LISTING_CARD = """
fragment Card on Product {
  id name slug created
  translation(languageCode: $languageCode) { name slug }
  pricing {
    priceRange { start { gross { amount currency } } stop { gross { amount currency } } }
    priceRangeUndiscounted { start { gross { amount currency } } stop { gross { amount currency } } }
  }
  category {
    id name slug
    translation(languageCode: $languageCode) { name slug }
    backgroundImage { url alt }
  }
  thumbnail(size: 1024, format: WEBP) { url alt }
  bestseller: assignedAttribute(slug: "bestseller") { ... on AssignedBooleanAttribute { value } }
  productVariants(first: 50) {
    totalCount
    edges { node {
      id
      selectionAttributes: attributes(variantSelection: VARIANT_SELECTION) {
        attribute { slug name inputType translation(languageCode: $languageCode) { name } }
        values { name slug value translation(languageCode: $languageCode) { name } file { url } }
      }
    } }
  }
}
"""

# LocaleSlugTranslations: one fragment per type, spread by the operations below.
PRODUCT_SLUGS = """
fragment ProductSlugs on Product {
  slugEN: translation(languageCode: EN) { slug }
  slugPL: translation(languageCode: PL) { slug }
}
"""
CATEGORY_SLUGS = """
fragment CategorySlugs on Category {
  slugEN: translation(languageCode: EN) { slug }
  slugDE: translation(languageCode: DE) { slug }
}
"""
COLLECTION_SLUGS = """
fragment CollectionSlugs on Collection {
  slugEN: translation(languageCode: EN) { slug }
  slugFR: translation(languageCode: FR) { slug }
}
"""
PAGE_SLUGS = """
fragment PageSlugs on Page {
  slugEN: translation(languageCode: EN) { slug }
  slugJA: translation(languageCode: JA) { slug }
}
"""

VARIANT = """
fragment Variant on ProductVariant {
  id name sku quantityAvailable
  translation(languageCode: $languageCode) { name }
  selectionAttributes: attributes(variantSelection: VARIANT_SELECTION) {
    values { name slug value translation(languageCode: $languageCode) { name } file { url } }
    attribute { name slug inputType translation(languageCode: $languageCode) { name } }
  }
  nonSelectionAttributes: attributes(variantSelection: NOT_VARIANT_SELECTION) {
    values { name slug }
    attribute { slug }
  }
  media { url(size: 2048, format: WEBP) alt type }
  pricing {
    price { gross { currency amount } }
    priceUndiscounted { gross { currency amount } }
  }
}
"""

PRODUCT_LIST = LISTING_CARD + """
query ProductList($first: Int = 9, $channel: String!, $languageCode: LanguageCodeEnum!) {
  products(first: $first, channel: $channel) { edges { node { ...Card } } }
}
"""

PRODUCT_LIST_PAGINATED = LISTING_CARD + """
query ProductListPaginated($first: Int, $after: String, $last: Int, $before: String,
    $channel: String!, $languageCode: LanguageCodeEnum!, $sortBy: ProductOrder,
    $filter: ProductFilterInput, $where: ProductWhereInput) {
  products(first: $first, after: $after, last: $last, before: $before, channel: $channel,
           sortBy: $sortBy, filter: $filter, where: $where) {
    totalCount
    edges { node { ...Card } cursor }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""

PRODUCT_LIST_BY_CATEGORY = LISTING_CARD + CATEGORY_SLUGS + """
query ProductListByCategory($slug: String!, $channel: String!,
    $languageCode: LanguageCodeEnum!, $slugLanguageCode: LanguageCodeEnum, $first: Int,
    $after: String, $sortBy: ProductOrder, $filter: ProductFilterInput,
    $where: ProductWhereInput) {
  category(slug: $slug, slugLanguageCode: $slugLanguageCode) {
    id name slug description seoDescription seoTitle
    translation(languageCode: $languageCode) { name description seoDescription seoTitle slug }
    ...CategorySlugs
    backgroundImage { url alt }
    products(first: $first, after: $after, channel: $channel, sortBy: $sortBy,
             filter: $filter, where: $where) {
      edges { node { ...Card } cursor }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
}
"""

PRODUCT_LIST_BY_COLLECTION = LISTING_CARD + COLLECTION_SLUGS + """
query ProductListByCollection($slug: String!, $channel: String!,
    $languageCode: LanguageCodeEnum!, $slugLanguageCode: LanguageCodeEnum, $first: Int,
    $after: String, $sortBy: ProductOrder, $filter: ProductFilterInput,
    $where: ProductWhereInput) {
  collection(slug: $slug, channel: $channel, slugLanguageCode: $slugLanguageCode) {
    id name slug description seoDescription seoTitle
    translation(languageCode: $languageCode) { name description seoDescription seoTitle slug }
    ...CollectionSlugs
    backgroundImage { url alt }
    products(first: $first, after: $after, sortBy: $sortBy, filter: $filter, where: $where) {
      edges { node { ...Card } cursor }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
}
"""

PRODUCT_DETAILS = PRODUCT_SLUGS + """
query ProductDetails($slug: String!, $channel: String!, $languageCode: LanguageCodeEnum!,
    $slugLanguageCode: LanguageCodeEnum) {
  product(slug: $slug, channel: $channel, slugLanguageCode: $slugLanguageCode) {
    id name slug description seoTitle seoDescription isAvailable
    translation(languageCode: $languageCode) { name description seoTitle seoDescription slug }
    ...ProductSlugs
    thumbnail(size: 2048, format: WEBP) { url alt }
    media { url(size: 2048, format: WEBP) alt type }
    category { id name slug translation(languageCode: $languageCode) { name slug } }
    productType { slug }
    productVariants(first: 1) { totalCount }
    bestseller: assignedAttribute(slug: "bestseller") {
      ... on AssignedBooleanAttribute { value }
    }
    assignedAttributes(limit: 50) {
      attribute { name slug translation(languageCode: $languageCode) { name } }
      ... on AssignedPlainTextAttribute {
        plainText: value
        plainTextTranslation: translation(languageCode: $languageCode)
      }
      ... on AssignedBooleanAttribute { boolean: value }
      ... on AssignedNumericAttribute { numeric: value }
      ... on AssignedSingleChoiceAttribute {
        choice: value { name slug translation(languageCode: $languageCode) }
      }
      ... on AssignedMultiChoiceAttribute {
        choices: value { name slug translation(languageCode: $languageCode) }
      }
    }
    pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
  }
}
"""

PRODUCT_VARIANTS_FOR_PDP = VARIANT + """
query ProductVariantsForPdp($slug: String!, $channel: String!,
    $languageCode: LanguageCodeEnum!, $first: Int!, $after: String) {
  product(slug: $slug, channel: $channel) {
    id
    productVariants(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...Variant } }
    }
  }
}
"""

PRODUCT_VARIANT_FOR_PDP = VARIANT + """
query ProductVariantForPdp($id: ID, $sku: String, $channel: String!,
    $languageCode: LanguageCodeEnum!) {
  productVariant(id: $id, sku: $sku, channel: $channel) {
    ...Variant
    product { id slug }
  }
}
"""

SEARCH_PRODUCTS = LISTING_CARD + """
query SearchProducts($search: String!, $sortBy: ProductOrderField!,
    $sortDirection: OrderDirection!, $first: Int, $after: String, $last: Int,
    $before: String, $channel: String!, $languageCode: LanguageCodeEnum!) {
  products(first: $first, after: $after, last: $last, before: $before, channel: $channel,
           sortBy: {field: $sortBy, direction: $sortDirection}, filter: {search: $search}) {
    totalCount
    edges { node { ...Card } cursor }
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
  }
}
"""

CATEGORIES_BY_SLUG = """
query CategoriesBySlug($slugs: [String!]!, $first: Int = 20) {
  categories(filter: {slugs: $slugs}, first: $first) { edges { node { id slug name } } }
}
"""

CHANNELS_LIST = """
query ChannelsList { channels { id name slug isActive currencyCode countries { code } } }
"""

MENU_GET_BY_SLUG = """
fragment Item on MenuItem {
  id name level
  translation(languageCode: $languageCode) { name }
  category { id slug name translation(languageCode: $languageCode) { name slug } }
  collection { id name slug translation(languageCode: $languageCode) { name slug } }
  page { id title slug translation(languageCode: $languageCode) { title slug } }
  url
}
query MenuGetBySlug($slug: String!, $channel: String!, $languageCode: LanguageCodeEnum!) {
  menu(slug: $slug, channel: $channel) {
    items { ...Item children { ...Item children { ...Item } } }
  }
}
"""

PAGE_GET_BY_SLUG = PAGE_SLUGS + """
query PageGetBySlug($slug: String!, $languageCode: LanguageCodeEnum!,
    $slugLanguageCode: LanguageCodeEnum) {
  page(slug: $slug, slugLanguageCode: $slugLanguageCode) {
    id slug title seoTitle seoDescription content
    translation(languageCode: $languageCode) { title seoTitle seoDescription content slug }
    ...PageSlugs
  }
}
"""

STOREFRONT_CONTENT_PAGES = """
fragment ContentPage on Page {
  slug isPublished
  pageType { slug }
  assignedAttributes {
    attribute { slug }
    ... on AssignedPlainTextAttribute {
      plainText: value
      plainTextTranslation: translation(languageCode: $languageCode)
    }
    ... on AssignedBooleanAttribute { boolean: value }
    ... on AssignedNumericAttribute { numeric: value }
    ... on AssignedSingleCollectionReferenceAttribute { collection: value { slug } }
    ... on AssignedFileAttribute { file: value { url } }
  }
}
query StorefrontContentPages($channel: String!, $slugs: [String!]!,
    $languageCode: LanguageCodeEnum!) {
  pages(channel: $channel, where: {slug: {oneOf: $slugs}}, first: 20) {
    edges { node { ...ContentPage title translation(languageCode: $languageCode) { title } } }
  }
}
"""

ALL = {
    "ProductList": PRODUCT_LIST,
    "ProductListPaginated": PRODUCT_LIST_PAGINATED,
    "ProductListByCategory": PRODUCT_LIST_BY_CATEGORY,
    "ProductListByCollection": PRODUCT_LIST_BY_COLLECTION,
    "ProductDetails": PRODUCT_DETAILS,
    "ProductVariantsForPdp": PRODUCT_VARIANTS_FOR_PDP,
    "ProductVariantForPdp": PRODUCT_VARIANT_FOR_PDP,
    "SearchProducts": SEARCH_PRODUCTS,
    "CategoriesBySlug": CATEGORIES_BY_SLUG,
    "ChannelsList": CHANNELS_LIST,
    "MenuGetBySlug": MENU_GET_BY_SLUG,
    "PageGetBySlug": PAGE_GET_BY_SLUG,
    "StorefrontContentPages": STOREFRONT_CONTENT_PAGES,
}

"""The storefront's GraphQL documents: the same operations a mobile app would send.

Each page runs one document and asks only for the fields it renders.
"""

PRODUCT_CARD = """
fragment ProductCard on Product {
  name slug
  thumbnail(size: 256) { url alt }
  large: thumbnail(size: 512, format: WEBP) { url }
  pricing { priceRange { start { gross { amount formatted } } } }
  isAvailable
  ocop { isCertified star province { name } }
}
"""

FACETS = """
fragment Facets on ProductFacets {
  totalCount didYouMean
  region { slug name count selected }
  province { slug name count selected }
  star { slug name count selected }
  group { slug code name level parentSlug count selected }
  priceRanges { slug name gte lte count selected }
  inStock { inStock name count selected }
}
"""

HOME = PRODUCT_CARD + """
query HomePage($channel: String) {
  fiveStar: products(
    channel: $channel, first: 8,
    filter: {attributes: [{slug: "ocop-star", values: ["5-sao"]}]},
    sortBy: {field: CREATED_AT, direction: DESC}
  ) {
    totalCount
    edges { node { ...ProductCard } }
  }
  newest: products(
    channel: $channel, first: 24,
    filter: {attributes: [{slug: "ocop-star", values: ["3-sao", "4-sao", "5-sao"]}]},
    sortBy: {field: CREATED_AT, direction: DESC}
  ) {
    edges { node { ...ProductCard ocop { certification { decisionDate } } } }
  }
  productFacets(channel: $channel) {
    totalCount
    region { slug name count }
    group { slug code name level count }
  }
}
"""

LISTING = PRODUCT_CARD + FACETS + """
query ListingPage($channel: String, $search: String, $filter: ProductFilterInput,
                  $sortBy: ProductOrder, $first: Int, $after: String, $last: Int,
                  $before: String) {
  products(channel: $channel, search: $search, filter: $filter, sortBy: $sortBy,
           first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { ...ProductCard } }
  }
  productFacets(channel: $channel, search: $search, filter: $filter) { ...Facets }
}
"""

PRODUCT = PRODUCT_CARD + """
query ProductPage($slug: String!, $channel: String) {
  product(slug: $slug, channel: $channel) {
    name slug description seoTitle seoDescription
    slugEN: translation(languageCode: EN) { slug }
    media { url(size: 720) alt }
    thumbnail(size: 720) { url alt }
    category { name slug ancestors { name slug } }
    defaultVariant { id sku quantityAvailable weightGrams }
    pricing { priceRange { start { gross { amount currency formatted } } } }
    isAvailable
    ocop {
      isCertified isVerified star
      certification {
        kind isVerified decisionNumber decisionDate issuer issuerInferred legalBasis star
        productCode validUntil statusDisplay status isValid groupLabel revokedOn
      }
      groupPath { code name slug level }
      province { name fullName slug }
      legacyProvince { name fullName }
      commune { fullName }
      region { name slug }
    }
    producer {
      slug name shopName legalFormDisplay
      logo { url alt }
      province { name }
      products(channel: $channel, first: 5) { totalCount edges { node { ...ProductCard } } }
    }
  }
}
"""

SHOP = PRODUCT_CARD + """
query ShopPage($slug: String!, $channel: String, $first: Int, $after: String, $last: Int,
               $before: String) {
  producer(slug: $slug) {
    slug name shopName description legalFormDisplay registrationNumber address
    logo { url alt }
    province { name slug }
    legacyProvince { name }
    commune { fullName }
    region { name slug }
    products(channel: $channel, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { ...ProductCard } }
    }
  }
}
"""

CATEGORY = PRODUCT_CARD + """
query CategoryPage($slug: String!, $channel: String, $sortBy: ProductOrder, $first: Int,
                   $after: String, $last: Int, $before: String) {
  category(slug: $slug) {
    name slug description
    ancestors { name slug }
    children(first: 50) { edges { node { name slug } } }
    products(channel: $channel, sortBy: $sortBy, first: $first, after: $after, last: $last,
             before: $before) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { ...ProductCard } }
    }
  }
}
"""

CATEGORIES = """
query Categories {
  categories(level: 0, first: 50) {
    edges { node { name slug children(first: 50) { edges { node { name slug } } } } }
  }
}
"""

CERTIFICATE_CHECK = """
query CertificateCheck($productCode: String, $decisionNumber: String) {
  ocopCertifications(productCode: $productCode, decisionNumber: $decisionNumber) {
    certification {
      isVerified decisionNumber decisionDate issuer issuerInferred legalBasis star
      productCode validUntil status statusDisplay isValid groupLabel revokedOn
      revocationReason group { name code }
    }
    product {
      name slug
      producer { name shopName slug province { name } }
    }
  }
}
"""

SUGGESTIONS = """
query Suggestions($search: String!, $channel: String) {
  productSuggestions(search: $search, channel: $channel, first: 8) {
    text kind
    product { slug name }
  }
}
"""

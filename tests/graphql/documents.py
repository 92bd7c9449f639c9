"""Storefront-style documents, written the way a client of Saleor's storefront API writes them."""

PRODUCT_LIST = """
query ProductList($channel: String!, $first: Int, $after: String, $filter: ProductFilterInput,
                  $where: ProductWhereInput, $sortBy: ProductOrder, $search: String) {
  products(channel: $channel, first: $first, after: $after, filter: $filter, where: $where,
           sortBy: $sortBy, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        id name slug
        thumbnail(size: 256) { url alt }
        category { id name slug }
        productType { id name }
        pricing { priceRange { start { gross { amount currency } } stop { gross { amount currency } } } }
        isAvailable
        attributes { attribute { slug name } values { slug name } }
        ocop {
          isCertified star
          certification { decisionNumber validUntil status }
          province { name slug } region { name slug }
          group { code name }
          producer { name slug }
        }
      }
    }
  }
}
"""

PRODUCT_DETAILS = """
query ProductDetails($slug: String!, $channel: String!) {
  product(slug: $slug, channel: $channel) {
    id name slug description seoTitle seoDescription
    media { id url alt type }
    thumbnail { url }
    category { name slug ancestors { slug } }
    variants { id name sku quantityAvailable pricing { price { gross { amount currency formatted } } } }
    pricing { priceRange { start { gross { amount currency formatted } } } }
    isAvailable isAvailableForPurchase
    attributes { attribute { slug name inputType } values { slug name } }
    ocop {
      isCertified star
      certification {
        decisionNumber decisionDate issuer legalBasis star productCode validUntil
        status statusDisplay isValid group { code name }
      }
      certifications { decisionNumber star status }
      groupPath { code name level }
      province { code name fullName } legacyProvince { name } commune { fullName } region { name }
      producer { name slug legalForm legalFormDisplay }
    }
  }
}
"""

CATEGORY_WITH_PRODUCTS = """
query Category($slug: String!, $channel: String!, $first: Int!) {
  category(slug: $slug) {
    id name slug level
    children(first: 20) { edges { node { slug name } } }
    products(channel: $channel, first: $first) {
      totalCount
      edges { node { name slug pricing { priceRange { start { gross { amount } } } } } }
    }
  }
}
"""

PRODUCER_SHOP = """
query Shop($slug: String!, $channel: String!) {
  producer(slug: $slug) {
    id slug name shopName description legalForm legalFormDisplay registrationNumber address
    province { name } legacyProvince { name } commune { fullName } region { name }
    products(channel: $channel, first: 24) {
      totalCount
      edges { node { name slug ocop { star } } }
    }
  }
}
"""

"""GraphQL documents the load test's app users send (validated against the SDL in CI:
tests/graphql/test_load_documents.py)."""

LISTING = """query Listing($after: String, $star: [String!]) {
  products(first: 24, after: $after, channel: "vn", sortBy: {field: NAME, direction: ASC},
           filter: {attributes: [{slug: "ocop-star", values: $star}]}) {
    totalCount pageInfo { endCursor hasNextPage }
    edges { node { id name slug thumbnail { url alt }
      pricing { priceRange { start { gross { amount currency } } } }
      ocop { star province { name } region { name } } } } } }"""
SEARCH = """query Search($text: String!, $region: [String!]) {
  products(first: 24, channel: "vn", search: $text,
           filter: {attributes: [{slug: "ocop-region", values: $region}]}) {
    totalCount edges { node { id name slug
      pricing { priceRange { start { gross { amount } } } } } } }
  productFacets(channel: "vn", search: $text) { totalCount
    region { slug name count } star { slug count } province { slug name count } } }"""
PRODUCT = """query Product($slug: String!) {
  product(slug: $slug, channel: "vn") { id name description seoTitle
    pricing { priceRange { start { gross { amount } } } }
    variants { id name quantityAvailable }
    ocop { star certification { decisionNumber decisionDate } producer { name slug } } } }"""

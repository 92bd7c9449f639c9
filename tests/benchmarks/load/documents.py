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

# Signed-in shoppers (an app with a Bearer token): sign in once, then the checkout
# mutations Saleor's storefront sends, paying cash on delivery.
TOKEN_CREATE = """mutation SignIn($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { code message } } }"""
CHECKOUT_CREATE = """mutation CheckoutCreate($email: String!) {
  checkoutCreate(input: {channel: "vn", email: $email}) { checkout { id } errors { code } } }"""
CHECKOUT_ADD = """mutation CheckoutAdd($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { errors { code message }
    checkout { id totalPrice { gross { amount } } lines { id quantity } } } }"""
CHECKOUT_ADDRESS = """mutation CheckoutAddress($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) { errors { code }
    checkout { shippingMethods { id name } } } }"""
CHECKOUT_DELIVERY = """mutation CheckoutDelivery($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { errors { code } } }"""
CHECKOUT_COD = """mutation CheckoutPay($id: ID!) {
  transactionInitialize(id: $id, paymentGateway: {id: "vn.ocop.cod"}) { errors { code } } }"""
CHECKOUT_COMPLETE = """mutation CheckoutComplete($id: ID!) {
  checkoutComplete(id: $id) { errors { code message } order { id number } } }"""

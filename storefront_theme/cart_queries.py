"""The GraphQL documents of the cart, checkout and order pages (run in-process)."""

CART_FIELDS = """
fragment CartPage on Checkout {
  id email quantity stockReservationExpires voucherCode
  user { id }
  shippingAddress { firstName lastName phone streetAddress1 streetAddress2 city countryArea }
  subtotalPrice { gross { amount formatted } }
  shippingPrice { gross { amount formatted } }
  totalPrice { gross { amount formatted } }
  discount { amount formatted }
  authorizeStatus
  availablePaymentGateways { id name }
  packages {
    id producer { name slug }
    isShippingRequired
    lines { id quantity
            variant { id name product { name slug translation(languageCode: EN) { name slug }
                                        thumbnail(size: 160) { url alt } } }
            undiscountedUnitPrice { amount formatted } totalPrice { gross { amount formatted } } }
    subtotalPrice { gross { amount formatted } }
    shippingPrice { gross { amount formatted } }
    totalPrice { gross { amount formatted } }
    shippingMethods { id name isPickup price { amount formatted }
                      minimumDeliveryDays maximumDeliveryDays }
    deliveryMethod { id name }
  }
}
"""

CART = CART_FIELDS + "query Cart($id: ID!) { checkout(id: $id) { ...CartPage } }"
CART_COUNT = "query CartCount($id: ID!) { checkout(id: $id) { quantity } }"
MY_CHECKOUTS = "query MyCarts { me { checkoutIds(channel: \"vn\") } }"

ERRORS = "errors { field message code }"

CREATE = f"""mutation NewCart($email: String, $language: LanguageCodeEnum) {{
  checkoutCreate(input: {{channel: "vn", email: $email, languageCode: $language}}) {{
    checkout {{ id }} {ERRORS} }} }}"""
ADD = f"""mutation CartAdd($id: ID!, $variant: ID!, $quantity: Int!) {{
  checkoutLinesAdd(id: $id, lines: [{{variantId: $variant, quantity: $quantity}}]) {{
    checkout {{ id quantity }} {ERRORS} }} }}"""
UPDATE = f"""mutation CartUpdate($id: ID!, $line: ID!, $quantity: Int!) {{
  checkoutLinesUpdate(id: $id, lines: [{{lineId: $line, quantity: $quantity}}]) {{
    checkout {{ id }} {ERRORS} }} }}"""
EMAIL = f"""mutation CartEmail($id: ID!, $email: String!) {{
  checkoutEmailUpdate(id: $id, email: $email) {{ {ERRORS} }} }}"""
ATTACH = f"""mutation CartAttach($id: ID!) {{ checkoutCustomerAttach(id: $id) {{ {ERRORS} }} }}"""
SHIP_TO = f"""mutation CartShipTo($id: ID!, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{ {ERRORS} }} }}"""
PACKAGE_DELIVERY = f"""mutation CartPackage($id: ID!, $package: ID!, $method: ID!) {{
  checkoutPackageDeliveryMethodUpdate(id: $id, packageId: $package, deliveryMethodId: $method) {{
    {ERRORS} }} }}"""
PAY_COD = f"""mutation CartCod($id: ID!) {{
  transactionInitialize(id: $id, paymentGateway: {{id: "vn.ocop.cod"}}) {{ {ERRORS} }} }}"""
PAY_TRANSFER = f"""mutation CartTransfer($id: ID!) {{
  transactionInitialize(id: $id, paymentGateway: {{id: "vn.ocop.vietqr"}}) {{
    transaction {{ pspReference }} {ERRORS} }} }}"""
COMPLETE = f"""mutation CartComplete($id: ID!, $note: String) {{
  checkoutComplete(id: $id, customerNote: $note) {{ order {{ id token }} {ERRORS} }} }}"""

ORDER = """
query Purchase($id: ID!) {
  order(id: $id) {
    id number created status statusDisplay userEmail paymentStatus paymentStatusDisplay
    chargeStatus isPaid totalBalance { amount }
    transactions { gateway pspReference paymentInstructions }
    shippingAddress { firstName lastName phone streetAddress1 city countryArea }
    subtotal { gross { amount formatted } } shippingPrice { gross { amount formatted } }
    total { gross { amount formatted } }
    producerOrders {
      id number status statusDisplay canCancel cancelReason shippingMethodName
      producer { name slug }
      lines { productName variantName quantity quantityCanceled cancelReason
              totalPrice { gross { amount formatted } } }
      shippingPrice { gross { amount formatted } } total { gross { amount formatted } }
      fulfillments { carrier trackingNumber created deliveredAt }
    }
  }
}
"""
CANCEL_PART = f"""mutation CancelPart($id: ID!, $order: ID, $reason: String) {{
  producerOrderCancel(id: $id, orderId: $order, reason: $reason) {{ {ERRORS} }} }}"""
MY_ORDERS = """
query MyOrders($after: String) {
  me { orders(first: 20, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id token number created statusDisplay paymentStatusDisplay isPaid
                   total { gross { amount formatted } }
                   producerOrders { number statusDisplay producer { name } } } } } }
}
"""
ORDER_PAYMENT = """
query PurchasePayment($id: ID!) {
  order(id: $id) { status chargeStatus isPaid paymentStatus paymentStatusDisplay
                   totalBalance { amount } transactions { gateway paymentInstructions } }
}
"""

"""Our own checkout and order documents, written in the shape of Saleor's storefront
(fragments with the same selections, the same variables and operation layout) — not
copies of its files. tests/checkout/test_storefront_documents.py validates them against
the committed SDL and drives a whole checkout with them."""

MONEY = "fragment Amount on Money { currency amount }"

ADDRESS = """
fragment PlaceFields on Address {
  id city phone postalCode companyName cityArea streetAddress1 streetAddress2 countryArea
  country { country code } firstName lastName
}"""

CHECKOUT = MONEY + ADDRESS + """
fragment CheckoutProblemFields on CheckoutError { message field code }
fragment GatewayFields on PaymentGateway { id name currencies config { field value } }
fragment CartLine on CheckoutLine {
  id quantity
  totalPrice { gross { currency amount } }
  unitPrice { gross { ...Amount } }
  undiscountedUnitPrice { ...Amount }
  variant {
    id name
    product { name media { alt type url(size: 72) } }
  }
}
fragment Cart on Checkout {
  id email
  discount { ...Amount }
  voucherCode discountName translatedDiscountName
  channel { id slug }
  user { id }
  shippingAddress { ...PlaceFields }
  billingAddress { ...PlaceFields }
  authorizeStatus chargeStatus isShippingRequired
  availablePaymentGateways { ...GatewayFields }
  delivery { id shippingMethod { id name } }
  problems {
    ... on CheckoutProblemDeliveryMethodStale { __typename }
    ... on CheckoutProblemDeliveryMethodInvalid { __typename }
  }
  totalPrice { gross { ...Amount } tax { ...Amount } }
  shippingPrice { gross { ...Amount } }
  subtotalPrice { gross { ...Amount } }
  lines { ...CartLine }
  stockReservationExpires
  packages {
    id producer { name }
    shippingMethods { id name price { ...Amount } }
    deliveryMethod { id name }
    shippingPrice { gross { ...Amount } }
  }
}
"""

CHECKOUT_OPERATIONS = {
    "find": "query cart($id: ID!) { checkout(id: $id) { ...Cart } }",
    "create": """mutation cartCreate($channel: String!) {
        checkoutCreate(input: { channel: $channel, lines: [] }) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "create with language": """mutation cartCreateIn($channel: String!, $languageCode: LanguageCodeEnum!) {
        checkoutCreate(input: { channel: $channel, languageCode: $languageCode, lines: [] }) {
          checkout { id email lines { id quantity } totalPrice { gross { amount currency } } }
          errors { field code } } }""",
    "lines add": """mutation cartAdd($checkoutId: ID!, $lines: [CheckoutLineInput!]!) {
        checkoutLinesAdd(id: $checkoutId, lines: $lines) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "line add one": """mutation cartAddOne($id: ID!, $productVariantId: ID!) {
        checkoutLinesAdd(id: $id, lines: [{ quantity: 1, variantId: $productVariantId }]) {
          checkout { id lines { id quantity variant { name product { name } } } }
          errors { message } } }""",
    "lines update": """mutation cartUpdate($checkoutId: ID!, $lines: [CheckoutLineUpdateInput!]!) {
        checkoutLinesUpdate(id: $checkoutId, lines: $lines) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "line delete": """mutation cartLineDrop($checkoutId: ID!, $lineId: ID) {
        checkoutLineDelete(id: $checkoutId, lineId: $lineId) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "lines delete": """mutation cartLinesDrop($checkoutId: ID!, $lineIds: [ID!]!) {
        checkoutLinesDelete(id: $checkoutId, linesIds: $lineIds) {
          checkout { id lines { id } channel { slug } } errors { field code } } }""",
    "email": """mutation cartEmail($email: String!, $checkoutId: ID!) {
        checkoutEmailUpdate(email: $email, id: $checkoutId) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "metadata": """mutation cartMeta($id: ID!, $input: [MetadataInput!]!) {
        updateMetadata(id: $id, input: $input) {
          errors { field code message } item { ... on Checkout { id } } } }""",
    "attach": """mutation cartAttach($checkoutId: ID!) {
        checkoutCustomerAttach(id: $checkoutId) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "detach": """mutation cartDetach($checkoutId: ID!) {
        checkoutCustomerDetach(id: $checkoutId) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "shipping address": """mutation cartShipTo($checkoutId: ID!, $shippingAddress: AddressInput!,
        $saveAddress: Boolean, $validationRules: CheckoutAddressValidationRules) {
        checkoutShippingAddressUpdate(id: $checkoutId, shippingAddress: $shippingAddress,
            saveAddress: $saveAddress, validationRules: $validationRules) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "billing address": """mutation cartBillTo($checkoutId: ID!, $billingAddress: AddressInput!,
        $saveAddress: Boolean, $validationRules: CheckoutAddressValidationRules) {
        checkoutBillingAddressUpdate(id: $checkoutId, billingAddress: $billingAddress,
            saveAddress: $saveAddress, validationRules: $validationRules) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "delivery method": """mutation cartDelivery($checkoutId: ID!, $deliveryMethodId: ID!) {
        checkoutDeliveryMethodUpdate(id: $checkoutId, deliveryMethodId: $deliveryMethodId) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "promo add": """mutation cartPromo($checkoutId: ID, $promoCode: String!) {
        checkoutAddPromoCode(checkoutId: $checkoutId, promoCode: $promoCode) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "promo remove": """mutation cartPromoDrop($checkoutId: ID, $promoCode: String, $promoCodeId: ID) {
        checkoutRemovePromoCode(checkoutId: $checkoutId, promoCode: $promoCode, promoCodeId: $promoCodeId) {
          errors { ...CheckoutProblemFields } checkout { ...Cart } } }""",
    "complete": """mutation cartComplete($checkoutId: ID!) {
        checkoutComplete(id: $checkoutId) {
          errors { ...CheckoutProblemFields } order { id channel { slug } } } }""",
    "delivery options": """mutation cartDeliveries($id: ID!) {
        deliveryOptionsCalculate(id: $id) {
          deliveries { id shippingMethod { id name active price { ...Amount }
                                           minimumDeliveryDays maximumDeliveryDays } }
          errors { field message code } } }""",
    "gateways": """mutation cartGateways($checkoutId: ID!, $paymentGateways: [PaymentGatewayToInitialize!]) {
        paymentGatewayInitialize(id: $checkoutId, paymentGateways: $paymentGateways) {
          errors { field message code }
          gatewayConfigs { id data errors { field message code } } } }""",
    "transaction": """mutation cartPay($checkoutId: ID!, $action: TransactionFlowStrategyEnum,
        $paymentGateway: PaymentGatewayToInitialize!, $amount: PositiveDecimal) {
        transactionInitialize(id: $checkoutId, action: $action, paymentGateway: $paymentGateway,
                              amount: $amount) {
          transaction { id actions } transactionEvent { message type } data
          errors { field code message } } }""",
    "validation rules": """query rules($countryCode: CountryCode!) {
        addressValidationRules(countryCode: $countryCode) {
          addressFormat allowedFields requiredFields countryAreaType postalCodeType cityType
          countryAreaChoices { raw verbose } } }""",
}

ORDER = MONEY + ADDRESS + """
fragment PurchaseLine on OrderLine {
  id quantity
  variant { name product { name } }
  totalPrice { gross { ...Amount } }
  undiscountedUnitPrice { gross { ...Amount } }
  unitPrice { gross { ...Amount } }
  productName variantName
  thumbnail(size: 128, format: WEBP) { alt url }
}
fragment Purchase on Order {
  id number userEmail isPaid
  channel { slug }
  discounts { type name amount { ...Amount } }
  chargeStatus authorizeStatus
  shippingAddress { ...PlaceFields }
  billingAddress { ...PlaceFields }
  deliveryMethod { ... on ShippingMethod { name minimumDeliveryDays maximumDeliveryDays } }
  total { gross { ...Amount } tax { ...Amount } }
  voucher { code }
  shippingPrice { gross { ...Amount } }
  subtotal { gross { ...Amount } }
  lines { ...PurchaseLine }
  totalBalance { ...Amount }
  totalCaptured { ...Amount }
  producerOrders { number status producer { name } total { gross { amount } }
                   fulfillments { trackingNumber carrier } }
}
"""

ORDER_SUMMARY = """
fragment BuyerFields on User { id email firstName lastName avatar { url alt } }
fragment PurchaseSummary on Order {
  id number created
  total { gross { amount currency } }
  lines {
    variant { id name product { id name description slug thumbnail { url alt }
                                category { id name } }
              pricing { price { gross { amount currency } } } }
    quantity
  }
  status statusDisplay paymentStatus
}
fragment PurchaseFull on Order {
  id number created status statusDisplay paymentStatus isPaid
  shippingAddress { ...PlaceFields } billingAddress { ...PlaceFields }
  subtotal { gross { amount currency } }
  shippingPrice { gross { amount currency } }
  total { gross { amount currency } tax { amount currency } }
  lines { id quantity variant { id name product { id name slug thumbnail { url alt } }
                                 pricing { price { gross { amount currency } } } } }
  fulfillments { id status created trackingNumber lines { id quantity orderLine { id } } }
}
"""

ORDER_OPERATIONS = {
    "order": "query purchase($id: ID!) { order(id: $id) { ...Purchase } }",
    "my orders": """query myPurchases {
        me { ...BuyerFields orders(first: 10) { edges { node { ...PurchaseSummary } } } } }""",
    "my orders page": """query myPurchasesPage($first: Int, $after: String) {
        me { ...BuyerFields orders(first: $first, after: $after) {
          edges { node { ...PurchaseSummary } cursor } pageInfo { hasNextPage endCursor }
          totalCount } } }""",
    "order by number": """query purchaseByNumber($first: Int) {
        me { orders(first: $first) { edges { node { ...PurchaseFull } } } } }""",
}


def only_used(document: str) -> str:
    """The document's one operation with the fragments it uses (a file of shared
    fragments, as the storefront keeps them, holds more than one operation needs)."""
    from graphql import FragmentDefinitionNode, FragmentSpreadNode, parse, print_ast, visit
    from graphql.language import DocumentNode, Visitor

    tree = parse(document)
    fragments = {d.name.value: d for d in tree.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in tree.definitions if not isinstance(d, FragmentDefinitionNode)]
    needed: list[str] = []
    pending = list(operations)

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *args):
            if node.name.value not in needed:
                needed.append(node.name.value)
                pending.append(fragments[node.name.value])

    while pending:
        visit(pending.pop(), Spreads())
    return print_ast(DocumentNode(definitions=[*operations, *(fragments[n] for n in needed)]))


def checkout_document(name: str) -> str:
    return only_used(CHECKOUT + CHECKOUT_OPERATIONS[name])


def order_document(name: str) -> str:
    return only_used(ORDER + ORDER_SUMMARY + ORDER_OPERATIONS[name])

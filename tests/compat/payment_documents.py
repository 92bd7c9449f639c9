"""Our own payment documents, in the shape of Saleor's storefront's payment operations
(the same variables, root fields and selections; written here, not copied), plus the
order-payment query a "waiting for your transfer" page polls."""

GATEWAYS_INITIALIZE = """
mutation paymentGatewaysInitialize($checkoutId: ID!,
                                   $paymentGateways: [PaymentGatewayToInitialize!]) {
  paymentGatewayInitialize(id: $checkoutId, paymentGateways: $paymentGateways) {
    errors { field message code }
    gatewayConfigs { id data errors { field message code } }
  }
}"""

TRANSACTION_INITIALIZE = """
mutation transactionInitialize($checkoutId: ID!, $action: TransactionFlowStrategyEnum,
                               $paymentGateway: PaymentGatewayToInitialize!,
                               $amount: PositiveDecimal) {
  transactionInitialize(id: $checkoutId, action: $action, paymentGateway: $paymentGateway,
                        amount: $amount) {
    transaction { id actions }
    transactionEvent { message type }
    data
    errors { field code message }
  }
}"""

TRANSACTION_PROCESS = """
mutation transactionProcess($id: ID!, $data: JSON) {
  transactionProcess(id: $id, data: $data) {
    transaction { id actions }
    transactionEvent { message type }
    data
    errors { field code message }
  }
}"""

CHECKOUT_PAYMENT = """
query checkoutPayment($id: ID!) {
  checkout(id: $id) {
    id chargeStatus authorizeStatus
    totalPrice { gross { amount currency } }
    totalBalance { amount currency }
    availablePaymentGateways { id name currencies config { field value } }
    transactions {
      id pspReference name message createdAt modifiedAt actions
      authorizedAmount { amount } chargedAmount { amount } refundedAmount { amount }
      canceledAmount { amount } chargePendingAmount { amount }
      events { id type message pspReference createdAt amount { amount currency } }
    }
  }
}"""

ORDER_PAYMENT = """
query orderPayment($id: ID!) {
  order(id: $id) {
    id number status isPaid paymentStatus chargeStatus authorizeStatus
    total { gross { amount currency } }
    totalCharged { amount } totalAuthorized { amount } totalRefunded { amount }
    totalBalance { amount } totalChargePending { amount }
    transactions {
      id pspReference name actions
      chargedAmount { amount } refundedAmount { amount } authorizedAmount { amount }
      events { type amount { amount } message pspReference }
    }
  }
}"""

ALL = {
    "paymentGatewaysInitialize": GATEWAYS_INITIALIZE,
    "transactionInitialize": TRANSACTION_INITIALIZE,
    "transactionProcess": TRANSACTION_PROCESS,
    "checkoutPayment": CHECKOUT_PAYMENT,
    "orderPayment": ORDER_PAYMENT,
}

"""Saleor's ``ProductErrorCode`` values, raised as ``ValidationError`` codes by the seller
catalog so the API reports them as the enum and the portal shows the message."""

from enum import Enum


class ProductErrorCode(Enum):
    ALREADY_EXISTS = "already_exists"
    DUPLICATED_INPUT_ITEM = "duplicated_input_item"
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    INVALID_PRICE = "invalid_price"
    NOT_PRODUCTS_IMAGE = "not_products_image"
    NOT_PRODUCTS_VARIANT = "not_products_variant"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    UNIQUE = "unique"
    CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT = "cannot_manage_product_without_variant"
    PRODUCT_NOT_ASSIGNED_TO_CHANNEL = "product_not_assigned_to_channel"
    INVALID_FILE_TYPE = "invalid_file_type"
    UNSUPPORTED_MIME_TYPE = "unsupported_mime_type"
    FILE_SIZE_LIMIT_EXCEEDED = "file_size_limit_exceeded"
    # Extension: selling is closed while the operator suspends the seller.
    SELLER_SUSPENDED = "seller_suspended"

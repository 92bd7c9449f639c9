"""GraphQL documents of the English storefront (``/en/…``): the shapes Saleor's storefront
uses (``translation(languageCode: EN)``, ``assignedAttributes``, collections, pages),
sent in-process like every storefront page."""

EN_CARD = """
fragment EnCard on Product {
  name slug
  translation(languageCode: EN) { name slug }
  small: thumbnail(size: 256, format: WEBP) { url alt }
  large: thumbnail(size: 512, format: WEBP) { url }
  smallAvif: thumbnail(size: 256, format: AVIF) { url }
  largeAvif: thumbnail(size: 512, format: AVIF) { url }
  pricing { priceRange { start { gross { amount currency formatted } } } }
  isAvailable
  star: assignedAttribute(slug: "ocop-star") {
    ... on AssignedSingleChoiceAttribute { value { name slug translation(languageCode: EN) } }
  }
  province: assignedAttribute(slug: "ocop-province") {
    ... on AssignedSingleChoiceAttribute { value { name translation(languageCode: EN) } }
  }
}
"""

EN_FILTER_VALUES = """
fragment EnChoices on Attribute {
  slug
  translation(languageCode: EN) { name }
  choices(first: 100) { edges { node { slug name translation(languageCode: EN) { name } } } }
}
"""

EN_HOME = EN_CARD + """
query EnHome($channel: String!) {
  collections(channel: $channel, first: 10) {
    edges { node { name slug translation(languageCode: EN) { name slug description } } }
  }
  products(channel: $channel, first: 8, sortBy: {field: CREATED_AT, direction: DESC}) {
    totalCount
    edges { node { ...EnCard } }
  }
}
"""

EN_LISTING = EN_CARD + EN_FILTER_VALUES + """
query EnListing($channel: String!, $search: String, $where: ProductWhereInput,
                $first: Int, $after: String) {
  products(channel: $channel, search: $search, where: $where, first: $first, after: $after,
           sortBy: {field: NAME, direction: ASC}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ...EnCard } }
  }
  star: attribute(slug: "ocop-star") { ...EnChoices }
  region: attribute(slug: "ocop-region") { ...EnChoices }
}
"""

EN_PRODUCT = """
query EnProduct($slug: String!, $channel: String!) {
  product(slug: $slug, slugLanguageCode: EN, channel: $channel) {
    id name slug description
    translation(languageCode: EN) { name slug description seoTitle seoDescription }
    media { alt
      webp: url(size: 1024, format: WEBP) smallWebp: url(size: 512, format: WEBP)
      avif: url(size: 1024, format: AVIF) smallAvif: url(size: 512, format: AVIF) }
    category { name slug translation(languageCode: EN) { name } }
    pricing { priceRange { start { gross { amount currency formatted } } } }
    isAvailable
    defaultVariant { id }
    productVariants(first: 10) {
      edges { node { name translation(languageCode: EN) { name } quantityAvailable } }
    }
    assignedAttributes(limit: 20) {
      attribute { slug name translation(languageCode: EN) { name } }
      ... on AssignedSingleChoiceAttribute { value { name slug translation(languageCode: EN) } }
      ... on AssignedMultiChoiceAttribute { choices: value { name translation(languageCode: EN) } }
    }
    ocop { isCertified isVerified star certification { decisionNumber decisionDate issuer } }
    producer { name slug }
  }
}
"""

EN_COLLECTION = EN_CARD + """
query EnCollection($slug: String!, $channel: String!, $first: Int, $after: String) {
  collection(slug: $slug, slugLanguageCode: EN, channel: $channel) {
    name slug description
    translation(languageCode: EN) { name slug description }
    products(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...EnCard } }
    }
  }
}
"""

PAGE = """
query ContentPage($slug: String!, $slugLanguageCode: LanguageCodeEnum,
                  $languageCode: LanguageCodeEnum!) {
  page(slug: $slug, slugLanguageCode: $slugLanguageCode) {
    title slug content seoDescription
    translation(languageCode: $languageCode) { title slug content seoDescription }
  }
}
"""

MENU = """
query FooterMenu($slug: String!, $channel: String!, $languageCode: LanguageCodeEnum!) {
  menu(slug: $slug, channel: $channel) {
    items {
      name translation(languageCode: $languageCode) { name }
      children {
        name url translation(languageCode: $languageCode) { name }
        page { slug translation(languageCode: $languageCode) { slug } }
        collection { slug translation(languageCode: $languageCode) { slug } }
        category { slug translation(languageCode: $languageCode) { slug } }
      }
    }
  }
}
"""

COLLECTION_VI = """
query CollectionPage($slug: String!, $channel: String!, $first: Int, $after: String) {
  collection(slug: $slug, channel: $channel) {
    name slug description seoDescription
    slugEN: translation(languageCode: EN) { slug }
    products(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        name slug isAvailable
        thumbnail(size: 256) { url alt }
        pricing { priceRange { start { gross { amount formatted } } } }
        ocop { isCertified star province { name } }
      } }
    }
  }
}
"""

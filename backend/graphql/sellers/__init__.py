"""Seller-side API: the scoped catalog mutations in Saleor's shapes, team and bank account,
and the seller's reads (``me { producers { … } }``). Rules live in ``backend.sellers``."""

"""Sellers: who runs a producer's shop (memberships and roles), and, as the sellers issue
grows it, claims, the seller lifecycle and moderation."""

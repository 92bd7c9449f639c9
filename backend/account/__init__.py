"""Accounts: shoppers, the operator's staff and (later) producers' team members."""

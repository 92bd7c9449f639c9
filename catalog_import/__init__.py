"""Reading, normalising, validating and upserting the certified-product lists provinces publish."""

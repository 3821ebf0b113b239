"""Evidence: the documents and records that back an item's status and its demonstration."""

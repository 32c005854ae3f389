"""The fund's use cases and the adapters they are handed: files, audit, helper processes."""

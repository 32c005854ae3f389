"""The read models: tables derived from the event log, disposable and rebuildable."""

# Bump when a projection changes what it stores: the views are then emptied and replayed.
VIEWS_VERSION = 3

"""The read models: tables derived from the event log, disposable and rebuildable."""

# Bump when a projection changes what it stores, or a table its layout: the view tables are
# then made again and replayed.
VIEWS_VERSION = 11

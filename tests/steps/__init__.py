"""Step definitions of the feature files: each step calls the Fund application, never the CLI."""

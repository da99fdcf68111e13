"""The `icati` subcommands, one module per area."""

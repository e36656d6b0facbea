//! The non-interactive subcommands: thin layers over `core`.

"""Pure rules: no database, no Qt. Everything here is tested without I/O."""

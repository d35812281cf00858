"""Rules of the `local` engine for coding tests: the helper chat and the usage report."""

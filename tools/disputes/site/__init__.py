"""The register site: an MkDocs plugin that generates pages from the records."""

"""The generated pages of the register site, one module per page type."""

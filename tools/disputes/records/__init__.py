"""Files to records: safe YAML, front matter, the schema, the rules, validation."""

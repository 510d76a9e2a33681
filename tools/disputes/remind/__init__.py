"""`disputes remind`: what waits for whom (`waiting`), read from the register (`gather`),
written as Markdown for one issue kept up to date or a pull request's comment (`markdown`).
It reads records, the policy, the history's sign-offs and `schema/accounts.yml`; it
writes nothing: the workflow posts what it prints."""

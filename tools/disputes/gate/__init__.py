"""The pull-request gate, `disputes check --base REV`: what it lets into the register.

One package a reviewer can own as a whole (CODEOWNERS names it as one line): `check` runs
the gate over a change and judges it at its head, `rules` judges what the change did,
`lasting` what each of its commits leaves in history for good, `walk` and `scoped` read the
commits it covers, `listing` the fork's tree; a change outside records/ is read as data, nothing of
it run (`configuration`, `siteconfig`, `pagescan`). It reads git through `history/`.
"""

"""Disclosure control: what the public profile may publish, and nothing that reveals a case.

`public` chooses what is reported on (complete quarters, fixed vocabularies, other agencies
as "another agency"); `counts` lays the report out as cells; `suppress` and `solve` withhold
small numbers and every cell that would let one be worked back, across every published
figure and every earlier release (`earlier`). The site's public pages (`site/`) import it;
it imports neither `site/` nor MkDocs.
"""

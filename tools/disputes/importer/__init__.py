"""`disputes import`: a partnership's past disputes from a spreadsheet log or filled forms.

Sources are read (`tables`, `forms`), each row or form is mapped to a draft record
(`columns`, `values`, `logrows`, `drafts`), checked as `validate --strict` would, and
written through the one writer (`edit/`) in one import commit (`run`). What the source
does not give is 'not recorded' (`records/unrecorded.py`), never guessed.
"""

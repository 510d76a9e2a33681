"""The browser route: each ordinary step asked by a form on the hosting site, run as the
command line runs it (`disputes request`), with nothing installed on the manager's machine."""

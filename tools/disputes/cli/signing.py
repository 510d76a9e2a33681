"""`disputes sign`: a manager's sign-off of a resolved record, as a (signed) commit."""

from __future__ import annotations

from pathlib import Path

import click

from disputes.cli.options import root_option
from disputes.edit.signoff import ROLES, SignError, sign_record
from disputes.history import ALLOWED_SIGNERS
from disputes.history.attest import short
from disputes.records.config import check_root
from disputes.records.find import EditError


@click.command()
@root_option
@click.argument("record_id", metavar="ID")
@click.option(
    "--role", type=click.Choice(sorted(ROLES)), required=True, help="Which manager you sign as."
)
@click.option(
    "--require-signature",
    is_flag=True,
    help="Refuse unless git will sign the commit cryptographically.",
)
def sign(root: Path, record_id: str, role: str, require_signature: bool) -> None:
    """Sign off a resolved record as one of the two managers named at stage 3.

    Makes a commit carrying 'Signed-off-by: you' and the exact version of the
    record you sign (as committed); signed with your key when git signing is set
    up. The identity git will put on the commit must be the manager's email in
    the record. Any later change to the record needs both managers to sign again.

    \b
    Example:
      disputes sign PD-2026-0007 --role challenger-manager
    """
    check_root(root)
    try:
        commit, signature, version = sign_record(
            root, record_id, role, require_signature=require_signature
        )
    except (SignError, EditError) as error:
        raise click.ClickException(str(error)) from None
    signer = f" by {signature.signer}" if signature.signer else ""
    click.echo(
        f"{record_id}: signed off as {role.replace('-', ' ')} in commit "
        f"{commit.hash[:10]} (signature: {signature.status}{signer})."
    )
    click.echo(
        f"It attests version {short(version)} of the record; if the record changes, both "
        "managers sign again."
    )
    if (root / ALLOWED_SIGNERS).is_file() and signature.status != "good":
        click.echo(
            f"Warning: the signature is {signature.status} when checked against "
            "schema/allowed_signers, so the check will not count this sign-off: ask the "
            "administrator to list your public key there for your work email, then sign again.",
            err=True,
        )

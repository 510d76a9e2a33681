"""Every ordinary step's questions, once: the table the issue forms, the site's download
form and `disputes request` all read.

A step is one entry of `STEPS`; the sign-off step's questions are in `route/signoff.py`,
beside the commit it makes.
"""

from __future__ import annotations

from disputes.records.model import CATEGORIES, LEVELS_OF_NEED, OUTCOMES
from disputes.route import signoff
from disputes.route.questions import (
    CHOICE,
    NO_NAMES,
    TEXT,
    YES_NO,
    Question,
    Step,
    day,
    person,
    record_id,
)

STAGES = ("1", "2", "3", "4", "5")
DECISION = Question("decision", "The decision reached at the stage it leaves, in a sentence")
MANAGERS = (
    *person("challenger_manager", "challenging agency's manager"),
    *person("challenged_manager", "challenged agency's manager"),
)
PANEL = Question(
    "panel_members",
    "Stage 5: the QAPM panel's representatives",
    TEXT,
    "One a line: Name; Job title; Agency (for example 'Pat Doe; Head of Service; Kent Police').",
    many=True,
    option_name="--panel-member",
    field="panel",
)
GROUP_DATE = Question(
    "group_date", "Stage 5: the date the QAPM group meets", help="If known. YYYY-MM-DD."
)
RECEIVED = Question(
    "representations_received",
    "Stage 5: did the group receive both agencies' representations?",
    YES_NO,
    negative="--representations-not-received",
)
REPRESENTED = Question(
    "agencies_represented",
    "Stage 5: did the two agencies in the dispute sit on the panel?",
    YES_NO,
    negative="--agencies-not-represented",
)
STAGE5 = (GROUP_DATE, PANEL, RECEIVED, REPRESENTED)
REASON = Question("reason", "Why", TEXT, "A sentence: it is kept in the record's history.", True)

RAISE = Step(
    "new",
    "Raise a new dispute",
    "Add a disagreement about a child's safety to the register.",
    (
        Question("title", "Title, without names", required=True,
                 help="A short description of the disagreement, for example 'Threshold for a "
                 "child in need assessment'."),
        Question("opened", "Date the disagreement was first raised", help="YYYY-MM-DD. "
                 "Default: today."),
        Question("child_reference", "The child's case reference", required=True,
                 help="The agencies' case reference, for example C-104233. Never a name."),
        Question("challenger_agency", "The agency that disagrees", required=True),
        Question("challenged_agency", "The agency whose decision is challenged", required=True),
        Question("categories", "What it is about", CHOICE, "Choose one or more.", True,
                 CATEGORIES, many=True, option_name="--category"),
        Question("immediate_risk", "Is the child thought to be at risk of immediate harm?",
                 YES_NO, required=True),
        Question("level_of_need", "Level of need", CHOICE, "If known.", choices=LEVELS_OF_NEED),
        Question("stage", "The stage it starts at", CHOICE,
                 "1 unless it starts higher (4 or 5 only at immediate risk).", choices=STAGES),
        Question("started", "Date that stage started", help="YYYY-MM-DD. Default: the date "
                 "it was first raised."),
        *person("challenger_worker", "challenging agency's worker", agency=False, email=False),
        *person("supervisor", "worker's supervisor", email=False),
        Question("aim", "Stage 1: what the worker and supervisor aim to achieve", TEXT),
        *person("challenged_worker", "challenged agency's worker", agency=False, email=False),
        *MANAGERS,
        Question("summary", "The reason for the dispute, in a sentence or two", TEXT,
                 "Optional; no names."),
        NO_NAMES,
    ),
    needs_record=False,
    intro="The register's check runs on your answers; if something needs correcting, the "
    "answer on this request says which question and how.",
)  # fmt: skip

STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        RAISE,
        Step(
            "raised",
            "Stage 3: the concern reached the other manager",
            "Record the day stage 3's concern reached the other agency's manager.",
            (record_id("mark raised"),
             day("The day the concern reached the other agency's manager", required=True)),
        ),
        Step(
            "escalate",
            "Escalate to the next stage",
            "Move a dispute to its next stage, naming that stage's people.",
            (record_id("escalate"),
             day("The day the new stage started", "Default: today."),
             DECISION,
             *person("challenged_worker", "challenged agency's worker (stage 2)", agency=False,
                     email=False),
             *MANAGERS,
             *STAGE5),
            intro="Name the people the new stage needs: at stage 2 the challenged agency's "
            "worker, at stages 3 and 4 both agencies' managers (they will sign the form).",
        ),
        Step(
            "refer",
            "Refer to the QAPM group (stage 5)",
            "Refer a dispute to the QAPM group, before the group meets.",
            (record_id("refer"), day("The day of the referral", "Default: today."),
             DECISION, *STAGE5),
        ),
        Step(
            "note",
            "Add a dated note",
            "Add a dated note under its stage, in the record's text.",
            (record_id("add a note to"),
             Question("text", "The note", TEXT, "No names of children or family members.",
                      True, argument=True),
             day("The day the note is about", "Default: today."),
             Question("stage", "The stage it is about", CHOICE, "Default: the current stage.",
                      choices=STAGES)),
        ),
        Step(
            "resolve",
            "Resolve a dispute",
            "Close a dispute as resolved, with the form's closing questions.",
            (record_id("resolve"),
             day("The day it was resolved", required=True),
             Question("stage", "The stage it was resolved at", CHOICE,
                      "Default: the current stage.", choices=STAGES),
             Question("outcome", "The outcome", CHOICE, "Optional.", choices=OUTCOMES),
             Question("decision", "The decision reached at that stage, in a sentence",
                      required=True),
             Question("shared_with", "Who the record was shared with", TEXT,
                      "One name a line; at least the workers.", True, many=True),
             Question("debrief", "Was a debrief held with the workers?", YES_NO, required=True),
             Question("effectiveness", "How well did the policy work for this dispute?", TEXT,
                      "Asked from stage 3."),
             Question("suggestions", "How could the policy be improved?", TEXT,
                      "Asked from stage 3."),
             Question("outstanding", "Outstanding issues and how they will be pursued", TEXT,
                      "Write 'None.' if there are none.", True),
             Question("agreed", "The agreed outcomes and actions", TEXT,
                      "Needed if the record does not already say them.")),
            intro="From stage 3 the managers named at that stage then each sign the record off.",
        ),
        Step(
            "withdraw",
            "Withdraw a dispute",
            "Close a dispute as withdrawn, with the date and the reason.",
            (record_id("withdraw"), day("The day it was withdrawn", required=True),
             Question("reason", "Why it was withdrawn", TEXT, required=True)),
        ),
        Step(
            "reopen",
            "Reopen a dispute",
            "Reopen a resolved or withdrawn dispute at its last stage.",
            (record_id("reopen"),
             Question("reason", "Why it is reopened", TEXT, "Kept in the record's history.", True),
             day("The day it was reopened", "Default: today.")),
        ),
        Step(
            "amend",
            "Amend a record",
            "Correct or complete a record; the reason is kept in its history.",
            (record_id("amend"),
             Question("reason", "Why the record is amended", TEXT, "Kept in its history.", True),
             Question("stage", "The stage the answers below change", CHOICE,
                      "Default: the current stage.", choices=STAGES),
             Question("note", "A dated note to add under that stage", TEXT),
             DECISION,
             Question("aim", "Stage 1: what the worker and supervisor aim to achieve", TEXT),
             *person("challenger_worker", "challenging agency's worker", agency=False,
                     email=False),
             *person("challenged_worker", "challenged agency's worker", agency=False,
                     email=False),
             *person("supervisor", "worker's supervisor", email=False),
             *MANAGERS,
             Question("referred", "Stage 5: the date of the referral", help="YYYY-MM-DD."),
             *STAGE5),
            intro="Answer only what changes; leave the rest blank.",
        ),
        # The sign-off step: its questions and its run are in route/signoff.py. The record
        # page links to it on a resolved record (site/pages/requests.py, CLOSED_STEPS).
        signoff.SIGN_OFF,
    )
}  # fmt: skip

REQUEST_LABEL = "disputes-request"  # every form puts it on its request; the workflow runs on it


def step_named(name: str) -> Step | None:
    """The step with this name (its command), or None."""
    return STEPS.get(name)

"""The rules of the *Entrepreneurs d'intérêt général* programme, for Python.

Validate a défi submission against its promotion's rulebook and get every violation, with a
stable ``code``, a JSON Pointer ``path`` and messages in French and English:

>>> import eig
>>> report = eig.validate('{"promotion": "eig-4", "titel": "Signaux faibles"}')
>>> report.valid
False
>>> typo = [v for v in report.violations if v.path == "/titel"][0]
>>> typo.code, typo.message_en, typo.hint_en
('unknown_field', 'unknown field "titel"', 'did you mean "title"?')

Rank a selection stage from a jury's scores, with juror bias calibrated and every decision
explained:

>>> promo = eig.generate(seed=7, candidates=60)
>>> ranking = eig.score(promo["candidate_grid"], promo["jury"], promo["candidate_scores"],
...                     rulebook=eig.Rulebook.from_json(promo["rulebook"]))
>>> ranking.to_records()[0]["rank"]
1

Import the programme's public history (the two generations of its website) into one dataset,
with every anomaly reported and nothing lost, and tables for pandas or polars:
``eig.import_sites([("site-eig", dir1), ("site-eig-v3", dir2)])``, ``eig.load_dataset(path)``,
then ``dataset.challenges.to_records()`` or ``dataset.stats(by="expertise")``.

Form défi teams from the ranked candidates (stable or welfare-optimal), compare the two
policies, and give every team its référents, each placement and pair explained:
``eig.form_teams(doc, policy="stable")``, ``eig.compare_policies(doc)``,
``eig.match_mentors(doc, affinity=None)``.

Plan the juries: jurors placed in panels, rooms and half-days, one référent each, under
conflicts of interest, loads and the profiles to cover, optimal and explained, with the
timetable as a table (``eig.plan_jury(doc).timetable.to_pandas()``;
``eig.generate_jury_plan()`` is an input shaped as the EIG 4 jury); and the jurors' agreement,
``eig.krippendorff_alpha(reliability_data, level_of_measurement="interval")`` (raters as rows,
NaN for missing, as the ``krippendorff`` package takes it) or ``eig.agreement(score_sheets)``.

For administrations: ``eig.template("eig-7")`` is a dossier that validates, to fill in
(``eig.template_text("eig-7")`` the same as text, with a comment above each field that says
what it is), and ``eig.field_guide("eig-7")`` says what each field is. The package installs the command
``eig`` (``eig validate defi.json``, ``eig template``, ``eig fields``).

The work is done by the Rust library ``eig``; this package is a thin layer over it.
"""

from . import assignment
from ._guard import InternalError, guarded
from ._eig import (
    Dataset,
    Fixed,
    JuryPlan,
    Mentors,
    Ranking,
    Report,
    Rulebook,
    Submission,
    Table,
    Teams,
    ValidationError,
    Violation,
    __version__,
    aggregate,
    agreement,
    calibrate,
    compare_policies,
    field_guide,
    fix,
    form_teams,
    generate,
    generate_jury_plan,
    import_site,
    import_sites,
    krippendorff_alpha,
    load_dataset,
    load_submission,
    match_mentors,
    plan_jury,
    rulebooks,
    schema,
    score,
    template,
    template_text,
    validate,
    validate_many,
)

# Every function is guarded: a Rust panic (a bug) raises InternalError, never PanicException.
aggregate = guarded(aggregate)
agreement = guarded(agreement)
calibrate = guarded(calibrate)
compare_policies = guarded(compare_policies)
field_guide = guarded(field_guide)
fix = guarded(fix)
form_teams = guarded(form_teams)
generate = guarded(generate)
generate_jury_plan = guarded(generate_jury_plan)
import_site = guarded(import_site)
import_sites = guarded(import_sites)
krippendorff_alpha = guarded(krippendorff_alpha)
load_dataset = guarded(load_dataset)
load_submission = guarded(load_submission)
match_mentors = guarded(match_mentors)
plan_jury = guarded(plan_jury)
rulebooks = guarded(rulebooks)
schema = guarded(schema)
score = guarded(score)
template = guarded(template)
template_text = guarded(template_text)
validate = guarded(validate)
validate_many = guarded(validate_many)

__all__ = [
    "Dataset",
    "Fixed",
    "InternalError",
    "JuryPlan",
    "Mentors",
    "Ranking",
    "Report",
    "assignment",
    "Rulebook",
    "Submission",
    "Table",
    "Teams",
    "ValidationError",
    "Violation",
    "__version__",
    "aggregate",
    "agreement",
    "calibrate",
    "compare_policies",
    "field_guide",
    "fix",
    "form_teams",
    "generate",
    "generate_jury_plan",
    "import_site",
    "import_sites",
    "krippendorff_alpha",
    "load_dataset",
    "load_submission",
    "match_mentors",
    "plan_jury",
    "rulebooks",
    "schema",
    "score",
    "template",
    "template_text",
    "validate",
    "validate_many",
]

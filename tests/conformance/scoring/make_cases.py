"""Writes the scoring conformance cases (run from the repository root):

    python3 tests/conformance/scoring/make_cases.py
    EIG_BLESS=1 cargo test -p eig --test integration scoring_corpus::

The second command writes each case's expected.json; review the diff before committing.
"""
import copy, json, os, shutil, subprocess
root = "tests/conformance/scoring"
for entry in os.listdir(root):
    if os.path.isdir(os.path.join(root, entry)):
        shutil.rmtree(os.path.join(root, entry))
base_rb = json.loads(subprocess.run(["cargo", "run", "-q", "-p", "eig-cli", "--", "rulebook", "show", "eig-5"],
                                    check=True, capture_output=True, text=True).stdout)

def stage(**kw):
    s = {"id": "s", "label_fr": "Étape", "label_en": "Stage", "subject": "challenges", "grid": "g",
         "cutoff": {"top_k": 2}, "waiting_list": 1}
    s.update(kw)
    return s

GRID = {"id": "g", "label_fr": "Grille", "label_en": "Grid", "scale": {"min": 0, "max": 10},
        "criteria": [
            {"id": "impact", "label_fr": "Impact", "label_en": "Impact", "weight": 2, "eliminatory_below": 3},
            {"id": "faisabilite", "label_fr": "Faisabilité", "label_en": "Feasibility", "weight": 1},
            {"id": "donnees", "label_fr": "Données", "label_en": "Data", "weight": 1}]}
JURY = {"id": "j", "jurors": [
    {"id": "a", "name": "Juré A", "affiliation": "Ministère de la Culture"},
    {"id": "b", "name": "Juré B", "weight": 2},
    {"id": "c", "name": "Juré C", "conflicts": {"items": ["d3"]}},
    {"id": "d", "name": "Juré D", "conflicts": {"organisations": ["Pôle emploi"]}}]}
ITEMS = [
    {"id": "d1", "label": "Défi 1", "organisations": ["Ministère de la Justice"], "expertise": "design"},
    {"id": "d2", "label": "Défi 2", "organisations": ["Ministère de la Justice"], "expertise": "developpement"},
    {"id": "d3", "label": "Défi 3", "organisations": ["Cour des comptes"], "expertise": "developpement"},
    {"id": "d4", "label": "Défi 4", "organisations": ["Ministère de la Culture"], "expertise": "developpement"},
    {"id": "d5", "label": "Défi 5", "organisations": ["Pôle emploi"], "expertise": "design"},
]
# Item quality per item; juror bias; a complete, conflict-free sheet.
QUAL = {"d1": 8, "d2": 7.5, "d3": 7, "d4": 6, "d5": 5}
BIAS = {"a": 0.5, "b": 0, "c": -0.5, "d": 1}
def forbidden(j, i):
    return (j == "a" and i == "d4") or (j == "c" and i == "d3") or (j == "d" and i == "d5")
def scores(items=ITEMS, jurors="abcd"):
    out = []
    for it in items:
        for j in jurors:
            if forbidden(j, it["id"]):
                continue
            for k, c in enumerate(["impact", "faisabilite", "donnees"]):
                out.append({"juror": j, "item": it["id"], "criterion": c,
                            "score": QUAL[it["id"]] + BIAS[j] + (k - 1) * 0.5})
    return out
def sheets(**kw):
    s = {"promotion": "eig-5", "stage": "s", "grid": "g", "jury": "j", "items": copy.deepcopy(ITEMS), "scores": scores()}
    s.update(kw)
    return s

n = [0]
def case(name, desc, files, **meta):
    n[0] += 1
    d = os.path.join(root, f"{n[0]:03d}-{name}")
    os.makedirs(d)
    c = {"description": desc}
    c.update(meta)
    json.dump(c, open(os.path.join(d, "case.json"), "w"), ensure_ascii=False, indent=2)
    for f, v in files.items():
        with open(os.path.join(d, f), "w") as fh:
            if isinstance(v, str):
                fh.write(v)
            else:
                json.dump(v, fh, ensure_ascii=False, indent=2)
            fh.write("\n")

def score_case(name, desc, stg=None, grid=GRID, jury=JURY, sh=None):
    rb = copy.deepcopy(base_rb)
    rb["stages"] = [stg or stage()]
    case(name, desc, {"grid.json": grid, "jury.json": jury, "scores.json": sh or sheets(), "rulebook.json": rb}, run="score")

score_case("valid-top-k", "Five défis, four jurors with recusals honoured; two seats, one on the waiting list.")
score_case("org-cap-and-tie-break", "At most one défi per organisation; equal scores ordered by impact then the seed.",
           stage(cutoff={"top_k": 3}, quotas={"max_per_organisation": 1}, tie_break={"criteria": ["impact"], "seed": 7}))
score_case("threshold-median", "Median over jurors and a threshold of 7.", stage(aggregation={"method": "median"}, cutoff={"threshold": 7}))
score_case("trimmed-mean-z-score", "Trimmed mean with z-score calibration.",
           stage(aggregation={"method": "trimmed_mean", "trim": 0.25}, calibration="z_score"))
score_case("additive-calibration", "The additive model removes each juror's bias.", stage(calibration="additive"))
sh = sheets(); sh["scores"].append({"juror": "a", "item": "d4", "criterion": "impact", "score": 9})
score_case("conflicted-by-affiliation", "A juror scores a défi of their own organisation.", sh=sh)
sh = sheets(); sh["scores"].append({"juror": "c", "item": "d3", "criterion": "impact", "score": 9})
score_case("conflicted-declared-item", "A juror scores an item they declared a conflict with.", sh=sh)
sh = sheets(); sh["scores"].append({"juror": "d", "item": "d5", "criterion": "donnees", "score": 4})
score_case("conflicted-declared-organisation", "A juror scores an item of an organisation they declared.", sh=sh)
sh = sheets(); sh["recusals"] = [{"juror": "b", "item": "d2", "reason": "ancien collègue"}]
score_case("conflicted-recusal", "A juror who recused themself still scored.", sh=sh)
sh = sheets(); sh["scores"][0]["score"] = 11; sh["scores"][1]["score"] = -1
score_case("score-out-of-scale", "Scores above and below the scale.", sh=sh)
sh = sheets(); sh["scores"][0]["juror"] = "z"; sh["scores"][1]["criterion"] = "impakt"
score_case("unknown-juror-and-criterion", "A juror not in the jury, a criterion not in the grid.", sh=sh)
sh = sheets(grid="autre", jury="autre")
score_case("wrong-grid-and-jury", "The sheets name another grid and jury.", sh=sh)
score_case("unknown-stage", "The sheets name a stage the rulebook lacks.", sh=sheets(stage="absente"))
sh = sheets(); sh["scores"] = [s for s in sh["scores"] if not (s["item"] == "d5" and s["juror"] != "a")]
score_case("too-few-jurors", "With at least 2 jurors per item, d5 (one juror) is not ranked.", stage(aggregation={"method": "weighted_mean", "min_jurors": 2}), sh=sh)
sh = sheets(); sh["scores"] = [s for s in sh["scores"] if not (s["juror"] == "d" and s["item"] != "d1")]
sh["scores"] = [s for s in sh["scores"] if not (s["juror"] == "d" and s["criterion"] != "impact")]
score_case("juror-too-few-scores", "Juror d gave one score: left raw under the additive model.", stage(calibration="additive"), sh=sh)
items2 = copy.deepcopy(ITEMS)
sh = sheets(); sh["scores"] = [s for s in sh["scores"] if (s["juror"] in "ab") == (s["item"] in ("d1", "d2"))]
score_case("calibration-disconnected", "Jurors a, b score d1, d2; c, d score the others: two groups.", stage(calibration="additive", aggregation={"method": "weighted_mean", "min_jurors": 1}), sh=sh)
score_case("quota-met", "At least 2 developers among 3 seats.", stage(cutoff={"top_k": 3}, quotas={"min_per_expertise": {"developpement": 2}}))
score_case("quota-unmet", "At least 3 designers, but only 2 design items.", stage(cutoff={"top_k": 4}, quotas={"min_per_expertise": {"design": 3}}))
sh = sheets(); 
for s in sh["scores"]:
    if s["item"] == "d5" and s["criterion"] == "impact":
        s["score"] = 2
score_case("eliminated", "d5 scores 2 on impact, under the eliminatory 3.", sh=sh)
sh = sheets(); sh["scores"].append(dict(sh["scores"][0]))
score_case("score-duplicated", "The same juror, item and criterion twice.", sh=sh)
sh = sheets(); sh["scores"][0]["item"] = "d9"
score_case("score-unknown-item", "A score of an item not in the list.", sh=sh)

def doc_case(name, desc, kind, doc):
    case(name, desc, {"input.json": doc}, run="document", document=kind)
g = copy.deepcopy(GRID); 
for c in g["criteria"]: c["weight"] = 0
g["criteria"][1]["id"] = "impact"; g["criteria"][0]["eliminatory_below"] = 12; g["scale"] = {"min": 10, "max": 0}
doc_case("grid-inconsistent", "Weights summing to zero, a repeated criterion, an inverted scale.", "scoring-grid", g)
doc_case("grid-valid", "A valid grid.", "scoring-grid", GRID)
j = copy.deepcopy(JURY); j["jurors"][1]["id"] = "a"
doc_case("jury-duplicate", "Two jurors with one id.", "jury", j)
doc_case("jury-valid", "A valid jury.", "jury", JURY)
app = {"promotion": "eig-5", "id": "cand-0001", "name": "Camille Martin", "email": "camille.martin@example.org",
       "expertise": "design", "experience_years": 4, "preferences": ["defi-01", "defi-03"],
       "availability": {"from": "2021-09-01", "full_time": True},
       "eligibility": {"right_to_work_in_france": True, "not_employed_by_host": True, "accepts_charter": True},
       "submitted_at": "2021-04-02T10:00:00+02:00"}
doc_case("application-valid", "A complete application.", "application", app)
a2 = copy.deepcopy(app); a2["eligibility"]["accepts_charter"] = False; a2["preferences"] = ["defi-01", "defi-01"]; a2["submitted_at"] = "2021-04-02T10:00:00"
doc_case("application-problems", "A repeated preference, a date-time without offset, an undeclared eligibility.", "application", a2)
a3 = copy.deepcopy(app); a3["eligibility"]["accepts_charter"] = False
doc_case("application-not-eligible", "An application without the charter: a warning.", "application", a3)
doc_case("score-sheets-valid", "Valid score sheets on their own.", "score-sheets", sheets())
rb = copy.deepcopy(base_rb)
rb["stages"] = [stage(id="s1", cutoff={"top_k": 2}, quotas={"min_per_expertise": {"design": 2, "developpement": 1}}),
                stage(id="s2", after="s3", aggregation={"method": "trimmed_mean"}), stage(id="s1")]
doc_case("rulebook-stages-inconsistent", "Quotas over the seats, an unknown earlier stage, a trimmed mean without trim, a repeated stage id.", "rulebook", rb)
print(n[0], "cases")

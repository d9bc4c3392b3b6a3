// The validation page: reads a dossier (dropped, chosen or pasted), sends it to
// POST /v1/validate on this same server, and shows every violation under the line it
// concerns, with its hint. No external script, font or request: the page works offline.
"use strict";

const WORDS = {
  fr: {
    heading: "Vérifier un dossier de défi EIG",
    intro: "Déposez le fichier JSON du dossier, ou collez son texte, choisissez la promotion, " +
      "puis vérifiez : chaque erreur s'affiche sous la ligne qu'elle concerne, avec la façon de " +
      "la corriger. Le dossier n'est ni gardé ni journalisé : il ne sert qu'à la vérification.",
    drop: "Déposez le fichier ici, ou choisissez-le :", chooseFile: "Choisir un fichier",
    noFile: "aucun fichier choisi", textLabel: "Texte du dossier (JSON)",
    promotionLabel: "Promotion", langLabel: "Langue",
    check: "Vérifier", auto: "celle que le dossier indique", valid: "Dossier valide",
    invalid: "Dossier invalide", errors: "erreur(s)", warnings: "avertissement(s)",
    error: "erreur", warning: "avertissement", fix: "Pour corriger :", whole: "Tout le document",
    empty: "Déposez un fichier ou collez le texte du dossier.", line: "ligne",
    failed: "La vérification n'a pas pu se faire : ",
    apply: "Corriger", applyAll: "Appliquer les corrections sûres",
    check_: "À vérifier :", complete: "À compléter :",
    applied: "correction(s) appliquée(s) au texte ; vérifiez-les, puis enregistrez le fichier.",
  },
  en: {
    heading: "Check an EIG défi dossier",
    intro: "Drop the dossier's JSON file, or paste its text, choose the promotion, then check: " +
      "each error shows under the line it concerns, with how to fix it. The dossier is neither " +
      "kept nor logged: it serves the check only.",
    drop: "Drop the file here, or choose it:", chooseFile: "Choose a file",
    noFile: "no file chosen", textLabel: "Dossier text (JSON)",
    promotionLabel: "Promotion", langLabel: "Language",
    check: "Check", auto: "the one the dossier names", valid: "Valid dossier",
    invalid: "Invalid dossier", errors: "error(s)", warnings: "warning(s)",
    error: "error", warning: "warning", fix: "To fix:", whole: "The whole document",
    empty: "Drop a file or paste the dossier's text.", line: "line",
    failed: "The check could not be done: ",
    apply: "Fix", applyAll: "Apply the safe fixes",
    check_: "To check:", complete: "To complete:",
    applied: "fix(es) applied to the text; check them, then save the file.",
  },
};

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function words() { return WORDS[$("lang").value] || WORDS.fr; }

function violationBox(v, w) {
  const box = el("div", "violation " + v.severity);
  box.dataset.code = v.code;
  box.append(el("strong", null, (v.severity === "error" ? w.error : w.warning) + " "));
  box.append(el("span", "code", "[" + v.code + "] " + (v.path || "/") + " "));
  box.append(el("span", "message", v.message));
  if (v.hint) box.append(el("span", "hint", w.fix + " " + v.hint));
  const first = (v.fixes || [])[0];
  if (first && first.applicability === "safe") {
    const button = el("button", "apply", w.apply);
    button.type = "button";
    button.addEventListener("click", () => fix(v.path));
    box.append(button);
  } else if (first && first.reason) {
    const word = first.applicability === "placeholder" ? w.complete : w.check_;
    box.append(el("span", "caveat", word + " " + first.reason));
  }
  return box;
}

// Sends the text to POST /v1/fix (the fault at `only`, or every safe fix), puts the new text
// in the text area, and shows the report of it.
async function fix(only) {
  const w = words();
  const query = params();
  if (only !== undefined) query.set("only", only);
  try {
    const response = await fetch("/v1/fix?" + query, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: $("text").value,
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    if (body.text !== null && body.text !== undefined) $("text").value = body.text;
    show($("text").value, body);
    if (body.applied && body.applied.length) {
      $("result").prepend(el("p", "applied", body.applied.length + " " + w.applied));
    }
  } catch (e) {
    $("result").replaceChildren(el("p", "error", w.failed + e.message));
  }
}

function params() {
  const query = new URLSearchParams({ lang: $("lang").value });
  if ($("promotion").value) query.set("promotion", $("promotion").value);
  return query;
}

function show(text, report) {
  const w = words();
  const result = $("result");
  result.replaceChildren();
  const errors = report.violations.filter((v) => v.severity === "error").length;
  const warnings = report.violations.length - errors;
  result.append(el("p", "verdict " + (report.valid ? "valid" : "invalid"),
    (report.valid ? w.valid : w.invalid) + " (" + errors + " " + w.errors + ", " +
    warnings + " " + w.warnings + ")"));
  if (report.violations.some((v) => v.fixes && v.fixes[0] && v.fixes[0].applicability === "safe")) {
    const all = el("button", "apply-all", w.applyAll);
    all.type = "button";
    all.id = "apply-all";
    all.addEventListener("click", () => fix());
    result.append(all);
  }
  // Violations without a line (the whole document) first, then the text, line by line.
  const byLine = new Map();
  for (const v of report.violations) {
    if (v.line) {
      if (!byLine.has(v.line)) byLine.set(v.line, []);
      byLine.get(v.line).push(v);
    } else {
      const whole = el("div");
      whole.append(el("p", null, w.whole));
      whole.append(violationBox(v, w));
      result.append(whole);
    }
  }
  const list = el("ol", "source");
  text.split("\n").forEach((line, i) => {
    const item = el("li", null, line);
    item.id = "line-" + (i + 1);
    const here = byLine.get(i + 1) || [];
    if (here.length) item.classList.add("marked");
    for (const v of here) item.append(violationBox(v, w));
    list.append(item);
  });
  result.append(list);
}

async function check(event) {
  event.preventDefault();
  const w = words();
  const text = $("text").value;
  const result = $("result");
  if (!text.trim()) {
    result.replaceChildren(el("p", "error", w.empty));
    return;
  }
  const query = params();
  try {
    const response = await fetch("/v1/validate?" + query, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: text,
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    show(text, body);
  } catch (e) {
    result.replaceChildren(el("p", "error", w.failed + e.message));
  }
}

function readFile(file) {
  const reader = new FileReader();
  reader.onload = () => { $("text").value = reader.result; $("form").requestSubmit(); };
  reader.readAsText(file);
}

// Every text of the page in the language chosen: nothing of the other stays.
function relabel() {
  const w = words();
  $("heading").textContent = w.heading;
  $("title").textContent = w.heading;
  $("intro").textContent = w.intro;
  $("drop-label").textContent = w.drop;
  $("file-button").textContent = w.chooseFile;
  if (!($("file").files && $("file").files[0])) $("file-name").textContent = w.noFile;
  $("text-label").textContent = w.textLabel;
  $("promotion-label").textContent = w.promotionLabel;
  $("lang-label").textContent = w.langLabel;
  $("check").textContent = w.check;
  $("promotion-auto").textContent = w.auto;
  document.documentElement.lang = $("lang").value;
  // The report shown was in the other language: check again in this one.
  if ($("result").childElementCount && $("text").value.trim()) $("form").requestSubmit();
}

async function init() {
  const promotions = await (await fetch("/v1/promotions")).json();
  for (const p of promotions) {
    const option = el("option", null, p.label);
    option.value = p.id;
    $("promotion").append(option);
  }
  $("form").addEventListener("submit", check);
  $("lang").addEventListener("change", relabel);
  $("file").addEventListener("change", () => {
    const file = $("file").files[0];
    if (file) { $("file-name").textContent = file.name; readFile(file); }
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) readFile(e.dataTransfer.files[0]);
  });
}

init();

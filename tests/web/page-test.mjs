// Drops an invalid dossier on the validation page in headless Chromium and checks that each
// violation's French message (as the API gives it) is on the page, next to its line, with
// its hint; then the same in English. Saves a screenshot for a person to look at.
//
// Usage: node page-test.mjs <node_modules> <chromium> <page URL> <dossier.json> <screenshot.png>
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [modules, chromium, url, dossier, screenshot] = process.argv.slice(2);
const require = createRequire(join(resolve(modules), "noop.js"));
const { chromium: launcher } = require("playwright-core");

let failed = 0;
let passed = 0;
function check(name, ok, detail = "") {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.log(`FAIL ${name} ${detail}`);
  }
}

const text = readFileSync(dossier, "utf8");
async function expected(lang) {
  const r = await fetch(`${url}v1/validate?lang=${lang}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: text,
  });
  return (await r.json()).violations;
}

const browser = await launcher.launch({ executablePath: chromium, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  const response = await page.goto(url);
  check("page served", response.ok());
  const csp = response.headers()["content-security-policy"] || "";
  check("content security policy", csp.includes("default-src 'none'") && csp.includes("script-src 'self'"), csp);
  await page.waitForSelector("#promotion option[value='eig-7']", { state: "attached" });

  // Drop the file on the drop zone, as an officer does from a file manager.
  const data = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], "defi.json", { type: "application/json" }));
    return dt;
  }, text);
  await page.dispatchEvent("#drop", "drop", { dataTransfer: data });
  await page.waitForSelector("#result .verdict");
  const french = await expected("fr");
  check("the dossier has violations", french.length >= 3, String(french.length));
  const shown = await page.$$eval("#result .violation", (boxes) => boxes.map((b) => b.textContent));
  check("one box per violation", shown.length === french.length, `${shown.length} vs ${french.length}`);
  for (const v of french) {
    const box = shown.find((s) => s.includes(v.message));
    check(`French message ${v.code} ${v.path}`, box !== undefined, v.message);
    if (box && v.hint) check(`hint ${v.code}`, box.includes("Pour corriger : " + v.hint), box);
    if (v.line) {
      const inLine = await page.$eval(`#line-${v.line}`, (li, m) => li.textContent.includes(m), v.message);
      check(`next to line ${v.line}`, inLine, v.message);
    }
  }
  const verdict = await page.textContent("#result .verdict");
  check("verdict in French", verdict.startsWith("Dossier invalide"), verdict);
  await page.screenshot({ path: screenshot, fullPage: true });

  // A fault's "Corriger" button applies its safe fix to the text, which is checked again:
  // the fault is gone and no new error appears. Then every safe fix at once.
  const isSafe = (v) => v.fixes && v.fixes[0] && v.fixes[0].applicability === "safe";
  const errorsOf = (vs) => vs.filter((v) => v.severity === "error");
  const report = async (body) => (await fetch(`${url}v1/validate?lang=fr`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body,
  })).json();
  const safe = french.filter(isSafe);
  check("some faults have a safe fix", safe.length >= 2, String(safe.length));
  const buttons = await page.$$("#result .violation button.apply");
  check("one button per safe fix", buttons.length === safe.length, `${buttons.length} vs ${safe.length}`);
  const box = await buttons[0].evaluate((b) => b.parentElement.textContent);
  const first = safe.find((v) => box.includes(v.message));
  await buttons[0].click();
  await page.waitForSelector("#result .applied");
  const once = await page.inputValue("#text");
  check("the button changed the text", once !== text);
  const afterOne = await report(once);
  check("its fault is gone", first && !afterOne.violations.some((v) => v.code === first.code && v.path === first.path));
  const known = (v) => french.some((w) => w.code === v.code && w.path === v.path);
  check("no new error after one fix", errorsOf(afterOne.violations).every(known),
    JSON.stringify(errorsOf(afterOne.violations).filter((v) => !known(v))));
  await page.click("#apply-all");
  await page.waitForFunction((before) => document.querySelector("#text").value !== before, once);
  const all = await page.inputValue("#text");
  const afterAll = await report(all);
  check("no safe fix is left", !afterAll.violations.some(isSafe));
  check("fewer errors", errorsOf(afterAll.violations).length < errorsOf(french).length,
    `${errorsOf(afterAll.violations).length} vs ${errorsOf(french).length}`);
  check("no new error after all fixes", errorsOf(afterAll.violations).every(known));
  check("the page shows the fixed text's report",
    (await page.$$("#result .violation")).length === afterAll.violations.length);
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-fixed.png"), fullPage: true });

  // The same in English, pasted and checked with a chosen promotion.
  await page.selectOption("#lang", "en");
  await page.selectOption("#promotion", JSON.parse(text).promotion || "");
  await page.fill("#text", text);
  await page.click("#check");
  await page.waitForFunction(() => document.querySelector("#result .verdict")?.textContent.startsWith("Invalid"));
  const english = await expected("en");
  const shownEn = await page.$$eval("#result .violation", (boxes) => boxes.map((b) => b.textContent));
  for (const v of english) {
    check(`English message ${v.code}`, shownEn.some((s) => s.includes(v.message)), v.message);
  }

  // One language at a time: every text of the page a person reads (its own words, the
  // verdict, each fault's message, hint and caveat, not the dossier's lines) is in the
  // language chosen, and a JSON syntax error shows under its line, in each language.
  const ENGLISH = ["the", "and", "of", "error", "warning", "file", "check", "choose", "chosen",
    "drop", "fix", "invalid", "line", "column", "whole", "is", "not", "must", "expected", "value",
    "field", "missing", "unknown", "write", "here", "paste", "text", "language", "safe", "apply"];
  const FRENCH = ["le", "la", "les", "des", "du", "une", "est", "erreur", "avertissement",
    "fichier", "vérifier", "vérifiez", "déposez", "choisissez", "choisir", "texte", "ligne",
    "colonne", "corriger", "pour", "avec", "dans", "sur", "aucun", "écrivez", "langue", "ici",
    "tout", "champ", "inconnu", "manque", "obligatoire", "appliquer", "sûres"];
  const pageWords = () => page.evaluate(() => {
    const texts = [];
    for (const sel of ["#title", "h1", "#intro", "#drop-label", "#file-button", "#file-name",
      "#text-label", "#promotion-label", "#lang-label", "#check", "#promotion-auto",
      "#result .verdict", "#result .applied", "#result > div > p", "#result .violation .message",
      "#result .violation .hint", "#result .violation .caveat", "#result .violation strong",
      "#result button"]) {
      for (const e of document.querySelectorAll(sel)) texts.push(e.textContent);
    }
    return texts.join("\n");
  });
  const foreign = (text, list) => {
    // Quoted values (« », "…"), codes in brackets and paths are the dossier's, not words.
    const plain = text.replace(/«[^»]*»/g, " ").replace(/"[^"]*"/g, " ").replace(/\[[^\]]*\]/g, " ")
      .replace(/\S*[\/_@.0-9]\S*/g, " ");
    return plain.toLowerCase().split(/[^a-zàâçéèêëîïôûùüÿœæ']+/).filter((w) => list.includes(w));
  };
  const broken = '{\n  "promotion": "eig-5",\n  titre: "Alertes crues"\n}\n';
  for (const [lang, other, list, verdictWord] of [["fr", "en", ENGLISH, "Dossier invalide"],
    ["en", "fr", FRENCH, "Invalid"]]) {
    await page.selectOption("#lang", lang);
    await page.fill("#text", text);
    await page.click("#check");
    await page.waitForFunction((v) => document.querySelector("#result .verdict")?.textContent.startsWith(v), verdictWord);
    let found = foreign(await pageWords(), list);
    check(`page in ${lang} has no ${other} word`, found.length === 0, found.join(", "));
    await page.fill("#text", broken);
    await page.click("#check");
    await page.waitForFunction(() => document.querySelector("#result [data-code='invalid_json']"));
    const under = await page.$eval("#line-3", (li) => !!li.querySelector("[data-code='invalid_json']"));
    check(`a syntax error under its line (${lang})`, under);
    found = foreign(await pageWords(), list);
    check(`syntax error in ${lang} has no ${other} word`, found.length === 0, found.join(", "));
  }
  await page.screenshot({ path: screenshot.replace(/\.png$/, "-syntax-en.png"), fullPage: true });
  check("no script error", problems.length === 0, problems.join("; "));
} finally {
  await browser.close();
}
console.log(`web page: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// The Kotlin host test of the uniffi binding, run on the JVM with JNA by
// bindings/uniffi/tests/run.sh. It runs the whole conformance corpus and must reproduce every
// expected report byte for byte, then exercises a Kotlin custom rule and the error paths.
//
// Usage: TestEigKt <tests/conformance/cases> <examples/submissions>

import fr.eig.*
import java.io.File

var passed = 0
var failed = 0

fun check(name: String, ok: Boolean, detail: () -> String = { "" }) {
    if (ok) {
        passed++
    } else {
        failed++
        println("FAIL $name ${detail()}")
    }
}

fun jsonString(s: String): String {
    val out = StringBuilder("\"")
    for (c in s) {
        when {
            c == '"' -> out.append("\\\"")
            c == '\\' -> out.append("\\\\")
            c == '\n' -> out.append("\\n")
            c.code < 0x20 -> out.append(String.format("\\u%04x", c.code))
            else -> out.append(c)
        }
    }
    return out.append('"').toString()
}

/** The expected form of a report, written as serde_json's pretty printer writes it. */
fun expectedForm(valid: Boolean, violations: List<Violation>): String {
    val sb = StringBuilder("{\n  \"valid\": $valid,\n  \"violations\": ")
    if (violations.isEmpty()) {
        sb.append("[]")
    } else {
        sb.append("[\n")
        violations.forEachIndexed { i, v ->
            val severity = if (v.severity == Severity.ERROR) "error" else "warning"
            sb.append("    {\n")
            sb.append("      \"code\": ${jsonString(v.code)},\n")
            sb.append("      \"path\": ${jsonString(v.path)},\n")
            sb.append("      \"severity\": ${jsonString(severity)},\n")
            sb.append("      \"rule\": ${jsonString(v.rule)}\n")
            sb.append(if (i + 1 < violations.size) "    },\n" else "    }\n")
        }
        sb.append("  ]")
    }
    return sb.append("\n}\n").toString()
}

fun field(json: String, name: String): String? =
    Regex("\"$name\"\\s*:\\s*\"([^\"]*)\"").find(json)?.groupValues?.get(1)

fun runCase(dir: File): String {
    val case = File(dir, "case.json").readText()
    val input = File(dir, "input.json").readBytes()
    if (field(case, "document") == "rulebook") {
        return try {
            Rulebook.fromJson(String(input, Charsets.UTF_8))
            expectedForm(true, emptyList())
        } catch (e: EigException.InvalidDocument) {
            expectedForm(false, e.violations)
        }
    }
    val rulebookFile = field(case, "rulebook")
    val kind = field(case, "document") ?: "challenge-submission"
    val report = if (rulebookFile != null) {
        Rulebook.fromJson(File(dir, rulebookFile).readText()).validateDocument(kind, input, Lang.EN)
    } else {
        validateDocument(kind, input, field(case, "promotion"), Lang.EN)
    }
    return expectedForm(report.valid, report.violations)
}

/** An error a host rule raises; the core fills in the rule's id. */
fun hostError(code: String, path: String, fr: String, en: String) =
    Violation(code = code, path = path, severity = Severity.ERROR, rule = "", message = "", messageFr = fr, messageEn = en)

class NoRemoteWork : CustomRule {
    override fun id() = "no_remote_work"
    override fun check(submissionJson: String): List<Violation> =
        if (submissionJson.contains("\"remote_days_per_week\":")) {
            listOf(
                hostError("remote_work_not_offered", "/locations/0/remote_days_per_week", "pas de télétravail", "no remote work")
                    .copy(hintFr = "retirez remote_days_per_week", hintEn = "remove remote_days_per_week"),
            )
        } else {
            emptyList()
        }
}

class FiveJurors : CustomRule {
    override fun id() = "five_jurors"
    override fun check(submissionJson: String): List<Violation> =
        if (Regex("\"name\"").findAll(submissionJson).count() < 5) {
            listOf(hostError("jury_too_small", "/jurors", "moins de cinq jurés", "fewer than five jurors"))
        } else {
            emptyList()
        }
}

class Crashes : CustomRule {
    override fun id() = "crashes"
    override fun check(submissionJson: String): List<Violation> = throw IllegalStateException("boom from Kotlin")
}

class Refuses : CustomRule {
    override fun id() = "refuses"
    override fun check(submissionJson: String): List<Violation> = throw RuleException.Failed("service unavailable")
}

fun main(args: Array<String>) {
    val cases = File(args[0]).listFiles()!!.filter { it.isDirectory }.sortedBy { it.name }
    for (dir in cases) {
        val want = File(dir, "expected.json").readText()
        val got = runCase(dir)
        check("corpus ${dir.name}", got == want) { "\n--- expected\n$want--- got\n$got" }
    }
    check("corpus size", cases.size >= 40) { "${cases.size} cases" }

    val examples = File(args[1])
    val valid = File(examples, "eig-5-valid-flood-alerts.json").readText()

    // A Kotlin custom rule runs after the built-in ones; exceptions become violations.
    val rb = Rulebook.builtin("eig-5")
    rb.addRule(NoRemoteWork())
    rb.addRule(Crashes())
    rb.addRule(Refuses())
    val report = rb.validate(valid, Lang.FR)
    val seen = report.violations.map { Triple(it.code, it.rule, it.path) }
    check(
        "custom rules",
        seen == listOf(
            Triple("remote_work_not_offered", "no_remote_work", "/locations/0/remote_days_per_week"),
            Triple("rule_failed", "crashes", ""),
            Triple("rule_failed", "refuses", ""),
        ),
    ) { seen.toString() }
    check("custom rule message", report.violations[0].message == "pas de télétravail") { report.violations[0].message }
    check("custom rule hint", report.violations[0].hint == "retirez remote_days_per_week") { report.violations[0].toString() }
    check("custom rule place", report.violations[0].line != null) { report.violations[0].toString() }
    check("host exception text", report.violations[1].messageEn.contains("boom from Kotlin")) { report.violations[1].messageEn }

    // An officer's mistake: the hint says what to write, at its line and column.
    val mistyped = valid.replace("\"data-science\"", "\"Data Scientist\"")
    val hinted = validate(mistyped, null, Lang.EN).violations.first { it.path == "/seats/0/expertise" }
    check("hint", hinted.hint == "write \"data-science\" (Data science)" && hinted.hintFr == "écrivez « data-science » (Data science)") { hinted.toString() }
    val lineOf = mistyped.lines().indexOfFirst { it.contains("Data Scientist") } + 1
    check("line and column", hinted.line == lineOf.toUInt() && hinted.column != null) { "${hinted.line}:${hinted.column} want line $lineOf" }
    check("rule error reason", report.violations[2].messageEn.contains("service unavailable")) { report.violations[2].messageEn }

    // A Kotlin rule on another kind of document: it gets that document's JSON.
    val jury = File(File(args[0]), "114-declared-rules-jury/input.json").readBytes()
    val juryRules = Rulebook.builtin("eig-5")
    juryRules.addRuleFor("jury", FiveJurors())
    val juryReport = juryRules.validateDocument("jury", jury, Lang.EN)
    val juryRows = juryReport.violations.map { Triple(it.code, it.rule, it.path) }
    check("rule on a jury", juryRows == listOf(Triple("jury_too_small", "five_jurors", "/jurors"))) { juryRows.toString() }
    try {
        juryRules.addRuleFor("juries", FiveJurors())
        check("rule on an unknown kind throws", false)
    } catch (e: EigException.UnknownSchema) {
        check("rule on an unknown kind", e.name == "juries")
    }
    try {
        juryRules.addRuleFor("juror-item", FiveJurors())
        check("host rule on pairs throws", false)
    } catch (e: EigException.InvalidArgument) {
        check("host rule on pairs", e.reason.contains("written in CEL")) { e.reason }
    }

    // The next call: a rulebook made from EIG 7's, with its close at 17:00 Paris time.
    val eig8 = Rulebook.builtin("eig-7").nextCall(NextCall(promotion = "eig-8", closes = "2027-03-31T17:00"))
    check("next call", eig8.label() == "EIG 8" && eig8.toJson().contains("\"closes\": \"2027-03-31T17:00:00\"")) { eig8.toJson() }
    try {
        Rulebook.builtin("eig-7").nextCall(NextCall(promotion = "eig-8", closes = "31/03/2027"))
        check("a French date throws", false)
    } catch (e: EigException.InvalidArgument) {
        check("a French date", e.reason.contains("31/03/2027")) { e.reason }
    }

    // Error paths.
    try {
        Rulebook.builtin("eig-99")
        check("unknown promotion throws", false)
    } catch (e: EigException.UnknownPromotion) {
        check("unknown promotion", e.promotion == "eig-99" && e.known.contains("dig-2019")) { e.known.toString() }
    }
    try {
        schema("nope")
        check("unknown schema throws", false)
    } catch (e: EigException.UnknownSchema) {
        check("unknown schema", e.name == "nope")
    }
    try {
        loadSubmission(File(examples, "eig-6-invalid-late-and-mistyped.json").readText(), "eig-6")
        check("invalid submission throws", false)
    } catch (e: EigException.InvalidDocument) {
        check("invalid submission", e.violations.map { it.code }.contains("siret_invalid")) { e.violations.toString() }
    }
    val s = loadSubmission(valid, null)
    // A file saved by a Windows editor starts with a byte-order mark: it validates and loads.
    val bom = "\uFEFF" + valid
    check("a byte-order mark validates", validate(bom, null, Lang.EN).valid) { validate(bom, null, Lang.EN).violations.toString() }
    val withBom = loadSubmission(bom, null)
    check("a byte-order mark loads", withBom.title == s.title && withBom.teamSize == s.teamSize) { withBom.toString() }
    check("typed submission", s.promotion == "eig-5" && s.teamSize == 3u && s.submittedAt == "2021-04-07T16:45:00+02:00") { s.toString() }
    check(
        "typed submission, every field",
        s.hosts[0].siret == "11000201100044" && s.sponsor.email == "claire.martin@example.gouv.fr" &&
            s.mentors.map { it.commitmentPercent.toInt() } == listOf(30, 20) && s.locations[0].postcode == "31000" &&
            s.themes == listOf("environnement", "securite") && s.data[0].access == "open" && s.contact.phone != null,
    ) { s.toString() }
    val s7 = loadSubmission(File(examples, "eig-7-valid-product-director.json").readText(), null)
    check(
        "typed submission, form 2024",
        s7.project?.phase == "acceleration" && s7.hosts[1].kind == "state_operator" &&
            s7.wishes.count { it.wanted } == 1 && s7.steering != null && s7.motivations?.outlook?.isNotEmpty() == true &&
            s7.productPage == "https://beta.gouv.fr/startups/logement-etudiant.html",
    ) { s7.toString() }
    check("messages in the language asked for", validate("[]", "eig-4", Lang.EN).violations[0].message.startsWith("the document must be"))
    check("rulebooks", rulebooks().size == 8 && Rulebook.builtin("eig-7").immersionMonthsMax() == null)
    check("schema text", schema("rulebook").contains("https://schema.data.gouv.fr/schemas/eig/rulebook/"))
    val big = "{\"title\": \"" + "a".repeat(3 * 1024 * 1024) + "\"}"
    val oversized = validate(big, "eig-4", Lang.EN).violations.map { it.code }
    check("oversized document", oversized == listOf("document_too_large")) { oversized.toString() }

    // Team formation and mentor matching.
    val teamsDir = File(examples.parentFile, "teams")
    val teamsDoc = File(teamsDir, "teams.json").readText()
    val mentorsDoc = File(teamsDir, "mentors.json").readText()
    val stable = formTeams(teamsDoc, TeamPolicy.STABLE, null, Lang.EN)
    val placed = stable.placements.associate { it.candidate to it.challenge }
    check("stable teams", placed == mapOf("cand-01" to "alpha", "cand-02" to "beta", "cand-03" to "alpha", "cand-04" to null, "cand-05" to "gamma")) { placed.toString() }
    check("no blocking pair", stable.summary.blockingPairs == 0u)
    val cand02 = stable.placements.first { it.candidate == "cand-02" }
    check("placement explained", cand02.explanation.contains("lowest score admitted 8.5; your score 7")) { cand02.explanation }
    // Re-matching after a withdrawal: nobody moves, the free seat is filled, the diff printed.
    val rematch = formTeams(File(teamsDir, "rematch.json").readText(), TeamPolicy.OPTIMAL, null, Lang.EN)
    val diff = rematch.changes.map { Triple(it.id, it.reason, it.to) }
    check("teams re-matched", rematch.moved == 0u && diff == listOf(Triple("cand-02", "withdrew", listOf()), Triple("cand-04", "added", listOf("beta")))) { diff.toString() }
    check("teams diff printed", rematch.text.contains("  cand-04 : — → beta (a free place filled)")) { rematch.text }
    val mentorsAgain = matchMentors(File(teamsDir, "mentors-rematch.json").readText(), null, Lang.EN)
    val moves = mentorsAgain.changes.filter { it.reason == "moved" }.map { Triple(it.id, it.from, it.to) }
    check("référents re-matched with the one move needed", mentorsAgain.moved == 1u && moves == listOf(Triple("referent-3", listOf("gamma"), listOf("alpha")))) { mentorsAgain.changes.toString() }
    check("référents diff printed", mentorsAgain.text.contains("changes from the pairs announced (1 pair(s) dropped, the fewest possible):")) { mentorsAgain.text }
    val compared = comparePolicies(teamsDoc, null)
    check("policies compared", compared.map { it.policy } == listOf("stable", "optimal") && compared[1].welfare > compared[0].welfare) { compared.toString() }
    val mentors = matchMentors(mentorsDoc, null, Lang.EN)
    val alpha = mentors.pairs.first { it.team == "alpha" && it.kind == "referent" }
    check("conflict of interest respected", alpha.follower != "referent-1") { alpha.toString() }
    check("pair explained", alpha.explanation.contains("conflict of interest: referent-1")) { alpha.explanation }
    val near = object : Affinity {
        override fun affinity(teamJson: String, followerJson: String): Double =
            if (followerJson.contains("\"referent-3\"")) 2.0 else 0.0
    }
    val custom = matchMentors(mentorsDoc, near, Lang.EN)
    check("host affinity", custom.pairs.any { it.follower == "referent-3" && it.affinity == 2.0 }) { custom.pairs.toString() }
    val failing = object : Affinity {
        override fun affinity(teamJson: String, followerJson: String): Double = throw RuleException.Failed("no data")
    }
    try {
        matchMentors(mentorsDoc, failing, Lang.EN)
        check("failing affinity throws", false)
    } catch (e: EigException.InvalidDocument) {
        check("failing affinity", e.violations[0].code == "affinity_failed" && e.violations[0].messageEn.contains("no data")) { e.violations.toString() }
    }
    try {
        matchMentors(mentorsDoc.replace("\"max_teams\": 2", "\"max_teams\": 0"), null, Lang.EN)
        check("zero capacity throws", false)
    } catch (e: EigException.InvalidDocument) {
        check("zero capacity", e.violations.map { it.code }.contains("capacity_zero")) { e.violations.toString() }
    }

    // Jury planning: every hard rule kept (checked here from the input), the optimum proven,
    // each juror and item explained; no plan names the rule that binds.
    val planDoc = File(File(examples.parentFile, "jury"), "plan.json").readText()
    val plan = planJury(planDoc, 10.0, Lang.EN)
    check("jury plan optimal", plan.optimal && plan.gap == 0.0 && plan.objective == plan.bound) { plan.toString() }
    val heard = plan.panels.flatMap { it.items }
    check("every item heard once", heard.sorted() == (1..6).map { "defi-0$it" }) { heard.toString() }
    for (p in plan.panels) {
        check("référent sits", p.referent != null && p.referent in p.jurors) { p.toString() }
        check("panel size", p.jurors.size in 3..4 && p.items.size in 2..3) { p.toString() }
        check("no juror of the host", !(p.items.contains("defi-04") && p.jurors.contains("jure-09"))) { p.toString() }
    }
    val forced = plan.panels.first { it.items.contains("defi-05") }
    check("forced pair kept", forced.jurors.contains("jure-10")) { forced.toString() }
    val j09 = plan.jurors.first { it.id == "jure-09" }
    check("juror explained", j09.text.contains("not on defi-04: their organisation (\"ANSSI\") hosts it")) { j09.text }
    try {
        planJury(planDoc.replace("\"can_be_referent\": true", "\"can_be_referent\": false"), 10.0, Lang.EN)
        check("no référent throws", false)
    } catch (e: EigException.InvalidDocument) {
        check("no référent", e.violations.map { it.code } == listOf("plan_infeasible") && e.violations[0].messageEn.contains("référent")) { e.violations.toString() }
    }
    // A conflict written as a rule of the rulebook (docs/rules.md, example 13): the Cnam juror
    // never hears the Health défi, and the explanation gives the rule's message.
    val rules = Rulebook.fromJson(File(File(examples.parentFile, "rules"), "rulebook.json").readText())
    val ruled = planJury(planDoc, 10.0, Lang.EN, rules)
    val health = ruled.panels.first { it.items.contains("defi-01") }
    check("rule conflict kept", !health.jurors.contains("jure-11")) { health.toString() }
    val j11 = ruled.jurors.first { it.id == "jure-11" }
    check("rule conflict explained", j11.text.contains("not on defi-01: jure-11 works for a body under the administration that hosts defi-01")) { j11.text }
    val agreed = krippendorffAlpha(listOf(listOf(1.0, 2.0, 3.0, null), listOf(1.0, 2.0, 3.0, 4.0)), "interval")
    check("alpha of full agreement", agreed == 1.0) { agreed.toString() }

    // The texts are the core's, as the eig command prints them (run.sh wrote its output).
    val printed = File(args[2])
    check("jury plan text", plan.text == File(printed, "jury-plan.txt").readText()) { plan.text }
    // The EIG 4 instance: proven optimal at CP-SAT's optimum (430, bench_jury.py), every
    // panel within its rules, every défi heard once, nobody twice in a half-day.
    val eig4 = planJury(File(File(printed, "eig4"), "jury-plan.json").readText(), 10.0, Lang.EN)
    check("EIG 4 optimal", eig4.optimal && eig4.objective == 430.0) { "${eig4.objective} ${eig4.bound}" }
    val eig4Items = eig4.panels.flatMap { it.items }
    check("EIG 4 défis heard once", eig4Items.size == 21 && eig4Items.toSet().size == 21) { eig4Items.toString() }
    for (p in eig4.panels) {
        check("EIG 4 panel", p.jurors.size in 5..8 && p.items.size in 2..3 && p.referent in p.jurors) { p.toString() }
    }
    val sittings = eig4.panels.flatMap { p -> p.jurors.map { it to (p.day + p.halfDay) } }
    check("EIG 4 one sitting per half-day", sittings.toSet().size == sittings.size && sittings.map { it.first }.toSet().size == sittings.size) { sittings.toString() }
    check("EIG 4 timetable printed", eig4.text == File(printed, "jury-plan-eig4.txt").readText()) { eig4.text }
    check("teams text", stable.text == File(printed, "teams.txt").readText()) { stable.text }
    check("mentors text", mentors.text == File(printed, "mentors.txt").readText()) { mentors.text }
    val ranking = score(
        File(printed, "grid-defis.json").readText(),
        File(printed, "jury.json").readText(),
        File(printed, "scores-defis.json").readText(),
        null,
        Rulebook.fromJson(File(printed, "rulebook.json").readText()),
        Lang.EN,
    )
    check("ranking text", ranking.text == File(printed, "ranking.txt").readText()) { ranking.text }
    check("ranking items", ranking.items.count { it.outcome == "selected" } == ranking.selected.toInt()) { ranking.items.toString() }
    check("ranking explained", ranking.items[0].explanation.contains(ranking.items[0].item)) { ranking.items[0].explanation }
    val withText = Rulebook.builtin("eig-4").validate("{\"promotion\": \"eig-4\", \"titel\": \"x\"}", Lang.EN)
    check("report text", withText.text.startsWith("invalid (") && withText.text.contains("  error: /titel (line 1, column 33) [unknown_field]")) { withText.text }

    // The values of a message, for a program: JSON text by key.
    val long = Rulebook.builtin("eig-4").validate("{\"promotion\": \"eig-4\", \"duration_months\": 30}", Lang.EN)
        .violations.first { it.code == "duration_out_of_range" }
    check("params", long.params["max"] == "10" && long.params["found"] == "30") { long.params.toString() }

    // Fixes: the safe one applied, the text's layout kept; what remains is in the report.
    val messy = "{\"promotion\": \"eig-5\", \"duration_months\": \"10\"}"
    val unquote = validate(messy, null, Lang.EN).violations.first { it.path == "/duration_months" }
    check("safe fix", unquote.fixes.map { it.applicability } == listOf(Applicability.SAFE)) { unquote.fixes.toString() }
    val fixed = fixDocument("challenge-submission", messy.toByteArray(), null, Lang.EN)
    check("fixed text", fixed.text == "{\"promotion\": \"eig-5\", \"duration_months\": 10}") { fixed.text.toString() }
    check("fix summary", fixed.summary.startsWith("1 safe fix applied\n")) { fixed.summary }
    check("fix after", fixed.after.violations.none { it.path == "/duration_months" }) { fixed.after.text }

    println("kotlin: $passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}

// A JVM program over the uniffi binding: validate a défi dossier with a rule of your own, and
// print the report as the `eig` command does: each violation with its line, column and hint. bindings/uniffi/README.md shows how to
// build and run it; bindings/uniffi/tests/run.sh runs it on the examples.
import fr.eig.*
import java.io.File

/** A rule of our own: at least one mentor gives 30 % of their time to the défi. */
class MentorTime : CustomRule {
    override fun id() = "mentor_time"

    override fun check(submissionJson: String): List<Violation> {
        // The typed submission: every field of the dossier. A dossier the built-in rules
        // refuse cannot be read this way; they report it, so this rule says nothing.
        val submission = try {
            loadSubmission(submissionJson, null)
        } catch (e: EigException.InvalidDocument) {
            return emptyList()
        }
        if (submission.mentors.any { it.commitmentPercent >= 30.toUByte() }) return emptyList()
        return listOf(
            Violation(
                code = "mentor_time_low",
                path = "/mentors",
                severity = Severity.WARNING,
                rule = "",
                message = "",
                messageFr = "aucun mentor ne donne 30 % de son temps au défi",
                messageEn = "no mentor gives 30% of their time to the défi",
                hintFr = "augmentez commitment_percent d'un mentor à 30 ou plus",
                hintEn = "raise one mentor's commitment_percent to 30 or more",
            ),
        )
    }
}

fun main(args: Array<String>) {
    val rulebook = Rulebook.builtin("eig-5")
    rulebook.addRule(MentorTime())
    for (path in args) {
        val report = rulebook.validate(File(path).readText(), Lang.FR)
        // The core's layout, as the `eig validate` command prints it; each violation is also
        // in report.violations, with its line, column, message and hint.
        print("${File(path).name}: ${report.text}")
    }
}

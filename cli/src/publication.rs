//! The schemas an administration files, laid out for schema.data.gouv.fr (`eig schema --out`):
//! the packaging of the publication, with its French README, kept with the command that
//! writes it.

use eig::Rulebook;
use eig::diagnostics::Lang;
use eig::guide::{guide_markdown, template};
use eig::schema::SchemaKind;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The folder under which [`publication`] puts each schema published for schema.data.gouv.fr.
const PUBLICATION_DIR: &str = "data.gouv.fr";

/// The schemas an administration files, laid out as schema.data.gouv.fr takes them: for each,
/// `{PUBLICATION_DIR}/<name>/` with `schema.json`, a `README.md` in French (what the schema
/// is, its version, how to validate, the field guide), `CHANGELOG.md`, `exemple-valide.json`
/// (the template of the form's latest promotion) and `exemple-invalide.json` (the same with a
/// SIRET written with spaces and an expertise written as a job title). The other schemas
/// (applications, juries, scores, datasets) are the programme's own documents, some with
/// personal data, and are not proposed there. Paths are relative to the schema folder.
///
/// `changelog` is the text of `schema/CHANGELOG.md`, which every schema shares.
#[must_use]
pub(crate) fn publication(changelog: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for (kind, promotion) in [
        (SchemaKind::ChallengeSubmission, "eig-6"),
        (SchemaKind::ChallengeSubmission2024, "eig-7"),
    ] {
        let Some(rulebook) = Rulebook::builtin(promotion) else {
            continue;
        };
        let dir = format!("{PUBLICATION_DIR}/{}", kind.name());
        let valid = template(&rulebook);
        let mut invalid = valid.clone();
        invalid["hosts"][0]["siret"] = json!("110 002 011 00044");
        invalid["seats"][0]["expertise"] = json!("Data Scientist");
        let pretty = |v: &Value| {
            let mut t = serde_json::to_string_pretty(v).unwrap_or_default();
            t.push('\n');
            t
        };
        files.push((format!("{dir}/schema.json"), kind.to_file_text()));
        files.push((
            format!("{dir}/README.md"),
            publication_readme(kind, &rulebook),
        ));
        files.push((format!("{dir}/CHANGELOG.md"), changelog.to_owned()));
        files.push((format!("{dir}/exemple-valide.json"), pretty(&valid)));
        files.push((format!("{dir}/exemple-invalide.json"), pretty(&invalid)));
    }
    files
}

fn publication_readme(kind: SchemaKind, rulebook: &Rulebook) -> String {
    let (title_fr, _) = kind.titles();
    let mut md = String::new();
    let _ = writeln!(md, "# {title_fr}\n");
    let _ = writeln!(md, "{}\n", kind.description_fr());
    let _ = writeln!(md, "- Version : {}", eig::schema::SCHEMA_VERSION);
    let _ = writeln!(md, "- Identifiant (`$id`) : {}", kind.id());
    let _ = writeln!(md, "- Norme : JSON Schema, version 2020-12");
    let _ = writeln!(
        md,
        "- Produit par la bibliothèque `eig` à partir de ses types ; le fichier `schema.json` est \
         celui du dossier `schema/` du dépôt (`{}`), et un test vérifie qu'il n'a pas changé \
         sans que ce dossier change.\n",
        kind.file_name()
    );
    md.push_str("## Valider un fichier\n\n");
    md.push_str(
        "Avec un validateur JSON Schema quelconque, par exemple `check-jsonschema --schemafile \
         schema.json defi.json`, ou avec la commande `eig`, qui applique aussi les règles de la \
         promotion (dates de l'appel, taille des équipes, expertises recrutées...) et dit \
         comment corriger chaque erreur : `eig validate defi.json`.\n\n",
    );
    md.push_str("## Exemples\n\n");
    let _ = writeln!(
        md,
        "- `exemple-valide.json` : un dossier pour {} qui passe la validation (le modèle que \
         donne `eig template --promotion {}`).",
        rulebook.label,
        rulebook.promotion.as_str()
    );
    md.push_str(
        "- `exemple-invalide.json` : le même, avec un SIRET écrit avec des espaces et une \
         expertise écrite comme un intitulé de poste (« Data Scientist ») : deux erreurs \
         `pattern`.\n\n",
    );
    md.push_str("## Champs\n\n");
    let _ = writeln!(
        md,
        "Les valeurs propres à une promotion (expertises, taille des équipes, durée, dates) sont \
         ici celles de la promotion {} ; `eig fields --promotion <id>` donne celles d'une autre.\n",
        rulebook.label
    );
    let guide = guide_markdown(rulebook, Lang::Fr);
    let table = guide.find("| Champ |").map_or("", |i| &guide[i..]);
    md.push_str(table);
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publication_examples_are_valid_and_invalid() {
        let files = publication("# changelog\n");
        assert_eq!(files.len(), 10);
        for (name, text) in &files {
            if name.ends_with("exemple-valide.json") || name.ends_with("exemple-invalide.json") {
                let doc: Value = serde_json::from_str(text).unwrap();
                let report = eig::validate::validate_named_promotion(text.as_bytes());
                assert_eq!(
                    report.valid,
                    name.ends_with("exemple-valide.json"),
                    "{name}: {report}"
                );
                assert!(doc["promotion"].is_string());
            }
        }
    }
}

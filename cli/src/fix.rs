//! `eig fix`: each file's safe fixes applied, its comments and layout kept (see `eig::fix`).

use crate::{ExitCode, Fatal, Read, cli_lang, read_input};
use eig::diagnostics::Lang;
use eig::documents::DocumentValidator;
use eig::schema::SchemaKind;
use eig::validate::{CompiledRulebook, RulebookChoice};
use std::path::{Path, PathBuf};

/// Fixes `files` with `rulebook` (or the one each names); with `dry_run`, prints the diff and
/// writes nothing.
pub(crate) fn run(
    files: &[String],
    kind: SchemaKind,
    rulebook: Option<CompiledRulebook>,
    dry_run: bool,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let validator =
        DocumentValidator::new(rulebook.map_or(RulebookChoice::Named, RulebookChoice::Given));
    let mut io_failed = false;
    let mut any_error = false;
    for file in files {
        let bytes = match read_input(file, kind) {
            Ok(Read::Bytes(bytes)) => bytes,
            Ok(Read::TooLarge(report)) => {
                any_error = true;
                print!("{}", report.to_text(file, &[], lang));
                continue;
            }
            Err(message) => {
                eprintln!("eig: {message}");
                io_failed = true;
                continue;
            }
        };
        // A text that is not UTF-8 is left as it is; its report says why.
        let fixed = validator.fix_bytes(kind, &bytes);
        let text = String::from_utf8_lossy(&bytes);
        any_error |= !fixed.after.valid;
        let stdin = file == "-";
        let name = if stdin { "<stdin>" } else { file.as_str() };
        // The report goes to standard error when the fixed document goes to standard output.
        let report = fixed.to_text(name, &text, lang);
        if stdin && !dry_run {
            eprint!("{report}");
        } else {
            print!("{report}");
        }
        let Some(new) = &fixed.text else {
            if stdin && !dry_run {
                print!("{text}");
            }
            continue;
        };
        if dry_run {
            let diff = similar::TextDiff::from_lines(text.as_ref(), new.as_str());
            let new_name = if fixed.layout_kept {
                name.to_owned()
            } else {
                fixed_name(Path::new(name)).display().to_string()
            };
            print!(
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(name, &new_name)
            );
            println!(
                "{}",
                match lang {
                    Lang::Fr => "(--dry-run : rien n'est écrit)",
                    Lang::En => "(--dry-run: nothing is written)",
                }
            );
            continue;
        }
        if stdin {
            print!("{new}");
            continue;
        }
        let path = Path::new(file);
        // The file itself when it is a link to another: the link stays a link.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let target = if fixed.layout_kept {
            real.clone()
        } else {
            let beside = fixed_name(path);
            if beside.exists() {
                eprintln!("eig: {}", exists(&beside));
                io_failed = true;
                continue;
            }
            beside
        };
        let permissions = std::fs::metadata(&real).map(|m| m.permissions()).ok();
        match eig::files::write_whole(&target, new.as_bytes()) {
            Ok(()) => {
                // A dossier readable by its owner only stays so.
                if let Some(p) = permissions {
                    let _ = std::fs::set_permissions(&target, p);
                }
                println!("{}", wrote(path, &target, fixed.layout_kept));
            }
            Err(e) => {
                eprintln!("eig: {}", e.message(cli_lang()));
                io_failed = true;
            }
        }
    }
    Ok(crate::files_status(io_failed, any_error))
}

/// Where a fixed document that lost its layout is written: `NAME.fixed.json` beside it.
fn fixed_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.fixed.json"))
}

/// The error of a `NAME.fixed.json` already there: never overwritten.
fn exists(path: &Path) -> String {
    match cli_lang() {
        Lang::Fr => format!(
            "{} existe déjà : rien n'est écrit (déplacez-le, puis relancez eig fix)",
            path.display()
        ),
        Lang::En => format!(
            "{} is already there: nothing is written (move it, then run eig fix again)",
            path.display()
        ),
    }
}

/// The line that says where the fixed document was written.
fn wrote(path: &Path, target: &Path, in_place: bool) -> String {
    match (cli_lang(), in_place) {
        (Lang::Fr, true) => format!("écrit {}", path.display()),
        (Lang::Fr, false) => format!(
            "écrit {} ; {} est laissé tel quel (ses commentaires ne pouvaient pas être gardés)",
            target.display(),
            path.display()
        ),
        (Lang::En, true) => format!("wrote {}", path.display()),
        (Lang::En, false) => format!(
            "wrote {}; {} is left as it was (its comments could not be kept)",
            target.display(),
            path.display()
        ),
    }
}

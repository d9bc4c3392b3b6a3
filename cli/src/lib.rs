//! `eig`: validate défi submissions, publish the JSON Schemas, show the rulebooks.
//!
//! The command line as a library: [`run`] is the whole `eig` command, which the binary
//! (`src/main.rs`) and the Python package's `eig` both call, so that the two are one command
//! with one output.

use clap::{Parser, Subcommand, ValueEnum};
use eig::Rulebook;
use eig::diagnostics::Lang;
use eig::diagnostics::Report;
use eig::documents::{DocumentValidator, Input};
use eig::schema::SchemaKind;
use eig::validate::{CompiledRulebook, RulebookChoice};
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// Tools for the Entrepreneurs d'intérêt général programme.
#[derive(Debug, Parser)]
#[command(name = "eig", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check défi submissions against a promotion's rulebook.
    ///
    /// Exit code: 0 when every file is valid, 1 when any has an error, 2 for usage or I/O
    /// problems.
    Validate {
        /// Submission files (JSON); `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Built-in rulebook to apply (`eig-1` … `eig-7`, `dig-2019`). Default: the promotion
        /// each submission names.
        #[arg(long, conflicts_with = "rulebook")]
        promotion: Option<String>,
        /// A rulebook file (JSON) to apply instead of a built-in one.
        #[arg(long)]
        rulebook: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// The kind of document (`challenge-submission`, `application`, `scoring-grid`,
        /// `jury`, `score-sheets`, `team-formation`, `mentor-matching`, `jury-plan`, `rulebook`). A
        /// rulebook given applies its declared rules (`rules`) for that kind.
        #[arg(long, default_value = "challenge-submission")]
        kind: String,
    },
    /// Apply the safe fixes of each file: those that, applied to a copy, mend their fault and
    /// bring no new error. The file keeps its comments and layout; when it cannot, the result
    /// is written beside it (`NAME.fixed.json`) and the file is left as it was. Prints what
    /// changed, then what remains for a person to do.
    ///
    /// Exit code: 0 when every file is valid afterwards, 1 when an error remains, 2 for usage
    /// or I/O problems.
    Fix {
        /// Files to fix (JSON; comments are allowed); `-` reads standard input and writes the
        /// fixed document to standard output.
        #[arg(required = true)]
        files: Vec<String>,
        /// Built-in rulebook to apply (`eig-1` … `eig-7`, `dig-2019`). Default: the promotion
        /// each submission names.
        #[arg(long, conflicts_with = "rulebook")]
        promotion: Option<String>,
        /// A rulebook file (JSON) to apply instead of a built-in one.
        #[arg(long)]
        rulebook: Option<PathBuf>,
        /// Print the changes as a unified diff; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
        /// The kind of document (as for `eig validate`).
        #[arg(long, default_value = "challenge-submission")]
        kind: String,
    },
    /// Rank one selection stage: check the score sheets against the grid and the jury,
    /// calibrate, aggregate, cut off, and explain every outcome.
    ///
    /// Exit code: 0 on success, 1 when a document is invalid, 2 for usage or I/O problems.
    Score {
        #[command(flatten)]
        inputs: ScoreInputs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
        format: ScoreFormat,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Print the decision notice of items of a stage: rank, final score, breakdown by
    /// criterion and by juror, the cut-off and the reason for the outcome.
    Explain {
        /// Item ids (défis or candidates).
        #[arg(required = true)]
        items: Vec<String>,
        #[command(flatten)]
        inputs: ScoreInputs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Write a seeded synthetic promotion (no real person in it): rulebook, défi submissions,
    /// applications, grids, jury, score sheets, and the planted juror biases.
    Generate {
        /// The folder to write into (created if needed).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        options: GenerateArgs,
    },
    /// Generate a promotion, validate its documents, score the défis and the candidates, and
    /// print the rankings and one explanation.
    Demo {
        #[command(flatten)]
        options: GenerateArgs,
        /// Language of the text.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Print, write or check the published JSON Schemas.
    Schema {
        /// One schema to print (`challenge-submission`, `rulebook`).
        name: Option<String>,
        /// Write every schema into this directory.
        #[arg(long, conflicts_with = "name")]
        out: Option<PathBuf>,
        /// Compare the files in the directory (`--out`, default `schema`) with the types;
        /// exit 1 when they are stale.
        #[arg(long, conflicts_with = "name")]
        check: bool,
    },
    /// Import the programme's public data into one dataset: `eig import site-eig DIR
    /// [site-eig-v3 DIR] [eig-charts DIR] [eig-link DIR] --out dataset.json`; a folder given
    /// alone has its format told by the files only that format has.
    ///
    /// Prints what was read, written and refused, and the anomalies by code. Exit code: 0
    /// when no record was refused, 1 when some were (the dataset is still written, and the
    /// report names each one), 2 for usage or I/O problems.
    Import {
        /// Pairs of a format (`site-eig`, `site-eig-v3`, `eig-charts`) and a folder.
        #[arg(required = true, num_args = 2.., value_names = ["FORMAT", "DIR"])]
        sources: Vec<String>,
        /// Write the dataset (JSON) to this file.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Format of the report.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// List every anomaly in the human report, not only their counts.
        #[arg(long)]
        details: bool,
        /// Language of the report.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Statistics of a dataset: per promotion, expertise, theme, organisation, or the
    /// selection funnel.
    Stats {
        /// The dataset file (from `eig import --out`).
        dataset: PathBuf,
        /// What to group by.
        #[arg(long, value_enum, default_value_t = data::ByArg::Promotion)]
        by: data::ByArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = data::StatsFormat::Table)]
        format: data::StatsFormat,
        /// Every column in the table, however wide (by default, those that fit 100
        /// characters, and the names of the others).
        #[arg(long)]
        wide: bool,
        /// Language of the table's headers and numbers.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Write a dataset's entities as tables, one file per entity (promotions, challenges,
    /// organisations, people, roles, funnel).
    Export {
        /// The dataset file.
        dataset: PathBuf,
        /// The folder to write into (created if needed).
        #[arg(long)]
        out: PathBuf,
        /// File format.
        #[arg(long, value_enum, default_value_t = data::ExportFormat::Csv)]
        format: data::ExportFormat,
        /// Replace people's names by stable pseudonyms.
        #[arg(long)]
        pseudonymise: bool,
    },
    /// Form défi teams from ranked candidates, or match référents and buddies to teams.
    Match {
        #[command(subcommand)]
        action: teams::MatchAction,
    },
    /// Plan the juries: jurors placed in panels, rooms and half-days, one référent each.
    Jury {
        #[command(subcommand)]
        action: jury::JuryAction,
    },
    /// Write a défi dossier filled with example values that the promotion accepts, with a
    /// comment above each field that says what it is and what it accepts: replace each value
    /// with yours, then `eig validate` it.
    Template {
        /// Built-in rulebook (`eig-7`).
        #[arg(long, conflicts_with = "rulebook")]
        promotion: Option<String>,
        /// A rulebook file (JSON), for a promotion not built in.
        #[arg(long)]
        rulebook: Option<PathBuf>,
        /// The file to write; default: standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Plain JSON, without the comments that say what each field is (for a tool other
        /// than eig, which refuses comments).
        #[arg(long)]
        no_comments: bool,
        /// Language of the comments and messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Print the field guide of a promotion's défi dossier: each field, what it is, whether
    /// it is required, what it accepts (from the schema and the rulebook) and an example.
    Fields {
        /// Built-in rulebook (`eig-7`).
        #[arg(long, conflicts_with = "rulebook")]
        promotion: Option<String>,
        /// A rulebook file (JSON), for a promotion not built in.
        #[arg(long)]
        rulebook: Option<PathBuf>,
        /// Output format: text for a terminal, or Markdown (docs/guide-administrations.md).
        #[arg(long, value_enum, default_value_t = GuideFormat::Text)]
        format: GuideFormat,
        /// Language of the guide.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Serve the validation web page and its API (`POST /v1/validate`, `POST /v1/fix`) until
    /// stopped: an officer drops or pastes a dossier, reads every violation next to its line,
    /// and applies the safe fixes with a button.
    /// Loopback by default; nothing sent is stored or logged.
    Serve {
        /// The address to listen on (`127.0.0.1:0` takes any free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Serve other machines too: needed to listen on an address that is not loopback
        /// (documents then cross the network as they are, without TLS), and lets requests name
        /// any host. Without it, only this machine's names (`localhost`, `127.0.0.1`, `[::1]`)
        /// are answered, which a web page elsewhere cannot use to reach the server.
        #[arg(long)]
        public: bool,
        /// The longest one validation may take, in seconds (0.1 to 600): past it the answer
        /// is 503 and the validation stops at its next checkpoint, freeing its place.
        #[arg(long, default_value = "10", value_parser = time_limit, value_name = "SECONDS")]
        time_limit: std::time::Duration,
    },
    /// Print the table of violation codes (Markdown).
    Codes,
    /// Print the data dictionary: every table of a dataset, its columns, types and meaning
    /// (Markdown).
    Dictionary,
    /// List or show the built-in rulebooks.
    Rulebook {
        #[command(subcommand)]
        action: RulebookAction,
    },
}

#[derive(Debug, Subcommand)]
enum RulebookAction {
    /// List the built-in rulebooks.
    List,
    /// Print where every fact of the built-in rulebooks comes from (Markdown:
    /// docs/rulebook-sources.md), or of one.
    Sources {
        /// Promotion id (`eig-7`); default: every built-in rulebook.
        id: Option<String>,
    },
    /// Print one built-in rulebook as JSON.
    Show {
        /// Promotion id (`eig-4`).
        id: String,
    },
    /// Write a rulebook for a promotion not built in (the next call), made from a built-in one
    /// or a file: the same rules, the new promotion and the windows given. Times are Paris
    /// wall-clock (`--time-zone` for another): `2027-03-31T17:00` is that instant; a bare
    /// day `2027-03-31` opens at 00:00:00 or closes at 23:59:59. A window left out stays
    /// unknown, and validation warns that it was not checked.
    ///
    /// Exit code: 0 when written, 2 when the result would not be a valid rulebook.
    New {
        /// The rulebook to start from: a built-in id (`eig-7`) or a file.
        #[arg(long)]
        from: String,
        /// The new promotion's id (`eig-8`).
        #[arg(long)]
        promotion: String,
        /// Its public name (default: from the id, `EIG 8`).
        #[arg(long)]
        label: Option<String>,
        /// When the call for projects opens.
        #[arg(long)]
        opens: Option<String>,
        /// When the call for projects closes.
        #[arg(long)]
        closes: Option<String>,
        /// When the call for applications opens.
        #[arg(long)]
        applications_opens: Option<String>,
        /// When the call for applications closes.
        #[arg(long)]
        applications_closes: Option<String>,
        /// The IANA time zone of the times given.
        #[arg(long, default_value = "Europe/Paris")]
        time_zone: String,
        /// Write it to this file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
    /// Check a rulebook file: its schema, its consistency and every declared rule (syntax,
    /// functions, fields, types, cost), each fault at its path; then list its declared rules.
    /// With documents, validate them with it, as `eig validate --rulebook FILE` does.
    ///
    /// Exit code: 0 when the rulebook (and every document) is valid, 1 when not, 2 for usage
    /// or I/O problems.
    Check {
        /// The rulebook (JSON).
        file: PathBuf,
        /// Documents to try it on.
        documents: Vec<String>,
        /// The kind of the documents.
        #[arg(long, default_value = "challenge-submission")]
        kind: String,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::Fr)]
        lang: LangArg,
    },
}

/// The documents of one stage.
#[derive(Debug, clap::Args)]
struct ScoreInputs {
    /// The scoring grid (JSON). Default: the grid of that id the rulebook gives (EIG 7's).
    #[arg(long)]
    grid: Option<PathBuf>,
    /// The jury (JSON).
    #[arg(long)]
    jury: PathBuf,
    /// The score sheets (JSON).
    #[arg(long)]
    scores: PathBuf,
    /// The stage to apply. Default: the one the score sheets name.
    #[arg(long)]
    stage: Option<String>,
    /// Built-in rulebook holding the stage. Default: the promotion the score sheets name.
    #[arg(long, conflicts_with = "rulebook")]
    promotion: Option<String>,
    /// A rulebook file (JSON) holding the stage.
    #[arg(long)]
    rulebook: Option<PathBuf>,
    /// How many people earlier sprints recruited: with a rulebook whose `hiring_cap` names
    /// this stage, only the places left under the cap are selected (the others get the
    /// reason `hiring_cap`).
    #[arg(long)]
    hired_before: Option<u32>,
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// The seed: the same seed gives the same promotion.
    #[arg(long, default_value_t = 2017)]
    seed: u64,
    /// Défis proposed.
    #[arg(long, default_value_t = 20)]
    challenges: usize,
    /// Candidates.
    #[arg(long, default_value_t = 800)]
    candidates: usize,
    /// Jurors.
    #[arg(long, default_value_t = 12)]
    jurors: usize,
}

impl GenerateArgs {
    fn options(&self) -> Result<eig::synthetic::Options, Fatal> {
        let options = eig::synthetic::Options {
            seed: self.seed,
            challenges: self.challenges,
            candidates: self.candidates,
            jurors: self.jurors,
            ..Default::default()
        };
        options.check().map_err(|e| Fatal(e.to_string()))?;
        Ok(options)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ScoreFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GuideFormat {
    Text,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    Fr,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

fn unknown_kind(kind: &str) -> String {
    let known: Vec<_> = SchemaKind::ALL.iter().map(|k| k.name()).collect();
    format!(
        "unknown document kind {kind:?} (known: {})",
        known.join(", ")
    )
}

mod data;
mod fix;
mod jury;
mod publication;
mod scoring;
mod serve;
mod teams;

/// A command's exit status: 0 when it did what was asked (every file valid), 1 when a document
/// has an error, 2 for a usage, reading or writing problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitCode(u8);

impl ExitCode {
    /// 0.
    pub const SUCCESS: Self = Self(0);

    /// The status as a number.
    #[must_use]
    pub fn code(self) -> u8 {
        self.0
    }
}

impl From<u8> for ExitCode {
    fn from(code: u8) -> Self {
        Self(code)
    }
}

/// A failure that stops the command: usage or I/O (exit 2).
pub(crate) struct Fatal(pub(crate) String);

/// Standard output that cannot be written (a reader that stopped early, `eig validate … |
/// head`; a full disk) makes `print!` panic with "failed printing to stdout": the command
/// exits 2 with what happened, as for any other I/O failure, without a backtrace.
fn stdout_failure_is_exit_2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(stdout_failure_hook);
}

fn stdout_failure_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        // Standard output closed (a pipe whose reader left) or full (a full disk,
        // `/dev/full`): exit 2 with what happened, never a panic's backtrace.
        if let Some(reason) = message.strip_prefix("failed printing to stdout: ") {
            use std::io::Write as _;
            let words = match cli_lang() {
                Lang::Fr => "impossible d'écrire sur la sortie standard",
                Lang::En => "cannot write to standard output",
            };
            let _ = writeln!(std::io::stderr(), "eig: {words}: {reason}");
            std::process::exit(2);
        }
        default(info);
    }));
}

/// Whether the command runs with `--lang en` (French when it has none), for the messages that
/// are not a report's: a file that cannot be read.
static ENGLISH: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(crate) fn cli_lang() -> Lang {
    if ENGLISH.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Fr
    }
}

/// Why a file cannot be read, in the command's language (the system's own words are English).
/// Writes an output file whole (a temporary file renamed over it), refusing one of the
/// command's `inputs`; the message in the command's language.
fn write_output(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), Fatal> {
    eig::files::not_an_input(path, inputs)
        .and_then(|()| eig::files::write_whole(path, bytes))
        .map_err(|e| Fatal(e.message(cli_lang())))
}

fn io_words(name: &str, e: &std::io::Error) -> String {
    use std::io::ErrorKind as E;
    let (fr, en) = match e.kind() {
        E::NotFound => ("fichier introuvable", "file not found"),
        E::PermissionDenied => ("lecture non autorisée", "permission denied"),
        E::IsADirectory => (
            "c'est un dossier, pas un fichier",
            "is a directory, not a file",
        ),
        E::InvalidData => ("contenu illisible", "unreadable content"),
        E::Interrupted | E::UnexpectedEof => ("lecture interrompue", "reading interrupted"),
        _ => ("lecture impossible", "cannot be read"),
    };
    match cli_lang() {
        Lang::Fr => format!("{name} : {fr}"),
        Lang::En => format!("{name}: {en} ({e})"),
    }
}

/// Runs the `eig` command line on `args` (the program's name first, as `std::env::args_os`
/// gives them) and returns its exit status. It prints to the process's standard output and
/// error. `--help`, `--version` and a usage error print what clap prints and return 0 or 2.
///
/// Standard output that cannot be written ends the process with status 2 and a message;
/// `serve` runs until the process is stopped.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    stdout_failure_is_exit_2();
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let lang = match &cli.command {
        Command::Validate { lang, .. }
        | Command::Fix { lang, .. }
        | Command::Stats { lang, .. }
        | Command::Score { lang, .. }
        | Command::Explain { lang, .. }
        | Command::Demo { lang, .. }
        | Command::Import { lang, .. }
        | Command::Template { lang, .. }
        | Command::Fields { lang, .. } => (*lang).into(),
        _ => Lang::default(),
    };
    ENGLISH.store(lang == Lang::En, std::sync::atomic::Ordering::Relaxed);
    let result = match cli.command {
        Command::Validate {
            files,
            promotion,
            rulebook,
            format,
            lang,
            kind,
        } => {
            let kind = SchemaKind::from_name(&kind).ok_or_else(|| Fatal(unknown_kind(&kind)));
            kind.and_then(|kind| {
                validate(
                    &files,
                    kind,
                    promotion.as_deref(),
                    rulebook.as_deref(),
                    format,
                    lang.into(),
                )
            })
        }
        Command::Fix {
            files,
            promotion,
            rulebook,
            dry_run,
            lang,
            kind,
        } => {
            let kind = SchemaKind::from_name(&kind).ok_or_else(|| Fatal(unknown_kind(&kind)));
            kind.and_then(|kind| {
                let rulebook =
                    chosen_rulebook(promotion.as_deref(), rulebook.as_deref(), lang.into())?;
                fix::run(&files, kind, rulebook, dry_run, lang.into())
            })
        }
        Command::Score {
            inputs,
            format,
            lang,
        } => scoring::score(&inputs, format, lang.into()),
        Command::Explain {
            items,
            inputs,
            format,
            lang,
        } => scoring::explain(&items, &inputs, format, lang.into()),
        Command::Generate { out, options } => {
            options.options().and_then(|o| scoring::generate(&out, &o))
        }
        Command::Demo { options, lang } => options
            .options()
            .and_then(|o| scoring::demo(&o, lang.into())),
        Command::Schema { name, out, check } => schema(name.as_deref(), out.as_deref(), check),
        Command::Rulebook { action } => rulebook(action),
        Command::Import {
            sources,
            out,
            format,
            details,
            lang,
        } => data::import(&sources, out.as_deref(), format, details, lang),
        Command::Stats {
            dataset,
            by,
            format,
            wide,
            lang,
        } => data::stats(&dataset, by, format, wide, lang.into()),
        Command::Export {
            dataset,
            out,
            format,
            pseudonymise,
        } => data::export(&dataset, &out, format, pseudonymise),
        Command::Match { action } => teams::run(action),
        Command::Jury { action } => jury::run(action),
        Command::Template {
            promotion,
            rulebook,
            out,
            no_comments,
            lang,
        } => template(
            promotion.as_deref(),
            rulebook.as_deref(),
            out.as_deref(),
            (!no_comments).then_some(lang.into()),
        ),
        Command::Fields {
            promotion,
            rulebook,
            format,
            lang,
        } => fields(
            promotion.as_deref(),
            rulebook.as_deref(),
            format,
            lang.into(),
        ),
        Command::Serve {
            addr,
            public,
            time_limit,
        } => serve::serve(addr, public, time_limit),
        Command::Codes => {
            print!("{}", eig::diagnostics::codes_markdown());
            Ok(ExitCode::SUCCESS)
        }
        Command::Dictionary => {
            print!("{}", eig::analytics::dictionary_markdown());
            Ok(ExitCode::SUCCESS)
        }
    };
    let code = match result {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("eig: {message}");
            ExitCode::from(2)
        }
    };
    // A host that goes on after the command (the Python package) does not flush Rust's
    // standard output at its exit: the end of a line not yet written is written now.
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    code
}

/// A document read for a kind, or the report that it is past the kind's size limit.
pub(crate) enum Read {
    Bytes(Vec<u8>),
    /// Past the limit: the report says so, with the size.
    TooLarge(eig::Report),
}

/// Reads a document of `kind` from a file or `-` (standard input). A file past the kind's
/// size limit is not read (its length says so); a stream is read up to the limit, then only
/// counted, so memory stays within the limit whatever comes.
pub(crate) fn read_input(file: &str, kind: SchemaKind) -> Result<Read, String> {
    let max = eig::documents::max_bytes(kind);
    let too_large = |size: u64| Ok(Read::TooLarge(eig::documents::too_large(kind, size)));
    let mut reader: Box<dyn std::io::Read> = if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let path = Path::new(file);
        if path.is_dir() {
            return Err(io_words(
                file,
                &std::io::Error::from(std::io::ErrorKind::IsADirectory),
            ));
        }
        let f = std::fs::File::open(path).map_err(|e| io_words(file, &e))?;
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        if len > max as u64 {
            return too_large(len);
        }
        Box::new(f)
    };
    let name = match (file, cli_lang()) {
        ("-", Lang::Fr) => "l'entrée standard",
        ("-", Lang::En) => "standard input",
        _ => file,
    };
    let mut buf = Vec::new();
    reader
        .by_ref()
        .take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| io_words(name, &e))?;
    if buf.len() > max {
        let rest =
            std::io::copy(&mut reader, &mut std::io::sink()).map_err(|e| io_words(name, &e))?;
        return too_large(buf.len() as u64 + rest);
    }
    Ok(Read::Bytes(buf))
}

/// The rulebook a command names: a built-in one (`--promotion`), a file (`--rulebook`), or
/// none; its declared rules compiled by its load, once.
fn chosen_rulebook(
    promotion: Option<&str>,
    rulebook_file: Option<&Path>,
    lang: Lang,
) -> Result<Option<CompiledRulebook>, Fatal> {
    let rulebook = match (promotion, rulebook_file) {
        (Some(id), _) => {
            let rb = CompiledRulebook::builtin(id).ok_or_else(|| {
                let known = eig::model::PromotionId::HISTORICAL.join(", ");
                Fatal(format!(
                    "unknown promotion {id:?} (built-in: {known}); for another, make a rulebook with \
                     `eig rulebook new --from eig-7 --promotion {id}` and pass it with --rulebook"
                ))
            })?;
            Some(rb)
        }
        (None, Some(path)) => {
            let read =
                read_input(&path.display().to_string(), SchemaKind::Rulebook).map_err(Fatal)?;
            let loaded = match read {
                Read::Bytes(bytes) => CompiledRulebook::from_json(&bytes).map_err(|e| e.report),
                Read::TooLarge(report) => Err(report),
            };
            let rb = loaded.map_err(|report| {
                let lines: Vec<String> = report
                    .violations
                    .iter()
                    .map(|v| format!("  {}", v.to_line("", lang)))
                    .collect();
                Fatal(format!(
                    "{}: invalid rulebook\n{}",
                    path.display(),
                    lines.join("\n")
                ))
            })?;
            Some(rb)
        }
        (None, None) => None,
    };
    Ok(rulebook)
}

/// `eig template`: a dossier with example values that the promotion accepts.
/// The error of `eig template` or `eig fields` without a promotion.
fn no_promotion_given() -> Fatal {
    Fatal(match cli_lang() {
        Lang::Fr => "donnez la promotion (--promotion eig-7) ou un règlement (--rulebook \
                     regles.json)"
            .to_owned(),
        Lang::En => "give --promotion (eig-7) or --rulebook".to_owned(),
    })
}

/// With comments in `comments`' language, or plain JSON.
fn template(
    promotion: Option<&str>,
    rulebook_file: Option<&Path>,
    out: Option<&Path>,
    comments: Option<Lang>,
) -> Result<ExitCode, Fatal> {
    let rulebook =
        chosen_rulebook(promotion, rulebook_file, cli_lang())?.ok_or_else(no_promotion_given)?;
    let text = match comments {
        Some(lang) => eig::guide::template_commented(rulebook.rulebook(), lang),
        None => eig::guide::template_text(rulebook.rulebook()),
    };
    match out {
        Some(path) => {
            let inputs: Vec<&Path> = rulebook_file.into_iter().collect();
            write_output(path, text.as_bytes(), &inputs)?;
            eprintln!(
                "{}",
                match cli_lang() {
                    Lang::Fr => format!(
                        "écrit {} : remplacez chaque valeur par la vôtre (le guide : eig fields \
                         --promotion {}), puis eig validate {}",
                        path.display(),
                        rulebook.rulebook().promotion.as_str(),
                        path.display()
                    ),
                    Lang::En => format!("wrote {}", path.display()),
                }
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `eig fields`: the field guide of the promotion's dossier.
fn fields(
    promotion: Option<&str>,
    rulebook_file: Option<&Path>,
    format: GuideFormat,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let rulebook =
        chosen_rulebook(promotion, rulebook_file, lang)?.ok_or_else(no_promotion_given)?;
    match format {
        GuideFormat::Text => print!("{}", eig::guide::guide_text(rulebook.rulebook(), lang)),
        GuideFormat::Markdown => {
            print!("{}", eig::guide::guide_markdown(rulebook.rulebook(), lang));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn validate(
    files: &[String],
    kind: SchemaKind,
    promotion: Option<&str>,
    rulebook_file: Option<&Path>,
    format: Format,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let rulebook = chosen_rulebook(promotion, rulebook_file, lang)?;
    validate_with(files, kind, rulebook, format, lang)
}

/// Validates `files` with `rulebook` (or the one each names).
fn validate_with(
    files: &[String],
    kind: SchemaKind,
    rulebook: Option<CompiledRulebook>,
    format: Format,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    // One validator for every file, whatever its kind: the rulebook's rules compiled once.
    let validator =
        DocumentValidator::new(rulebook.map_or(RulebookChoice::Named, RulebookChoice::Given));

    let mut io_failed = false;
    let mut any_error = false;
    // The JSON array is written entry by entry: memory holds one document's report at a time.
    let mut json_out = JsonArray::default();
    for file in files {
        let (bytes, report) = match read_input(file, kind) {
            // Past the size limit: reported, never read.
            Ok(Read::TooLarge(report)) => (Vec::new(), report),
            Ok(Read::Bytes(bytes)) => {
                let report = validator.validate(kind, Input::Bytes(&bytes));
                (bytes, report)
            }
            Err(message) => {
                eprintln!("eig: {message}");
                io_failed = true;
                continue;
            }
        };
        any_error |= !report.valid;
        let name = if file == "-" {
            "<stdin>"
        } else {
            file.as_str()
        };
        match format {
            Format::Json => json_out.push(&report.to_json_entry(name, &bytes, lang))?,
            Format::Human => print!("{}", report.to_text(name, &bytes, lang)),
        }
    }
    if let Format::Json = format {
        json_out.finish()?;
    }
    Ok(files_status(io_failed, any_error))
}

/// The exit status of a command over files: 2 when one could not be read or written, 1 when
/// one has an error, 0 otherwise.
pub(crate) fn files_status(io_failed: bool, any_error: bool) -> ExitCode {
    if io_failed {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints a report as `eig validate` does (see [`Report::to_text`]).
pub(crate) fn print_human(file: &str, bytes: &[u8], report: &Report, lang: Lang) {
    print!("{}", report.to_text(file, bytes, lang));
}

/// Prints the faults of a file on standard error, one line each after its name (see
/// [`eig::Violation::to_line`]).
pub(crate) fn print_violations(file: &str, violations: &[eig::Violation], lang: Lang) {
    for v in violations {
        eprintln!("{}", v.to_line(file, lang));
    }
}

fn schema(name: Option<&str>, out: Option<&Path>, check: bool) -> Result<ExitCode, Fatal> {
    if let Some(name) = name {
        let kind = SchemaKind::from_name(name).ok_or_else(|| {
            let known: Vec<_> = SchemaKind::ALL.iter().map(|k| k.name()).collect();
            Fatal(format!(
                "unknown schema {name:?} (known: {})",
                known.join(", ")
            ))
        })?;
        print!("{}", kind.to_file_text());
        return Ok(ExitCode::SUCCESS);
    }
    let dir = out.unwrap_or_else(|| Path::new("schema"));
    // Every schema, then the folders proposed to schema.data.gouv.fr, which carry the
    // schemas' changelog (hand-written in the same directory).
    let changelog = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap_or_default();
    let files: Vec<(String, String)> = SchemaKind::ALL
        .iter()
        .map(|k| (k.file_name(), k.to_file_text()))
        .chain(publication::publication(&changelog))
        .collect();
    if check {
        let mut stale = Vec::new();
        for (name, text) in &files {
            let path = dir.join(name);
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            if on_disk != *text {
                stale.push(path.display().to_string());
            }
        }
        if stale.is_empty() {
            println!("schemas up to date in {}", dir.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "stale or missing schema files: {}\nregenerate them with: cargo run -p eig-cli -- schema --out {}",
            stale.join(", "),
            dir.display()
        );
        return Ok(ExitCode::from(1));
    }
    if out.is_none() {
        // No name, no directory: print the list.
        for kind in SchemaKind::ALL {
            println!("{}\t{}", kind.name(), kind.id());
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (name, text) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Fatal(format!("{}: {e}", parent.display())))?;
        }
        write_output(&path, text.as_bytes(), &[])?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn rulebook(action: RulebookAction) -> Result<ExitCode, Fatal> {
    match action {
        RulebookAction::List => {
            for rb in Rulebook::builtins() {
                let max = rb
                    .immersion_months
                    .max
                    .map_or_else(|| "…".to_owned(), |m| m.to_string());
                let expertises: Vec<_> = rb.allowed_expertises.iter().map(|e| e.as_str()).collect();
                println!(
                    "{:<9} {:<6} team {}-{}  months {}-{}  {}",
                    rb.promotion,
                    rb.label,
                    rb.team_size.min,
                    rb.team_size.max,
                    rb.immersion_months.min,
                    max,
                    expertises.join(",")
                );
            }
        }
        RulebookAction::Sources { id } => {
            let rulebooks = match id {
                None => Rulebook::builtins(),
                Some(id) => vec![Rulebook::builtin(&id).ok_or_else(|| {
                    Fatal(format!(
                        "unknown promotion {id:?} (built-in: {})",
                        eig::model::PromotionId::HISTORICAL.join(", ")
                    ))
                })?],
            };
            print!("{}", eig::rules::sources_markdown(&rulebooks));
        }
        RulebookAction::Show { id } => {
            let rb = Rulebook::builtin(&id).ok_or_else(|| {
                Fatal(format!(
                    "unknown promotion {id:?} (built-in: {}); `eig rulebook new --from eig-7 \
                     --promotion {id}` makes one",
                    eig::model::PromotionId::HISTORICAL.join(", ")
                ))
            })?;
            let text = serde_json::to_string_pretty(&rb).map_err(|e| Fatal(e.to_string()))?;
            println!("{text}");
        }
        RulebookAction::Check {
            file,
            documents,
            kind,
            lang,
        } => return check_rulebook(&file, &documents, &kind, lang.into()),
        RulebookAction::New {
            from,
            promotion,
            label,
            opens,
            closes,
            applications_opens,
            applications_closes,
            time_zone,
            out,
            lang,
        } => {
            if eig::model::PromotionId::parse(&promotion).is_none() {
                return Err(Fatal(format!(
                    "--promotion {promotion:?}: a promotion id is eig-N (eig-8) or dig-YYYY (dig-2027)"
                )));
            }
            let base = base_rulebook(&from)?;
            let window = |o: Option<String>, c: Option<String>, what: &str| {
                eig::model::CallWindow::from_texts(o.as_deref(), c.as_deref(), &time_zone).map_err(
                    |e| Fatal(format!("--{what}opens / --{what}closes / --time-zone: {e}")),
                )
            };
            let next = eig::validate::NextCall {
                promotion,
                label,
                call_for_projects: window(opens, closes, "")?,
                call_for_applications: window(
                    applications_opens,
                    applications_closes,
                    "applications-",
                )?,
            };
            let lang: Lang = lang.into();
            let rb = base.next_call(next).map_err(|e| {
                let lines: Vec<String> = e
                    .report
                    .violations
                    .iter()
                    .map(|v| format!("  {}", v.to_line("", lang)))
                    .collect();
                Fatal(format!(
                    "the new rulebook would not be valid:\n{}",
                    lines.join("\n")
                ))
            })?;
            let mut text = serde_json::to_string_pretty(&rb).map_err(|e| Fatal(e.to_string()))?;
            text.push('\n');
            match out {
                Some(path) => {
                    write_output(&path, text.as_bytes(), &[Path::new(&from)])?;
                    eprintln!("wrote {}", path.display());
                }
                None => print!("{text}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A built-in rulebook by id, or a rulebook file.
fn base_rulebook(from: &str) -> Result<Rulebook, Fatal> {
    if let Some(rb) = Rulebook::builtin(from) {
        return Ok(rb);
    }
    if eig::model::PromotionId::parse(from).is_some() && !Path::new(from).exists() {
        return Err(Fatal(format!(
            "no built-in rulebook {from:?} (built-in: {}); or give a rulebook file",
            eig::model::PromotionId::HISTORICAL.join(", ")
        )));
    }
    match read_input(from, SchemaKind::Rulebook).map_err(Fatal)? {
        Read::Bytes(bytes) => Rulebook::from_json(&bytes)
            .map_err(|e| Fatal(format!("{from}: invalid rulebook ({} violation(s)); check it with `eig rulebook check {from}`", e.report.violations.len()))),
        Read::TooLarge(_) => Err(Fatal(format!("{from}: too large for a rulebook"))),
    }
}

fn check_rulebook(
    file: &Path,
    documents: &[String],
    kind: &str,
    lang: Lang,
) -> Result<ExitCode, Fatal> {
    let kind = SchemaKind::from_name(kind).ok_or_else(|| Fatal(unknown_kind(kind)))?;
    let bytes =
        match read_input(&file.display().to_string(), SchemaKind::Rulebook).map_err(Fatal)? {
            Read::Bytes(b) => b,
            Read::TooLarge(report) => {
                print_human(&file.display().to_string(), &[], &report, lang);
                return Ok(ExitCode::from(1));
            }
        };
    // Its report and, when it has no error, the rulebook: its rules compiled once for both
    // and for the documents checked with it.
    let (report, compiled) = CompiledRulebook::check_json(&bytes);
    print_human(&file.display().to_string(), &bytes, &report, lang);
    let Some(compiled) = compiled else {
        return Ok(ExitCode::from(1));
    };
    let rulebook = compiled.rulebook();
    let mut by_kind: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for r in &rulebook.rules {
        by_kind.entry(r.on.name()).or_default().push(r.id.as_str());
    }
    let heading = match lang {
        Lang::Fr => "règle(s) déclarée(s)",
        Lang::En => "declared rule(s)",
    };
    println!("{} {heading}", rulebook.rules.len());
    for (on, ids) in by_kind {
        println!("  {on} ({}): {}", ids.len(), ids.join(", "));
    }
    if documents.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    validate_with(documents, kind, Some(compiled.clone()), Format::Human, lang)
}

/// The failure of a write to standard output, in the command's language.
fn stdout_failed(e: &std::io::Error) -> Fatal {
    Fatal(match cli_lang() {
        Lang::Fr => format!("impossible d'écrire sur la sortie standard: {e}"),
        Lang::En => format!("cannot write to standard output: {e}"),
    })
}

/// A JSON array written to standard output one entry at a time, laid out as
/// `serde_json::to_string_pretty` lays out the whole array.
#[derive(Default)]
struct JsonArray {
    entries: usize,
}

impl JsonArray {
    fn push(&mut self, entry: &serde_json::Value) -> Result<(), Fatal> {
        use std::io::Write as _;
        let text = serde_json::to_string_pretty(entry).map_err(|e| Fatal(e.to_string()))?;
        let mut out = std::io::stdout().lock();
        let open = if self.entries == 0 { "[\n" } else { ",\n" };
        let mut chunk = String::with_capacity(text.len() + text.len() / 8 + 4);
        chunk.push_str(open);
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                chunk.push('\n');
            }
            chunk.push_str("  ");
            chunk.push_str(line);
        }
        out.write_all(chunk.as_bytes())
            .map_err(|e| stdout_failed(&e))?;
        self.entries += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), Fatal> {
        use std::io::Write as _;
        let close = if self.entries == 0 { "[]\n" } else { "\n]\n" };
        let mut out = std::io::stdout().lock();
        out.write_all(close.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| stdout_failed(&e))
    }
}

/// The rulebook `choice` names for a document of promotion `named`, or the error that says
/// which promotion has none.
fn rulebook_for(
    choice: &eig::validate::RulebookChoice,
    named: &str,
) -> Result<CompiledRulebook, Fatal> {
    choice.compiled(named).map_err(|_| {
        let id = match choice {
            eig::validate::RulebookChoice::Builtin(id) => id.as_str(),
            _ => named,
        };
        Fatal(format!(
            "no built-in rulebook for promotion {id:?} (built-in: {}); make one with `eig rulebook \
             new --from eig-7 --promotion {id}` and give it with --rulebook",
            eig::model::PromotionId::HISTORICAL.join(", ")
        ))
    })
}

/// A time limit in seconds, from 0.1 to 600.
fn time_limit(text: &str) -> Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if (0.1..=600.0).contains(&s) => Ok(std::time::Duration::from_secs_f64(s)),
        _ => Err(format!(
            "{text:?} is not a number of seconds from 0.1 to 600"
        )),
    }
}

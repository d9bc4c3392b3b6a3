//! Validates a défi submission file against a built-in rulebook and prints the report.
//!
//! `cargo run -p eig --example validate_file -- examples/submissions/eig-6-invalid-late-and-mistyped.json eig-6`

use eig::{Rulebook, validate::Validator};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or("usage: validate_file FILE [PROMOTION]")?;
    let promotion = args.next().unwrap_or_else(|| "eig-4".to_owned());
    let rulebook = Rulebook::builtin(&promotion).ok_or("unknown promotion")?;
    let report = Validator::new(rulebook).validate(&std::fs::read(&file)?);
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

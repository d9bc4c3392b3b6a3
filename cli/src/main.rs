//! The `eig` command: its whole body is the library's [`eig_cli::run`], which the Python
//! package's `eig` runs too.

// Validation allocates many small values (parsed JSON, violations, messages): mimalloc makes
// that cheaper than the system allocator, as in the Python extension.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(eig_cli::run(std::env::args_os()).code())
}

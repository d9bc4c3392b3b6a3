//! What the CLI's test files share: the `eig` binary run from the project's root.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The project's root, where the examples are.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `eig` with `args`, from the project's root.
pub(crate) fn eig(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eig"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// `eig` with `input` on its standard input.
pub(crate) fn eig_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eig"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// The exit code (the process ended by itself).
pub(crate) fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

/// Standard output, as UTF-8.
pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Standard error, as UTF-8.
pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

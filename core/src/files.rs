//! Files written whole or not at all: into a temporary file of the same folder, then renamed
//! over the name asked for, so that a reader (or a crash, a full disk, a kill) sees the old
//! file or the new one, never a part. A name that is a symbolic link is replaced by the file,
//! never written through: the link's target is left as it was. An existing file of that name
//! is replaced.
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("eig-files-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let out = dir.join("out.json");
//! eig::files::write_whole(&out, b"{}\n").unwrap();
//! assert_eq!(std::fs::read(&out).unwrap(), b"{}\n");
//! // A command never writes onto what it reads.
//! let e = eig::files::not_an_input(&out, &[out.as_path()]).unwrap_err();
//! assert!(e.to_string().contains("is also read by this command"));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use crate::diagnostics::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A file that could not be written, or should not be.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The system refused (a folder that does not exist, a full disk, no permission).
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The output is one of the command's inputs, or inside a folder it reads.
    #[error("{path} is also read by this command ({input}): write to another file")]
    IsInput {
        /// The output asked for.
        path: PathBuf,
        /// The input it would replace (a file, or a folder the command reads).
        input: PathBuf,
    },
}

impl WriteError {
    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::IsInput { path, input }, Lang::Fr) => format!(
                "{} est aussi lu par cette commande ({}) : écrivez dans un autre fichier",
                path.display(),
                input.display()
            ),
            (Self::Io { path, source }, Lang::Fr) => {
                use std::io::ErrorKind as E;
                let why = match source.kind() {
                    E::NotFound => "son dossier n'existe pas",
                    E::PermissionDenied | E::ReadOnlyFilesystem => "écriture non autorisée",
                    E::StorageFull | E::QuotaExceeded => "le disque est plein",
                    E::IsADirectory => "c'est un dossier",
                    _ => "écriture impossible",
                };
                format!("{} : {why} ({source})", path.display())
            }
            _ => self.to_string(),
        }
    }
}

/// Refuses `out` when it is one of `inputs` (the same file, by any name) or lies inside one of
/// them that is a folder.
///
/// # Errors
/// [`WriteError::IsInput`].
pub fn not_an_input(out: &Path, inputs: &[&Path]) -> Result<(), WriteError> {
    // The output's folder, resolved; the file itself may not exist yet.
    let resolved = resolved(out);
    for input in inputs {
        let refused = || WriteError::IsInput {
            path: out.to_path_buf(),
            input: input.to_path_buf(),
        };
        if same_file(out, input) {
            return Err(refused());
        }
        if input.is_dir()
            && let (Some(o), Ok(i)) = (&resolved, input.canonicalize())
            && o.starts_with(&i)
        {
            return Err(refused());
        }
    }
    Ok(())
}

/// `path` with its folder's links resolved (the last component kept as written).
fn resolved(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    }
}

/// Writes `bytes` to `path` whole: into a new temporary file beside it, flushed to disk, then
/// renamed over `path`. On any error the temporary file is removed and `path` is as it was.
///
/// # Errors
/// [`WriteError::Io`], naming the file.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let temporary = temporary_beside(path);
    let io = |p: &Path, source| WriteError::Io {
        path: p.to_path_buf(),
        source,
    };
    let written = (|| {
        // `create_new` never opens an existing file or follows a link planted at the name.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        // A folder that does not exist is the output's fault, not the temporary's.
        return Err(io(path, e));
    }
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io(path, e)
    })
}

/// A name for a temporary file in `path`'s folder, hidden, unique to this process and call.
pub(crate) fn temporary_beside(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    path.with_file_name(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("eig-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_link_at_the_name_is_replaced_not_written_through() {
        let d = dir("link");
        let target = d.join("target.txt");
        std::fs::write(&target, "keep").unwrap();
        let link = d.join("out.txt");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_whole(&link, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "new");
        assert!(
            !std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // Nothing else is left in the folder.
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 2);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let d = dir("fail");
        let out = d.join("missing-folder").join("out.txt");
        let e = write_whole(&out, b"x").unwrap_err();
        assert!(e.to_string().contains("missing-folder"), "{e}");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn an_input_is_never_an_output() {
        let d = dir("input");
        let input = d.join("in.json");
        std::fs::write(&input, "{}").unwrap();
        assert!(not_an_input(&input, &[&input]).is_err());
        // The same file by another name.
        let other = d.join(".").join("in.json");
        assert!(not_an_input(&other, &[&input]).is_err());
        // Inside a folder read.
        assert!(not_an_input(&d.join("new.json"), &[&d]).is_err());
        assert!(not_an_input(&d.join("new.json"), &[&input]).is_ok());
        std::fs::remove_dir_all(&d).unwrap();
    }
}

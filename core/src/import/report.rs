//! The errors that stop an import; what an import read and refused is in the model's
//! [`ImportReport`](crate::model::ImportReport).

use crate::model::SourceKind;
use std::path::PathBuf;

/// An import that could not start or finish: a folder that is not the format, a file that
/// cannot be read. Anomalies in the data are not errors: they are in the [`ImportReport`](crate::model::ImportReport).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The folder lacks the file or folder that defines the format.
    #[error("{dir} is not a {kind} folder: {expected} is missing")]
    NotASource {
        /// The format asked for.
        kind: SourceKind,
        /// The folder.
        dir: PathBuf,
        /// What was looked for, relative to the folder.
        expected: String,
    },
    /// A file or folder could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The system's message.
        message: String,
    },
    /// A format name that is not known.
    #[error(
        "unknown source format \"{0}\": expected site-eig, site-eig-v3, eig-charts or eig-link"
    )]
    UnknownFormat(String),
    /// Nothing to import.
    #[error("no source to import")]
    NoSource,
}

//! Placing people: [`teams`] forms défi teams from ranked candidates (stable or
//! welfare-optimal), [`mentors`] gives teams their référents and buddies, and [`jury`] plans
//! the jury's panels; each explains every pair. They check their documents and solve them
//! with the generic solvers of [`crate::solve`].
//!
//! Each of them re-matches after a change: given the result already announced (`previous`)
//! and who withdrew (`withdrawn`), it keeps the pins, moves as few people as possible, then
//! has the best objective, and lists every [`Change`].

pub mod jury;
pub mod mentors;
pub mod teams;

use serde::{Deserialize, Serialize};

/// A person (or a heard item) whose place differs from the result already announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The person or the item.
    pub id: String,
    /// What it is: `juror`, `item`, `candidate`, `referent` or `buddy`.
    pub kind: String,
    /// Where it was: slots for a jury plan, défis otherwise (empty when it had no place).
    pub from: Vec<String>,
    /// Where it is now (empty for who withdrew, or who lost every place).
    pub to: Vec<String>,
    /// `withdrew`; `moved` (taken off a place it had: what re-matching makes as rare as it
    /// can); or `added` (given a place, losing none: a seat left free is filled). In a jury
    /// plan a juror given a seat is `moved` too: the plan's `moved` counts everyone told a new
    /// place.
    pub reason: String,
}

impl Change {
    /// Whether this change is a move: a place taken from someone who did not withdraw.
    #[must_use]
    pub fn is_move(&self) -> bool {
        self.reason == "moved"
    }

    /// The change in words, in French or English, as the commands print it: `C-004 : defi-02
    /// → — (s'est retiré)`.
    #[must_use]
    pub fn to_text(&self, lang: crate::diagnostics::Lang) -> String {
        use crate::diagnostics::Lang;
        let list = |v: &[String]| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                v.join(", ")
            }
        };
        let why = match (self.reason.as_str(), lang) {
            ("withdrew", Lang::Fr) => " (retrait)",
            ("withdrew", Lang::En) => " (withdrew)",
            ("added", Lang::Fr) => " (place libre pourvue)",
            ("added", Lang::En) => " (a free place filled)",
            (_, Lang::Fr) => " (déplacement, pour tenir toutes les règles après le changement)",
            (_, Lang::En) => " (moved to keep every rule after the change)",
        };
        format!(
            "{} : {} → {}{why}",
            self.id,
            list(&self.from),
            list(&self.to)
        )
    }

    /// The changes under a title (`title`: French and English, the number moved in it), as
    /// the commands print them; nothing when there are none.
    #[must_use]
    pub fn list_text(
        changes: &[Self],
        title: (&str, &str),
        lang: crate::diagnostics::Lang,
    ) -> String {
        use std::fmt::Write as _;
        if changes.is_empty() {
            return String::new();
        }
        let mut out = match lang {
            crate::diagnostics::Lang::Fr => format!("{} :\n", title.0),
            crate::diagnostics::Lang::En => format!("{}:\n", title.1),
        };
        for c in changes {
            let _ = writeln!(out, "  {}", c.to_text(lang));
        }
        out
    }
}

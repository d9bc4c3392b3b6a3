//! Placing people: [`teams`] forms défi teams from ranked candidates (stable or
//! welfare-optimal), and [`mentors`] gives teams their référents and buddies; both explain
//! every pair. They check their documents (team formation, mentor matching) and solve them
//! with the generic solvers of [`crate::solve`].

pub mod jury;
pub mod mentors;
pub mod teams;

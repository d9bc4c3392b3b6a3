//! Stopping long work from outside: a flag anyone may raise and an optional deadline, which the
//! engines check at their checkpoints.
//!
//! A host that cannot wait forever (the web server's time limit, Ctrl-C in Python) runs the
//! work under a [`Stop`] with [`run`]. The engines call [`requested`] between steps of bounded
//! cost (a document of a batch, a piece of a large list, a declared rule, a row of an
//! assignment, a phase of a flow) and give up when it is true. What is kept beyond one call
//! (a rulebook's compiled rules) is never built half-way: a rulebook's load does not stop. What they return then is never used: [`run`]
//! answers [`Stopped`] whenever the stop was raised before the work returned, so a partial
//! result cannot pass for a whole one. Without a [`Stop`], [`requested`] is always false and
//! every engine runs to its end.
//!
//! The stop belongs to the thread that runs the work; an engine that starts threads of its own
//! hands them [`current`] (see [`run_with`]).
//!
//! ```
//! use std::time::Duration;
//! use eig::stop::{self, Stop, Stopped};
//!
//! let stop = Stop::new();
//! stop.raise();
//! let done = stop::run(&stop, || (0..1_000_000).take_while(|_| !stop::requested()).count());
//! assert_eq!(done, Err(Stopped));
//!
//! let plenty = Stop::after(Duration::from_secs(3600));
//! assert_eq!(stop::run(&plenty, || 1 + 1), Ok(2));
//! ```

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A request to stop: a flag shared by every clone, and an optional deadline.
#[derive(Debug, Clone, Default)]
pub struct Stop {
    flag: Arc<AtomicBool>,
    deadline: Option<Instant>,
}

impl Stop {
    /// A stop with no deadline, raised only by [`Stop::raise`].
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A stop raised at `deadline` (or before, by [`Stop::raise`]).
    #[must_use]
    pub fn at(deadline: Instant) -> Self {
        Self {
            flag: Arc::default(),
            deadline: Some(deadline),
        }
    }

    /// A stop raised `limit` from now.
    #[must_use]
    pub fn after(limit: Duration) -> Self {
        Instant::now()
            .checked_add(limit)
            .map_or_else(Self::new, Self::at)
    }

    /// Raises the stop: the work under it gives up at its next checkpoint. Any clone may
    /// raise it, from any thread.
    pub fn raise(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether the stop is raised or its deadline has passed.
    #[must_use]
    pub fn is_raised(&self) -> bool {
        self.flag.load(Ordering::Relaxed) || self.deadline.is_some_and(|d| Instant::now() >= d)
    }
}

/// The work was stopped before it finished: its deadline passed, or it was interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the work was stopped before it finished (its time limit passed, or it was interrupted)")]
pub struct Stopped;

thread_local! {
    static CURRENT: RefCell<Option<Stop>> = const { RefCell::new(None) };
}

/// Puts the previous stop of this thread back when the work returns or unwinds.
struct Restore(Option<Stop>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Runs `work` on this thread under `stop`: [`Stopped`] if the stop was raised by the time it
/// returned (its result, maybe partial, is dropped), its result otherwise.
///
/// # Errors
/// [`Stopped`] when the stop was raised or its deadline passed before `work` returned.
pub fn run<T>(stop: &Stop, work: impl FnOnce() -> T) -> Result<T, Stopped> {
    let done = run_with(Some(stop.clone()), work);
    if stop.is_raised() {
        Err(Stopped)
    } else {
        Ok(done)
    }
}

/// Runs `work` under `stop` (none: no stop), as [`run`] does but keeping its result whatever
/// happened: for a thread an engine starts, handed the [`current`] stop of the thread that
/// started it. The caller that installed the stop with [`run`] decides what the result is
/// worth.
pub fn run_with<T>(stop: Option<Stop>, work: impl FnOnce() -> T) -> T {
    let previous = CURRENT.with(|c| c.replace(stop));
    let _restore = Restore(previous);
    work()
}

/// Runs `work` under no stop, whatever this thread runs under: for what is built once and kept
/// beyond the call (the built-in rulebooks, a rulebook's compiled rules), which a stop raised
/// during its first use must not leave half-built for every later one.
pub fn unstoppable<T>(work: impl FnOnce() -> T) -> T {
    run_with(None, work)
}

/// The stop this thread's work runs under, if any: to hand to the threads it starts.
#[must_use]
pub fn current() -> Option<Stop> {
    CURRENT.with(|c| c.borrow().clone())
}

/// The checkpoint: whether the work on this thread should give up now. Always false outside
/// [`run`]. Costs an atomic load, and a clock read when the stop has a deadline.
#[must_use]
pub fn requested() -> bool {
    CURRENT.with(|c| c.borrow().as_ref().is_some_and(Stop::is_raised))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_outside_a_stop_never_stops() {
        assert!(!requested());
        assert!(current().is_none());
    }

    #[test]
    fn a_deadline_in_the_past_stops_at_the_first_checkpoint() {
        let stop = Stop::at(Instant::now());
        let mut steps = 0;
        let done = run(&stop, || {
            while !requested() {
                steps += 1;
            }
            steps
        });
        assert_eq!(done, Err(Stopped));
        assert_eq!(steps, 0);
    }

    #[test]
    fn a_stop_raised_from_another_thread_is_seen_and_the_previous_one_comes_back() {
        let outer = Stop::new();
        let inner = Stop::new();
        let raiser = inner.clone();
        let result = run(&outer, || {
            let done = run(&inner, || {
                std::thread::spawn(move || raiser.raise());
                while !requested() {
                    std::thread::yield_now();
                }
                "gave up"
            });
            // Back under the outer stop, which nobody raised.
            assert!(!requested());
            assert!(current().is_some());
            done
        });
        assert_eq!(result, Ok(Err(Stopped)));
        assert!(current().is_none());
    }

    #[test]
    fn a_started_thread_handed_the_stop_sees_it() {
        let stop = Stop::new();
        stop.raise();
        let seen = run_with(Some(stop), || {
            let handed = current();
            std::thread::scope(|s| s.spawn(move || run_with(handed, requested)).join())
        });
        assert!(matches!(seen, Ok(true)));
        // Without it, a thread sees nothing.
        assert!(matches!(std::thread::spawn(requested).join(), Ok(false)));
    }

    #[test]
    fn unstoppable_work_sees_no_stop_and_the_stop_comes_back_after() {
        let stop = Stop::new();
        stop.raise();
        let seen = run_with(Some(stop), || (unstoppable(requested), requested()));
        assert_eq!(seen, (false, true));
    }

    #[test]
    fn a_deadline_far_away_lets_the_work_finish() {
        assert_eq!(run(&Stop::after(Duration::MAX), || 7), Ok(7));
    }
}

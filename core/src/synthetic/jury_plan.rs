//! A jury plan's input, shaped as the EIG 4 défi jury was run.

use super::*;
use crate::model::{
    CountRange, HalfDay, Hearing, JuryPlan, LoadRange, PanelRules, PlanItem, PlanJuror,
    PlanWeights, Slot,
};

/// What [`jury_plan`] generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JuryPlanOptions {
    /// The seed.
    pub seed: u64,
    /// Jurors.
    pub jurors: usize,
    /// Items to hear (défis).
    pub items: usize,
    /// Days of hearings (two half-days each).
    pub days: usize,
    /// Rooms sitting in parallel on each half-day.
    pub rooms: usize,
}

impl Default for JuryPlanOptions {
    /// The EIG 4 défi jury: 50 jurors, 21 défis, 2 days, 2 juries in parallel.
    fn default() -> Self {
        Self {
            seed: 2020,
            jurors: 50,
            items: 21,
            days: 2,
            rooms: 2,
        }
    }
}

/// The profiles jurors hold and défis ask for.
const PROFILES: [&str; 5] = ["developpement", "design", "data", "produit", "metier"];

/// A synthetic jury plan input, as the EIG 4 défi jury was run: groups of 5 to 8 jurors
/// hearing 2 or 3 défis (more when the items outnumber the slots thrice), one référent each,
/// each juror sitting at most one half-day, a défi every 40 minutes; a juror in five works for
/// a host administration (a conflict with its défis) and 3 % of the other pairs are declared
/// conflicts. No real person in it; deterministic for a seed.
///
/// ```
/// use eig::synthetic::{JuryPlanOptions, jury_plan};
/// let plan = jury_plan(&JuryPlanOptions::default());
/// assert_eq!((plan.jurors.len(), plan.items.len(), plan.slots.len()), (50, 21, 8));
/// ```
#[must_use]
pub fn jury_plan(o: &JuryPlanOptions) -> JuryPlan {
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let (days, rooms) = (o.days.max(1), o.rooms.max(1));
    let start = NaiveDate::from_ymd_opt(2020, 3, 10).unwrap_or_default();
    let mut slots = Vec::new();
    for d in 0..days {
        let day = start + Duration::days(i64::try_from(d).unwrap_or(0));
        for half in [HalfDay::Morning, HalfDay::Afternoon] {
            for r in 0..rooms {
                let h = if half == HalfDay::Morning {
                    "matin"
                } else {
                    "aprem"
                };
                slots.push(Slot {
                    id: format!("j{}-{h}-{}", d + 1, char::from(b'a' + (r % 26) as u8)),
                    day,
                    half_day: half,
                    room: format!("Salle {}", r + 1),
                    minutes: 180,
                });
            }
        }
    }
    let n_items = o.items.max(1);
    let per_panel = u32::try_from(n_items.div_ceil(slots.len()).max(3)).unwrap_or(3);
    let minutes = (180 / per_panel).min(40);
    let n_hosts = n_items;
    let host = |k: usize| format!("Administration {:02}", k + 1);
    let items: Vec<PlanItem> = (0..n_items)
        .map(|k| {
            let mut profiles = vec![PROFILES[rng.random_range(0..4usize)].to_owned()];
            if rng.random_bool(0.3) {
                let second = PROFILES[rng.random_range(0..4usize)].to_owned();
                if second != profiles[0] {
                    profiles.push(second);
                }
            }
            PlanItem {
                id: challenge_id(k),
                title: Some(format!("Défi {}", k + 1)),
                hosts: vec![host(k)],
                profiles,
                minutes,
            }
        })
        .collect();
    let halves = days * 2;
    let jurors: Vec<PlanJuror> = (0..o.jurors.max(1))
        .map(|k| {
            let organisation = if rng.random_bool(0.2) {
                host(rng.random_range(0..n_hosts))
            } else {
                format!(
                    "Structure {:02}",
                    rng.random_range(0..(o.jurors / 2).max(1)) + 1
                )
            };
            let mut profiles = vec![PROFILES[rng.random_range(0..PROFILES.len())].to_owned()];
            if rng.random_bool(0.5) {
                let second = PROFILES[rng.random_range(0..PROFILES.len())].to_owned();
                if second != profiles[0] {
                    profiles.push(second);
                }
            }
            // Free on about two half-days in three, at least one.
            let mut free: Vec<usize> = (0..halves).filter(|_| rng.random_bool(0.65)).collect();
            if free.is_empty() {
                free.push(rng.random_range(0..halves));
            }
            let juror_slots = (free.len() < halves).then(|| {
                slots
                    .iter()
                    .enumerate()
                    .filter(|(s, _)| free.contains(&(s / rooms)))
                    .map(|(_, s)| s.id.clone())
                    .collect()
            });
            let declared: Vec<String> = (0..n_items)
                .filter(|_| rng.random_bool(0.03))
                .map(challenge_id)
                .collect();
            PlanJuror {
                id: format!("jure-{:03}", k + 1),
                name: None,
                organisation: Some(organisation),
                profiles,
                slots: juror_slots,
                can_be_referent: rng.random_bool(0.4),
                load: LoadRange { min: 0, max: 1 },
                conflicts: Conflicts {
                    organisations: Vec::new(),
                    items: declared,
                },
            }
        })
        .collect();
    JuryPlan {
        schema: None,
        promotion: PromotionId::new("eig-4"),
        hearing: Hearing::Challenges,
        slots,
        jurors,
        items,
        panel_rules: PanelRules {
            size: CountRange { min: 5, max: 8 },
            items: CountRange {
                min: 2,
                max: per_panel,
            },
            max_per_organisation: Some(2),
            referent: true,
            profiles: Vec::new(),
        },
        forced: Vec::new(),
        forbidden: Vec::new(),
        weights: PlanWeights::default(),
        previous: None,
        withdrawn: Vec::new(),
    }
}

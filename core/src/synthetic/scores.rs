//! The score sheets: each juror's scores of the défis, then the candidates' applications,
//! stages and scores, with the planted biases.

use super::*;

/// An item as the jurors see it: its id, its true quality and its effect per criterion.
pub(super) struct Graded<'a> {
    pub(super) item: &'a str,
    pub(super) quality: f64,
    pub(super) effects: Vec<f64>,
}

/// How jurors score: the additive model of the module documentation.
pub(super) struct Scorer<'a> {
    pub(super) jury: &'a Jury,
    pub(super) bias: &'a [f64],
    pub(super) noise_sd: f64,
}

impl Scorer<'_> {
    /// Juror `j`'s scores of an item on every criterion of `grid`.
    pub(super) fn scores(
        &self,
        rng: &mut ChaCha8Rng,
        grid: &ScoringGrid,
        item: &Graded<'_>,
        j: usize,
        out: &mut Vec<Score>,
    ) {
        for (c, crit) in grid.criteria.iter().enumerate() {
            let x = item.quality + item.effects[c] + self.bias[j] + self.noise_sd * normal(rng);
            out.push(Score {
                juror: self.jury.jurors[j].id.clone(),
                item: item.item.to_owned(),
                criterion: crit.id.clone(),
                score: round_half(x),
                comment: None,
            });
        }
    }

    /// A candidate's scores: a panel of jurors drawn at random, without the one in conflict.
    pub(super) fn candidate(
        &self,
        rng: &mut ChaCha8Rng,
        applicants: &Applicants<'_>,
        grid: &ScoringGrid,
        id: &str,
        q: f64,
    ) -> Vec<Score> {
        let mut members: Vec<usize> = (0..self.jury.jurors.len()).collect();
        members.shuffle(rng);
        let chosen: Vec<usize> = members
            .into_iter()
            .filter(|&j| !self.jury.jurors[j].conflicts.items.iter().any(|x| x == id))
            .take(applicants.panel)
            .collect();
        let graded = Graded {
            item: id,
            quality: q,
            effects: grid.criteria.iter().map(|_| 0.6 * normal(rng)).collect(),
        };
        let mut out = Vec::new();
        for &j in &chosen {
            self.scores(rng, grid, &graded, j, &mut out);
        }
        out
    }
}

/// Défi scores: every juror scores every défi, except where they stand aside (a juror of
/// the host administration recuses themself).
pub(super) fn challenge_scores(
    rng: &mut ChaCha8Rng,
    scorer: &Scorer<'_>,
    items: &[ScoredItem],
    grid: &ScoringGrid,
    truth: &mut Truth,
) -> (Vec<Score>, Vec<Recusal>) {
    let mut scores = Vec::new();
    let mut recusals = Vec::new();
    for item in items {
        let q = 6.0 + 1.5 * normal(rng);
        truth.challenge_quality.insert(item.id.clone(), q);
        let graded = Graded {
            item: &item.id,
            quality: q,
            effects: grid.criteria.iter().map(|_| 0.6 * normal(rng)).collect(),
        };
        for (j, juror) in scorer.jury.jurors.iter().enumerate() {
            if juror.affiliation.as_deref() == Some(item.organisations[0].as_str()) {
                recusals.push(Recusal {
                    juror: juror.id.clone(),
                    item: item.id.clone(),
                    reason: Some("administration d'accueil".to_owned()),
                });
                continue;
            }
            scorer.scores(rng, grid, &graded, j, &mut scores);
        }
    }
    (scores, recusals)
}

/// What every application draws from: the promotion, its expertises, the défis' popularity,
/// the opening of the call, and the size of a candidate's panel of jurors.
pub(super) struct Applicants<'a> {
    pub(super) promotion: &'a PromotionId,
    pub(super) expertises: &'a [Expertise],
    pub(super) popularity: &'a [f64],
    pub(super) opens: chrono::DateTime<chrono::FixedOffset>,
    pub(super) panel: usize,
}

impl Applicants<'_> {
    /// The `n`-th application, its item for the jury, and the candidate's true quality.
    pub(super) fn application(
        &self,
        rng: &mut ChaCha8Rng,
        n: usize,
    ) -> (Application, ScoredItem, f64) {
        let n_ch = self.popularity.len();
        let id = format!("cand-{:04}", n + 1);
        let first = pick(rng, FIRST);
        let last = pick(rng, LAST);
        let expertise = self.expertises[rng.random_range(0..self.expertises.len().min(4))].clone();
        let wanted = rng.random_range(1..=5usize.min(n_ch));
        let total_pop: f64 = self.popularity.iter().sum();
        let mut prefs: Vec<String> = Vec::with_capacity(wanted);
        while prefs.len() < wanted {
            // A weighted draw without replacement, by popularity.
            let mut x = rng.random_range(0.0..total_pop);
            let mut k = 0;
            while k + 1 < n_ch && x >= self.popularity[k] {
                x -= self.popularity[k];
                k += 1;
            }
            let d = challenge_id(k);
            if !prefs.contains(&d) {
                prefs.push(d);
            }
        }
        let submitted = self.opens + Duration::minutes(rng.random_range(60..60 * 24 * 55));
        let application = Application {
            schema: None,
            promotion: self.promotion.clone(),
            id: id.clone(),
            name: format!("{first} {last}"),
            email: format!(
                "{}.{}.{n}@example.org",
                ascii(first).to_lowercase(),
                ascii(last).to_lowercase()
            ),
            expertise: expertise.clone(),
            other_expertises: Vec::new(),
            experience_years: rng.random_range(1..20),
            preferences: prefs,
            availability: Availability {
                from: NaiveDate::from_ymd_opt(2021, 9, 1)
                    .unwrap_or_else(|| unreachable!("a valid date")),
                full_time: true,
            },
            eligibility: Eligibility {
                right_to_work_in_france: true,
                not_employed_by_host: true,
                accepts_charter: true,
            },
            submitted_at: submitted,
        };
        let item = ScoredItem {
            id,
            label: None,
            expertise: Some(expertise),
            organisations: Vec::new(),
        };
        let q = 6.0 + 1.3 * normal(rng);
        (application, item, q)
    }
}

/// The two stages: keep about 60 % of the défis (EIG 4 kept 17 of 31), at most 2 per
/// organisation; candidates fill the seats of the défis with quotas per expertise.
pub(super) fn stages(
    o: &Options,
    n_ch: usize,
    seats_per_expertise: &BTreeMap<Expertise, u32>,
    challenge_grid: &ScoringGrid,
    candidate_grid: &ScoringGrid,
) -> Vec<SelectionStage> {
    let kept = (n_ch * 6).div_ceil(10);
    let all_seats: u32 = seats_per_expertise.values().sum();
    let seats = u32::try_from((all_seats as usize * kept).div_ceil(n_ch))
        .unwrap_or(u32::MAX)
        .min(u32::try_from(o.candidates).unwrap_or(u32::MAX));
    let mut min_per_expertise = BTreeMap::new();
    for (e, n) in seats_per_expertise {
        let quota = (n * 4) / 10;
        if quota > 0 {
            min_per_expertise.insert(e.clone(), quota);
        }
    }
    while min_per_expertise.values().sum::<u32>() > seats {
        if let Some((_, v)) = min_per_expertise.iter_mut().max_by_key(|(_, v)| **v) {
            *v -= 1;
        }
    }
    min_per_expertise.retain(|_, v| *v > 0);
    vec![
        SelectionStage {
            ranks: crate::model::RankingSheet::Individual,
            pool: false,
            published: None,
            id: "defis".to_owned(),
            label_fr: "Sélection des défis".to_owned(),
            label_en: "Défi selection".to_owned(),
            subject: StageSubject::Challenges,
            grid: challenge_grid.id.clone(),
            after: None,
            aggregation: Aggregation {
                method: AggregationMethod::WeightedMean,
                trim: None,
                min_jurors: 3,
            },
            calibration: CalibrationMethod::Additive,
            cutoff: Cutoff {
                top_k: Some(u32::try_from(kept).unwrap_or(u32::MAX)),
                threshold: Some(4.0),
            },
            quotas: Quotas {
                min_per_expertise: BTreeMap::new(),
                max_per_organisation: Some(2),
            },
            waiting_list: 2,
            tie_break: TieBreak {
                criteria: vec!["impact".to_owned()],
                seed: o.seed,
            },
        },
        SelectionStage {
            ranks: crate::model::RankingSheet::Individual,
            pool: false,
            published: None,
            id: "candidats".to_owned(),
            label_fr: "Sélection des candidats".to_owned(),
            label_en: "Candidate selection".to_owned(),
            subject: StageSubject::Candidates,
            grid: candidate_grid.id.clone(),
            after: None,
            aggregation: Aggregation {
                method: AggregationMethod::WeightedMean,
                trim: None,
                min_jurors: 2,
            },
            calibration: CalibrationMethod::Additive,
            cutoff: Cutoff {
                top_k: Some(seats),
                threshold: None,
            },
            quotas: Quotas {
                min_per_expertise,
                max_per_organisation: None,
            },
            waiting_list: 10,
            tie_break: TieBreak {
                criteria: vec!["competences".to_owned(), "motivation".to_owned()],
                seed: o.seed,
            },
        },
    ]
}

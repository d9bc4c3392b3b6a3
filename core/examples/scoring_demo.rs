//! Generates a synthetic promotion, scores its candidates and prints the top and one notice.
use eig::rules::Lang;
use eig::scoring::{generate, score};

fn main() {
    let promo = generate::promotion(&generate::Options::default());
    for (stage, grid, sheets) in [
        ("defis", &promo.challenge_grid, &promo.challenge_scores),
        ("candidats", &promo.candidate_grid, &promo.candidate_scores),
    ] {
        let stage = promo.rulebook.stage(stage).expect("a generated stage");
        let ranking = score(
            grid,
            &promo.jury,
            sheets,
            stage,
            promo.rulebook.conflict_of_interest,
        )
        .expect("generated documents are valid");
        for r in ranking.items.iter().take(5) {
            println!(
                "{:?} {} {:?} {:?}",
                r.rank, r.item, r.final_score, r.outcome
            );
        }
        for v in &ranking.violations {
            println!("{v}");
        }
        println!(
            "{}",
            ranking.notice(&ranking.items[ranking.items.len() / 2], Lang::En)
        );
        for j in &ranking.jurors {
            println!(
                "{} {:.3} truth {:.3}",
                j.juror, j.bias, promo.truth.juror_bias[&j.juror]
            );
        }
    }
}

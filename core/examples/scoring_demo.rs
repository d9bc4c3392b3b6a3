//! Generates a synthetic promotion, scores its candidates and prints the top and one notice.
use eig::diagnostics::Lang;
use eig::synthetic;

fn main() {
    let promo = synthetic::promotion(&synthetic::Options::default()).expect("default options");
    let (challenges, candidates) =
        synthetic::rankings(&promo).expect("generated documents are valid");
    for ranking in [challenges, candidates] {
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

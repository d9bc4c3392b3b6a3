//! Figures the programme published in prose: in the blog posts and pages of its current site,
//! read when that source is imported, and on web pages that are not among the sources, cited.
//!
//! A figure from a file of a source is imported only when the file holds the words that give
//! it (spaces, non-breaking ones included, compared as single spaces); a file that no longer
//! holds them gives `figure_not_found`, and a file absent from the copy gives nothing. A figure
//! from a web page is always part of the dataset, with its publication.

use super::reader::{Ctx, Raw};
use super::{ImportError, RecordKind};
use crate::diagnostics::message;
use crate::model::{FigureSource, FigureUnit, PromotionId, PublishedFigure, SourceKind};

/// Where a known figure is published.
enum Cited {
    /// In a file of a source, in these words.
    File {
        source: SourceKind,
        file: &'static str,
        quote: &'static str,
    },
    /// On a web page that is not among the sources.
    Page(&'static str),
}

/// A figure the library knows, with where it is published.
struct Known {
    promotion: Option<&'static str>,
    measure: &'static str,
    label: &'static str,
    value: u32,
    at_least: bool,
    cited: Cited,
}

const EIG5_POST: &str = "site/content/blog/10-lorem-ipsum-dolor-sit-amet-consetetur-sadipscing-elitr-consetetur-sadipscing-elitr-consetetur-sadipscing-elitr.md";
const EIG6_POST: &str =
    "site/content/blog/entrepreneurs-d’intérêt-général-découvrez-la-6ème-promotion-du-programme.md";
const EIG3_REVIEW: &str =
    "site/content/blog/plus-dun-an-apras-que-deviennent-les-defis-de-la-promotion-3.md";
const PROGRAMME_PAGE: &str = "site/content/program.md";
const ETALAB_EIG4_CHALLENGES: &str = "etalab.gouv.fr, « découvrez les 17 défis de la quatrième promotion » (as summarised in the public data's SOURCES.md)";
const ETALAB_EIG4_FELLOWS: &str = "etalab.gouv.fr, « présente sa quatrième promotion » (as summarised in the public data's SOURCES.md)";
const ETALAB_EIG3: &str = "etalab.gouv.fr, page « entrepreneurs-dinteret-general » (as summarised in the public data's SOURCES.md)";
const CULTURE: &str =
    "culture.gouv.fr, page of the EIG programme (as summarised in the public data's SOURCES.md)";
const SITE_COUNTS: &str = "eig.numerique.gouv.fr, défi pages per promotion (counted in the public data's SOURCES.md; this copy holds those of EIG 1 to 4 and DIG only)";

const fn file(source: SourceKind, file: &'static str, quote: &'static str) -> Cited {
    Cited::File {
        source,
        file,
        quote,
    }
}

const V3: SourceKind = SourceKind::SiteEigV3;

const fn known(
    promotion: Option<&'static str>,
    measure: &'static str,
    label: &'static str,
    value: u32,
    cited: Cited,
) -> Known {
    Known {
        promotion,
        measure,
        label,
        value,
        at_least: false,
        cited,
    }
}

/// Every figure the library knows from prose.
const KNOWN: &[Known] = &[
    // EIG 5: the announcement on the current site.
    known(
        Some("eig-5"),
        "challenges",
        "défis",
        16,
        file(V3, EIG5_POST, "que les 39 EIG relèveront **16 défis**"),
    ),
    known(
        Some("eig-5"),
        "fellows",
        "EIG",
        39,
        file(V3, EIG5_POST, "que les 39 EIG relèveront **16 défis**"),
    ),
    known(
        Some("eig-5"),
        "projects_submitted",
        "projets déposés",
        18,
        file(V3, EIG5_POST, "**18 projets déposés**"),
    ),
    known(
        Some("eig-5"),
        "projects_selected",
        "projets sélectionnés",
        16,
        file(V3, EIG5_POST, "**16 projets sélectionnés**"),
    ),
    known(
        Some("eig-5"),
        "candidates",
        "dossiers déposés",
        471,
        file(V3, EIG5_POST, "**471 dossiers déposés**"),
    ),
    known(
        Some("eig-5"),
        "interviewed",
        "personnes auditionnées",
        96,
        file(V3, EIG5_POST, "**96 personnes auditionnées**"),
    ),
    known(
        Some("eig-5"),
        "selected",
        "EIG sélectionnés",
        39,
        file(V3, EIG5_POST, "**39 EIG sélectionnés**"),
    ),
    known(
        Some("eig-5"),
        "new_administrations",
        "nouvelles administrations",
        4,
        file(V3, EIG5_POST, "**4 nouvelles administrations**"),
    ),
    // EIG 6: the announcement on the current site.
    known(
        Some("eig-6"),
        "challenges",
        "défis",
        14,
        file(
            V3,
            EIG6_POST,
            "que les 34 EIG de la promotion 6 relèveront **14 défis**",
        ),
    ),
    known(
        Some("eig-6"),
        "fellows",
        "EIG",
        34,
        file(
            V3,
            EIG6_POST,
            "que les 34 EIG de la promotion 6 relèveront **14 défis**",
        ),
    ),
    known(
        Some("eig-6"),
        "projects_submitted",
        "projets reçus",
        29,
        file(V3, EIG6_POST, "**29 projets** ont été reçus"),
    ),
    known(
        Some("eig-6"),
        "projects_selected",
        "projets sélectionnés",
        14,
        file(V3, EIG6_POST, "**14 projets** ont été sélectionnés"),
    ),
    known(
        Some("eig-6"),
        "candidates",
        "candidatures reçues",
        300,
        file(V3, EIG6_POST, "**300 candidatures** ont été reçues"),
    ),
    known(
        Some("eig-6"),
        "preselected",
        "candidats présélectionnés",
        103,
        file(
            V3,
            EIG6_POST,
            "**103 candidates et candidats ont été présélectionné(e)s et 88 ont été auditionné(e)s**",
        ),
    ),
    known(
        Some("eig-6"),
        "interviewed",
        "candidats auditionnés",
        88,
        file(
            V3,
            EIG6_POST,
            "**103 candidates et candidats ont été présélectionné(e)s et 88 ont été auditionné(e)s**",
        ),
    ),
    known(
        Some("eig-6"),
        "selected",
        "EIG sélectionnés, dont 3 coaches",
        34,
        file(
            V3,
            EIG6_POST,
            "**34 Entrepreneur(e)s d’intérêt général, dont 3 coaches EIG**",
        ),
    ),
    known(
        Some("eig-6"),
        "coaches",
        "coaches EIG",
        3,
        file(
            V3,
            EIG6_POST,
            "**34 Entrepreneur(e)s d’intérêt général, dont 3 coaches EIG**",
        ),
    ),
    known(
        Some("eig-6"),
        "new_administrations",
        "nouvelles administrations",
        2,
        file(V3, EIG6_POST, "**2 nouvelles administrations**"),
    ),
    // EIG 3: the review sixteen months after the promotion.
    known(
        Some("eig-3"),
        "fellows",
        "EIG",
        32,
        file(
            V3,
            EIG3_REVIEW,
            "32 EIG avaient rejoint l’administration à l’occasion de la promotion EIG 3",
        ),
    ),
    known(
        Some("eig-3"),
        "challenges",
        "projets",
        15,
        file(
            V3,
            EIG3_REVIEW,
            "les 15 projets avaient soigneusement préparé",
        ),
    ),
    // The whole programme: the current site's programme page.
    known(
        None,
        "fellows",
        "entrepreneur·e·s recruté·e·s",
        227,
        file(
            V3,
            PROGRAMME_PAGE,
            "num: \"227\" title: entrepreneur·e·s recruté·e·s",
        ),
    ),
    known(
        None,
        "challenges",
        "projets accompagnés",
        131,
        file(
            V3,
            PROGRAMME_PAGE,
            "num: \"131\" title: projets accompagnés",
        ),
    ),
    known(
        None,
        "partner_organisations",
        "organismes partenaires",
        58,
        file(
            V3,
            PROGRAMME_PAGE,
            "num: \"58\" title: organismes partenaires",
        ),
    ),
    // Web pages that are not among the sources.
    known(
        Some("eig-4"),
        "projects_submitted",
        "projets déposés",
        31,
        Cited::Page(ETALAB_EIG4_CHALLENGES),
    ),
    known(
        Some("eig-4"),
        "projects_auditioned",
        "projets auditionnés",
        21,
        Cited::Page(ETALAB_EIG4_CHALLENGES),
    ),
    known(
        Some("eig-4"),
        "projects_selected",
        "projets sélectionnés par le jury (EIG Link en plus)",
        16,
        Cited::Page(ETALAB_EIG4_CHALLENGES),
    ),
    known(
        Some("eig-4"),
        "challenges",
        "défis",
        17,
        Cited::Page(ETALAB_EIG4_CHALLENGES),
    ),
    Known {
        promotion: Some("eig-4"),
        measure: "candidates",
        label: "candidats (plus de 800)",
        value: 800,
        at_least: true,
        cited: Cited::Page(ETALAB_EIG4_FELLOWS),
    },
    known(
        Some("eig-4"),
        "interviewed",
        "candidats auditionnés",
        140,
        Cited::Page(ETALAB_EIG4_FELLOWS),
    ),
    known(
        Some("eig-4"),
        "selected",
        "EIG sélectionnés",
        41,
        Cited::Page(ETALAB_EIG4_FELLOWS),
    ),
    known(
        Some("eig-4"),
        "fellows",
        "EIG",
        41,
        Cited::Page(ETALAB_EIG4_FELLOWS),
    ),
    known(
        Some("eig-3"),
        "challenges",
        "défis",
        15,
        Cited::Page(ETALAB_EIG3),
    ),
    known(
        Some("eig-3"),
        "fellows",
        "entrepreneur.e.s (la page donne aussi 32)",
        28,
        Cited::Page(ETALAB_EIG3),
    ),
    known(
        Some("eig-3"),
        "fellows",
        "entrepreneurs (la page donne aussi 28)",
        32,
        Cited::Page(ETALAB_EIG3),
    ),
    known(Some("eig-1"), "fellows", "EIG", 11, Cited::Page(CULTURE)),
    known(
        Some("eig-1"),
        "challenges",
        "défis",
        9,
        Cited::Page(CULTURE),
    ),
    known(Some("eig-2"), "fellows", "EIG", 27, Cited::Page(CULTURE)),
    known(
        Some("eig-2"),
        "challenges",
        "défis",
        13,
        Cited::Page(CULTURE),
    ),
    known(
        Some("eig-5"),
        "challenges",
        "pages de défis",
        15,
        Cited::Page(SITE_COUNTS),
    ),
    known(
        Some("eig-6"),
        "challenges",
        "pages de défis",
        14,
        Cited::Page(SITE_COUNTS),
    ),
    known(
        Some("eig-7"),
        "challenges",
        "pages de défis",
        31,
        Cited::Page(SITE_COUNTS),
    ),
];

/// Spaces of any kind, runs of them and line breaks compared as one space.
fn spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn figure(k: &Known, source: FigureSource) -> PublishedFigure {
    PublishedFigure {
        measure: k.measure.to_owned(),
        label: k.label.to_owned(),
        promotion: k.promotion.map(PromotionId::new),
        year: None,
        value: Some(f64::from(k.value)),
        unknown: None,
        at_least: k.at_least,
        unit: FigureUnit::Count,
        source,
    }
}

/// The figures published in the files of the source being read, when those files hold them.
pub(crate) fn read(ctx: &mut Ctx<'_>, raw: &mut Raw) -> Result<(), ImportError> {
    let mut texts: std::collections::BTreeMap<&str, Option<String>> = Default::default();
    for k in KNOWN {
        let Cited::File {
            source,
            file,
            quote,
        } = k.cited
        else {
            continue;
        };
        if source != ctx.source || !ctx.exists(file) {
            continue;
        }
        if !texts.contains_key(file) {
            let text = ctx.read_text(file)?.ok().map(|t| spaced(&t));
            texts.insert(file, text);
        }
        ctx.read_record(RecordKind::Figure);
        let held = texts[file]
            .as_deref()
            .is_some_and(|t| t.contains(&spaced(quote)));
        if held {
            raw.figures.push(figure(
                k,
                FigureSource {
                    source: Some(source),
                    file: Some(file.to_owned()),
                    pointer: None,
                    publication: None,
                    quote: Some(quote.to_owned()),
                },
            ));
        } else {
            ctx.refuse(
                RecordKind::Figure,
                file,
                Some(k.measure),
                message::figure_not_found(k.measure, f64::from(k.value), quote),
            );
        }
    }
    Ok(())
}

/// The figures published on web pages that are not among the sources.
pub(crate) fn cited() -> Vec<PublishedFigure> {
    KNOWN
        .iter()
        .filter_map(|k| match k.cited {
            Cited::Page(publication) => Some(figure(
                k,
                FigureSource {
                    source: None,
                    file: None,
                    pointer: None,
                    publication: Some(publication.to_owned()),
                    quote: None,
                },
            )),
            Cited::File { .. } => None,
        })
        .collect()
}

use super::PromotionId;
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A window during which a call is open, in local wall-clock time of a named time zone.
///
/// Calls close at a local time ("jusqu'au 28 février, 17h", Europe/Paris): the window keeps the
/// local times and the zone, and turns them into instants with the zone's rules, so a deadline
/// in winter is 16:00 UTC and one in summer is 15:00 UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallWindow {
    /// When the call opens, local time (`2021-02-01T00:00:00`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<NaiveDateTime>,
    /// When the call closes, local time (`2021-04-07T23:59:59`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes: Option<NaiveDateTime>,
    /// The IANA time zone of both times.
    #[serde(default = "paris")]
    #[schemars(schema_with = "time_zone_schema")]
    pub time_zone: Tz,
}

fn paris() -> Tz {
    chrono_tz::Europe::Paris
}

/// A time zone in the schema: one of the IANA names this library knows, so that a third-party
/// validator refuses `Europe/Pariss` as this library does.
fn time_zone_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()).collect();
    schemars::json_schema!({
        "description": "The IANA time zone of both times (Europe/Paris, America/Cayenne...).",
        "type": "string",
        "enum": names,
        "default": "Europe/Paris"
    })
}

impl CallWindow {
    /// A window in Europe/Paris time.
    #[must_use]
    pub fn paris(opens: Option<NaiveDateTime>, closes: Option<NaiveDateTime>) -> Self {
        Self {
            opens,
            closes,
            time_zone: paris(),
        }
    }

    /// The instant the call opens. A local time skipped by a clock change is taken just after
    /// the change; an ambiguous one at its earlier instant.
    #[must_use]
    pub fn opens_at(&self) -> Option<DateTime<Tz>> {
        self.opens.map(|t| self.resolve(t))
    }

    /// The instant the call closes, resolved as [`CallWindow::opens_at`] does.
    #[must_use]
    pub fn closes_at(&self) -> Option<DateTime<Tz>> {
        self.closes.map(|t| self.resolve(t))
    }

    fn resolve(&self, local: NaiveDateTime) -> DateTime<Tz> {
        match self.time_zone.from_local_datetime(&local) {
            LocalResult::Single(t) => t,
            LocalResult::Ambiguous(early, _) => early,
            LocalResult::None => {
                // In a spring-forward gap: move forward until the time exists.
                let mut probe = local;
                loop {
                    probe += chrono::Duration::minutes(1);
                    if let Some(t) = self.time_zone.from_local_datetime(&probe).earliest() {
                        return t;
                    }
                }
            }
        }
    }
}

impl CallWindow {
    /// A window from times written as people write them: a day (`2027-03-31`), which opens
    /// at 00:00:00 or closes at 23:59:59, or a local time (`2027-03-31T17:00`, seconds
    /// optional) without offset; `time_zone` is an IANA name (`Europe/Paris`). None when
    /// neither time is given: the window is unknown.
    ///
    /// ```
    /// use eig::model::CallWindow;
    /// let w = CallWindow::from_texts(Some("2027-01-04"), Some("2027-03-31T17:00"), "Europe/Paris")
    ///     .unwrap()
    ///     .unwrap();
    /// assert_eq!(w.closes_at().unwrap().to_rfc3339(), "2027-03-31T17:00:00+02:00");
    /// assert!(CallWindow::from_texts(None, Some("31/03/2027"), "Europe/Paris").is_err());
    /// assert_eq!(CallWindow::from_texts(None, None, "Europe/Paris"), Ok(None));
    /// ```
    ///
    /// # Errors
    /// A sentence naming the text that is not a day, a time or a time zone.
    pub fn from_texts(
        opens: Option<&str>,
        closes: Option<&str>,
        time_zone: &str,
    ) -> Result<Option<Self>, String> {
        let time_zone: Tz = time_zone.parse().map_err(|_| {
            format!("{time_zone:?} is not an IANA time zone (Europe/Paris, America/Cayenne...)")
        })?;
        if opens.is_none() && closes.is_none() {
            return Ok(None);
        }
        let read = |t: Option<&str>, closes: bool| t.map(|t| local_time(t, closes)).transpose();
        Ok(Some(Self {
            opens: read(opens, false)?,
            closes: read(closes, true)?,
            time_zone,
        }))
    }
}

/// A day (00:00:00 when it opens, 23:59:59 when it closes) or a local time without offset.
fn local_time(text: &str, closes: bool) -> Result<NaiveDateTime, String> {
    let t = text.trim();
    if let Ok(day) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        let (h, m, s) = if closes { (23, 59, 59) } else { (0, 0, 0) };
        if let Some(at) = day.and_hms_opt(h, m, s) {
            return Ok(at);
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(t, format) {
            return Ok(at);
        }
    }
    Err(format!(
        "{text:?} is not a day (2027-03-31) or a local time (2027-03-31T17:00) of the calendar; \
         give no offset: the time zone is given apart"
    ))
}

/// A call for projects (appel à projets): administrations file défis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallForProjects {
    /// The promotion it recruits défis for.
    pub promotion: PromotionId,
    /// When it is open.
    pub window: CallWindow,
}

/// A call for applications (appel à candidatures): candidates apply to défis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallForApplications {
    /// The promotion it recruits fellows for.
    pub promotion: PromotionId,
    /// When it is open.
    pub window: CallWindow,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn deadlines_follow_paris_time() {
        let winter = CallWindow::paris(None, Some(at(2020, 2, 28, 17, 0)));
        assert_eq!(
            winter.closes_at().unwrap().to_rfc3339(),
            "2020-02-28T17:00:00+01:00"
        );
        let summer = CallWindow::paris(None, Some(at(2020, 6, 7, 17, 0)));
        assert_eq!(
            summer.closes_at().unwrap().to_rfc3339(),
            "2020-06-07T17:00:00+02:00"
        );
    }

    #[test]
    fn gap_and_overlap_resolve() {
        // 2021-03-28 02:30 does not exist in Paris; 2021-10-31 02:30 happens twice.
        let gap = CallWindow::paris(Some(at(2021, 3, 28, 2, 30)), Some(at(2021, 10, 31, 2, 30)));
        assert_eq!(
            gap.opens_at().unwrap().to_rfc3339(),
            "2021-03-28T03:00:00+02:00"
        );
        assert_eq!(
            gap.closes_at().unwrap().to_rfc3339(),
            "2021-10-31T02:30:00+02:00"
        );
    }
}

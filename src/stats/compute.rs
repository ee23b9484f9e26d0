//! Exact arithmetic on figures: shares in percent rounded half-up to two decimals (no
//! binary floating point anywhere), and the status of a figure against its target. A zero
//! or missing target gives "not applicable", never infinity or NaN.

use super::model::{Done, IndicatorKind};
use crate::i18n::Date;
use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds half-up (away from zero at exactly half) to two decimals.
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `part / whole × 100`, rounded half-up to two decimals; `None` when `whole` is zero.
/// Computed on integers so that no intermediate rounding can move the result.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    exact_percent(part, whole).or_else(|| {
        part.checked_mul(Decimal::from(100))
            .and_then(|p| p.checked_div(whole))
            .map(round2)
    })
}

/// The same on i128 mantissas: (part·10^sw·10000) / (whole·10^sp), rounded half-up to an
/// integer number of hundredths. `None` on overflow (then decimal division is used).
fn exact_percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    let (mp, sp) = (part.mantissa(), part.scale());
    let (mw, sw) = (whole.mantissa(), whole.scale());
    let pow = |e: u32| 10i128.checked_pow(e);
    let num = mp.checked_mul(pow(sw)?)?.checked_mul(10_000)?;
    let den = mw.checked_mul(pow(sp)?)?;
    let negative = (num < 0) != (den < 0);
    let (n, d) = (num.checked_abs()?, den.checked_abs()?);
    let mut q = n / d;
    let r = n % d;
    if r.checked_mul(2)? >= d {
        q += 1;
    }
    let q = if negative { -q } else { q };
    Decimal::try_from_i128_with_scale(q, 2).ok()
}

/// How a figure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Above the target (vượt).
    Exceeded,
    /// Exactly at the target (đạt).
    Met,
    /// Below the target (chưa đạt).
    NotMet,
    /// No target to compare with (không áp dụng).
    NotApplicable,
    /// A milestone reached (hoàn thành).
    Done,
    /// A milestone not yet reached, before its date (chưa đến hạn).
    Due,
    /// A milestone not reached by its date (quá hạn).
    Overdue,
}

impl Status {
    /// Every status, in the order of their values (`status as usize` indexes it).
    pub const ALL: [Status; 7] = [
        Status::Exceeded,
        Status::Met,
        Status::NotMet,
        Status::NotApplicable,
        Status::Done,
        Status::Due,
        Status::Overdue,
    ];

    /// Class suffix and interface-string key.
    pub fn key(self) -> &'static str {
        match self {
            Status::Exceeded => "vuot",
            Status::Met => "dat",
            Status::NotMet => "chua-dat",
            Status::NotApplicable => "khong-ap-dung",
            Status::Done => "hoan-thanh",
            Status::Due => "chua-den-han",
            Status::Overdue => "qua-han",
        }
    }

    /// The interface string naming it.
    pub fn word_key(self) -> &'static str {
        match self {
            Status::Exceeded => "stats_status_exceeded",
            Status::Met => "stats_status_met",
            Status::NotMet => "stats_status_not_met",
            Status::NotApplicable => "stats_status_na",
            Status::Done => "stats_status_done",
            Status::Due => "stats_status_due",
            Status::Overdue => "stats_status_overdue",
        }
    }

    /// A shape that says the same as the colour (for readers who cannot tell colours apart,
    /// and for print).
    pub fn icon(self) -> &'static str {
        match self {
            Status::Exceeded => "▲",
            Status::Met => "●",
            Status::NotMet => "▼",
            Status::NotApplicable => "–",
            Status::Done => "✔",
            Status::Due => "◷",
            Status::Overdue => "✖",
        }
    }

    /// Order for "worst first" summaries.
    pub fn severity(self) -> u8 {
        match self {
            Status::Overdue => 6,
            Status::NotMet => 5,
            Status::Due => 4,
            Status::Met => 3,
            Status::Done => 2,
            Status::Exceeded => 1,
            Status::NotApplicable => 0,
        }
    }
}

/// Status of `value` against `target`: compared exactly, before any rounding.
pub fn against(value: Decimal, target: Decimal) -> Status {
    if target.is_zero() {
        Status::NotApplicable
    } else if value > target {
        Status::Exceeded
    } else if value == target {
        Status::Met
    } else {
        Status::NotMet
    }
}

/// Status of a share `part / whole` against a target share in percent.
pub fn share_against(part: Decimal, whole: Decimal, target_percent: Option<Decimal>) -> Status {
    match target_percent {
        Some(t) if !whole.is_zero() => against(
            part.saturating_mul(Decimal::from(100)),
            whole.saturating_mul(t),
        ),
        _ => Status::NotApplicable,
    }
}

/// Status of a milestone as of the reporting date.
pub fn milestone(due: Option<Date>, done: Done, as_of: Option<Date>) -> Status {
    match done {
        Done::Yes | Done::On(_) => Status::Done,
        Done::No => match (as_of, due) {
            (Some(d), Some(due)) if d > due => Status::Overdue,
            _ => Status::Due,
        },
    }
}

/// The kinds whose figures are shares in percent.
pub fn has_percent(kind: IndicatorKind) -> bool {
    matches!(
        kind,
        IndicatorKind::Target | IndicatorKind::Share | IndicatorKind::Rating
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn every_status_stands_at_its_index() {
        for (i, s) in Status::ALL.into_iter().enumerate() {
            assert_eq!(s as usize, i, "{s:?}");
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn article_figures() {
        assert_eq!(percent(d("112"), d("90")), Some(d("124.44")));
        assert_eq!(percent(d("120"), d("90")), Some(d("133.33")));
        assert_eq!(percent(d("232"), d("180")), Some(d("128.89")));
        assert_eq!(against(d("112"), d("90")), Status::Exceeded);
    }

    #[test]
    fn rounding_edges() {
        // 2/3 = 66.666…
        assert_eq!(percent(d("2"), d("3")), Some(d("66.67")));
        assert_eq!(percent(d("1"), d("3")), Some(d("33.33")));
        // 0.125 % exactly: half-up gives 0.13 (banker's rounding would give 0.12)
        assert_eq!(percent(d("1"), d("800")), Some(d("0.13")));
        // 0.375 % → 0.38, 0.625 % → 0.63: every exact half goes up
        assert_eq!(percent(d("3"), d("800")), Some(d("0.38")));
        assert_eq!(percent(d("5"), d("800")), Some(d("0.63")));
        assert_eq!(round2(d("2.675")), d("2.68"));
        assert_eq!(round2(d("2.665")), d("2.67"));
        assert_eq!(round2(d("2.6749")), d("2.67"));
        // decimals in the inputs
        assert_eq!(percent(d("0.5"), d("0.75")), Some(d("66.67")));
        assert_eq!(percent(d("1.5"), d("2")), Some(d("75.00")));
    }

    #[test]
    fn zero_target_is_not_applicable() {
        assert_eq!(percent(d("5"), d("0")), None);
        assert_eq!(percent(d("0"), d("0")), None);
        assert_eq!(against(d("5"), d("0")), Status::NotApplicable);
        assert_eq!(
            share_against(d("1"), d("0"), Some(d("50"))),
            Status::NotApplicable
        );
        assert_eq!(share_against(d("1"), d("2"), None), Status::NotApplicable);
    }

    #[test]
    fn exact_comparison_before_rounding() {
        // 89.999/90 rounds to 100.00 % but is still below target
        assert_eq!(percent(d("89.999"), d("90")), Some(d("100.00")));
        assert_eq!(against(d("89.999"), d("90")), Status::NotMet);
        assert_eq!(against(d("90"), d("90")), Status::Met);
        assert_eq!(share_against(d("7"), d("10"), Some(d("70"))), Status::Met);
        assert_eq!(
            share_against(d("2"), d("3"), Some(d("66.67"))),
            Status::NotMet
        );
    }

    #[test]
    fn large_numbers() {
        assert_eq!(percent(d("1234567"), d("1000000")), Some(d("123.46")));
        let big = d("79228162514264337593543950");
        // overflows the integer path, falls back to decimal division
        assert_eq!(percent(big, big), Some(d("100.00")));
    }

    #[test]
    fn milestones() {
        let due = Date::parse_iso("2023-03-31");
        let before = Date::parse_iso("2023-03-15");
        let after = Date::parse_iso("2023-04-01");
        assert_eq!(milestone(due, Done::No, before), Status::Due);
        assert_eq!(milestone(due, Done::No, due), Status::Due);
        assert_eq!(milestone(due, Done::No, after), Status::Overdue);
        assert_eq!(milestone(due, Done::Yes, after), Status::Done);
    }
}

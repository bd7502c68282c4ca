//! Time, injectable: the simulated Azure side computes every state from stored timestamps
//! and "now", so tests move a manual clock instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone, Debug)]
pub enum Clock {
    System,
    /// Starts at the system time and moves only through [`Clock::advance`].
    Manual(Arc<AtomicI64>),
}

fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Clock {
    pub fn manual() -> Clock {
        Clock::Manual(Arc::new(AtomicI64::new(system_ms())))
    }

    /// Milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match self {
            Clock::System => system_ms(),
            Clock::Manual(t) => t.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock forward; `false` for the system clock.
    pub fn advance(&self, ms: i64) -> bool {
        match self {
            Clock::System => false,
            Clock::Manual(t) => {
                t.fetch_add(ms, Ordering::SeqCst);
                true
            }
        }
    }
}

/// `ms` since the Unix epoch as ISO 8601 in UTC, to the second (`2026-12-04T14:05:09Z`), as
/// the API writes `create_time` and `update_time`. Days to a civil date by Howard Hinnant's
/// algorithm (no date crate for two fields).
pub fn iso8601(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[test]
    fn iso8601_writes_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        // 2000-02-29 (a leap day of a century leap year), 23:59:59.999.
        assert_eq!(iso8601(951_868_799_999), "2000-02-29T23:59:59Z");
        assert_eq!(iso8601(1_796_389_509_000), "2026-12-04T13:05:09Z");
        assert_eq!(iso8601(-1_000), "1969-12-31T23:59:59Z");
    }
}

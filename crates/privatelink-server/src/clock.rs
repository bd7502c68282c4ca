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

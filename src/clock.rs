//! The panel's clock for polling and long waits (the polling back-off, approve-and-set-IP's
//! deadline): the browser's by default, or a manual one a test moves by hand, so a poll or a
//! 20-minute deadline is tested without waiting for it.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;

/// Now, and sleeps, in milliseconds.
#[derive(Clone, Default)]
pub struct Clock(Option<Rc<RefCell<Manual>>>);

#[derive(Default)]
struct Manual {
    now: f64,
    sleepers: Vec<(f64, Function)>,
}

impl Clock {
    /// The browser's clock (`Date.now`, `setTimeout`).
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands still until [`Clock::advance`] moves it.
    pub fn manual() -> Clock {
        Clock(Some(Rc::default()))
    }

    pub fn now_ms(&self) -> f64 {
        match &self.0 {
            None => js_sys::Date::now(),
            Some(m) => m.borrow().now,
        }
    }

    /// A promise resolving after `ms`.
    pub fn sleep(&self, ms: u32) -> Promise {
        let manual = self.0.clone();
        Promise::new(&mut |resolve, _| match &manual {
            None => {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        &resolve,
                        ms.min(i32::MAX as u32) as i32,
                    );
                }
            }
            Some(m) => {
                let mut m = m.borrow_mut();
                let at = m.now + f64::from(ms);
                m.sleepers.push((at, resolve));
            }
        })
    }

    /// Moves a manual clock on by `ms` and wakes every sleep that has run out. A no-op on
    /// the system clock.
    pub fn advance(&self, ms: u32) {
        let Some(m) = &self.0 else { return };
        let due: Vec<Function> = {
            let mut m = m.borrow_mut();
            m.now += f64::from(ms);
            let now = m.now;
            let (due, left) = std::mem::take(&mut m.sleepers)
                .into_iter()
                .partition(|(at, _)| *at <= now);
            m.sleepers = left;
            due.into_iter().map(|(_, f)| f).collect()
        };
        for f in due {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

//! A progress bar on stderr for long scans: blobs and bytes done, rate and
//! time left. Drawn only for a person watching a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::Result;
use crate::source::Loaded;

pub struct Progress {
    bar: ProgressBar,
    bytes: AtomicU64,
}

impl Progress {
    /// A bar over `blobs` blobs; hidden when `quiet` or stderr is not a terminal.
    pub fn new(blobs: usize, quiet: bool) -> Progress {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(Some(blobs as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {human_pos}/{human_len} blobs, {msg}, {eta} left")
            {
                bar.set_style(style);
            }
            bar
        };
        Progress {
            bar,
            bytes: AtomicU64::new(0),
        }
    }

    /// Counts one blob read (or skipped).
    pub fn advance(&self, loaded: &Result<Loaded>) {
        if self.bar.is_hidden() {
            return;
        }
        if let Ok(Loaded::Blob(blob)) = loaded {
            let size = blob.bytes.len() as u64;
            let total = self.bytes.fetch_add(size, Ordering::Relaxed) + size;
            let rate = total as f64 / self.bar.elapsed().as_secs_f64().max(0.001);
            self.bar
                .set_message(format!("{} ({}/s)", HumanBytes(total), HumanBytes(rate as u64)));
        }
        self.bar.inc(1);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

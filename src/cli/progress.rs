//! What a person watching `keyward history` sees on stderr: its notes, and
//! a progress bar (blobs and bytes done, rate and time left), drawn only
//! on a terminal. Both are silent with `--quiet`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::Result;
use crate::finding::shown::escape;
use crate::pipeline::history::Watch;
use crate::source::Loaded;

pub(crate) struct Progress {
    quiet: bool,
    bar: ProgressBar,
    bytes: AtomicU64,
}

impl Progress {
    /// Hidden when `quiet` or stderr is not a terminal.
    pub(crate) fn new(quiet: bool) -> Progress {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {human_pos}/{human_len} blobs, {msg}, {eta} left")
            {
                bar.set_style(style);
            }
            bar
        };
        Progress {
            quiet,
            bar,
            bytes: AtomicU64::new(0),
        }
    }
}

impl Watch for Progress {
    fn note(&self, text: String) {
        if !self.quiet {
            eprintln!("keyward: note: {}", escape(&text));
        }
    }

    fn start(&self, blobs: usize) {
        self.bar.set_length(blobs as u64);
        self.bar.reset_elapsed();
    }

    /// Counts one blob read (or skipped).
    fn advance(&self, loaded: &Result<Loaded>) {
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

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

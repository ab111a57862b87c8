//! What a person watching `keyward history` sees on stderr: its notes, a
//! spinner while the commits are walked, then a progress line (files read
//! out of all, in the summary's unit; bytes, rate and time left), drawn
//! only on a terminal. The line is one message that indicatif truncates
//! to the terminal's width at every draw, so it never wraps, however
//! narrow. Both are silent with `--quiet`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{HumanBytes, HumanCount, HumanDuration, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::Result;
use crate::finding::shown::escape;
use crate::pipeline::history::Watch;
use crate::source::Loaded;

/// Cells of the bar drawn at the head of the line.
const BAR: usize = 20;

pub(crate) struct Progress {
    quiet: bool,
    bar: ProgressBar,
    bytes: AtomicU64,
}

impl Progress {
    /// Hidden when `quiet` or stderr is not a terminal.
    pub(crate) fn new(quiet: bool) -> Progress {
        let bar = match quiet || !std::io::stderr().is_terminal() {
            true => ProgressBar::hidden(),
            false => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        Progress {
            quiet,
            bar,
            bytes: AtomicU64::new(0),
        }
    }

    fn style(&self, template: &str) {
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "));
        }
    }

    /// The progress line for `done` of `total` files.
    fn line(&self, done: u64, total: u64, bytes: u64) -> String {
        let elapsed = self.bar.elapsed().as_secs_f64();
        let filled = (done as usize * BAR).checked_div(total as usize).unwrap_or(BAR);
        let rate = bytes as f64 / elapsed.max(0.001);
        let left = match done {
            0 => String::new(),
            _ => format!(
                ", {} left",
                HumanDuration(Duration::from_secs_f64(
                    elapsed * (total.saturating_sub(done)) as f64 / done as f64
                ))
            ),
        };
        format!(
            "{}{} {}/{} files, {} ({}/s){left}",
            "█".repeat(filled),
            "░".repeat(BAR - filled),
            HumanCount(done),
            HumanCount(total),
            HumanBytes(bytes),
            HumanBytes(rate as u64),
        )
    }
}

impl Watch for Progress {
    fn note(&self, text: String) {
        if !self.quiet {
            self.bar.suspend(|| eprintln!("keyward: note: {}", escape(&text)));
        }
    }

    fn walk(&self) {
        self.style("{spinner} {wide_msg}");
        self.bar
            .set_message("walking the commits (listing the files to read)");
        self.bar.enable_steady_tick(Duration::from_millis(100));
    }

    fn start(&self, files: usize) {
        self.bar.disable_steady_tick();
        self.style("{wide_msg}");
        self.bar.set_length(files as u64);
        self.bar.reset_elapsed();
        self.bar.set_message(self.line(0, files as u64, 0));
    }

    /// Counts one file read (or skipped).
    fn advance(&self, loaded: &Result<Loaded>) {
        if self.bar.is_hidden() {
            return;
        }
        let size = match loaded {
            Ok(Loaded::Blob(blob)) => blob.bytes.len() as u64,
            _ => 0,
        };
        let bytes = self.bytes.fetch_add(size, Ordering::Relaxed) + size;
        self.bar.inc(1);
        let total = self.bar.length().unwrap_or(0);
        self.bar.set_message(self.line(self.bar.position(), total, bytes));
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn the_line_counts_files_as_the_summary_does() {
        let progress = Progress::new(true);
        let line = progress.line(5, 10, 2048);
        assert!(
            line.starts_with(&format!(
                "{}{} 5/10 files, 2.00 KiB (",
                "█".repeat(10),
                "░".repeat(10)
            )),
            "{line}"
        );
        assert!(line.ends_with(" left"), "{line}");
        assert!(!progress.line(0, 0, 0).contains("left"));
    }
}

//! Ctrl-C (SIGINT) and SIGTERM during a run that writes an output: the first signal sets a
//! flag the build pipeline and the output writer look at, so the run stops, removes its
//! temporary file and exits with `128 + signal` (130 for Ctrl-C) saying nothing was written.
//! A second signal ends the process at once.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

/// Set by the first SIGINT or SIGTERM once [`watch`] was called.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// The number of the signal that set [`REQUESTED`].
static SIGNAL: AtomicUsize = AtomicUsize::new(0);

/// Installs the handlers (once); returns the flag they set.
pub fn watch() -> &'static AtomicBool {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use signal_hook::flag;
        for sig in [SIGINT, SIGTERM] {
            // The shutdown goes first: it fires only when a signal already set the flag.
            // If a handler cannot be installed, the signal keeps its default action.
            let _ = flag::register_conditional_shutdown(sig, 128 + sig, &REQUESTED);
            let _ = flag::register_usize(sig, &SIGNAL, sig as usize);
            let _ = flag::register(sig, &REQUESTED);
        }
    });
    &REQUESTED
}

/// The exit code of a run stopped by a signal (`128 + signal`), or `None`.
pub fn exit_code() -> Option<u8> {
    if !REQUESTED.load(Ordering::SeqCst) {
        return None;
    }
    let sig = SIGNAL.load(Ordering::SeqCst);
    Some(u8::try_from(128 + sig).unwrap_or(130))
}

/// The flag a watched signal sets (never set before [`watch`] is called).
pub fn flag() -> &'static AtomicBool {
    &REQUESTED
}

/// A writer that fails once `stop` is set (by a signal), so that a long write stops and its
/// temporary file is removed. (The error is not `ErrorKind::Interrupted`, which writers
/// retry.)
pub struct Checked<'a, W> {
    /// Where the bytes go.
    pub inner: W,
    /// The flag looked at before each write.
    pub stop: &'a AtomicBool,
}

impl<W: std::io::Write> Checked<'_, W> {
    fn check(&self) -> std::io::Result<()> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("interrupted"));
        }
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for Checked<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.check()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.check()?;
        self.inner.flush()
    }
}

//! Printing that survives a closed pipe.

/// Write to stdout or stderr. A reader that went away (`cargo xtask diff … | head`) ends the
/// process quietly with the status a shell gives a process killed by SIGPIPE (141), never a
/// panic; any other write error is ignored, as `eprintln!` would.
pub fn write_or_exit(stream: Stream, args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let result = match stream {
        Stream::Out => std::io::stdout().lock().write_fmt(args),
        Stream::Err => std::io::stderr().lock().write_fmt(args),
    };
    if result.is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) {
        std::process::exit(141);
    }
}

/// Which stream [`write_or_exit`] writes to.
#[derive(Clone, Copy)]
pub enum Stream {
    /// Standard output.
    Out,
    /// Standard error.
    Err,
}

/// `print!` that ends the process quietly on a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::write_or_exit($crate::output::Stream::Out, format_args!($($arg)*)) };
}

/// `println!` that ends the process quietly on a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::output::write_or_exit($crate::output::Stream::Out, format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::write_or_exit($crate::output::Stream::Out, format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that ends the process quietly on a closed pipe.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::write_or_exit($crate::output::Stream::Err, format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprint!` that ends the process quietly on a closed pipe.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::output::write_or_exit($crate::output::Stream::Err, format_args!($($arg)*)) };
}

//! Exports for other tools, each made from a validated catalog and that tool's own inputs.

pub mod codex_cli;

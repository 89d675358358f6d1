//! The `academy` command's subcommands, one file each. `main.rs` holds the clap definitions and
//! dispatches here; every failure comes back as one sentence, which it prints as `academy: …`.

pub mod bare_page;
pub mod bench;
pub mod courses;
pub mod demo;
pub mod department;
pub mod roster;
pub mod serve;
pub mod user;

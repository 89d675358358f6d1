//! `academy demo seed`: fills the configured database with a city's worth of demo data and
//! prints what it made.

use crate::config::Config;
use crate::demo::SeedOptions;

pub async fn seed(opts: SeedOptions) -> Result<(), String> {
    let config = Config::from_env()?;
    let summary = crate::demo::seed(&config, opts).await?;
    println!("{summary}");
    Ok(())
}

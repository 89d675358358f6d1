//! `academy serve` (the default): opens and migrates the database, loads the course library,
//! creates the first administrator on an empty database, and serves until stopped.

use crate::config::Config;
use crate::server::router;

pub async fn run() -> Result<(), String> {
    let config = Config::from_env()?;
    let state = router::prepare(config).await?;
    if let Some(first_sign_in) = router::bootstrap_first_admin(&state).await? {
        println!("{first_sign_in}");
    }
    router::serve(state).await
}

//! `academy user create`: makes an account from the command line, with a one-time password or
//! one read from standard input (for scripted provisioning).

use crate::config::Config;
use crate::db;

/// The account to create, as given on the command line.
pub struct NewAccount {
    pub role: String,
    pub email: String,
    pub name: String,
    pub employee_id: String,
    pub department: String,
}

/// Creates the account and prints its one-time password (or, with `--password-stdin`, takes the
/// password given and asks for no change at first sign-in).
pub async fn create(a: NewAccount, password_stdin: bool) -> Result<(), String> {
    use crate::accounts::{password, store, validation};
    let config = Config::from_env()?;
    let new = validation::new_user(&a.employee_id, &a.name, &a.email, &a.department, &a.role)
        .map_err(|e| e.to_string())?;
    let chosen = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        validation::new_password(&line, &line, &[&new.email, &new.employee_id])
            .map_err(|e| e.to_string())?;
        Some(line)
    } else {
        None
    };
    let (db, _) = db::open(&config, db::COMMAND_CONNECTIONS).await?;
    let secret = chosen.clone().unwrap_or_else(password::one_time);
    let hash = password::hash(secret.clone())
        .await
        .map_err(|e| e.to_string())?;
    let user = store::insert_user(&db, &new, Some(&hash), chosen.is_none())
        .await
        .map_err(|e| e.to_string())?;
    let hours = config.one_time_password_ttl.as_secs() / 3600;
    if chosen.is_none() {
        let expires = db::now() + (hours * 3600) as i64;
        store::set_password_expiry(&db, user.id, expires)
            .await
            .map_err(|e| e.to_string())?;
    }
    print!(
        "Created {} ({}, {}).",
        user.name,
        user.role.label(),
        user.email
    );
    match chosen {
        Some(_) => println!(" They sign in with the password given."),
        None => println!(
            " One-time password: {secret}\n(It works for {hours} hours; they choose their own at first sign-in.)"
        ),
    }
    Ok(())
}

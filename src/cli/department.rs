//! `academy department add|list|officer`: the department records the HR roster's codes name,
//! and their customer service officers.

use crate::config::Config;
use crate::db::{self, Db};
use crate::departments::store;

async fn open() -> Result<Db, String> {
    let config = Config::from_env()?;
    Ok(db::open(&config, db::COMMAND_CONNECTIONS).await?.0)
}

/// Creates a department, or renames it (keyed on its code).
pub async fn add(code: String, name: String, parent: Option<String>) -> Result<(), String> {
    let db = open().await?;
    let code = code.trim().to_uppercase();
    let name = name.trim().to_string();
    let parent = parent.map(|p| p.trim().to_uppercase());
    store::save_department(&db, &code, &name, parent.as_deref())
        .await
        .map_err(|e| e.to_string())?;
    println!("Department {code} is {name}.");
    Ok(())
}

/// Prints every department: code and name, tab-separated.
pub async fn list() -> Result<(), String> {
    let db = open().await?;
    for (code, name) in store::codes_and_names(&db)
        .await
        .map_err(|e| e.to_string())?
    {
        println!("{code}\t{name}");
    }
    Ok(())
}

/// Makes someone an officer of a department, or (`remove`) ends it.
pub async fn officer(code: String, employee_id: String, remove: bool) -> Result<(), String> {
    let db = open().await?;
    let code = code.trim().to_uppercase();
    let employee_id = employee_id.trim();
    if remove {
        let ended = store::remove_officer(&db, &code, employee_id)
            .await
            .map_err(|e| e.to_string())?;
        if !ended {
            return Err(format!("{employee_id} is not an officer of {code}"));
        }
        println!("{employee_id} is no longer an officer of {code}.");
    } else {
        store::add_officer(&db, &code, employee_id, None)
            .await
            .map_err(|e| e.to_string())?;
        println!("{employee_id} is an officer of {code}.");
    }
    Ok(())
}

//! Reports: tables people download. For now the CSV writer shared by every download;
//! department reports and roster import arrive with the departments issue.

pub mod csv;

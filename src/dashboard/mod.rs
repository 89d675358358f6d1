//! Dashboards: the home page for each role. Employees see their learning, instructors their
//! teaching, trainers the program, administrators the system — each filled in by later domains.

pub mod pages;

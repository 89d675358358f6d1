//! Department reports assembled from the store's totals: the city side by side, one department
//! with the departments under it, and a page of its people.

use super::store::{self, PeopleFilter};
use super::{CityReport, CourseLine, DepartmentLine, DepartmentReport, PeopleReport, PersonLine};
use crate::courses::store::CourseName;
use crate::departments::tree::Tree;
use crate::error::{AppError, AppResult};
use crate::server::state::AppState;
use crate::ui::charts::{Axis, Bar, bar_chart};
use std::collections::{BTreeMap, HashMap};

/// People listed per page of a drill-down.
pub const PEOPLE_PER_PAGE: u32 = 50;
/// The name shown for people without a department.
pub const NO_DEPARTMENT: &str = "No department";

fn today(state: &AppState) -> chrono::NaiveDate {
    crate::calendar::today(state.config.time_zone)
}

/// Each department's own figures (not those under it), keyed by code; `codes` limits them.
async fn lines(
    state: &AppState,
    codes: Option<&[String]>,
) -> AppResult<BTreeMap<String, DepartmentLine>> {
    let db = &state.db;
    let today = crate::calendar::iso(today(state));
    let mut out: BTreeMap<String, DepartmentLine> = BTreeMap::new();
    for d in crate::departments::store::all(db).await? {
        if codes.is_none_or(|c| c.contains(&d.code)) {
            out.insert(
                d.code.clone(),
                DepartmentLine {
                    code: d.code,
                    name: d.name,
                    parent: d.parent,
                    ..Default::default()
                },
            );
        }
    }
    fn line<'a>(
        out: &'a mut BTreeMap<String, DepartmentLine>,
        codes: Option<&[String]>,
        code: &str,
    ) -> Option<&'a mut DepartmentLine> {
        if codes.is_some_and(|c| !c.iter().any(|x| x == code)) {
            return None;
        }
        Some(
            out.entry(code.to_string())
                .or_insert_with(|| DepartmentLine {
                    code: code.to_string(),
                    name: if code.is_empty() {
                        NO_DEPARTMENT.to_string()
                    } else {
                        code.to_string()
                    },
                    ..Default::default()
                }),
        )
    }
    for (code, n) in crate::departments::store::headcounts(db).await? {
        if let Some(l) = line(&mut out, codes, &code) {
            l.people = n;
        }
    }
    for t in store::tallies(db, codes, &today).await? {
        if let Some(l) = line(&mut out, codes, &t.department_code) {
            l.enrolled += t.enrolled;
            l.assigned += t.assigned;
            l.completed += t.completed;
            l.overdue += t.overdue;
        }
    }
    for a in store::attendance(db, codes).await? {
        if let Some(l) = line(&mut out, codes, &a.department_code) {
            l.attended = a.attended;
            l.no_shows = a.no_shows;
        }
    }
    Ok(out)
}

fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.0} %"))
}

fn completion_chart(id: &str, title: &str, rows: &[(String, Option<f64>)]) -> String {
    let bars: Vec<Bar> = rows
        .iter()
        .filter_map(|(label, v)| {
            v.map(|value| Bar {
                label: label.clone(),
                value,
                display: percent(Some(value)),
            })
        })
        .collect();
    let axis = Axis {
        from: 0.0,
        to: 100.0,
        step: 20.0,
        label: "Completed, % of enrolments".into(),
    };
    bar_chart(
        id,
        title,
        "Completed enrolments as a share of active enrolments; the table below has the same figures.",
        &bars,
        &axis,
    )
}

/// Every department side by side, with the city's total.
pub async fn city(state: &AppState) -> AppResult<CityReport> {
    let lines = lines(state, None).await?;
    let mut total = DepartmentLine {
        name: "The city".into(),
        ..Default::default()
    };
    for l in lines.values() {
        total.add(l);
    }
    let departments: Vec<DepartmentLine> = lines
        .into_values()
        .filter(|l| !l.code.is_empty() || l.people > 0 || l.enrolled > 0)
        .collect();
    let chart_rows: Vec<(String, Option<f64>)> = departments
        .iter()
        .map(|l| (l.name.clone(), l.completion()))
        .collect();
    Ok(CityReport {
        chart: completion_chart("city-completion", "Completion by department", &chart_rows),
        departments,
        total,
        as_of: crate::calendar::label(today(state)),
    })
}

/// One department: its own figures, with everything under it summed, the departments directly
/// under it, and its courses.
pub async fn department(
    state: &AppState,
    tree: &Tree,
    code: &str,
    city: bool,
) -> AppResult<DepartmentReport> {
    let codes: Vec<String> = tree.with_descendants(code).into_iter().collect();
    let lines = lines(state, Some(&codes)).await?;
    let department = lines
        .get(code)
        .cloned()
        .ok_or_else(|| AppError::not_found(format!("There is no department {code}.")))?;
    let sum = |under: &str| {
        let mut t = DepartmentLine::default();
        for c in tree.with_descendants(under) {
            if let Some(l) = lines.get(&c) {
                t.add(l);
            }
        }
        t
    };
    let mut total = sum(code);
    total.code = department.code.clone();
    total.name = department.name.clone();
    let divisions = tree
        .children(code)
        .into_iter()
        .filter_map(|child| {
            let l = lines.get(&child)?;
            let mut t = sum(&child);
            t.code = l.code.clone();
            t.name = l.name.clone();
            t.parent = Some(code.to_string());
            Some(t)
        })
        .collect();
    let day = crate::calendar::iso(today(state));
    let titles: HashMap<i64, CourseName> = crate::courses::store::in_library(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut by_course: BTreeMap<i64, CourseLine> = BTreeMap::new();
    for t in store::tallies(&state.db, Some(&codes), &day).await? {
        let Some(course) = titles.get(&t.course_id) else {
            continue;
        };
        let c = by_course.entry(t.course_id).or_insert_with(|| CourseLine {
            slug: course.slug.clone(),
            title: course.title.clone(),
            ..Default::default()
        });
        c.enrolled += t.enrolled;
        c.assigned += t.assigned;
        c.completed += t.completed;
        c.overdue += t.overdue;
    }
    let mut courses: Vec<CourseLine> = by_course.into_values().filter(|c| c.enrolled > 0).collect();
    courses.sort_by(|a, b| a.title.cmp(&b.title));
    let rows: Vec<(String, Option<f64>)> = courses
        .iter()
        .map(|c| (c.title.clone(), c.completion()))
        .collect();
    Ok(DepartmentReport {
        chart: completion_chart(
            "department-completion",
            &format!("Completion by course in {}", department.name),
            &rows,
        ),
        department,
        total,
        divisions,
        courses,
        as_of: crate::calendar::label(today(state)),
        city,
    })
}

/// A course's standing for one person, in words.
pub fn standing(
    completed_at: Option<i64>,
    due_on: Option<&str>,
    today: &str,
    tz: chrono_tz::Tz,
) -> String {
    match (completed_at, due_on) {
        (Some(at), _) => format!(
            "Completed {}",
            crate::calendar::iso(crate::calendar::day_of(at, tz))
        ),
        (None, Some(due)) if due < today => format!("Overdue (due {due})"),
        (None, Some(due)) => format!("Due {due}"),
        (None, None) => "Enrolled".to_string(),
    }
}

/// A page of the people of a department (and those under it), optionally by their standing in
/// one course.
pub async fn people(
    state: &AppState,
    tree: &Tree,
    code: &str,
    course: &str,
    status: &str,
    page: u32,
) -> AppResult<PeopleReport> {
    let codes: Vec<String> = tree.with_descendants(code).into_iter().collect();
    let name = crate::departments::store::all(&state.db)
        .await?
        .into_iter()
        .find(|d| d.code == code)
        .map(|d| d.name)
        .ok_or_else(|| AppError::not_found(format!("There is no department {code}.")))?;
    let all_courses = crate::courses::store::in_library(&state.db).await?;
    let chosen = chosen_course(&all_courses, course, status)?;
    let tz = state.config.time_zone;
    let today = crate::calendar::iso(crate::calendar::today(tz));
    let page = page.max(1);
    let filter = PeopleFilter {
        codes: Some(&codes),
        course: chosen,
        status,
        today: &today,
    };
    let (rows, total) = store::people(
        &state.db,
        &filter,
        PEOPLE_PER_PAGE as i64,
        (page as i64 - 1) * PEOPLE_PER_PAGE as i64,
    )
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    // course id, completed at, due on — per person.
    type Held = (i64, Option<i64>, Option<String>);
    let mut by_person: HashMap<i64, Vec<Held>> = HashMap::new();
    for h in store::enrolments_of(&state.db, &ids).await? {
        by_person
            .entry(h.user_id)
            .or_default()
            .push((h.course_id, h.completed_at, h.due_on));
    }
    let people = rows
        .into_iter()
        .map(|p| {
            let (employee_id, name, job_title) = (p.employee_id, p.name, p.job_title);
            let department = p.department_code;
            let mine = by_person.remove(&p.id).unwrap_or_default();
            let overdue = mine
                .iter()
                .filter(|(_, done, due)| {
                    done.is_none() && due.as_deref().is_some_and(|d| d < today.as_str())
                })
                .count() as i64;
            let standing = match chosen {
                None => String::new(),
                Some(c) => mine.iter().find(|(course, _, _)| *course == c).map_or_else(
                    || "Not enrolled".to_string(),
                    |(_, done, due)| self::standing(*done, due.as_deref(), &today, tz),
                ),
            };
            PersonLine {
                employee_id,
                name,
                job_title,
                department,
                enrolled: mine.len() as i64,
                completed: mine.iter().filter(|(_, done, _)| done.is_some()).count() as i64,
                overdue,
                standing,
            }
        })
        .collect();
    Ok(PeopleReport {
        code: code.to_string(),
        name,
        people,
        total,
        page,
        pages: crate::text::page_count(total as u64, PEOPLE_PER_PAGE as u64),
        courses: all_courses.into_iter().map(|c| (c.slug, c.title)).collect(),
        course: course.to_string(),
        status: status.to_string(),
    })
}

/// The course id of a drill-down's `course` slug (none for ""), with its `status` checked.
pub fn chosen_course(courses: &[CourseName], course: &str, status: &str) -> AppResult<Option<i64>> {
    if !super::STATUSES.iter().any(|(k, _)| *k == status) {
        return Err(AppError::invalid("Choose a standing from the list."));
    }
    match course {
        "" => Ok(None),
        slug => courses
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| Some(c.id))
            .ok_or_else(|| {
                AppError::invalid(format!(
                    "There is no course \"{}\".",
                    crate::text::truncate(slug, 60)
                ))
            }),
    }
}

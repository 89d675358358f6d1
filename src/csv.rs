//! CSV as spreadsheets read it, for every download (RFC 4180, CRLF line ends), with cells a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) defused by an apostrophe. Pure.

/// One CSV line, CRLF-terminated.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&cell_text(cell.as_ref()));
    }
    line.push_str("\r\n");
    line
}

fn cell_text(value: &str) -> String {
    let defused = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_cells_are_joined_with_commas_and_end_with_crlf() {
        assert_eq!(row(&["a", "b c", ""]), "a,b c,\r\n");
    }

    #[test]
    fn commas_quotes_and_newlines_are_quoted() {
        assert_eq!(
            row(&["Smith, Jo", "say \"hi\"", "two\nlines"]),
            "\"Smith, Jo\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }

    #[test]
    fn formula_looking_cells_are_defused() {
        assert_eq!(
            row(&["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"]),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1)\r\n"
        );
    }
}

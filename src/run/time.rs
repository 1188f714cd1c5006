//! Dates as Deluge writes them: Java's SimpleDateFormat patterns (`dd-MMM-yyyy HH:mm:ss`,
//! `yyyy-MM-dd'T'HH:mm:ss`), which no Rust date crate reads, over a proleptic Gregorian
//! calendar (the days-from-civil algorithm, a few lines of integer arithmetic). Times
//! are seconds since 1970 in the organisation's zone; no zone is ever applied.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of days since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Parts of a moment: year, month, day, hour, minute, second.
pub fn parts(secs: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
}

pub fn from_parts(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> i64 {
    days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s
}

/// Adds months, keeping the day where the month has it (31 Jan + 1 month = 28/29 Feb).
pub fn add_months(secs: i64, months: i64) -> i64 {
    let (y, m, d, h, mi, s) = parts(secs);
    let total = y * 12 + (m - 1) + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let last = days_in_month(ny, nm);
    from_parts(ny, nm, d.min(last), h, mi, s)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    next - days_from_civil(year, month, 1)
}

/// A pattern split into letters runs and literal text.
fn tokens(pattern: &str) -> Vec<(char, usize, String)> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
            out.push(('\0', 0, if text.is_empty() { "'".into() } else { text }));
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i] == c {
                i += 1;
            }
            out.push((c, i - start, String::new()));
        } else {
            out.push(('\0', 0, c.to_string()));
            i += 1;
        }
    }
    out
}

/// A moment written in a SimpleDateFormat pattern.
pub fn format_date(secs: i64, pattern: &str) -> String {
    let (y, mo, d, h, mi, s) = parts(secs);
    let weekday = WEEKDAYS[secs.div_euclid(86_400).rem_euclid(7) as usize];
    let mut out = String::new();
    for (letter, n, text) in tokens(pattern) {
        let pad = |v: i64| format!("{v:0n$}");
        match letter {
            '\0' => out.push_str(&text),
            'y' | 'Y' | 'u' if n == 2 => out.push_str(&format!("{:02}", y.rem_euclid(100))),
            'y' | 'Y' | 'u' => out.push_str(&pad(y)),
            'M' | 'L' if n >= 4 => out.push_str(MONTHS[(mo - 1) as usize]),
            'M' | 'L' if n == 3 => out.push_str(&MONTHS[(mo - 1) as usize][..3]),
            'M' | 'L' => out.push_str(&pad(mo)),
            'd' => out.push_str(&pad(d)),
            'H' => out.push_str(&pad(h)),
            'k' => out.push_str(&pad(if h == 0 { 24 } else { h })),
            'h' => out.push_str(&pad(if h % 12 == 0 { 12 } else { h % 12 })),
            'K' => out.push_str(&pad(h % 12)),
            'm' => out.push_str(&pad(mi)),
            's' => out.push_str(&pad(s)),
            'S' => out.push_str(&"0".repeat(n)),
            'a' => out.push_str(if h < 12 { "AM" } else { "PM" }),
            'E' if n >= 4 => out.push_str(weekday),
            'E' => out.push_str(&weekday[..3]),
            // Zones: the organisation's clock has none delugen knows; UTC's are written.
            'Z' => out.push_str("+0000"),
            'X' | 'x' => out.push_str(if letter == 'X' { "Z" } else { "+00" }),
            'z' => out.push_str("UTC"),
            other => out.push_str(&other.to_string().repeat(n)),
        }
    }
    out
}

/// Reads `text` written in `pattern`; None when it does not fit.
pub fn parse_date(text: &str, pattern: &str) -> Option<i64> {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut at = 0;
    let (mut y, mut mo, mut d, mut h, mut mi, mut s) = (1970, 1, 1, 0, 0, 0);
    let mut pm = None;
    let toks = tokens(pattern);
    for (index, (letter, n, literal)) in toks.iter().enumerate() {
        let next_is_field = toks.get(index + 1).is_some_and(|t| t.0 != '\0');
        let number = |at: &mut usize, width: usize| -> Option<i64> {
            let start = *at;
            // Adjacent fields (yyyyMMdd) take exactly their width; otherwise as many digits as are there.
            let max = if next_is_field { width } else { usize::MAX };
            while *at < chars.len() && chars[*at].is_ascii_digit() && *at - start < max {
                *at += 1;
            }
            if *at == start {
                return None;
            }
            chars[start..*at].iter().collect::<String>().parse().ok()
        };
        match letter {
            '\0' => {
                for c in literal.chars() {
                    if chars.get(at) != Some(&c) {
                        return None;
                    }
                    at += 1;
                }
            }
            'y' | 'Y' | 'u' => {
                let value = number(&mut at, *n.max(&4))?;
                y = if *n == 2 { 2000 + value } else { value };
            }
            'M' | 'L' if *n >= 3 => {
                let rest: String = chars[at..].iter().collect::<String>().to_lowercase();
                let (index, len) = MONTHS.iter().enumerate().find_map(|(i, name)| {
                    let full = name.to_lowercase();
                    if *n >= 4 && rest.starts_with(&full) {
                        Some((i, full.chars().count()))
                    } else if rest.starts_with(&full[..3]) {
                        Some((i, 3))
                    } else {
                        None
                    }
                })?;
                mo = index as i64 + 1;
                at += len;
            }
            'M' | 'L' => mo = number(&mut at, 2)?,
            'd' => d = number(&mut at, 2)?,
            'H' | 'k' => h = number(&mut at, 2)?,
            'h' | 'K' => h = number(&mut at, 2)?,
            'm' => mi = number(&mut at, 2)?,
            's' => s = number(&mut at, 2)?,
            'S' => {
                number(&mut at, *n)?;
            }
            'a' => {
                let rest: String = chars[at..]
                    .iter()
                    .take(2)
                    .collect::<String>()
                    .to_uppercase();
                pm = Some(rest == "PM");
                at += 2;
            }
            'E' => {
                while at < chars.len() && chars[at].is_alphabetic() {
                    at += 1;
                }
            }
            _ => return None,
        }
    }
    if at != chars.len() {
        return None;
    }
    if let Some(pm) = pm {
        h = h % 12 + if pm { 12 } else { 0 };
    }
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(from_parts(y, mo, d, h, mi, s))
}

/// A date or date-time literal as Deluge reads one without a pattern: its own form
/// (`01-Aug-2022 16:59:00`, `01-Aug-2022`) or ISO (`2022-08-01`, `2022-08-01T16:59:00`,
/// `2022-08-01 16:59:00`). The flag says whether it had a time.
pub fn parse_default(text: &str) -> Option<(i64, bool)> {
    const WITH_TIME: [&str; 6] = [
        "dd-MMM-yyyy HH:mm:ss",
        "dd-MMM-yyyy HH:mm",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss",
        "MM/dd/yyyy HH:mm:ss",
        "dd-MMM-yyyy hh:mm:ss a",
    ];
    const DATE_ONLY: [&str; 3] = ["dd-MMM-yyyy", "yyyy-MM-dd", "MM/dd/yyyy"];
    let text = text.trim();
    // ISO with a zone or fraction (2022-08-01T16:59:00+05:30): the zone is dropped.
    let trimmed = if text.len() > 19 && text.as_bytes().get(10) == Some(&b'T') {
        &text[..19]
    } else {
        text
    };
    WITH_TIME
        .iter()
        .find_map(|p| parse_date(trimmed, p).map(|s| (s, true)))
        .or_else(|| {
            DATE_ONLY
                .iter()
                .find_map(|p| parse_date(trimmed, p).map(|s| (s, false)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for days in [-800_000, -1, 0, 1, 11_016, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn zoho_currenttime_form_is_written_and_read() {
        // zoho.com/deluge/help/datetime: zoho.currenttime looks like 09-Dec-2020 17:25:24.
        let secs = from_parts(2020, 12, 9, 17, 25, 24);
        assert_eq!(
            format_date(secs, "dd-MMM-yyyy HH:mm:ss"),
            "09-Dec-2020 17:25:24"
        );
        assert_eq!(parse_default("09-Dec-2020 17:25:24"), Some((secs, true)));
        assert_eq!(
            format_date(secs, "yyyy-MM-dd'T'HH:mm:ss"),
            "2020-12-09T17:25:24"
        );
        assert_eq!(
            parse_date("2020-12-09 17:25:24", "yyyy-MM-dd HH:mm:ss"),
            Some(secs)
        );
        assert_eq!(
            parse_date("2020-13-09 17:25:24", "yyyy-MM-dd HH:mm:ss"),
            None
        );
        assert_eq!(
            format_date(secs, "EEEE, MMMM d, h:mm a"),
            "Wednesday, December 9, 5:25 PM"
        );
    }

    #[test]
    fn months_are_added_to_the_last_day_they_have() {
        let jan31 = from_parts(2024, 1, 31, 0, 0, 0);
        assert_eq!(parts(add_months(jan31, 1)).2, 29);
    }
}

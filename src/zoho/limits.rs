//! Daily and per-minute API budgets from the two dated tables in the reference: the 2019
//! table of the seed article and Zoho's current API-limits pages. Each answer names its table.

use super::Product;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    #[value(name = "2019")]
    Y2019,
    Current,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Edition {
    Free,
    Standard,
    Professional,
    Enterprise,
    ZohoOne,
    CrmPlus,
    Ultimate,
    /// Zoho Books' paid organisations (2019 table).
    Paid,
}

/// A day's budget: `base + per_user × users`, capped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub table: &'static str,
    pub unit: &'static str,
    pub daily: u64,
    /// How the daily figure was reached.
    pub formula: String,
    pub per_minute: Option<&'static str>,
}

struct Row {
    base: u64,
    per_user: u64,
    cap: Option<u64>,
}

const fn row(base: u64, per_user: u64, cap: Option<u64>) -> Row {
    Row {
        base,
        per_user,
        cap,
    }
}

fn lookup(
    product: Product,
    edition: Edition,
    table: Table,
) -> Result<(Row, &'static str, &'static str, Option<&'static str>), String> {
    use Edition::*;
    let (name, unit, minute) = match (product, table) {
        (Product::Crm, Table::Y2019) => (
            "2019 table (seed article): CRM API calls per day",
            "API calls",
            None,
        ),
        (Product::Crm, Table::Current) => (
            "current table (Zoho CRM API-limits page): API credits per 24 hours",
            "credits",
            None,
        ),
        (Product::Books, Table::Y2019) => (
            "2019 table (seed article): Books API calls per day",
            "API calls",
            Some("100 calls per minute per organisation"),
        ),
        (Product::Creator, Table::Current) => (
            "current table (Zoho Creator developer API limits): calls per day",
            "API calls",
            Some("50 calls per minute per endpoint"),
        ),
        (Product::Books, Table::Current) => {
            return Err(
                "the reference has no current table for Zoho Books; use --table 2019".into(),
            );
        }
        (Product::Creator, Table::Y2019) => {
            return Err(
                "the reference has no 2019 table for Zoho Creator; use --table current".into(),
            );
        }
    };
    let row = match (product, table, edition) {
        (Product::Crm, _, Free) => row(5_000, 0, None),
        (Product::Crm, Table::Y2019, Standard) => row(5_000, 250, Some(100_000)),
        (Product::Crm, Table::Y2019, Professional) => row(10_000, 500, Some(500_000)),
        (Product::Crm, Table::Y2019, Enterprise | ZohoOne | CrmPlus) => {
            row(15_000, 1_000, Some(1_000_000))
        }
        (Product::Crm, Table::Y2019, Ultimate) => row(15_000, 2_000, Some(2_000_000)),
        (Product::Crm, Table::Current, Standard) => row(50_000, 250, Some(100_000)),
        (Product::Crm, Table::Current, Professional) => row(50_000, 500, Some(3_000_000)),
        (Product::Crm, Table::Current, Enterprise | ZohoOne) => row(50_000, 1_000, Some(5_000_000)),
        (Product::Crm, Table::Current, Ultimate | CrmPlus) => row(50_000, 2_000, None),
        (Product::Books, _, Free) => row(1_000, 0, None),
        (Product::Books, _, Paid | Standard | Professional) => row(2_500, 0, None),
        (Product::Creator, _, Free) => row(250, 0, None),
        (Product::Creator, _, Standard) => row(0, 250, None),
        (Product::Creator, _, Professional) => row(0, 500, None),
        (Product::Creator, _, Enterprise | ZohoOne) => row(0, 1_000, None),
        (product, _, edition) => {
            return Err(format!(
                "the {} has no {:?} edition for {}",
                name.split(':').next().unwrap_or(name),
                edition,
                product.conventions().title()
            ));
        }
    };
    Ok((row, name, unit, minute))
}

pub fn budget(
    product: Product,
    edition: Edition,
    users: Option<u64>,
    table: Table,
) -> Result<Budget, String> {
    let (row, name, unit, per_minute) = lookup(product, edition, table)?;
    let users = match (row.per_user, users) {
        (0, _) => 0,
        (_, Some(users)) => users,
        (_, None) => {
            return Err("this edition's budget grows with its users: pass --users N".into());
        }
    };
    let raw = row.base + row.per_user * users;
    let daily = row.cap.map_or(raw, |cap| raw.min(cap));
    let mut formula = match (row.base, row.per_user) {
        (base, 0) => group(base),
        (0, per_user) => format!("{} × {users} users", group(per_user)),
        (base, per_user) => format!("{} + {} × {users} users", group(base), group(per_user)),
    };
    match row.cap {
        Some(cap) if raw > cap => formula.push_str(&format!(", capped at {}", group(cap))),
        Some(cap) => formula.push_str(&format!(", at most {}", group(cap))),
        None if row.per_user > 0 => formula.push_str(", no cap"),
        None => {}
    }
    Ok(Budget {
        table: name,
        unit,
        daily,
        formula,
        per_minute,
    })
}

/// `1234567` → `1,234,567`
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Access tokens Zoho mints per refresh token per day (10 every 10 minutes).
pub const TOKENS_PER_DAY: u64 = 10 * 6 * 24;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_checked_by_hand_against_the_reference() {
        // Professional, 10 users, current: 50,000 + 500 × 10 = 55,000.
        assert_eq!(
            budget(
                Product::Crm,
                Edition::Professional,
                Some(10),
                Table::Current
            )
            .unwrap()
            .daily,
            55_000
        );
        // Standard 2019 with 500 users: 5,000 + 125,000 = 130,000, capped at 100,000.
        assert_eq!(
            budget(Product::Crm, Edition::Standard, Some(500), Table::Y2019)
                .unwrap()
                .daily,
            100_000
        );
        // Ultimate current has no cap: 50,000 + 2,000 × 10,000.
        assert_eq!(
            budget(
                Product::Crm,
                Edition::Ultimate,
                Some(10_000),
                Table::Current
            )
            .unwrap()
            .daily,
            20_050_000
        );
        assert_eq!(
            budget(Product::Books, Edition::Paid, None, Table::Y2019)
                .unwrap()
                .daily,
            2_500
        );
        assert_eq!(
            budget(
                Product::Creator,
                Edition::Professional,
                Some(4),
                Table::Current
            )
            .unwrap()
            .daily,
            2_000
        );
    }

    #[test]
    fn missing_tables_and_users_are_errors() {
        assert!(budget(Product::Books, Edition::Paid, None, Table::Current).is_err());
        assert!(
            budget(Product::Crm, Edition::Standard, None, Table::Current)
                .unwrap_err()
                .contains("--users")
        );
    }

    #[test]
    fn grouping() {
        assert_eq!(group(5), "5");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(20_050_000), "20,050,000");
    }
}

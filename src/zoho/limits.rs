//! Daily and per-minute API budgets from two dated tables: a 2019 article's and Zoho's
//! current API-limits pages. Each answer names its table, its source and its date. Not
//! every product has both: `tables` says which it has, and asking for another is an error
//! that says so.

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

/// Where the 2019 figures come from.
pub const SOURCE_2019: &str =
    "the 2019 article \"Zoho Deluge - Get Refresh/Access Token API v2\" (figures of 2019)";

/// The dated tables delugen has for `product`, oldest first.
pub fn tables(product: Product) -> &'static [Table] {
    match product {
        Product::Crm => &[Table::Y2019, Table::Current],
        Product::Books => &[Table::Y2019],
        Product::Creator => &[Table::Current],
    }
}

/// The table used when none is named: the newest the product has.
pub fn default_table(product: Product) -> Table {
    *tables(product).last().unwrap_or(&Table::Current)
}

impl Table {
    pub fn key(self) -> &'static str {
        match self {
            Table::Y2019 => "2019",
            Table::Current => "current",
        }
    }
}

impl Edition {
    pub fn key(self) -> String {
        use clap::ValueEnum;
        self.to_possible_value()
            .map_or_else(|| format!("{self:?}"), |v| v.get_name().to_string())
    }
}

/// The editions a product's table lists.
fn editions(product: Product) -> &'static [Edition] {
    use Edition::*;
    match product {
        Product::Crm => &[
            Free,
            Standard,
            Professional,
            Enterprise,
            ZohoOne,
            CrmPlus,
            Ultimate,
        ],
        Product::Books => &[Free, Paid, Standard, Professional],
        Product::Creator => &[Free, Standard, Professional, Enterprise, ZohoOne],
    }
}

fn lookup(
    product: Product,
    edition: Edition,
    table: Table,
) -> Result<(Row, &'static str, &'static str, Option<&'static str>), String> {
    use Edition::*;
    if !tables(product).contains(&table) {
        let has: Vec<&str> = tables(product).iter().map(|t| t.key()).collect();
        return Err(format!(
            "delugen has no {} table for {}; its tables for {} are: {} (--table {})",
            table.key(),
            product.conventions().title(),
            product.conventions().title(),
            has.join(", "),
            has.join(" or --table "),
        ));
    }
    if !editions(product).contains(&edition) {
        let known: Vec<String> = editions(product).iter().map(|e| e.key()).collect();
        return Err(format!(
            "{} has no {} edition in delugen's tables; its editions are: {}",
            product.conventions().title(),
            edition.key(),
            known.join(", ")
        ));
    }
    let (name, unit, minute) = match (product, table) {
        (Product::Crm, Table::Y2019) => (
            "2019 table, from the article \"Zoho Deluge - Get Refresh/Access Token API v2\" (2019): CRM API calls per day",
            "API calls",
            None,
        ),
        (Product::Crm, Table::Current) => (
            "current table, from Zoho CRM's API-limits page (v8 documentation, as read for this release): API credits per 24 hours",
            "credits",
            None,
        ),
        (Product::Books, _) => (
            "2019 table, from the article \"Zoho Deluge - Get Refresh/Access Token API v2\" (2019): Books API calls per day",
            "API calls",
            Some("100 calls per minute per organisation"),
        ),
        (Product::Creator, _) => (
            "current table, from Zoho Creator's developer API limits page (as read for this release): calls per day",
            "API calls",
            Some("50 calls per minute per endpoint"),
        ),
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
                "the {} has no {} edition for {}",
                name.split(':').next().unwrap_or(name),
                edition.key(),
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
        assert_eq!(
            budget(Product::Books, Edition::Paid, None, Table::Current).unwrap_err(),
            "delugen has no current table for Zoho Books; its tables for Zoho Books are: 2019 (--table 2019)"
        );
        assert_eq!(
            budget(Product::Crm, Edition::Paid, None, Table::Current).unwrap_err(),
            "Zoho CRM has no paid edition in delugen's tables; its editions are: free, standard, professional, enterprise, zoho-one, crm-plus, ultimate"
        );
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

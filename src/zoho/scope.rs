//! OAuth scopes: their shape (`Service.scope_name[.sub].OPERATION`) and whether a set of
//! them covers a request. Zoho compares the parts case-insensitively, so do we.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Operations Zoho documents; CRM adds WRITE and CUSTOM.
pub const OPERATIONS: [&str; 7] = [
    "ALL", "READ", "CREATE", "UPDATE", "DELETE", "WRITE", "CUSTOM",
];

/// Scopes that grant everything in their service (`ZohoBooks.fullaccess.all`).
const FULL_ACCESS: [(&str, &str); 1] = [("ZohoBooks", "fullaccess")];

/// One scope as written in the spec, checked for shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Scope {
    text: String,
}

impl Scope {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn parts(&self) -> Vec<&str> {
        self.text.split('.').collect()
    }

    fn service(&self) -> &str {
        self.parts()[0]
    }

    fn operation(&self) -> &str {
        self.parts().last().copied().unwrap_or_default()
    }

    fn path(&self) -> Vec<&str> {
        let parts = self.parts();
        parts[1..parts.len() - 1].to_vec()
    }

    /// The service part (`ZohoCRM`), as written.
    pub fn service_name(&self) -> &str {
        self.service()
    }

    /// The part after the service (`modules` in `ZohoCRM.modules.leads.ALL`), as written.
    pub fn scope_name(&self) -> &str {
        self.parts()[1]
    }

    /// The operation (`ALL`, `CREATE`, ...), as written.
    pub fn operation_name(&self) -> &str {
        self.operation()
    }

    /// Does this scope grant `need`? Any of the need's paths will do.
    pub fn covers(&self, need: &ScopeNeed) -> bool {
        if !self.service().eq_ignore_ascii_case(need.service) {
            return false;
        }
        let path = self.path();
        let full_access = FULL_ACCESS.iter().any(|(service, name)| {
            need.service.eq_ignore_ascii_case(service)
                && path.len() == 1
                && path[0].eq_ignore_ascii_case(name)
        });
        if full_access {
            return true;
        }
        let path_matches = need.paths().any(|want| {
            path.len() <= want.len()
                && path
                    .iter()
                    .zip(want)
                    .all(|(have, want)| have.eq_ignore_ascii_case(want))
        });
        let op = self.operation().to_ascii_uppercase();
        let op_matches = op == "ALL"
            || op == need.operation
            || (op == "WRITE"
                && need.service.eq_ignore_ascii_case("ZohoCRM")
                && matches!(need.operation, "CREATE" | "UPDATE"));
        path_matches && op_matches
    }
}

impl TryFrom<String> for Scope {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        let parts: Vec<&str> = text.split('.').collect();
        let well_formed_part =
            |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if parts.len() < 3 || !parts.iter().all(well_formed_part) {
            return Err(format!(
                "scope \"{text}\" is not of the form Service.scope_name.OPERATION \
                 (for example ZohoCRM.modules.leads.ALL)"
            ));
        }
        let op = parts[parts.len() - 1];
        if !OPERATIONS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(op))
        {
            return Err(format!(
                "scope \"{text}\" ends in \"{op}\"; expected an operation: {}",
                OPERATIONS.join(", ")
            ));
        }
        Ok(Scope { text })
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::spec::checked_text(deserializer, Scope::try_from)
    }
}

impl From<Scope> for String {
    fn from(scope: Scope) -> String {
        scope.text
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What a request needs from the token: a service, a path under it and an operation.
/// Zoho sometimes grants one thing under several names (a CRM custom module is covered by
/// `modules.custom` as well as by its own name): those go in `also`. `aliases` are other
/// spellings accepted but never suggested (`sales_orders` for `salesorders`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeNeed {
    pub service: &'static str,
    pub path: Vec<String>,
    pub operation: &'static str,
    pub also: Vec<Vec<String>>,
    pub aliases: Vec<Vec<String>>,
}

impl ScopeNeed {
    /// A need with one path.
    pub fn new(service: &'static str, path: &[&str], operation: &'static str) -> Self {
        ScopeNeed {
            service,
            path: path.iter().map(|p| p.to_string()).collect(),
            operation,
            also: Vec::new(),
            aliases: Vec::new(),
        }
    }

    /// The same need, also granted under `path`.
    pub fn or_path(mut self, path: &[&str]) -> Self {
        self.also.push(path.iter().map(|p| p.to_string()).collect());
        self
    }

    /// The same need, also accepted (but never suggested) under `path`.
    pub fn or_alias(mut self, path: &[&str]) -> Self {
        self.aliases
            .push(path.iter().map(|p| p.to_string()).collect());
        self
    }

    fn paths(&self) -> impl Iterator<Item = &Vec<String>> {
        std::iter::once(&self.path)
            .chain(&self.also)
            .chain(&self.aliases)
    }

    /// The narrowest scope that grants this need: what an error suggests adding.
    pub fn narrowest(&self) -> String {
        format!(
            "{}.{}.{}",
            self.service,
            self.path.join("."),
            self.operation
        )
    }

    /// The same path with ALL, for requests that need several operations on it.
    pub fn all_operations(&self) -> String {
        format!("{}.{}.ALL", self.service, self.path.join("."))
    }

    /// The other scopes that would grant this need as narrowly.
    pub fn alternatives(&self) -> Vec<String> {
        self.also
            .iter()
            .map(|path| format!("{}.{}.{}", self.service, path.join("."), self.operation))
            .collect()
    }
}

/// The needs no scope in `scopes` covers.
///
/// ```
/// use delugen::zoho::scope::{Scope, ScopeNeed, uncovered};
///
/// let scopes = vec![Scope::try_from("ZohoCRM.modules.ALL".to_string()).unwrap()];
/// let write_leads = ScopeNeed::new("ZohoCRM", &["modules", "leads"], "CREATE");
/// assert!(uncovered(&scopes, &[write_leads]).is_empty());
/// ```
pub fn uncovered<'a>(scopes: &[Scope], needs: &'a [ScopeNeed]) -> Vec<&'a ScopeNeed> {
    needs
        .iter()
        .filter(|need| !scopes.iter().any(|scope| scope.covers(need)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(text: &str) -> Scope {
        Scope::try_from(text.to_string()).unwrap()
    }

    fn crm_leads(op: &'static str) -> ScopeNeed {
        ScopeNeed::new("ZohoCRM", &["modules", "leads"], op)
    }

    #[test]
    fn module_wide_and_module_scopes_cover_a_write() {
        for text in [
            "ZohoCRM.modules.ALL",
            "ZohoCRM.modules.leads.ALL",
            "ZohoCRM.modules.Leads.CREATE",
            "zohocrm.MODULES.leads.write",
        ] {
            assert!(scope(text).covers(&crm_leads("CREATE")), "{text}");
        }
    }

    #[test]
    fn other_modules_read_only_and_other_services_do_not_cover() {
        for text in [
            "ZohoCRM.modules.contacts.ALL",
            "ZohoCRM.modules.leads.READ",
            "ZohoCRM.modules.leads.UPDATE",
            "ZohoBooks.modules.leads.ALL",
            "ZohoCRM.settings.ALL",
        ] {
            assert!(!scope(text).covers(&crm_leads("CREATE")), "{text}");
        }
    }

    #[test]
    fn books_full_access_covers_any_resource() {
        let need = ScopeNeed::new("ZohoBooks", &["invoices"], "UPDATE");
        assert!(scope("ZohoBooks.fullaccess.all").covers(&need));
        assert!(!scope("ZohoBooks.contacts.ALL").covers(&need));
    }

    #[test]
    fn write_is_a_crm_only_operation() {
        let need = ScopeNeed::new("ZohoBooks", &["contacts"], "CREATE");
        assert!(!scope("ZohoBooks.contacts.WRITE").covers(&need));
    }

    #[test]
    fn malformed_scopes_are_rejected_with_the_expected_form() {
        let err = Scope::try_from("ZohoCRM.modules".to_string()).unwrap_err();
        assert!(err.contains("Service.scope_name.OPERATION"), "{err}");
        let err = Scope::try_from("ZohoCRM.modules.leads.EVERYTHING".to_string()).unwrap_err();
        assert!(err.contains("expected an operation"), "{err}");
        assert!(Scope::try_from("ZohoCRM.modules.{module_API_name}.ALL".to_string()).is_err());
    }

    #[test]
    fn another_path_of_the_need_covers_it_too() {
        let need = ScopeNeed::new("ZohoCRM", &["modules", "projects_x"], "CREATE")
            .or_path(&["modules", "custom"]);
        assert!(scope("ZohoCRM.modules.custom.CREATE").covers(&need));
        assert!(scope("ZohoCRM.modules.Projects_X.ALL").covers(&need));
        assert!(!scope("ZohoCRM.modules.custom.READ").covers(&need));
        assert!(!scope("ZohoCRM.modules.leads.ALL").covers(&need));
        assert_eq!(need.alternatives(), vec!["ZohoCRM.modules.custom.CREATE"]);
    }

    #[test]
    fn narrowest_and_all_suggestions() {
        assert_eq!(
            crm_leads("CREATE").narrowest(),
            "ZohoCRM.modules.leads.CREATE"
        );
        assert_eq!(
            crm_leads("CREATE").all_operations(),
            "ZohoCRM.modules.leads.ALL"
        );
    }
}

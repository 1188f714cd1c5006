//! The data centres: one row per region, so the accounts server and the API domain of a
//! script always come from the same row. Mixing rows is the most common Zoho failure
//! (`INVALID_TOKEN` / `invalid_client`), and this table is the one place that knows hosts.

use serde::{Deserialize, Serialize};

/// A Zoho data centre, named by the key users write in a spec.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    Us,
    Eu,
    In,
    Au,
    Jp,
    Cn,
    Ca,
    Sa,
    Uk,
}

/// Everything a script or a handover needs to know about one data centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DataCentre {
    pub key: &'static str,
    pub label: &'static str,
    /// OAuth server: grant codes, refresh and access tokens.
    pub accounts: &'static str,
    /// REST APIs of CRM, Books and Creator.
    pub api: &'static str,
    /// The top-level domain users see when they log in (crm.zoho.eu → eu).
    pub login_domain: &'static str,
    /// Where clients are registered.
    pub api_console: &'static str,
}

impl Region {
    pub const ALL: [Region; 9] = [
        Region::Us,
        Region::Eu,
        Region::In,
        Region::Au,
        Region::Jp,
        Region::Cn,
        Region::Ca,
        Region::Sa,
        Region::Uk,
    ];

    pub fn data_centre(self) -> &'static DataCentre {
        &DATA_CENTRES[self as usize]
    }

    pub fn key(self) -> &'static str {
        self.data_centre().key
    }
}

/// Indexed by `Region as usize`; a test checks the order.
static DATA_CENTRES: [DataCentre; 9] = [
    DataCentre {
        key: "us",
        label: "United States",
        accounts: "https://accounts.zoho.com",
        api: "https://www.zohoapis.com",
        login_domain: "zoho.com",
        api_console: "https://api-console.zoho.com",
    },
    DataCentre {
        key: "eu",
        label: "Europe",
        accounts: "https://accounts.zoho.eu",
        api: "https://www.zohoapis.eu",
        login_domain: "zoho.eu",
        api_console: "https://api-console.zoho.eu",
    },
    DataCentre {
        key: "in",
        label: "India",
        accounts: "https://accounts.zoho.in",
        api: "https://www.zohoapis.in",
        login_domain: "zoho.in",
        api_console: "https://api-console.zoho.in",
    },
    // Some Zoho pages name accounts.zoho.au; the .com.au host is the one Zoho's OAuth
    // documentation lists for Australia, so it is the one we emit (README, troubleshooting).
    DataCentre {
        key: "au",
        label: "Australia",
        accounts: "https://accounts.zoho.com.au",
        api: "https://www.zohoapis.com.au",
        login_domain: "zoho.com.au",
        api_console: "https://api-console.zoho.com.au",
    },
    DataCentre {
        key: "jp",
        label: "Japan",
        accounts: "https://accounts.zoho.jp",
        api: "https://www.zohoapis.jp",
        login_domain: "zoho.jp",
        api_console: "https://api-console.zoho.jp",
    },
    DataCentre {
        key: "cn",
        label: "China",
        accounts: "https://accounts.zoho.com.cn",
        api: "https://www.zohoapis.com.cn",
        login_domain: "zoho.com.cn",
        api_console: "https://api-console.zoho.com.cn",
    },
    // Canada's accounts server is on zohocloud.ca, but its API domain is zohoapis.ca.
    DataCentre {
        key: "ca",
        label: "Canada",
        accounts: "https://accounts.zohocloud.ca",
        api: "https://www.zohoapis.ca",
        login_domain: "zohocloud.ca",
        api_console: "https://api-console.zohocloud.ca",
    },
    DataCentre {
        key: "sa",
        label: "Saudi Arabia",
        accounts: "https://accounts.zoho.sa",
        api: "https://www.zohoapis.sa",
        login_domain: "zoho.sa",
        api_console: "https://api-console.zoho.sa",
    },
    DataCentre {
        key: "uk",
        label: "United Kingdom",
        accounts: "https://accounts.zoho.uk",
        api: "https://www.zohoapis.uk",
        login_domain: "zoho.uk",
        api_console: "https://api-console.zoho.uk",
    },
];

/// The region whose accounts or API host a URL names, if any (used by the linter to spot
/// scripts that mix data centres).
pub fn region_of_url(url: &str) -> Option<Region> {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', '?', '#'])
        .next()?
        .to_ascii_lowercase();
    Region::ALL.into_iter().find(|region| {
        let dc = region.data_centre();
        [dc.accounts, dc.api]
            .iter()
            .any(|known| known.split("://").nth(1) == Some(host.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_are_in_enum_order() {
        for region in Region::ALL {
            let key = serde_json::to_value(region).unwrap();
            assert_eq!(key.as_str(), Some(region.key()));
        }
    }

    #[test]
    fn each_row_pairs_hosts_of_one_domain_family() {
        for region in Region::ALL {
            let dc = region.data_centre();
            assert_eq!(region_of_url(dc.accounts), Some(region));
            assert_eq!(
                region_of_url(&format!("{}/crm/v8/Leads", dc.api)),
                Some(region)
            );
        }
    }

    #[test]
    fn unknown_hosts_have_no_region() {
        assert_eq!(region_of_url("https://example.com/x"), None);
    }
}

//! `delugen limits`: the API budget of a product and edition, from a named, dated table;
//! with a spec, how many full runs of its scripts a day allows.

use std::io::Write;

use crate::cli::LimitsArgs;
use crate::exit;
use crate::spec::{self, AuthMode, TokenStoreKind};
use crate::zoho::limits::{self, TOKENS_PER_DAY, group};

pub fn run(args: &LimitsArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let loaded = match &args.spec {
        Some(path) => match spec::load(path) {
            Ok(loaded) => Some(loaded),
            Err(diagnostics) => {
                super::print_diagnostics(&diagnostics, err);
                return exit::ERROR;
            }
        },
        None => None,
    };
    let product = match (args.product, &loaded) {
        (Some(product), Some(l)) if product != l.spec.product => {
            let _ = writeln!(
                err,
                "error: --product {} but the spec is for {}",
                product.key(),
                l.spec.product.key()
            );
            return exit::ERROR;
        }
        (Some(product), _) => product,
        (None, Some(l)) => l.spec.product,
        (None, None) => {
            let _ = writeln!(
                err,
                "error: name the product with --product crm|books|creator, or give --spec"
            );
            return exit::ERROR;
        }
    };
    let table = args.table.unwrap_or(limits::default_table(product));
    let budget = match limits::budget(product, args.edition, args.users, table) {
        Ok(budget) => budget,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return exit::ERROR;
        }
    };
    let _ = writeln!(out, "{}: {}", product.conventions().title(), budget.table);
    if let [only] = limits::tables(product) {
        let _ = writeln!(
            out,
            "  (the only table delugen has for {}: {})",
            product.conventions().title(),
            only.key()
        );
    }
    let _ = writeln!(
        out,
        "  per day: {} {} ({})",
        group(budget.daily),
        budget.unit,
        budget.formula
    );
    let _ = writeln!(
        out,
        "  per minute: {}",
        budget.per_minute.unwrap_or("not limited by this table")
    );
    if let Some(loaded) = loaded {
        let requests = loaded.spec.requests.len() as u64;
        let store = loaded.spec.auth.store();
        // A store reuses the access token for its hour: refreshes stop counting per run.
        let token_mode =
            loaded.spec.auth.mode == AuthMode::Token && store == TokenStoreKind::Inline;
        // A search reads up to max_pages pages and a bulk write sends a batch per request:
        // count the most a run may send.
        let calls: u64 = loaded
            .spec
            .requests
            .iter()
            .map(|request| calls_at_most(&loaded.spec, request))
            .sum();
        let by_budget = budget.daily / calls.max(1);
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let _ = writeln!(
            out,
            "With {}: {}{} per full run ({}{})",
            loaded.display_path(),
            if calls > requests { "at most " } else { "" },
            plural(calls, "API call", "API calls"),
            plural(requests, "request", "requests"),
            if calls > requests {
                "; a search counts a call per page, a bulk write per batch"
            } else {
                ""
            },
        );
        if token_mode {
            // Token refreshes go to Zoho Accounts, not to the product's API: they cost no
            // API credits or calls, but Zoho mints at most 10 access tokens per 10 minutes.
            let _ = writeln!(
                out,
                "  plus {} to Zoho Accounts: not API calls or credits, but at most 10 access tokens per 10 minutes",
                plural(requests, "access-token refresh", "access-token refreshes"),
            );
            let by_tokens = TOKENS_PER_DAY / requests.max(1);
            let _ = writeln!(
                out,
                "  full runs per day: {} by the API budget, {} by Zoho's token limit: at most {}",
                group(by_budget),
                group(by_tokens),
                group(by_budget.min(by_tokens))
            );
        } else if loaded.spec.auth.mode == AuthMode::Token {
            let _ = writeln!(
                out,
                "  (auth.store {} reuses the access token: about one refresh an hour, whatever the runs)",
                store.as_str()
            );
            if store == TokenStoreKind::CrmVariables {
                let _ = writeln!(
                    out,
                    "  each call of the access-token function also spends one Zoho CRM credit reading the variables (two when it refreshes)"
                );
            }
            let _ = writeln!(out, "  full runs per day: at most {}", group(by_budget));
        } else {
            let _ = writeln!(
                out,
                "  (connection mode: Zoho refreshes the connection's tokens itself)"
            );
            let _ = writeln!(out, "  full runs per day: at most {}", group(by_budget));
        }
    }
    exit::SUCCESS
}

/// The most calls one run of `request` sends: a search one per page, a bulk write one per
/// batch of the largest list a run takes, anything else one.
fn calls_at_most(spec: &crate::spec::Spec, request: &crate::spec::Request) -> u64 {
    let conventions = spec.product.conventions();
    if request.method == crate::spec::Method::Search {
        u64::from(
            request
                .max_pages
                .unwrap_or(conventions.paging().default_pages),
        )
    } else if request.records.is_some() {
        u64::from(
            conventions
                .bulk_max_records()
                .div_ceil(conventions.bulk_chunk()),
        )
    } else {
        1
    }
}

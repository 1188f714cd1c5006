//! `delugen limits`: the API budget of a product and edition, from a named, dated table;
//! with a spec, how many full runs of its scripts a day allows.

use std::io::Write;

use crate::cli::LimitsArgs;
use crate::exit;
use crate::spec::{self, AuthMode, TokenStoreKind};
use crate::zoho::Product;
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
        let functions = function_calls(&loaded.spec);
        // Each function with token steps gets its token once a run, as a request does.
        let refreshes = requests + functions.iter().filter(|f| f.token).count() as u64;
        // The spec's own token is in use by its requests or by token steps; a spec of
        // functions on connections only never refreshes one.
        let spec_token =
            loaded.spec.auth.mode == AuthMode::Token && (functions.is_empty() || refreshes > 0);
        // A store reuses the access token for its hour: refreshes stop counting per run.
        let token_mode = spec_token && store == TokenStoreKind::Inline;
        // A search reads up to max_pages pages and a bulk write sends a batch per request:
        // count the most a run may send.
        let calls: u64 = loaded
            .spec
            .requests
            .iter()
            .map(|request| calls_at_most(&loaded.spec, request))
            .sum::<u64>()
            + functions.iter().map(|f| f.calls_to(product)).sum::<u64>();
        let by_budget = budget.daily / calls.max(1);
        let plural =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let counted = if functions.is_empty() {
            plural(requests, "request", "requests")
        } else {
            format!(
                "{}, {}",
                plural(requests, "request", "requests"),
                plural(functions.len() as u64, "function", "functions")
            )
        };
        let _ = writeln!(
            out,
            "With {}: {}{} per full run ({counted}{})",
            loaded.display_path(),
            if calls > requests || !functions.is_empty() {
                "at most "
            } else {
                ""
            },
            plural(calls, "API call", "API calls"),
            match (calls > requests, functions.is_empty()) {
                (true, true) => "; a search counts a call per page, a bulk write per batch",
                (_, false) =>
                    "; a search counts a call per page, a bulk write per batch, a for_each step a call per record up to its max",
                (false, true) => "",
            },
        );
        for function in &functions {
            let _ = writeln!(out, "  {}", function.line(product));
        }
        if token_mode {
            // Token refreshes go to Zoho Accounts, not to the product's API: they cost no
            // API credits or calls, but Zoho mints at most 10 access tokens per 10 minutes.
            let _ = writeln!(
                out,
                "  plus {} to Zoho Accounts: not API calls or credits, but at most 10 access tokens per 10 minutes",
                plural(refreshes, "access-token refresh", "access-token refreshes"),
            );
            let by_tokens = TOKENS_PER_DAY / refreshes.max(1);
            let _ = writeln!(
                out,
                "  full runs per day: {} by the API budget, {} by Zoho's token limit: at most {}",
                group(by_budget),
                group(by_tokens),
                group(by_budget.min(by_tokens))
            );
        } else if spec_token {
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

/// The most calls one run of a function of steps sends, by product (steps may call other
/// products, whose calls count against those products' budgets).
struct FunctionCalls {
    name: String,
    /// (product, calls), in the order the steps first call each product.
    by_product: Vec<(Product, u64)>,
    /// (step, calls) of the steps that may send more than one call.
    several: Vec<(String, u64)>,
    /// True when a step uses the spec's own token (`auth: token`).
    token: bool,
}

impl FunctionCalls {
    fn calls_to(&self, product: Product) -> u64 {
        self.by_product
            .iter()
            .filter(|(p, _)| *p == product)
            .map(|(_, calls)| calls)
            .sum()
    }

    /// `function invoice-won-deal: at most 5 API calls a run: 2 to Zoho CRM, 3 to Zoho
    /// Books (...)`.
    fn line(&self, budget: Product) -> String {
        let total: u64 = self.by_product.iter().map(|(_, calls)| calls).sum();
        let mut line = format!(
            "function {}: at most {total} API call{} a run",
            self.name,
            if total == 1 { "" } else { "s" }
        );
        let shares: Vec<String> = self
            .by_product
            .iter()
            .map(|(product, calls)| format!("{calls} to {}", product.conventions().title()))
            .collect();
        line.push_str(&format!(": {}", shares.join(", ")));
        let others: Vec<&str> = self
            .by_product
            .iter()
            .filter(|(p, _)| *p != budget)
            .map(|(p, _)| p.conventions().title())
            .collect();
        if !others.is_empty() {
            let keys: Vec<&str> = self
                .by_product
                .iter()
                .filter(|(p, _)| *p != budget)
                .map(|(p, _)| p.key())
                .collect();
            line.push_str(&format!(
                " ({} of {}: delugen limits --product {})",
                if others.len() == 1 {
                    "those count against the budget"
                } else {
                    "those count against the budgets"
                },
                others.join(" and "),
                keys.join("|")
            ));
        }
        if !self.several.is_empty() {
            let steps: Vec<String> = self
                .several
                .iter()
                .map(|(step, calls)| format!("{step} {calls}"))
                .collect();
            line.push_str(&format!("; steps of several calls: {}", steps.join(", ")));
        }
        line
    }
}

/// Every function's calls a run, at most: each step once (a `when` step counted as if it
/// runs), a search per page, a bulk write per batch of the most it takes, a Creator delete
/// by criteria per round, a `for_each` step once per record of its max.
fn function_calls(spec: &crate::spec::Spec) -> Vec<FunctionCalls> {
    spec.functions
        .iter()
        .map(|function| {
            let mut calls = FunctionCalls {
                name: function.name.to_string(),
                by_product: Vec::new(),
                several: Vec::new(),
                token: false,
            };
            for step in &function.steps {
                let product = step.product.unwrap_or(spec.product);
                let sent = step_calls_at_most(product, step);
                calls.token |= matches!(
                    spec.auths.get(step.auth.as_str()),
                    Some(crate::spec::AuthEntry::Token)
                );
                match calls.by_product.iter_mut().find(|(p, _)| *p == product) {
                    Some((_, total)) => *total += sent,
                    None => calls.by_product.push((product, sent)),
                }
                if sent > 1 {
                    calls.several.push((step.name.to_string(), sent));
                }
            }
            calls
        })
        .collect()
}

/// The most calls one run of `step` sends in `product`.
fn step_calls_at_most(product: Product, step: &crate::spec::Step) -> u64 {
    use crate::spec::{FieldValue, Method, Value};
    let conventions = product.conventions();
    let once = if step.method == Method::Search {
        u64::from(step.max_pages.unwrap_or(conventions.paging().default_pages))
    } else if let Some(records) = &step.records {
        let most = match records {
            Value::List(items) => items.len() as u32,
            Value::Literal(FieldValue::List(items)) => items.len() as u32,
            _ => conventions.bulk_max_records(),
        };
        u64::from(most.div_ceil(conventions.bulk_chunk()))
    } else if step.deletes_by_criteria() && product == Product::Creator {
        u64::from(crate::zoho::creator::DELETE_ROUNDS)
    } else {
        1
    };
    let each = step.for_each.as_ref().map_or(1, |each| {
        u64::from(each.max.unwrap_or(crate::plan::DEFAULT_EACH_MAX))
    });
    once * each
}

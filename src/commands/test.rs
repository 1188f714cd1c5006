//! `delugen test SPEC...`: renders each spec in memory, runs every script it produces in
//! the simulated Zoho with the inputs' `example` values, and checks what each sent
//! against what the plan says it must: the data centre's hosts, the product's payload
//! shape, exactly the spec's fields, and that the answer is read (the id returned, a
//! refusal reported). Exit 0 all passed, 1 a check failed, 2 a spec could not be rendered.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Map, Value as Json};

use crate::batch::expand;
use crate::cli::TestArgs;
use crate::deluge::lint::{self, Outcome as LintOutcome};
use crate::exit;
use crate::generate::{process_env, unread_env};
use crate::plan::{Plan, ScriptPlan};
use crate::render::Renderer;
use crate::run::http::{Http, host_of};
use crate::run::simulate::Zoho;
use crate::run::{Outcome, Program, Value, eval::convert_argument, execute, time};
use crate::spec::{self, ArgType, LoadedSpec};
use crate::zoho::Payload;

/// The clock of every test run: fixed, so request logs are the same on every machine.
pub const TEST_NOW: &str = "2026-01-05 09:00:00";

/// A secret read from the environment, or `${NAME}` standing for itself when unset: the
/// simulation takes any client secret.
fn test_env(name: &str) -> Option<String> {
    process_env(name).or_else(|| unread_env(name))
}

pub fn run(args: &TestArgs, renderer: &Renderer, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut status = exit::SUCCESS;
    let (mut passed, mut failed) = (0, 0);
    for entry in expand(&args.specs) {
        let path = match entry {
            Ok(path) => path,
            Err(diagnostic) => {
                let _ = write!(err, "{diagnostic}");
                status = exit::ERROR;
                continue;
            }
        };
        let report = match test_spec(&path, renderer) {
            Ok(report) => report,
            Err(diagnostics) => {
                super::print_diagnostics(&diagnostics, err);
                status = exit::ERROR;
                continue;
            }
        };
        super::print_diagnostics(&report.warnings, err);
        let _ = writeln!(out, "{}", path.display());
        for script in &report.scripts {
            let mark = if script.failures.is_empty() {
                "ok  "
            } else {
                "FAIL"
            };
            let _ = writeln!(out, "  {mark} {}: {}", script.file, script.summary);
            for failure in &script.failures {
                let _ = writeln!(out, "       - {failure}");
            }
            if script.failures.is_empty() {
                passed += 1;
            } else {
                failed += 1;
                if status == exit::SUCCESS {
                    status = exit::FOUND;
                }
            }
        }
    }
    if !args.quiet {
        let _ = writeln!(
            err,
            "{} scripts tested: {passed} passed, {failed} failed",
            passed + failed
        );
    }
    status
}

/// What testing one spec found.
pub struct SpecReport {
    pub scripts: Vec<ScriptReport>,
    /// The spec's warnings, printed as every command that renders it prints them.
    pub warnings: Vec<spec::Diagnostic>,
}

pub struct ScriptReport {
    pub file: String,
    /// What it did, in one line.
    pub summary: String,
    pub failures: Vec<String>,
    /// Its run, for the request-log snapshots.
    pub log: Json,
}

/// Renders, runs and checks every script of the spec at `path`.
pub fn test_spec(
    path: &std::path::Path,
    renderer: &Renderer,
) -> Result<SpecReport, Vec<spec::Diagnostic>> {
    let loaded = spec::load(path)?;
    let plan =
        crate::plan::plan(&loaded, &test_env).map_err(|problems| loaded.diagnose(problems))?;
    let rendered = renderer.render(&plan).map_err(|error| {
        vec![spec::Diagnostic::whole_file(
            &loaded.display_path(),
            format!("cannot render: {error}"),
        )]
    })?;
    let mut programs: Vec<(ScriptPlan, Program)> = Vec::new();
    let mut reports = Vec::new();
    for script in &plan.scripts {
        let Some(file) = rendered
            .files
            .iter()
            .find(|f| f.path.ends_with(&format!("/{}", script.file_name)))
        else {
            continue;
        };
        match Program::parse(&script.file_name, &file.contents) {
            Ok(program) => programs.push((script.clone(), program)),
            Err(error) => reports.push(ScriptReport {
                file: script.file_name.clone(),
                summary: "does not parse".into(),
                failures: vec![format!("{}:{error}", script.file_name)],
                log: Json::Null,
            }),
        }
    }
    let library: Vec<Program> = programs
        .iter()
        .map(|(_, p)| p)
        .filter(|p| p.signature.is_some())
        .map(|p| Program {
            file: p.file.clone(),
            script: p.script.clone(),
            signature: p.signature.clone(),
        })
        .collect();
    let base = seeded_zoho(&plan);
    for (script, program) in &programs {
        let mut report = Tester {
            loaded: &loaded,
            plan: &plan,
            script,
            program,
            library: &library,
            base: &base,
            failures: Vec::new(),
        }
        .check();
        if let Some(file) = rendered
            .files
            .iter()
            .find(|f| f.path.ends_with(&format!("/{}", script.file_name)))
        {
            match lint::lint(&file.contents) {
                LintOutcome::Syntax(error) => report.failures.push(format!("{error}")),
                LintOutcome::Findings(findings) => {
                    for finding in findings {
                        report.failures.push(format!(
                            "lint {} {} at {}: {}",
                            finding.rule.code, finding.rule.name, finding.pos, finding.message
                        ));
                    }
                }
            }
        }
        reports.push(report);
    }
    Ok(SpecReport {
        scripts: reports,
        warnings: loaded.warnings.clone(),
    })
}

/// The simulated Zoho a spec's scripts start from: a token store already set up as the
/// handover asks (client secret and a refresh token in it).
fn seeded_zoho(plan: &Plan) -> Zoho {
    let mut zoho = Zoho::default();
    // Deluge's own tasks call the API of the data centre the scripts run in.
    zoho.home = crate::zoho::Region::ALL
        .into_iter()
        .find(|r| r.key() == plan.handover.spec.region.key);
    let Some(script) = plan.scripts.iter().find(|s| s.context.token.is_some()) else {
        return zoho;
    };
    let (Some(token), Some(oauth)) = (&script.context.token, &script.context.oauth) else {
        return zoho;
    };
    // A store-backed spec may hold no secret at all: the store does.
    let secret = if oauth.client_secret.is_empty() {
        "simulated-client-secret"
    } else {
        oauth.client_secret.as_str()
    };
    match token.store {
        "crm_variables" => {
            zoho.put_variable(&token.slots.client_secret, secret);
            zoho.put_variable(&token.slots.refresh_token, "1000.seeded.refresh");
            zoho.put_variable(&token.slots.access_token, "");
            zoho.put_variable(&token.slots.expiry, "");
        }
        "creator_form" => {
            let mut record = Map::new();
            record.insert(token.key_field.clone(), token.key.clone().into());
            record.insert(token.slots.client_secret.clone(), secret.into());
            record.insert(
                token.slots.refresh_token.clone(),
                "1000.seeded.refresh".into(),
            );
            record.insert(token.slots.access_token.clone(), "".into());
            record.insert(token.slots.expiry.clone(), "".into());
            zoho.put_form_record(&token.form, record);
        }
        _ => {}
    }
    zoho
}

struct Tester<'a> {
    loaded: &'a LoadedSpec,
    plan: &'a Plan,
    script: &'a ScriptPlan,
    program: &'a Program,
    library: &'a [Program],
    base: &'a Zoho,
    failures: Vec<String>,
}

impl Tester<'_> {
    fn now(&self) -> i64 {
        time::parse_default(TEST_NOW).map_or(0, |(secs, _)| secs)
    }

    fn run(&self, zoho: &mut Zoho, args: &[(String, Value)], now: i64) -> Outcome {
        execute(self.program, self.library, args, now, zoho as &mut dyn Http)
    }

    fn check(mut self) -> ScriptReport {
        let args = self.arguments();
        let mut zoho = self.base.clone();
        self.prepare(&mut zoho, &args);
        let before = zoho.clone();
        let now = self.now();
        let outcome = self.run(&mut zoho, &args, now);
        let redactor = crate::commands::run::log_redactor(&outcome, &self.plan.secrets);
        let log = crate::commands::run::outcome_json(&outcome, &redactor);
        if let Some(stop) = &outcome.stop {
            self.failures.push(format!(
                "{}:{}: {}",
                self.script.file_name,
                stop.pos(),
                stop.message()
            ));
        }
        self.check_hosts(&outcome);
        let summary = match (
            self.script.template,
            &self.script.context.request,
            &self.script.context.token,
        ) {
            ("grant-url.dg", _, _) => self.check_grant_url(&outcome),
            ("refresh-token.dg", _, _) => self.check_refresh_token(&outcome, &zoho),
            ("access-token.dg", _, token) => {
                let inline = token.as_ref().is_none_or(|t| t.expression.is_none());
                self.check_access_token(&outcome, &args, inline)
            }
            ("creator-native.dg", Some(_), _) => self.check_native(&before, &zoho, &outcome, &args),
            (_, Some(_), _) => self.check_request(&outcome, &args),
            _ => describe(&outcome),
        };
        ScriptReport {
            file: self.script.file_name.clone(),
            summary,
            failures: self.failures,
            log,
        }
    }

    /// The request this script is about (None for the token scripts and callers).
    fn request(&self) -> Option<&crate::spec::Request> {
        let name = self
            .script
            .context
            .request
            .as_ref()
            .map(|r| r.name.clone())
            .or_else(|| {
                self.script
                    .context
                    .caller
                    .as_ref()
                    .map(|c| c.file.trim_end_matches(".dg").to_string())
            })?;
        self.loaded
            .spec
            .requests
            .iter()
            .find(|r| r.name.as_str() == name)
    }

    /// A value for every parameter: the input's `example`, or one of its type.
    fn arguments(&self) -> Vec<(String, Value)> {
        let Some(signature) = &self.program.signature else {
            return Vec::new();
        };
        let request = self.request();
        let bulk_delete = self
            .script
            .context
            .request
            .as_ref()
            .is_some_and(|r| r.kind == "bulk" && r.verb == "DELETE");
        // One value per input of the spec: its example, or one of its type.
        let input_value = |input: &crate::spec::Input| -> Value {
            let name = input.name.as_str();
            input
                .example
                .as_ref()
                .and_then(|e| serde_json::to_value(e).ok())
                .map(|json| Value::from_json(&json))
                .unwrap_or_else(|| {
                    let keys = self.keys_read_from(name);
                    default_value(Some(input.kind), "", name, bulk_delete, &keys)
                })
        };
        signature
            .params
            .iter()
            .map(|(kind, name)| {
                let input = request.and_then(|r| r.inputs.get(name));
                // A Books workflow function is given the record's Map and reads the
                // inputs from it (`contact.get("contacts")`): the Map holds them all.
                if input.is_none()
                    && kind.eq_ignore_ascii_case("map")
                    && let Some(request) = request
                    && !request.inputs.is_empty()
                {
                    let record = Value::map_of(
                        request
                            .inputs
                            .0
                            .iter()
                            .map(|i| (i.name.as_str().to_string(), input_value(i))),
                    );
                    return (name.clone(), record);
                }
                let example = input
                    .and_then(|i| i.example.as_ref())
                    .and_then(|e| serde_json::to_value(e).ok())
                    .map(|json| Value::from_json(&json));
                let keys = self.keys_read_from(name);
                let value = example.unwrap_or_else(|| {
                    default_value(input.map(|i| i.kind), kind, name, bulk_delete, &keys)
                });
                let at = crate::deluge::lexer::Pos::default();
                let value = convert_argument(kind, value.clone(), at).unwrap_or(value);
                (name.clone(), value)
            })
            .collect()
    }

    /// The keys the record reads from a Map argument (`contact.contact_id` → contact_id).
    fn keys_read_from(&self, argument: &str) -> Vec<String> {
        let Some(request) = &self.script.context.request else {
            return Vec::new();
        };
        let prefix = format!("← argument {argument}.");
        request
            .record
            .iter()
            .filter_map(|field| field.shown().strip_prefix(&prefix).map(str::to_string))
            .collect()
    }

    /// Records the script reads, updates or deletes by id exist in the simulation.
    fn prepare(&self, zoho: &mut Zoho, args: &[(String, Value)]) {
        let Some(request) = &self.script.context.request else {
            return;
        };
        if request.record_id_code.is_empty() {
            return;
        }
        let url = concrete_url(&request.url, args);
        if let Some(id) = last_segment(&url) {
            match &self.script.context.task {
                Some(task) if task.template == "creator-native.dg" => {
                    zoho.ensure_form_record(&task.form, &id)
                }
                _ => zoho.ensure_record(&url, &id),
            }
        }
    }

    /// A Creator script on its own application (`insert into`, a fetch updated by
    /// assignment, `delete from`) sends nothing: the form's records before and after the
    /// run say what it did.
    fn check_native(
        &mut self,
        before: &Zoho,
        after: &Zoho,
        outcome: &Outcome,
        args: &[(String, Value)],
    ) -> String {
        let (Some(request), Some(task)) = (&self.script.context.request, &self.script.context.task)
        else {
            return describe(outcome);
        };
        let form = task.form.as_str();
        let id_of = |record: &Map<String, Json>| match record.get("ID") {
            Some(Json::String(id)) => id.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let (old, new) = (before.form(form), after.form(form));
        let planned: Vec<&str> = request.record.iter().map(|f| f.name()).collect();
        let target = last_segment(&concrete_url(&request.url, args))
            .filter(|_| !request.record_id_code.is_empty());
        let fields_of = |record: &Map<String, Json>| -> Vec<String> {
            record.keys().filter(|k| *k != "ID").cloned().collect()
        };
        match request.verb {
            "POST" => {
                let added: Vec<&Map<String, Json>> = new
                    .iter()
                    .filter(|r| !old.iter().any(|o| id_of(o) == id_of(r)))
                    .collect();
                if request.kind == "bulk" {
                    if added.is_empty() {
                        self.failures
                            .push(format!("insert into {form} added no record"));
                    }
                    return format!("insert into {form}: {} records", added.len());
                }
                let [record] = added.as_slice() else {
                    self.failures.push(format!(
                        "insert into {form} added {} records, not one",
                        added.len()
                    ));
                    return describe(outcome);
                };
                let sent = fields_of(record);
                let missing: Vec<&str> = planned
                    .iter()
                    .filter(|n| !sent.iter().any(|s| s == *n))
                    .copied()
                    .collect();
                if !missing.is_empty() {
                    self.failures.push(format!(
                        "the record inserted lacks the spec's fields [{}]",
                        missing.join(", ")
                    ));
                }
                let id = id_of(record);
                let mut summary = format!("insert into {form}, {} fields", sent.len());
                if outcome.returned.as_ref().is_some_and(|v| v.display() == id) {
                    summary.push_str(&format!(", ID {id} read back"));
                }
                summary
            }
            "PUT" | "PATCH" => {
                let Some(id) = target else {
                    return describe(outcome);
                };
                match new.iter().find(|r| id_of(r) == id) {
                    Some(record) => {
                        let missing: Vec<&str> = planned
                            .iter()
                            .filter(|n| !record.contains_key(**n))
                            .copied()
                            .collect();
                        if !missing.is_empty() {
                            self.failures.push(format!(
                                "record {id} of {form} was not given the spec's fields [{}]",
                                missing.join(", ")
                            ));
                        }
                        format!("{form}[ID == {id}] updated, {} fields", planned.len())
                    }
                    None => {
                        self.failures
                            .push(format!("record {id} of {form} is gone after the update"));
                        describe(outcome)
                    }
                }
            }
            "DELETE" => {
                let removed = old
                    .iter()
                    .filter(|o| !new.iter().any(|r| id_of(r) == id_of(o)))
                    .count();
                if let Some(id) = target
                    && new.iter().any(|r| id_of(r) == id)
                {
                    self.failures
                        .push(format!("delete from {form} left record {id} in place"));
                }
                let noun = if removed == 1 { "record" } else { "records" };
                format!("delete from {form}: {removed} {noun}")
            }
            _ => describe(outcome),
        }
    }

    fn check_hosts(&mut self, outcome: &Outcome) {
        let dc = self.loaded.spec.region.data_centre();
        let mut allowed = vec![host_of(dc.accounts), host_of(dc.api)];
        for script in &self.plan.scripts {
            if let Some(token) = &script.context.token
                && !token.variables_url.is_empty()
            {
                allowed.push(host_of(&token.variables_url));
            }
        }
        for exchange in &outcome.exchanges {
            let host = exchange.request.host();
            if !allowed.contains(&host) {
                self.failures.push(format!(
                    "sent {} to {host}, outside the spec's data centre {} ({} and {})",
                    exchange.request.method,
                    dc.key,
                    host_of(dc.accounts),
                    host_of(dc.api)
                ));
            }
        }
    }

    fn check_grant_url(&mut self, outcome: &Outcome) -> String {
        let dc = self.loaded.spec.region.data_centre();
        if !outcome.exchanges.is_empty() {
            self.failures
                .push("the grant URL script sends requests".into());
        }
        let shown = outcome
            .info
            .iter()
            .any(|line| line.starts_with(&format!("{}/oauth/v2/auth?", dc.accounts)));
        if !shown {
            self.failures.push(format!(
                "prints no grant URL on {}/oauth/v2/auth",
                dc.accounts
            ));
        }
        "prints the grant URL, sends nothing".into()
    }

    fn check_refresh_token(&mut self, outcome: &Outcome, zoho: &Zoho) -> String {
        let Some(token) = &self.script.context.token else {
            return describe(outcome);
        };
        let minted = outcome.exchanges.iter().find_map(|e| {
            serde_json::from_str::<Json>(&e.response.body)
                .ok()?
                .get("refresh_token")?
                .as_str()
                .map(str::to_string)
        });
        let Some(minted) = minted else {
            self.failures
                .push("no refresh token came back from the token endpoint".into());
            return describe(outcome);
        };
        match token.store {
            "crm_variables" => {
                if zoho.variable(&token.slots.refresh_token).as_deref() != Some(minted.as_str()) {
                    self.failures.push(format!(
                        "the refresh token is not stored in the CRM Variable {}",
                        token.slots.refresh_token
                    ));
                }
            }
            "creator_form" => {
                let stored = zoho.form(&token.form).iter().any(|r| {
                    r.get(&token.slots.refresh_token).and_then(Json::as_str)
                        == Some(minted.as_str())
                });
                if !stored {
                    self.failures.push(format!(
                        "the refresh token is not stored in {}.{}",
                        token.form, token.slots.refresh_token
                    ));
                }
            }
            _ => {
                if !outcome.info.iter().any(|line| line.contains(&minted)) {
                    self.failures
                        .push("does not print the refresh token".into());
                }
            }
        }
        format!(
            "{}; refresh token {}",
            describe(outcome),
            if token.store == "inline" {
                "printed"
            } else {
                "stored"
            }
        )
    }

    /// Inline: 11 runs in 10 minutes, the 11th is refused `Access Denied` and says so.
    /// Store-backed: two runs a minute apart mint one token; the second reuses it.
    fn check_access_token(
        &mut self,
        first: &Outcome,
        args: &[(String, Value)],
        inline: bool,
    ) -> String {
        let now = self.now();
        let mut zoho = self.base.clone();
        let mut last = None;
        let runs = if inline { 11 } else { 2 };
        for i in 0..runs {
            last = Some(self.run(&mut zoho, args, now + i * 55));
        }
        let last = last.unwrap_or_else(|| self.run(&mut zoho, args, now));
        if inline {
            let denied = last.info.iter().any(|line| line.contains("Access Denied"));
            if !denied {
                self.failures
                    .push("the 11th run in 10 minutes does not report Zoho's Access Denied".into());
            }
            if !first.info.iter().any(|line| line.contains("1000.sima")) {
                self.failures
                    .push("does not print the access token it got".into());
            }
            format!(
                "{}; the 11th run in 10 minutes reports Access Denied",
                describe(first)
            )
        } else {
            if zoho.tokens_minted() != 1 {
                self.failures.push(format!(
                    "two runs a minute apart minted {} access tokens; the stored one should be reused",
                    zoho.tokens_minted()
                ));
            }
            let returned = last
                .returned
                .as_ref()
                .map(Value::display)
                .unwrap_or_default();
            if !returned.starts_with("1000.sima") {
                self.failures.push(format!(
                    "the second run returned {returned:?}, not the stored token"
                ));
            }
            format!(
                "{}; a second run reuses the stored token (1 minted)",
                describe(first)
            )
        }
    }

    fn check_request(&mut self, outcome: &Outcome, args: &[(String, Value)]) -> String {
        let Some(request) = self.script.context.request.clone() else {
            return describe(outcome);
        };
        let product = self.loaded.spec.product;
        let base_url = concrete_url(&request.url, args);
        let path = base_url.split('?').next().unwrap_or_default().to_string();
        let sent: Vec<_> = outcome
            .exchanges
            .iter()
            .filter(|e| {
                e.request.method == request.verb
                    && e.request
                        .url
                        .split('?')
                        .next()
                        .unwrap_or_default()
                        .starts_with(path.split("/search").next().unwrap_or_default())
            })
            .collect();
        let Some(main) = sent.first() else {
            self.failures.push(format!(
                "sent no {} to {} (it sent: {})",
                request.verb,
                path,
                outcome
                    .exchanges
                    .iter()
                    .map(|e| format!("{} {}", e.request.method, e.request.url))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return describe(outcome);
        };
        let mut summary = format!(
            "{}{} {}",
            main.request
                .task
                .as_ref()
                .map(|task| format!("{task}: "))
                .unwrap_or_default(),
            main.request.method,
            main.request.url.split('?').next().unwrap_or_default()
        );
        if matches!(request.kind, "write" | "bulk") && request.verb != "DELETE" {
            let before = self.failures.len();
            let records = self.payload_records(&main.request, request.payload);
            let shape_ok = self.failures.len() == before;
            if request.kind == "write"
                && let Some(record) = records.first()
            {
                let sent: Vec<&str> = record.keys().map(String::as_str).collect();
                let planned: Vec<&str> = request.record.iter().map(|f| f.name()).collect();
                let missing: Vec<&str> = planned
                    .iter()
                    .filter(|n| !sent.contains(n))
                    .copied()
                    .collect();
                let extra: Vec<&str> = sent
                    .iter()
                    .filter(|n| !planned.contains(n))
                    .copied()
                    .collect();
                if !missing.is_empty() || !extra.is_empty() {
                    self.failures.push(format!(
                        "the record sent is not the spec's fields: missing [{}], not in the spec [{}]",
                        missing.join(", "),
                        extra.join(", ")
                    ));
                }
                summary.push_str(&format!(", {} fields", sent.len()));
            }
            self.check_answer_read(outcome, &request, &mut summary);
            // A payload Zoho refuses already fails; refusing it once more shows nothing new.
            if shape_ok {
                self.check_refusal_reported(args, &mut summary);
            }
        }
        let _ = product;
        summary
    }

    /// The record(s) of a write, as the product's payload convention carries them; a
    /// payload in another shape is a failure naming what Zoho would answer.
    fn payload_records(
        &mut self,
        request: &crate::run::http::Request,
        payload: Payload,
    ) -> Vec<Map<String, Json>> {
        let objects = |items: &[Json]| -> Vec<Map<String, Json>> {
            items
                .iter()
                .filter_map(|i| i.as_object().cloned())
                .collect()
        };
        match payload {
            Payload::DataArray => match request.json_body() {
                Some(body) if body.get("JSONString").is_some() => {
                    self.failures.push(
                        "sent the CRM record under \"JSONString\": CRM takes records as a list under \"data\" (Zoho answers MANDATORY_NOT_FOUND api_name data)".into(),
                    );
                    Vec::new()
                }
                Some(body) => match body.get("data") {
                    Some(Json::Array(items)) => objects(items),
                    Some(_) => {
                        self.failures.push("\"data\" is not a JSON array (Zoho answers INVALID_DATA expected_data_type jsonarray)".into());
                        Vec::new()
                    }
                    None => {
                        self.failures.push("the CRM body has no \"data\" (Zoho answers MANDATORY_NOT_FOUND api_name data)".into());
                        Vec::new()
                    }
                },
                None => {
                    self.failures.push("the CRM body is not JSON text (Zoho answers INVALID_DATA expected_data_type jsonobject): send m_Body.toString()".into());
                    Vec::new()
                }
            },
            Payload::DataObject => match request.json_body().and_then(|b| b.get("data").cloned()) {
                Some(Json::Object(record)) => vec![record],
                Some(Json::Array(items)) => objects(&items),
                _ => {
                    self.failures
                        .push("the Creator body has no \"data\" object as JSON text".into());
                    Vec::new()
                }
            },
            Payload::JsonStringForm => {
                let text = request.form.as_ref().and_then(|f| f.get("JSONString"));
                match text.and_then(|t| serde_json::from_str::<Json>(t).ok()) {
                    Some(Json::Object(record)) => vec![record],
                    _ => {
                        self.failures.push("Books v3 form: no JSONString field holding the record's JSON (Zoho answers code 4 Invalid value passed for JSONString)".into());
                        Vec::new()
                    }
                }
            }
            Payload::JsonBody => {
                if !request
                    .content_type
                    .as_deref()
                    .is_some_and(|c| c.contains("application/json"))
                {
                    self.failures
                        .push("a JSON body sent without content-type application/json".into());
                }
                match request.json_body() {
                    Some(Json::Object(record)) if record.get("JSONString").is_none() => {
                        vec![record]
                    }
                    _ => {
                        self.failures
                            .push("Books JSON body: the body is not the record's JSON text".into());
                        Vec::new()
                    }
                }
            }
            Payload::Nothing => Vec::new(),
        }
    }

    /// The id Zoho answered is what the function returns (or what its log says).
    fn check_answer_read(
        &mut self,
        outcome: &Outcome,
        request: &crate::plan::RequestPlan,
        summary: &mut String,
    ) {
        let answered: Vec<String> = outcome
            .exchanges
            .iter()
            .filter_map(|e| serde_json::from_str::<Json>(&e.response.body).ok())
            .flat_map(|answer| {
                answer_ids(&answer, &request.answer.record_key, &request.answer.id_key)
            })
            .collect();
        let Some(id) = answered.first() else {
            let refusal = outcome
                .exchanges
                .iter()
                .filter_map(|e| serde_json::from_str::<Json>(&e.response.body).ok())
                .find_map(|answer| refusal_code(&answer));
            self.failures.push(match refusal {
                Some(code) => {
                    format!("the simulated Zoho refused it ({code}): no record id came back")
                }
                None => "the simulated Zoho answered no record id".into(),
            });
            return;
        };
        let returned = outcome.returned.as_ref();
        match returned {
            Some(Value::List(items)) => {
                let items: Vec<String> = items.borrow().iter().map(Value::display).collect();
                if items != answered {
                    self.failures.push(format!(
                        "returned {items:?}, but Zoho answered the ids {answered:?}"
                    ));
                }
            }
            Some(value) => {
                if value.display() != *id {
                    self.failures.push(format!(
                        "returned {:?}, but Zoho answered the id {id}",
                        value.display()
                    ));
                }
            }
            None => {
                if !outcome.info.iter().any(|line| line.contains(id.as_str()))
                    && !outcome.info.iter().any(|line| line.starts_with("Done: "))
                {
                    self.failures
                        .push(format!("its log does not report the id {id}"));
                }
            }
        }
        summary.push_str(&format!(", id {id} read back"));
    }

    /// Run again with Zoho refusing the write: the script must say so (its log names
    /// Zoho's code) and return no id.
    fn check_refusal_reported(&mut self, args: &[(String, Value)], summary: &mut String) {
        let mut zoho = self.base.clone();
        self.prepare(&mut zoho, args);
        zoho.refuse_writes = 100;
        let outcome = self.run(&mut zoho, args, self.now());
        let code = outcome
            .exchanges
            .iter()
            .filter_map(|e| serde_json::from_str::<Json>(&e.response.body).ok())
            .find_map(|answer| refusal_code(&answer));
        let Some(code) = code else {
            self.failures
                .push("a refused write got no refusal from the simulation".into());
            return;
        };
        let reported = outcome
            .info
            .iter()
            .chain(outcome.mails.iter().map(|m| &m.message))
            .any(|line| line.contains(&code));
        if !reported {
            self.failures.push(format!(
                "when Zoho refuses the write ({code}), the script's log does not say so"
            ));
        }
        let returned_id = match &outcome.returned {
            Some(Value::Text(text)) => !text.is_empty(),
            Some(Value::List(items)) => items.borrow().iter().any(|v| !v.display().is_empty()),
            _ => false,
        };
        if returned_id {
            self.failures
                .push("when Zoho refuses the write, the function still returns an id".into());
        }
        summary.push_str(&format!("; a refusal ({code}) is reported"));
    }
}

/// The ids a write answer holds: CRM `data[].details.id`, Creator `data.ID` (or
/// `result[].data.ID`), Books `<record_key>.<id_key>`.
fn answer_ids(answer: &Json, record_key: &str, id_key: &str) -> Vec<String> {
    let text = |v: &Json| match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if let Some(Json::Array(items)) = answer.get("data") {
        return items
            .iter()
            .filter_map(|i| i.get("details")?.get("id").and_then(text))
            .collect();
    }
    if let Some(id) = answer.get("data").and_then(|d| d.get("ID")).and_then(text) {
        return vec![id];
    }
    if let Some(Json::Array(items)) = answer.get("result") {
        return items
            .iter()
            .filter_map(|i| i.get("data")?.get("ID").and_then(text))
            .collect();
    }
    if !record_key.is_empty()
        && let Some(id) = answer
            .get(record_key)
            .and_then(|r| r.get(id_key))
            .and_then(text)
    {
        return vec![id];
    }
    Vec::new()
}

/// The code of a refusal the simulation gave: CRM `MANDATORY_NOT_FOUND`, Books 1002, Creator 3001.
fn refusal_code(answer: &Json) -> Option<String> {
    if let Some(Json::Array(items)) = answer.get("data") {
        return items
            .iter()
            .find(|i| i.get("status").and_then(Json::as_str) == Some("error"))
            .and_then(|i| i.get("code")?.as_str().map(str::to_string));
    }
    match answer.get("code") {
        Some(Json::Number(n)) if n.as_i64() != Some(0) && n.as_i64() != Some(3000) => {
            Some(n.to_string())
        }
        // A CRM request refused as a whole: {"code": "MANDATORY_NOT_FOUND", "status": "error"}.
        Some(Json::String(code))
            if answer.get("status").and_then(Json::as_str) == Some("error") =>
        {
            Some(code.clone())
        }
        _ => None,
    }
}

/// One line for a script whose checks are only hosts and a clean run.
fn describe(outcome: &Outcome) -> String {
    match outcome.exchanges.len() {
        0 => "sends nothing".into(),
        1 => format!(
            "sends {}",
            outcome.exchanges[0]
                .request
                .line()
                .split('?')
                .next()
                .unwrap_or_default()
        ),
        n => format!("sends {n} requests"),
    }
}

/// The plan's address with `{argument}` replaced by the argument's value.
fn concrete_url(url: &str, args: &[(String, Value)]) -> String {
    let mut url = url.to_string();
    let mut values: HashMap<String, String> =
        args.iter().map(|(n, v)| (n.clone(), v.display())).collect();
    // A Books workflow function reads its inputs from the record's Map.
    for (_, value) in args {
        if let Value::Map(map) = value {
            for (key, item) in map.borrow().iter() {
                values.entry(key.clone()).or_insert_with(|| item.display());
            }
        }
    }
    while let Some(start) = url.find('{') {
        let Some(len) = url[start..].find('}') else {
            break;
        };
        let name = &url[start + 1..start + len];
        let root = name.split('.').next().unwrap_or(name);
        let value = values.get(root).cloned().unwrap_or_default();
        url.replace_range(start..start + len + 1, &value);
    }
    url
}

fn last_segment(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let last = path.rsplit('/').next()?;
    (!last.is_empty() && last.chars().all(|c| c.is_ascii_digit())).then(|| last.to_string())
}

/// A value for a parameter without an example: ids for ids, a record for records.
fn default_value(
    kind: Option<ArgType>,
    declared: &str,
    name: &str,
    bulk_delete: bool,
    keys: &[String],
) -> Value {
    let lower = declared.to_ascii_lowercase();
    match (kind, lower.as_str()) {
        (Some(ArgType::Int), _) | (None, "int" | "long") => Value::Long(4_150_868_000_000_000_901),
        (Some(ArgType::Decimal), _) | (None, "decimal") => Value::Decimal(12.5),
        (Some(ArgType::Bool), _) | (None, "bool" | "boolean") => Value::Bool(true),
        (Some(ArgType::Date), _) | (None, "date") => Value::Date(time::days_from_civil(2026, 1, 5)),
        (Some(ArgType::DateTime), _) | (None, "datetime") => {
            Value::DateTime(time::from_parts(2026, 1, 5, 9, 0, 0))
        }
        (Some(ArgType::Map), _) | (None, "map") if !keys.is_empty() => Value::map_of(
            keys.iter()
                .map(|key| (key.clone(), default_value(None, "string", key, false, &[]))),
        ),
        (Some(ArgType::Map), _) | (None, "map") => Value::map_of([
            ("id".to_string(), Value::text("4150868000000000902")),
            ("name".to_string(), Value::text(format!("example {name}"))),
        ]),
        (Some(ArgType::List), _) | (None, "list") if bulk_delete => Value::new_list(vec![
            Value::text("4150868000000000903"),
            Value::text("4150868000000000904"),
        ]),
        (Some(ArgType::List), _) | (None, "list") => Value::new_list(
            (1..=2)
                .map(|i| {
                    Value::map_of([
                        ("Last_Name".to_string(), Value::text(format!("Example {i}"))),
                        (
                            "Email".to_string(),
                            Value::text(format!("example{i}@example.com")),
                        ),
                    ])
                })
                .collect(),
        ),
        // An id given as text (`contact_id`): digits, as Zoho's ids are.
        _ if name.ends_with("id") => Value::text("4150868000000000905"),
        _ if name.contains("email") => Value::text(format!("{name}@example.com")),
        _ => Value::text(format!("example {name}")),
    }
}

/// `delugen diff --requests`: what one script sends before (`disk`) and after (`new`) a
/// regeneration, each run in a fresh simulation with the same arguments: one line per
/// request (method, address, the record's fields), and the fields added or dropped.
pub fn request_changes(
    spec_path: &std::path::Path,
    file_name: &str,
    disk: &str,
    new: &str,
) -> Vec<String> {
    let Ok(loaded) = spec::load(spec_path) else {
        return Vec::new();
    };
    let Ok(plan) = crate::plan::plan(&loaded, &test_env) else {
        return Vec::new();
    };
    let Some(script) = plan.scripts.iter().find(|s| s.file_name == file_name) else {
        return Vec::new();
    };
    let base = seeded_zoho(&plan);
    let redactor = crate::redact::Redactor::new(plan.secrets.iter().map(String::as_str));
    let run_one = |source: &str| -> Option<Vec<(String, Vec<String>)>> {
        let program = Program::parse(file_name, source).ok()?;
        let tester = Tester {
            loaded: &loaded,
            plan: &plan,
            script,
            program: &program,
            library: &[],
            base: &base,
            failures: Vec::new(),
        };
        let args = tester.arguments();
        let mut zoho = base.clone();
        tester.prepare(&mut zoho, &args);
        let outcome = tester.run(&mut zoho, &args, tester.now());
        Some(
            outcome
                .exchanges
                .iter()
                .map(|e| {
                    let shown = crate::run::http::redacted(&e.request, &redactor);
                    (shown.line(), sent_fields(&e.request))
                })
                .collect(),
        )
    };
    let (Some(before), Some(after)) = (run_one(disk), run_one(new)) else {
        return vec!["  (one side does not parse: no requests compared)".into()];
    };
    if before == after {
        return vec!["  requests: the same".into()];
    }
    let show = |label: &str, requests: &[(String, Vec<String>)], lines: &mut Vec<String>| {
        if requests.is_empty() {
            lines.push(format!("  {label} no requests"));
        }
        for (line, fields) in requests {
            let fields = if fields.is_empty() {
                String::new()
            } else {
                format!("  [{}]", fields.join(", "))
            };
            lines.push(format!("  {label} {line}{fields}"));
        }
    };
    let mut lines = Vec::new();
    show("before:", &before, &mut lines);
    show("after: ", &after, &mut lines);
    for ((line, old), (_, new)) in before.iter().zip(after.iter()) {
        let added: Vec<&String> = new.iter().filter(|f| !old.contains(f)).collect();
        let dropped: Vec<&String> = old.iter().filter(|f| !new.contains(f)).collect();
        let line = line.split('?').next().unwrap_or_default();
        if !added.is_empty() {
            let added: Vec<&str> = added.iter().map(|s| s.as_str()).collect();
            lines.push(format!("  {line} now also sends {}", added.join(", ")));
        }
        if !dropped.is_empty() {
            let dropped: Vec<&str> = dropped.iter().map(|s| s.as_str()).collect();
            lines.push(format!("  {line} no longer sends {}", dropped.join(", ")));
        }
    }
    lines
}

/// The names a request carries: the record's fields (CRM `data[0]`, Creator `data`,
/// Books `JSONString` or JSON body), else the top-level body keys or form fields.
fn sent_fields(request: &crate::run::http::Request) -> Vec<String> {
    let keys = |map: &Map<String, Json>| map.keys().cloned().collect::<Vec<_>>();
    if let Some(body) = request.json_body() {
        return match body.get("data") {
            Some(Json::Array(items)) => items
                .first()
                .and_then(Json::as_object)
                .map(keys)
                .unwrap_or_default(),
            Some(Json::Object(record)) => keys(record),
            _ => body.as_object().map(keys).unwrap_or_default(),
        };
    }
    if let Some(form) = &request.form {
        if let Some(Ok(Json::Object(record))) = form
            .get("JSONString")
            .map(|t| serde_json::from_str::<Json>(t))
        {
            return keys(&record);
        }
        return form.keys().cloned().collect();
    }
    Vec::new()
}

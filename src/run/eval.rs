//! Statements and expressions, walked over the parser's AST. One environment per
//! function call; built-ins come from `builtins.rs`, everything outside the script from
//! an [`Http`]. Anything delugen does not know stops the run with its place
//! ([`Stop::Unsupported`]): a run never goes on with a guessed value.

use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use serde::Serialize;

use super::builtins;
use super::http::{Http, Mail, Request, Response};
use super::value::{Records, Value};
use crate::deluge::ast::{Expr, ExprKind, FunctionHeader, Param, Script, Stmt, StmtKind};
use crate::deluge::lexer::Pos;

/// Why a run stopped before its end.
#[derive(Debug, Clone)]
pub enum Stop {
    /// Something delugen's interpreter does not know (exit 2): `X` in
    /// `FILE:LINE:COL: delugen run does not support X`.
    Unsupported { pos: Pos, what: String },
    /// An error Zoho would stop the script with too (an index out of range, text where a
    /// number belongs); `try`/`catch` catches it (exit 1).
    Error { pos: Pos, message: String },
    /// The run cannot go on for a reason outside the script (an answers file without an
    /// answer for a request, a missing argument): exit 2.
    Fatal { pos: Pos, message: String },
}

impl Stop {
    pub fn error(pos: Pos, message: impl Into<String>) -> Stop {
        Stop::Error {
            pos,
            message: message.into(),
        }
    }

    pub fn unsupported(pos: Pos, what: impl Into<String>) -> Stop {
        Stop::Unsupported {
            pos,
            what: what.into(),
        }
    }

    pub fn pos(&self) -> Pos {
        match self {
            Stop::Unsupported { pos, .. } | Stop::Error { pos, .. } | Stop::Fatal { pos, .. } => {
                *pos
            }
        }
    }

    /// The message after `FILE:LINE:COL: `.
    pub fn message(&self) -> String {
        match self {
            Stop::Unsupported { what, .. } => format!("delugen run does not support {what}"),
            Stop::Error { message, .. } => format!("error: {message}"),
            Stop::Fatal { message, .. } => message.clone(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Stop>;

enum Flow {
    Next,
    Break,
    Continue,
    Return(Value),
}

/// One thing the run did, in order: a line of `info`, a request with its answer, a mail.
#[derive(Debug, Clone)]
pub enum Event {
    Info(String),
    Request(usize),
    Mail(usize),
}

#[derive(Debug, Clone, Serialize)]
pub struct Exchange {
    pub request: Request,
    pub response: Response,
    /// The run's clock when it was sent (dd-MMM-yyyy HH:mm:ss).
    pub at: String,
}

/// A function of the file (or of another script, `test` and `--function`).
#[derive(Debug, Clone)]
pub struct Function {
    pub header: FunctionHeader,
    pub body: Rc<Vec<Stmt>>,
    /// Where it came from, for messages.
    pub file: String,
}

/// The first word of a function's name in Zoho (`standalone.fn`, `thisapp.ns.fn`).
const FUNCTION_NAMESPACES: [&str; 5] =
    ["thisapp", "standalone", "automation", "button", "schedule"];

/// Zoho CRM's limit of statements per function run (Zoho's functions-limits page).
pub const STATEMENT_LIMIT: usize = 200_000;
/// Calls nested deeper than this stop the run (a function that calls itself forever).
pub const CALL_DEPTH: usize = 64;

pub struct Interpreter<'h> {
    pub http: &'h mut dyn Http,
    pub functions: HashMap<String, Function>,
    /// zoho.currenttime, in seconds since 1970 (organisation time zone).
    pub now: i64,
    pub events: Vec<Event>,
    pub info: Vec<String>,
    pub exchanges: Vec<Exchange>,
    pub mails: Vec<Mail>,
    /// `zoho.adminuserid` and `zoho.loginuserid`.
    pub user: String,
    statements: usize,
    depth: usize,
}

type Env = HashMap<String, Value>;

impl<'h> Interpreter<'h> {
    pub fn new(http: &'h mut dyn Http, now: i64) -> Self {
        Interpreter {
            http,
            functions: HashMap::new(),
            now,
            events: Vec::new(),
            info: Vec::new(),
            exchanges: Vec::new(),
            mails: Vec::new(),
            user: "admin@example.com".into(),
            statements: 0,
            depth: 0,
        }
    }

    /// Makes every function defined in `script` callable by its name.
    pub fn define(&mut self, script: &Script, file: &str) {
        let headers = script.header.iter().chain(script.more_functions.iter());
        let mut start = 0;
        for (header, length) in headers.zip(script.function_lengths.iter()) {
            let body = script.body[start..start + length].to_vec();
            start += length;
            self.define_function(header.clone(), body, file);
        }
    }

    pub fn define_function(&mut self, header: FunctionHeader, body: Vec<Stmt>, file: &str) {
        self.functions.insert(
            header.name.to_ascii_lowercase(),
            Function {
                header,
                body: Rc::new(body),
                file: file.to_string(),
            },
        );
    }

    /// Runs statements with `variables` bound; gives the returned value (None: no `return`).
    pub fn run_body(
        &mut self,
        body: &[Stmt],
        variables: HashMap<String, Value>,
    ) -> Result<Option<Value>> {
        let mut env = variables;
        match self.block(body, &mut env)? {
            Flow::Return(value) => Ok(Some(value)),
            _ => Ok(None),
        }
    }

    fn find_function(&self, name: &str) -> Option<Function> {
        let lower = name.to_ascii_lowercase();
        let bare = lower.strip_prefix("thisapp.").unwrap_or(&lower);
        self.functions.get(bare).cloned()
    }

    /// Calls a function of the file with values for its parameters, converted to their
    /// declared types.
    pub fn call_function(
        &mut self,
        function: &Function,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Value> {
        if args.len() != function.header.params.len() {
            return Err(Stop::error(
                pos,
                format!(
                    "{} takes {} arguments, {} given",
                    function.header.name,
                    function.header.params.len(),
                    args.len()
                ),
            ));
        }
        if self.depth >= CALL_DEPTH {
            return Err(Stop::error(
                pos,
                format!("calls nested more than {CALL_DEPTH} deep"),
            ));
        }
        let mut env = Env::new();
        for ((kind, name), value) in function.header.params.iter().zip(args) {
            env.insert(name.clone(), convert_argument(kind, value, pos)?);
        }
        self.depth += 1;
        let flow = self.block(&function.body, &mut env);
        self.depth -= 1;
        match flow? {
            Flow::Return(value) => Ok(value),
            _ => Ok(Value::Null),
        }
    }

    fn block(&mut self, body: &[Stmt], env: &mut Env) -> Result<Flow> {
        for stmt in body {
            match self.statement(stmt, env)? {
                Flow::Next => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Next)
    }

    fn statement(&mut self, stmt: &Stmt, env: &mut Env) -> Result<Flow> {
        self.statements += 1;
        if self.statements > STATEMENT_LIMIT {
            return Err(Stop::error(
                stmt.pos,
                format!(
                    "more than {STATEMENT_LIMIT} statements ran; Zoho CRM stops a function there"
                ),
            ));
        }
        match &stmt.kind {
            StmtKind::Assign { target, op, value } => {
                let mut value = self.expr(value, env)?;
                if *op != "=" {
                    let current = self.expr(target, env)?;
                    value = builtins::arithmetic(&op[..1], current, value, stmt.pos)?;
                }
                self.assign(target, value, env)?;
            }
            StmtKind::Expr(expr) => {
                self.expr(expr, env)?;
            }
            StmtKind::Info(expr) => {
                let value = self.expr(expr, env)?;
                self.say(value.display());
            }
            StmtKind::Return(expr) => {
                let value = match expr {
                    Some(expr) => self.expr(expr, env)?,
                    None => Value::Null,
                };
                return Ok(Flow::Return(value));
            }
            StmtKind::Break => return Ok(Flow::Break),
            StmtKind::Continue => return Ok(Flow::Continue),
            StmtKind::If {
                branches,
                otherwise,
            } => {
                for (condition, body) in branches {
                    if self.condition(condition, env)? {
                        return self.block(body, env);
                    }
                }
                if let Some(body) = otherwise {
                    return self.block(body, env);
                }
            }
            StmtKind::ForEach {
                var,
                iterable,
                body,
                index,
            } => {
                let over = self.expr(iterable, env)?;
                let items: Vec<Value> = match &over {
                    Value::List(items) => items.borrow().clone(),
                    Value::Records(records) => records
                        .ids
                        .iter()
                        .map(|id| {
                            Value::Records(Rc::new(Records {
                                form: records.form.clone(),
                                ids: vec![id.clone()],
                            }))
                        })
                        .collect(),
                    other => {
                        return Err(Stop::error(
                            iterable.pos,
                            format!("for each needs a LIST, found {}", other.kind().name()),
                        ));
                    }
                };
                let count = items.len();
                for (i, item) in items.into_iter().enumerate() {
                    let bound = if *index { Value::Long(i as i64) } else { item };
                    env.insert(var.clone(), bound);
                    match self.block(body, env)? {
                        Flow::Break => break,
                        Flow::Return(value) => return Ok(Flow::Return(value)),
                        Flow::Next | Flow::Continue => {}
                    }
                    let _ = count;
                }
            }
            StmtKind::Try { body, var, handler } => match self.block(body, env) {
                Err(Stop::Error { message, .. }) => {
                    env.insert(var.clone(), Value::Text(message));
                    return self.block(handler, env);
                }
                other => return other,
            },
            StmtKind::Task { name, values, keys } => {
                self.task(stmt.pos, name, values, keys, env)?
            }
        }
        Ok(Flow::Next)
    }

    pub fn say(&mut self, line: String) {
        self.events.push(Event::Info(line.clone()));
        self.info.push(line);
    }

    fn condition(&mut self, expr: &Expr, env: &mut Env) -> Result<bool> {
        match self.expr(expr, env)? {
            Value::Bool(b) => Ok(b),
            other => Err(Stop::error(
                expr.pos,
                format!("the condition is {}, not a BOOLEAN", other.kind().name()),
            )),
        }
    }

    fn assign(&mut self, target: &Expr, value: Value, env: &mut Env) -> Result<()> {
        match &target.kind {
            ExprKind::Var(name) => {
                env.insert(name.clone(), value);
                Ok(())
            }
            ExprKind::Member { object, name } => match self.expr(object, env)? {
                Value::Map(map) => {
                    map.borrow_mut().insert(name.clone(), value);
                    Ok(())
                }
                Value::Records(records) => {
                    for id in &records.ids {
                        if !self
                            .http
                            .form_update(&records.form, id, name, value.clone())
                        {
                            return Err(Stop::unsupported(
                                target.pos,
                                format!("writing Creator form {} without --simulate", records.form),
                            ));
                        }
                    }
                    Ok(())
                }
                other => Err(Stop::error(
                    target.pos,
                    format!("cannot set .{name} of a {}", other.kind().name()),
                )),
            },
            _ => Err(Stop::error(target.pos, "cannot assign to this expression")),
        }
    }

    fn task(
        &mut self,
        pos: Pos,
        name: &str,
        values: &[Expr],
        keys: &[String],
        env: &mut Env,
    ) -> Result<()> {
        if name == "sendmail" {
            let mut mail = Mail {
                from: String::new(),
                to: Vec::new(),
                cc: Vec::new(),
                subject: String::new(),
                message: String::new(),
            };
            for (key, expr) in keys.iter().zip(values) {
                let value = self.expr(expr, env)?;
                let texts = match &value {
                    Value::List(items) => items.borrow().iter().map(Value::display).collect(),
                    other => vec![other.display()],
                };
                match key.to_ascii_lowercase().as_str() {
                    "from" => mail.from = texts.join(","),
                    "to" => mail.to.extend(texts),
                    "cc" | "bcc" => mail.cc.extend(texts),
                    "subject" => mail.subject = texts.join(","),
                    "message" => mail.message = texts.join(","),
                    "reply to" | "content type" | "content-type" => {}
                    other => {
                        return Err(Stop::unsupported(
                            expr.pos,
                            format!("sendmail's `{other}:`"),
                        ));
                    }
                }
            }
            self.mails.push(mail);
            self.events.push(Event::Mail(self.mails.len() - 1));
            return Ok(());
        }
        if let Some(form) = name.strip_prefix("insert into ") {
            self.insert(pos, form, keys, values, env)?;
            return Ok(());
        }
        if name == "delete" {
            if let Some(expr) = values.first()
                && let Value::Records(records) = self.expr(expr, env)?
            {
                for id in &records.ids {
                    if !self.http.form_delete(&records.form, id) {
                        return Err(Stop::unsupported(
                            pos,
                            format!(
                                "deleting from Creator form {} without --simulate",
                                records.form
                            ),
                        ));
                    }
                }
                return Ok(());
            }
            return Err(Stop::unsupported(pos, "this delete statement"));
        }
        Err(Stop::unsupported(pos, format!("the `{name}` task")))
    }

    fn insert(
        &mut self,
        pos: Pos,
        form: &str,
        keys: &[String],
        values: &[Expr],
        env: &mut Env,
    ) -> Result<Value> {
        let record = Value::new_map();
        if let Value::Map(map) = &record {
            for (key, expr) in keys.iter().zip(values) {
                let value = self.expr(expr, env)?;
                map.borrow_mut().insert(key.clone(), value);
            }
        }
        match self.http.form_insert(form, record) {
            Some(id) => Ok(id.parse().map(Value::Long).unwrap_or(Value::Text(id))),
            None => Err(Stop::unsupported(
                pos,
                format!("insert into Creator form {form} without --simulate"),
            )),
        }
    }

    pub fn expr(&mut self, expr: &Expr, env: &mut Env) -> Result<Value> {
        let pos = expr.pos;
        match &expr.kind {
            ExprKind::Text(text) => Ok(Value::Text(text.clone())),
            ExprKind::Quoted(text) => Ok(match super::time::parse_default(text) {
                Some((secs, true)) => Value::DateTime(secs),
                Some((secs, false)) => Value::Date(secs.div_euclid(86_400)),
                None => Value::Text(text.clone()),
            }),
            ExprKind::Number(number) => number_literal(number, pos),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Null => Ok(Value::Null),
            ExprKind::Var(name) => match env.get(name) {
                Some(value) => Ok(value.clone()),
                None => builtins::global_variable(self, name, pos),
            },
            ExprKind::Call { name, args } => {
                if name.eq_ignore_ascii_case("if") && args.len() == 3 {
                    // The inline if evaluates only the branch it takes.
                    let chosen = if self.condition(&args[0], env)? {
                        &args[1]
                    } else {
                        &args[2]
                    };
                    return self.expr(chosen, env);
                }
                if (name.eq_ignore_ascii_case("collection") || name.eq_ignore_ascii_case("map"))
                    && args.iter().any(|a| matches!(a.kind, ExprKind::Pair(..)))
                {
                    return self.collection(args, env);
                }
                if let Some(function) = self.find_function(name) {
                    let values = self.values(args, env)?;
                    return self.call_function(&function, values, pos);
                }
                let values = self.values(args, env)?;
                builtins::call_global(self, name, values, pos)
            }
            ExprKind::Method {
                receiver,
                method,
                args,
            } => {
                if let Some(path) = self.unbound_path(receiver, env) {
                    // Messages point at the start of the dotted name.
                    let pos = root_pos(receiver);
                    let name = format!("{path}.{method}");
                    let values = self.values(args, env)?;
                    if let Some(function) = self.find_function(&name) {
                        return self.call_function(&function, values, pos);
                    }
                    let root = path.split('.').next().unwrap_or_default();
                    if root.eq_ignore_ascii_case("zoho") {
                        return builtins::call_task(self, &name, values, pos);
                    }
                    if !path.contains('.')
                        && !FUNCTION_NAMESPACES
                            .iter()
                            .any(|n| root.eq_ignore_ascii_case(n))
                    {
                        // `m_Stored.get(...)` with m_Stored never set: a variable, not a task.
                        return builtins::global_variable(self, root, pos);
                    }
                    return Err(Stop::unsupported(
                        pos,
                        format!(
                            "{name}() (a function of another script: give its file with --function FILE)"
                        ),
                    ));
                }
                let target = self.expr(receiver, env)?;
                let values = self.values(args, env)?;
                builtins::call_method(self, target, method, values, pos)
            }
            ExprKind::Member { object, name } => {
                if let Some(path) = self.unbound_path(object, env) {
                    let pos = root_pos(object);
                    let root = path.split('.').next().unwrap_or_default();
                    if !root.eq_ignore_ascii_case("zoho") {
                        return builtins::global_variable(self, root, pos);
                    }
                    return builtins::system_variable(self, &format!("{path}.{name}"), pos);
                }
                match self.expr(object, env)? {
                    Value::Map(map) => Ok(map.borrow().get(name).cloned().unwrap_or(Value::Null)),
                    Value::Records(records) => self.record_field(&records, name, pos),
                    other => Err(Stop::error(
                        pos,
                        format!("a {} has no field .{name}", other.kind().name()),
                    )),
                }
            }
            ExprKind::Index { object, index } => {
                let form = match &object.kind {
                    ExprKind::Var(form) if !env.contains_key(form) => form.clone(),
                    _ => {
                        return Err(Stop::unsupported(pos, "indexing a value with [ ]"));
                    }
                };
                self.fetch(&form, index, env, pos)
            }
            ExprKind::Unary { op, operand } => {
                let value = self.expr(operand, env)?;
                match (*op, value) {
                    ("!", Value::Bool(b)) => Ok(Value::Bool(!b)),
                    ("-", Value::Long(n)) => Ok(Value::Long(-n)),
                    ("-", Value::Decimal(d)) => Ok(Value::Decimal(-d)),
                    (op, other) => Err(Stop::error(
                        pos,
                        format!("`{op}` does not apply to a {}", other.kind().name()),
                    )),
                }
            }
            ExprKind::Binary { op, lhs, rhs } => match op.as_str() {
                "&&" | "and" | "||" | "or" => {
                    let left = self.condition(lhs, env)?;
                    let or = op == "||" || op == "or";
                    if left == or {
                        return Ok(Value::Bool(left));
                    }
                    Ok(Value::Bool(self.condition(rhs, env)?))
                }
                _ => {
                    let left = self.expr(lhs, env)?;
                    let right = self.expr(rhs, env)?;
                    builtins::binary(op, left, right, pos)
                }
            },
            ExprKind::Map(entries) => {
                let mut map = IndexMap::new();
                for (key, value) in entries {
                    let key = self.expr(key, env)?.key();
                    let value = self.expr(value, env)?;
                    map.insert(key, value);
                }
                Ok(Value::Map(Rc::new(std::cell::RefCell::new(map))))
            }
            ExprKind::List(items) => Ok(Value::new_list(self.values(items, env)?)),
            ExprKind::Pair(..) => Err(Stop::unsupported(
                pos,
                "a key : value pair outside Collection()",
            )),
            ExprKind::Insert { form, values, keys } => self.insert(pos, form, keys, values, env),
            ExprKind::InvokeUrl(params) => self.invokeurl(params, env, pos),
        }
    }

    fn values(&mut self, args: &[Expr], env: &mut Env) -> Result<Vec<Value>> {
        args.iter().map(|arg| self.expr(arg, env)).collect()
    }

    fn collection(&mut self, args: &[Expr], env: &mut Env) -> Result<Value> {
        let map = Value::new_map();
        if let Value::Map(entries) = &map {
            for arg in args {
                let ExprKind::Pair(key, value) = &arg.kind else {
                    return Err(Stop::error(
                        arg.pos,
                        "a Collection of pairs takes only key : value",
                    ));
                };
                let key = self.expr(key, env)?.key();
                let value = self.expr(value, env)?;
                entries.borrow_mut().insert(key, value);
            }
        }
        Ok(map)
    }

    /// `zoho.crm` in `zoho.crm.createRecord(...)`: a dotted name whose first part is no
    /// variable of the script, so it names a task or a function.
    fn unbound_path(&self, expr: &Expr, env: &Env) -> Option<String> {
        match &expr.kind {
            ExprKind::Var(name) if !env.contains_key(name) => Some(name.clone()),
            ExprKind::Member { object, name } => self
                .unbound_path(object, env)
                .map(|p| format!("{p}.{name}")),
            _ => None,
        }
    }

    fn record_field(&mut self, records: &Records, name: &str, pos: Pos) -> Result<Value> {
        let Some(all) = self.http.form_records(&records.form) else {
            return Err(Stop::unsupported(
                pos,
                format!("Creator form {} without --simulate", records.form),
            ));
        };
        let Some(first) = records.ids.first() else {
            return Ok(Value::Null);
        };
        if name == "ID" {
            return Ok(first
                .parse()
                .map(Value::Long)
                .unwrap_or(Value::text(first.clone())));
        }
        Ok(all
            .into_iter()
            .find(|(id, _)| id == first)
            .and_then(|(_, record)| match record {
                Value::Map(map) => map.borrow().get(name).cloned(),
                _ => None,
            })
            .unwrap_or(Value::Null))
    }

    /// `Form[criteria]`: the records whose fields meet the criteria, each read with the
    /// record's fields as variables.
    fn fetch(&mut self, form: &str, criteria: &Expr, env: &mut Env, pos: Pos) -> Result<Value> {
        let Some(all) = self.http.form_records(form) else {
            return Err(Stop::unsupported(
                pos,
                format!("fetching Creator form {form} without --simulate"),
            ));
        };
        let mut ids = Vec::new();
        for (id, record) in all {
            let mut scope = env.clone();
            if let Value::Map(map) = &record {
                for (key, value) in map.borrow().iter() {
                    scope.insert(key.clone(), value.clone());
                }
            }
            scope.insert(
                "ID".into(),
                id.parse()
                    .map(Value::Long)
                    .unwrap_or(Value::text(id.clone())),
            );
            if self.condition(criteria, &mut scope)? {
                ids.push(id);
            }
        }
        Ok(Value::Records(Rc::new(Records {
            form: form.to_string(),
            ids,
        })))
    }

    fn invokeurl(&mut self, params: &[Param], env: &mut Env, pos: Pos) -> Result<Value> {
        let mut request = Request {
            method: "GET".into(),
            url: String::new(),
            headers: IndexMap::new(),
            connection: None,
            content_type: None,
            form: None,
            body: None,
            task: None,
        };
        let mut detailed = false;
        for param in params {
            let value = match (param.key.as_str(), &param.value.kind) {
                ("type", ExprKind::Var(word)) => Value::text(word.to_ascii_uppercase()),
                _ => self.expr(&param.value, env)?,
            };
            match param.key.as_str() {
                "url" => request.url = value.display(),
                "type" => request.method = value.display().to_ascii_uppercase(),
                "parameters" | "body" => match &value {
                    Value::Map(map) => {
                        request.form = Some(
                            map.borrow()
                                .iter()
                                .map(|(k, v)| (k.clone(), v.display()))
                                .collect(),
                        )
                    }
                    other => request.body = Some(other.display()),
                },
                "headers" => match &value {
                    Value::Map(map) => {
                        request.headers = map
                            .borrow()
                            .iter()
                            .map(|(k, v)| (k.clone(), v.display()))
                            .collect()
                    }
                    Value::Null => {}
                    other => {
                        return Err(Stop::error(
                            param.value.pos,
                            format!("headers: takes a MAP, found {}", other.kind().name()),
                        ));
                    }
                },
                "content-type" => request.content_type = Some(value.display()),
                "connection" => request.connection = Some(value.display()),
                "detailed" => detailed = matches!(value, Value::Bool(true)),
                "response-format" => {}
                other => {
                    return Err(Stop::unsupported(
                        param.pos,
                        format!("invokeurl's `{other}:`"),
                    ));
                }
            }
        }
        let response = match self.http.send(&request, self.now) {
            Ok(response) => response,
            Err(unanswered) => {
                return Err(Stop::Fatal {
                    pos,
                    message: unanswered.0,
                });
            }
        };
        let body = parse_answer(&response.body);
        self.exchanges.push(Exchange {
            request,
            response: response.clone(),
            at: super::time::format_date(self.now, "dd-MMM-yyyy HH:mm:ss"),
        });
        self.events.push(Event::Request(self.exchanges.len() - 1));
        if detailed {
            return Ok(Value::map_of([
                (
                    "responseCode".to_string(),
                    Value::Long(i64::from(response.status)),
                ),
                ("responseText".to_string(), body),
                (
                    "responseHeader".to_string(),
                    Value::map_of(
                        response
                            .headers
                            .iter()
                            .map(|(k, v)| (k.clone(), Value::text(v.clone()))),
                    ),
                ),
            ]));
        }
        Ok(body)
    }
}

/// Where a dotted name (`zoho.crm`) starts.
fn root_pos(expr: &Expr) -> Pos {
    match &expr.kind {
        ExprKind::Member { object, .. } => root_pos(object),
        _ => expr.pos,
    }
}

/// An answer's body as invokeurl gives it: JSON as a Map (or List), anything else as
/// text (an HTTP 204 as empty text).
pub fn parse_answer(body: &str) -> Value {
    let trimmed = body.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(body)
    {
        return Value::from_json(&json);
    }
    Value::text(body)
}

fn number_literal(number: &str, pos: Pos) -> Result<Value> {
    if number.contains('.') {
        number
            .parse()
            .map(Value::Decimal)
            .map_err(|_| Stop::error(pos, format!("{number} is not a number")))
    } else {
        number
            .parse()
            .map(Value::Long)
            .map_err(|_| Stop::error(pos, format!("{number} is too large for a NUMBER")))
    }
}

/// A value given for a parameter declared `kind` (`Int`, `String`, `Date`, ...).
pub fn convert_argument(kind: &str, value: Value, pos: Pos) -> Result<Value> {
    let wrong = |value: &Value| {
        Stop::error(
            pos,
            format!("the argument is {}, not {kind}", value.kind().name()),
        )
    };
    match kind.to_ascii_lowercase().as_str() {
        "int" | "long" | "bigint" | "number" => match &value {
            Value::Long(_) | Value::Null => Ok(value),
            Value::Decimal(d) if d.fract() == 0.0 => Ok(Value::Long(*d as i64)),
            Value::Text(t) => t.trim().parse().map(Value::Long).map_err(|_| wrong(&value)),
            _ => Err(wrong(&value)),
        },
        "decimal" | "float" => match &value {
            Value::Long(n) => Ok(Value::Decimal(*n as f64)),
            Value::Decimal(_) | Value::Null => Ok(value),
            Value::Text(t) => t
                .trim()
                .parse()
                .map(Value::Decimal)
                .map_err(|_| wrong(&value)),
            _ => Err(wrong(&value)),
        },
        "string" | "text" => match &value {
            Value::Null | Value::Text(_) => Ok(value),
            Value::Map(_) | Value::List(_) => Err(wrong(&value)),
            other => Ok(Value::Text(other.display())),
        },
        "bool" | "boolean" => match &value {
            Value::Bool(_) | Value::Null => Ok(value),
            Value::Text(t) if t.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            Value::Text(t) if t.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            _ => Err(wrong(&value)),
        },
        "date" | "datetime" | "timestamp" => match &value {
            Value::Date(_) | Value::DateTime(_) | Value::Null => Ok(value),
            Value::Text(t) => match super::time::parse_default(t) {
                Some((secs, _)) if kind.eq_ignore_ascii_case("date") => {
                    Ok(Value::Date(secs.div_euclid(86_400)))
                }
                Some((secs, _)) => Ok(Value::DateTime(secs)),
                None => Err(wrong(&value)),
            },
            _ => Err(wrong(&value)),
        },
        "map" => match &value {
            Value::Map(_) | Value::Null => Ok(value),
            _ => Err(wrong(&value)),
        },
        "list" => match &value {
            Value::List(_) | Value::Null => Ok(value),
            _ => Err(wrong(&value)),
        },
        _ => Ok(value),
    }
}

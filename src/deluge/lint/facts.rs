//! What a script says about itself, gathered once for the rules: what each variable is
//! assigned, which keys are put into which maps, and the constant text of expressions.

use std::collections::HashMap;

use crate::deluge::ast::{Expr, ExprKind, Nesting, Script, StmtKind, walk_stmts};
use crate::deluge::lexer::Pos;

/// One `map.put("key", value)` call.
pub struct Put<'s> {
    pub key: String,
    pub value: &'s Expr,
    pub pos: Pos,
}

/// One `invokeurl [...]` block, how many loops enclose it, and its address as text
/// (resolved once, after every assignment is known).
pub struct Invoke<'s> {
    pub expr: &'s Expr,
    pub loops: usize,
    /// True when it runs only on some condition (inside an `if`): a token fetched there
    /// can be one that is reused otherwise.
    pub conditional: bool,
    pub url: String,
}

#[derive(Default)]
pub struct Facts<'s> {
    pub assigned: HashMap<String, Vec<&'s Expr>>,
    /// Each variable's assignments in source order, with the statement's place: what a
    /// variable holds at a line is its last assignment before that line.
    assignments: HashMap<String, Vec<(Pos, &'s Expr)>>,
    pub puts: HashMap<String, Vec<Put<'s>>>,
    pub invokes: Vec<Invoke<'s>>,
    /// Addresses the script calls or opens (invokeurl `url:`, `openUrl`), as text.
    pub urls: Vec<(String, Pos)>,
    /// Variables put or added into another collection (`m.put(k, x)`, `l.add(x)`,
    /// also as `x.toString()`): parts of a payload rather than a form of their own.
    pub nested: std::collections::HashSet<String>,
    /// Variables a `for each` loop sets: what they hold is not known from the script.
    pub loop_vars: std::collections::HashSet<String>,
    /// Deluge's integration tasks called (`zoho.crm.createRecord(...)`): the dotted name,
    /// the arguments and the place.
    pub tasks: Vec<(String, &'s [Expr], crate::deluge::lexer::Pos)>,
}

impl<'s> Facts<'s> {
    pub fn gather(script: &'s Script) -> Self {
        let mut facts = Facts::default();
        let mut opened: Vec<&'s Expr> = Vec::new();
        walk_stmts(&script.body, Nesting::default(), &mut |stmt, at| {
            if let StmtKind::ForEach { var, .. } = &stmt.kind {
                facts.loop_vars.insert(var.to_ascii_lowercase());
            }
            if let StmtKind::Assign { target, value, .. } = &stmt.kind
                && let Some(name) = target.var_name()
            {
                facts
                    .assigned
                    .entry(name.to_ascii_lowercase())
                    .or_default()
                    .push(value);
                facts
                    .assignments
                    .entry(name.to_ascii_lowercase())
                    .or_default()
                    .push((stmt.pos, value));
            }
            for expr in stmt.exprs() {
                expr.walk(&mut |e| match &e.kind {
                    ExprKind::Method {
                        receiver,
                        method,
                        args,
                    } if method.eq_ignore_ascii_case("add") && args.len() == 1 => {
                        facts.nested.extend(payload_name(&args[0]));
                    }
                    ExprKind::Method {
                        receiver,
                        method,
                        args,
                    } if method.eq_ignore_ascii_case("put") && args.len() == 2 => {
                        facts.nested.extend(payload_name(&args[1]));
                        if let (Some(name), ExprKind::Text(key)) =
                            (receiver.var_name(), &args[0].kind)
                        {
                            facts
                                .puts
                                .entry(name.to_ascii_lowercase())
                                .or_default()
                                .push(Put {
                                    key: key.clone(),
                                    value: &args[1],
                                    pos: args[0].pos,
                                });
                        }
                    }
                    ExprKind::Method {
                        receiver,
                        method,
                        args,
                    } if dotted(receiver).is_some_and(|name| name.starts_with("zoho.")) => {
                        let name = format!("{}.{method}", dotted(receiver).unwrap_or_default());
                        facts.tasks.push((name, args, root(receiver).pos));
                    }
                    ExprKind::InvokeUrl(_) => facts.invokes.push(Invoke {
                        expr: e,
                        loops: at.loops,
                        conditional: at.conditional,
                        url: String::new(),
                    }),
                    ExprKind::Call { name, args } if name.eq_ignore_ascii_case("openUrl") => {
                        opened.extend(args.first());
                    }
                    _ => {}
                });
            }
        });
        // Addresses are resolved once every assignment is known, and only once.
        let mut urls = Vec::new();
        for i in 0..facts.invokes.len() {
            if let Some(url) = param(facts.invokes[i].expr, "url") {
                let text = facts.text_of(url);
                urls.push((text.clone(), url.pos));
                facts.invokes[i].url = text;
            }
        }
        urls.extend(opened.iter().map(|first| (facts.text_of(first), first.pos)));
        facts.urls = urls;
        facts
    }

    /// The keys put into the body of each request sent to an address containing `part`.
    pub fn bodies_sent_to(&self, part: &str) -> Vec<&Put<'s>> {
        self.invokes
            .iter()
            .filter(|invoke| invoke.url.contains(part))
            .filter_map(|invoke| param(invoke.expr, "parameters"))
            .flat_map(|parameters| self.body_keys(parameters))
            .collect()
    }

    /// The text an expression evaluates to, with `…` for the parts not known.
    pub fn text_of(&self, expr: &Expr) -> String {
        self.text_of_depth(expr, 0)
    }

    fn text_of_depth(&self, expr: &Expr, depth: usize) -> String {
        if depth > 16 {
            return "…".into();
        }
        match &expr.kind {
            ExprKind::Text(text) | ExprKind::Quoted(text) => text.clone(),
            ExprKind::Binary { op, lhs, rhs } if op == "+" => {
                self.text_of_depth(lhs, depth + 1) + &self.text_of_depth(rhs, depth + 1)
            }
            // `ifnull(answer.get("api_domain"), "https://...")`: the fallback is the text
            // the linter can know.
            ExprKind::Call { name, args }
                if name.eq_ignore_ascii_case("ifnull") && args.len() == 2 =>
            {
                match self.text_of_depth(&args[0], depth + 1) {
                    known if known != "…" => known,
                    _ => self.text_of_depth(&args[1], depth + 1),
                }
            }
            ExprKind::Var(name) => match self.value_at(name, expr.pos) {
                Some(value) => self.text_of_depth(value, depth + 1),
                None => "…".into(),
            },
            _ => "…".into(),
        }
    }

    /// The text an address evaluates to, with each part not known from the script as
    /// `UNKNOWN` and each part passed through a URL-encoding call as `ENCODED`.
    pub fn address_of(&self, expr: &Expr) -> String {
        self.address_depth(expr, 0)
    }

    fn address_depth(&self, expr: &Expr, depth: usize) -> String {
        if depth > 16 {
            return UNKNOWN.to_string();
        }
        match &expr.kind {
            ExprKind::Text(text) | ExprKind::Quoted(text) => text.clone(),
            ExprKind::Binary { op, lhs, rhs } if op == "+" => {
                self.address_depth(lhs, depth + 1) + &self.address_depth(rhs, depth + 1)
            }
            ExprKind::Var(name) => match self.value_at(name, expr.pos) {
                Some(value) => self.address_depth(value, depth + 1),
                None => UNKNOWN.to_string(),
            },
            ExprKind::Method { method, .. } | ExprKind::Call { name: method, .. }
                if ENCODERS.iter().any(|e| method.eq_ignore_ascii_case(e)) =>
            {
                ENCODED.to_string()
            }
            _ => UNKNOWN.to_string(),
        }
    }

    /// The value `name` holds where it is used at `at`: its last assignment before that
    /// place, not counting the assignment the use is part of (`v = v + "x"`).
    fn value_at(&self, name: &str, at: Pos) -> Option<&'s Expr> {
        self.assignments
            .get(&name.to_ascii_lowercase())?
            .iter()
            .rev()
            .filter(|(pos, _)| *pos < at)
            .map(|(_, value)| *value)
            .find(|value| {
                let mut inside = false;
                value.walk(&mut |e| inside |= e.pos == at && e.var_name().is_some());
                !inside
            })
    }

    /// Is `expr` JSON or other text (not a Map): a text literal, `.toString()`, a
    /// concatenation, or a variable holding one where it is used?
    pub fn is_text(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Text(_) | ExprKind::Quoted(_) => true,
            ExprKind::Method { method, .. } => {
                method.eq_ignore_ascii_case("toString") || method.eq_ignore_ascii_case("toText")
            }
            ExprKind::Binary { op, lhs, rhs } if op == "+" => {
                self.is_text(lhs) || self.is_text(rhs)
            }
            ExprKind::Var(name) => self
                .value_at(name, expr.pos)
                .is_some_and(|v| self.is_text(v)),
            _ => false,
        }
    }

    /// Is `expr` a map: a Map literal, `Map()`, or a variable only ever assigned one?
    pub fn is_map(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Map(_) => true,
            ExprKind::Call { name, .. } => {
                name.eq_ignore_ascii_case("Map")
                    || name.to_ascii_lowercase().starts_with("map:")
                    || name.eq_ignore_ascii_case("Collection")
            }
            ExprKind::Method { method, .. } => method.eq_ignore_ascii_case("toMap"),
            ExprKind::Var(name) => self
                .assigned
                .get(&name.to_ascii_lowercase())
                .is_some_and(|values| !values.is_empty() && values.iter().all(|v| self.is_map(v))),
            _ => false,
        }
    }

    /// Is `expr` a list: a list literal, `List()`, `.toJSONList()`, `.toList()`?
    pub fn is_list(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::List(_) => true,
            ExprKind::Call { name, .. } => name.to_ascii_lowercase().starts_with("list"),
            ExprKind::Method { method, .. } => {
                let m = method.to_ascii_lowercase();
                m == "tojsonlist" || m == "tolist"
            }
            ExprKind::Var(name) => self
                .assigned
                .get(&name.to_ascii_lowercase())
                .is_some_and(|values| !values.is_empty() && values.iter().all(|v| self.is_list(v))),
            _ => false,
        }
    }

    /// The keys put into the map a `parameters:` value names (`m` or `m.toString()`).
    pub fn body_keys(&self, parameters: &Expr) -> Vec<&Put<'s>> {
        let name = match &parameters.kind {
            ExprKind::Var(name) => Some(name.as_str()),
            ExprKind::Method {
                receiver, method, ..
            } if method.eq_ignore_ascii_case("toString") => receiver.var_name(),
            _ => None,
        };
        name.and_then(|n| self.puts.get(&n.to_ascii_lowercase()))
            .map(|puts| puts.iter().collect())
            .unwrap_or_default()
    }
}

/// The variable an expression hands over: `x` or `x.toString()`.
pub fn payload_name(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Var(name) => Some(name.to_ascii_lowercase()),
        ExprKind::Method {
            receiver, method, ..
        } if method.eq_ignore_ascii_case("toString") => {
            receiver.var_name().map(str::to_ascii_lowercase)
        }
        _ => None,
    }
}

/// Stands for a part of an address the script computes (see `Facts::address_of`).
pub const UNKNOWN: char = '\u{1}';
/// Stands for a part of an address passed through a URL-encoding call.
pub const ENCODED: char = '\u{2}';
/// Deluge's URL-encoding calls: `encodeUrl(x)`, `zoho.encryption.urlEncode(x)`, `x.urlEncode()`.
const ENCODERS: [&str; 2] = ["encodeUrl", "urlEncode"];

/// The `key:` value of an invokeurl block.
pub fn param<'e>(invoke: &'e Expr, key: &str) -> Option<&'e Expr> {
    match &invoke.kind {
        ExprKind::InvokeUrl(params) => params.iter().find(|p| p.key == key).map(|p| &p.value),
        _ => None,
    }
}

/// `zoho.crm` for the receiver of `zoho.crm.createRecord(...)`: names joined by dots, or
/// None for anything else.
fn dotted(expr: &Expr) -> Option<String> {
    match &expr.kind {
        ExprKind::Var(name) => Some(name.clone()),
        ExprKind::Member { object, name } => dotted(object).map(|head| format!("{head}.{name}")),
        _ => None,
    }
}

/// The first name of a dotted receiver (`zoho` in `zoho.crm`), where the call starts.
fn root(expr: &Expr) -> &Expr {
    match &expr.kind {
        ExprKind::Member { object, .. } => root(object),
        _ => expr,
    }
}

//! The shape of a Deluge script, as much as the linter and the tests need.

use super::lexer::Pos;

#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// The first function's header, when the file holds function definitions.
    pub header: Option<FunctionHeader>,
    /// Every statement of the file: of all its functions, one after another.
    pub body: Vec<Stmt>,
    /// The headers of the functions defined after the first.
    pub more_functions: Vec<FunctionHeader>,
    /// How many statements of `body` each function holds, in order (the first function's,
    /// then each of `more_functions`'); empty for a bare snippet. The interpreter calls
    /// one function of a file by these.
    pub function_lengths: Vec<usize>,
}

/// `string standalone.getToken(string code)`
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionHeader {
    pub return_type: String,
    pub name: String,
    pub params: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub pos: Pos,
    pub kind: StmtKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `target = value;`, `target += value;`
    Assign {
        target: Expr,
        op: &'static str,
        value: Expr,
    },
    Expr(Expr),
    Info(Expr),
    Return(Option<Expr>),
    Break,
    Continue,
    If {
        branches: Vec<(Expr, Vec<Stmt>)>,
        otherwise: Option<Vec<Stmt>>,
    },
    ForEach {
        var: String,
        iterable: Expr,
        body: Vec<Stmt>,
        /// `for each index i in list`: `i` takes the positions 0, 1, ... not the elements.
        index: bool,
    },
    Try {
        body: Vec<Stmt>,
        var: String,
        handler: Vec<Stmt>,
    },
    /// `sendmail [ from: ... ]`, `insert into Form [ Field = v ]`, `delete from Form[...]`,
    /// `show Field;`: kept only as their name and values.
    Task {
        name: String,
        values: Vec<Expr>,
        /// The key each of `values` was written under (`from`, `reply to`), in order.
        keys: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub pos: Pos,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Text(String),
    Quoted(String),
    Number(String),
    Bool(bool),
    Null,
    Var(String),
    /// `name(args)`: built-ins such as `Map()`, `ifnull(a, b)`, `openUrl(u, w)`.
    Call {
        name: String,
        args: Vec<Expr>,
    },
    /// `receiver.method(args)`
    Method {
        receiver: Box<Expr>,
        method: String,
        args: Vec<Expr>,
    },
    /// `object.field`
    Member {
        object: Box<Expr>,
        name: String,
    },
    /// `object[criteria]` (Creator record fetches)
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
    },
    Unary {
        op: &'static str,
        operand: Box<Expr>,
    },
    Binary {
        op: String,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Map(Vec<(Expr, Expr)>),
    List(Vec<Expr>),
    /// `"k" : v` inside `Collection(...)`
    Pair(Box<Expr>, Box<Expr>),
    /// `insert into Form [ Field = v ... ]` used as a value (it gives the new record's ID).
    Insert {
        form: String,
        values: Vec<Expr>,
        /// The field each of `values` is written to.
        keys: Vec<String>,
    },
    InvokeUrl(Vec<Param>),
}

/// One `key: value` line of an `invokeurl [ ... ]` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub key: String,
    pub pos: Pos,
    pub value: Expr,
}

impl Expr {
    /// The variable name, when this is a plain variable.
    pub fn var_name(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Var(name) => Some(name),
            _ => None,
        }
    }

    /// Every expression inside this one, itself included, depth first.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Expr)) {
        visit(self);
        match &self.kind {
            ExprKind::Call { args, .. } => args.iter().for_each(|a| a.walk(visit)),
            ExprKind::Method { receiver, args, .. } => {
                receiver.walk(visit);
                args.iter().for_each(|a| a.walk(visit));
            }
            ExprKind::Member { object, .. } => object.walk(visit),
            ExprKind::Index { object, index } => {
                object.walk(visit);
                index.walk(visit);
            }
            ExprKind::Unary { operand, .. } => operand.walk(visit),
            ExprKind::Binary { lhs, rhs, .. } | ExprKind::Pair(lhs, rhs) => {
                lhs.walk(visit);
                rhs.walk(visit);
            }
            ExprKind::Map(entries) => entries.iter().for_each(|(k, v)| {
                k.walk(visit);
                v.walk(visit);
            }),
            ExprKind::List(items) | ExprKind::Insert { values: items, .. } => {
                items.iter().for_each(|i| i.walk(visit))
            }
            ExprKind::InvokeUrl(params) => params.iter().for_each(|p| p.value.walk(visit)),
            _ => {}
        }
    }
}

/// Where a statement stands: how many loops enclose it, and whether an `if` does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nesting {
    pub loops: usize,
    pub conditional: bool,
}

/// Visits every statement, depth first, with what encloses it.
pub fn walk_stmts<'a>(stmts: &'a [Stmt], at: Nesting, visit: &mut dyn FnMut(&'a Stmt, Nesting)) {
    for stmt in stmts {
        visit(stmt, at);
        match &stmt.kind {
            StmtKind::If {
                branches,
                otherwise,
            } => {
                let inside = Nesting {
                    conditional: true,
                    ..at
                };
                for (_, body) in branches {
                    walk_stmts(body, inside, visit);
                }
                if let Some(body) = otherwise {
                    walk_stmts(body, inside, visit);
                }
            }
            StmtKind::ForEach { body, .. } => walk_stmts(
                body,
                Nesting {
                    loops: at.loops + 1,
                    ..at
                },
                visit,
            ),
            StmtKind::Try { body, handler, .. } => {
                walk_stmts(body, at, visit);
                walk_stmts(handler, at, visit);
            }
            _ => {}
        }
    }
}

impl Stmt {
    /// The expressions written directly in this statement (not in nested blocks).
    pub fn exprs(&self) -> Vec<&Expr> {
        match &self.kind {
            StmtKind::Assign { target, value, .. } => vec![target, value],
            StmtKind::Expr(e) | StmtKind::Info(e) => vec![e],
            StmtKind::Return(e) => e.iter().collect(),
            StmtKind::If { branches, .. } => branches.iter().map(|(c, _)| c).collect(),
            StmtKind::ForEach { iterable, .. } => vec![iterable],
            StmtKind::Task { values, .. } => values.iter().collect(),
            _ => Vec::new(),
        }
    }
}

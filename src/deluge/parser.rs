//! Tokens → Script, by recursive descent. Accepts Deluge as written in CRM, Books and
//! Creator functions; an error says where, what was found and what was expected.

use std::fmt;

use super::ast::{Expr, ExprKind, FunctionHeader, Param, Script, Stmt, StmtKind};
use super::lexer::{self, Pos, Tok, Token};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pos, self.message)
    }
}

/// Keys an `invokeurl` block may hold.
pub const INVOKEURL_KEYS: [&str; 10] = [
    "url",
    "type",
    "parameters",
    "headers",
    "content-type",
    "connection",
    "detailed",
    "body",
    "files",
    "response-format",
];

/// HTTP verbs `type:` takes.
pub const VERBS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const STATEMENT_KEYWORDS: [&str; 14] = [
    "info", "return", "break", "continue", "if", "for", "try", "sendmail", "insert", "delete",
    "show", "hide", "else", "catch",
];

pub fn parse(source: &str) -> Result<(Script, Vec<lexer::Allow>)> {
    let mut parser = Parser {
        lexer: lexer::Lexer::new(source),
        ahead: std::collections::VecDeque::with_capacity(LOOKAHEAD),
        previous_end: None,
        lex_error: None,
        condition: false,
        depth: 0,
    };
    parser.fill();
    let script = parser.script();
    // A text that never ends (or another lexing error) was read as the end of the file;
    // it is the error to report, whatever the parser made of that end.
    if let Some(error) = parser.lex_error.take() {
        return Err(SyntaxError {
            pos: error.pos,
            message: error.message,
        });
    }
    Ok((script?, std::mem::take(&mut parser.lexer.allows)))
}

/// Tokens the parser looks at: the one at the cursor and two after it. Tokens are read
/// as the parser goes, so a long script never holds all of them at once.
const LOOKAHEAD: usize = 3;

struct Parser<'s> {
    lexer: lexer::Lexer<'s>,
    /// The token at the cursor, then the next ones, always [`LOOKAHEAD`] of them.
    ahead: std::collections::VecDeque<Token>,
    /// Where the token before the cursor ends.
    previous_end: Option<Pos>,
    /// The first lexing error, read by the parser as the end of the file.
    lex_error: Option<lexer::LexError>,
    /// Inside an `if` condition a single `=` compares.
    condition: bool,
    /// How deeply expressions and blocks nest; bounded so no input overflows the stack.
    depth: usize,
}

/// Nesting of parentheses, collections and blocks: far deeper than real scripts go, and
/// shallow enough for a 1 MB thread stack even in a debug build.
const MAX_DEPTH: usize = 48;

/// Links in one chain (`"a" + b + "c" ...`, `x.get(..).get(..)`): long concatenations are
/// common in deployed scripts, and a chain costs far less stack than nesting.
const MAX_CHAIN: usize = 1000;

type Result<T> = std::result::Result<T, SyntaxError>;

impl Parser<'_> {
    /// Tops the lookahead up to [`LOOKAHEAD`] tokens (the end of file repeats).
    fn fill(&mut self) {
        while self.ahead.len() < LOOKAHEAD {
            let token = match (&self.lex_error, self.ahead.back()) {
                (_, Some(last)) if last.tok == Tok::Eof => last.clone(),
                (Some(error), _) => Token {
                    tok: Tok::Eof,
                    pos: error.pos,
                    end: error.pos,
                    after_newline: true,
                },
                (None, _) => self.lexer.next_token().unwrap_or_else(|error| {
                    let end = Token {
                        tok: Tok::Eof,
                        pos: error.pos,
                        end: error.pos,
                        after_newline: true,
                    };
                    self.lex_error = Some(error);
                    end
                }),
            };
            self.ahead.push_back(token);
        }
    }

    fn peek(&self) -> &Token {
        &self.ahead[0]
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        &self.ahead[ahead.min(LOOKAHEAD - 1)].tok
    }

    fn next(&mut self) -> Token {
        if self.peek().tok == Tok::Eof {
            return self.peek().clone();
        }
        let token = self
            .ahead
            .pop_front()
            .expect("the lookahead is never empty");
        self.previous_end = Some(token.end);
        self.fill();
        token
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(&self.peek().tok, Tok::Punct(q) if *q == p)
    }

    fn is_keyword(&self, word: &str) -> bool {
        is_keyword(&self.peek().tok, word)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let found = self.is_punct(p);
        if found {
            self.next();
        }
        found
    }

    fn eat_keyword(&mut self, word: &str) -> bool {
        let found = self.is_keyword(word);
        if found {
            self.next();
        }
        found
    }

    fn error<T>(&self, expected: &str) -> Result<T> {
        let token = self.peek();
        Err(SyntaxError {
            pos: token.pos,
            message: format!("found {}, expected {expected}", token.tok),
        })
    }

    fn expect_punct(&mut self, p: &str, expected: &str) -> Result<Pos> {
        if self.is_punct(p) {
            Ok(self.next().pos)
        } else {
            self.error(expected)
        }
    }

    fn expect_keyword(&mut self, word: &str) -> Result<()> {
        if self.eat_keyword(word) {
            Ok(())
        } else {
            self.error(&format!("`{word}`"))
        }
    }

    fn ident(&mut self, expected: &str) -> Result<String> {
        match self.peek().tok {
            Tok::Ident(_) => match self.next().tok {
                Tok::Ident(name) => Ok(name),
                _ => unreachable!("the token was just seen"),
            },
            _ => self.error(expected),
        }
    }

    fn script(&mut self) -> Result<Script> {
        if let Some(header) = self.function_header()? {
            // Deployed files often hold several functions, one after another.
            let mut body = self.block()?;
            let mut more_functions = Vec::new();
            while self.peek().tok != Tok::Eof {
                match self.function_header()? {
                    Some(next) => {
                        more_functions.push(next);
                        body.extend(self.block()?);
                    }
                    None => {
                        return self.error(
                            "end of file or another function after the function's closing }",
                        );
                    }
                }
            }
            return Ok(Script {
                header: Some(header),
                body,
                more_functions,
            });
        }
        let mut body = Vec::new();
        while self.peek().tok != Tok::Eof {
            body.push(self.statement()?);
        }
        Ok(Script {
            header: None,
            body,
            more_functions: Vec::new(),
        })
    }

    /// `type namespace.name(Type param, ...)` before the function's `{`.
    fn function_header(&mut self) -> Result<Option<FunctionHeader>> {
        let looks_like_header = matches!(self.peek_at(0), Tok::Ident(t) if !STATEMENT_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(t)))
            && matches!(self.peek_at(1), Tok::Ident(_))
            && !is_keyword(self.peek_at(0), "invokeurl");
        if !looks_like_header {
            return Ok(None);
        }
        let return_type = self.ident("a return type")?;
        let mut name = self.ident("the function's name")?;
        while self.eat_punct(".") {
            name.push('.');
            name.push_str(&self.ident("the rest of the function's name")?);
        }
        self.expect_punct("(", "`(` after the function's name")?;
        let mut params = Vec::new();
        while !self.is_punct(")") {
            let kind = self.ident("a parameter type")?;
            let param = self.ident("a parameter name")?;
            params.push((kind, param));
            if !self.eat_punct(",") {
                break;
            }
        }
        self.expect_punct(")", "`)` after the parameters")?;
        Ok(Some(FunctionHeader {
            return_type,
            name,
            params,
        }))
    }

    /// `{ statements }`, or a single statement.
    fn block(&mut self) -> Result<Vec<Stmt>> {
        self.nested(Self::block_inner)
    }

    fn block_inner(&mut self) -> Result<Vec<Stmt>> {
        if !self.eat_punct("{") {
            return Ok(vec![self.statement()?]);
        }
        let mut body = Vec::new();
        while !self.is_punct("}") {
            if self.peek().tok == Tok::Eof {
                return self.error("`}` to close the block");
            }
            body.push(self.statement()?);
        }
        self.next();
        Ok(body)
    }

    fn end_statement(&mut self) -> Result<()> {
        if self.eat_punct(";") {
            return Ok(());
        }
        let token = self.peek();
        if let Some(previous_end) = self.previous_end.filter(|_| token.after_newline) {
            // The `;` belongs at the end of the previous line: point there.
            return Err(SyntaxError {
                pos: previous_end,
                message: format!(
                    "found {} on the next line, expected `;` to end this statement",
                    token.tok
                ),
            });
        }
        Err(SyntaxError {
            pos: token.pos,
            message: format!("found {}, expected `;` to end the statement", token.tok),
        })
    }

    fn condition(&mut self) -> Result<Expr> {
        self.expect_punct("(", "`(` before the condition")?;
        let outer = std::mem::replace(&mut self.condition, true);
        let condition = self.expr();
        self.condition = outer;
        let condition = condition?;
        self.expect_punct(")", "`)` after the condition")?;
        Ok(condition)
    }

    fn statement(&mut self) -> Result<Stmt> {
        let pos = self.peek().pos;
        let kind = if self.eat_keyword("info") {
            let value = self.expr()?;
            self.end_statement()?;
            StmtKind::Info(value)
        } else if self.eat_keyword("return") {
            let value = if self.is_punct(";") {
                None
            } else {
                Some(self.expr()?)
            };
            self.end_statement()?;
            StmtKind::Return(value)
        } else if self.eat_keyword("break") {
            self.end_statement()?;
            StmtKind::Break
        } else if self.eat_keyword("continue") {
            self.end_statement()?;
            StmtKind::Continue
        } else if self.is_keyword("if") && matches!(self.peek_at(1), Tok::Punct("(")) {
            self.next();
            let mut branches = vec![(self.condition()?, self.block()?)];
            let mut otherwise = None;
            while self.eat_keyword("else") {
                if self.eat_keyword("if") {
                    branches.push((self.condition()?, self.block()?));
                } else {
                    otherwise = Some(self.block()?);
                    break;
                }
            }
            StmtKind::If {
                branches,
                otherwise,
            }
        } else if self.eat_keyword("for") {
            self.expect_keyword("each")?;
            self.eat_keyword("index");
            let var = self.ident("the loop variable")?;
            self.expect_keyword("in")?;
            let iterable = self.expr()?;
            StmtKind::ForEach {
                var,
                iterable,
                body: self.block()?,
            }
        } else if self.eat_keyword("try") {
            let body = self.block()?;
            self.expect_keyword("catch")?;
            self.expect_punct("(", "`(` after catch")?;
            let var = self.ident("the error variable")?;
            self.expect_punct(")", "`)` after the error variable")?;
            StmtKind::Try {
                body,
                var,
                handler: self.block()?,
            }
        } else if self.is_keyword("sendmail") && matches!(self.peek_at(1), Tok::Punct("[")) {
            self.next();
            let values = self.task_values(&[":"])?;
            // Deployed code often leaves out the `;` after a task block.
            self.eat_punct(";");
            StmtKind::Task {
                name: "sendmail".into(),
                values,
            }
        } else if self.is_keyword("insert") && is_keyword(self.peek_at(1), "into") {
            self.next();
            let (form, values) = self.insert_into()?;
            self.end_statement()?;
            StmtKind::Task {
                name: format!("insert into {form}"),
                values,
            }
        } else if self.is_keyword("delete") && is_keyword(self.peek_at(1), "from") {
            self.next();
            self.next();
            let form = self.postfix()?;
            self.end_statement()?;
            StmtKind::Task {
                name: "delete".into(),
                values: vec![form],
            }
        } else if (self.is_keyword("show") || self.is_keyword("hide"))
            && matches!(self.peek_at(1), Tok::Ident(_))
        {
            let name = self.ident("show or hide")?;
            let field = self.postfix()?;
            self.end_statement()?;
            StmtKind::Task {
                name,
                values: vec![field],
            }
        } else {
            let target = self.expr()?;
            let op = match &self.peek().tok {
                Tok::Punct(op @ ("=" | "+=" | "-=" | "*=" | "/=")) => Some(*op),
                _ => None,
            };
            match op {
                Some(op) => {
                    if !matches!(target.kind, ExprKind::Var(_) | ExprKind::Member { .. }) {
                        return Err(SyntaxError {
                            pos: self.peek().pos,
                            message: format!(
                                "found `{op}` after an expression that cannot be assigned to"
                            ),
                        });
                    }
                    self.next();
                    let value = self.expr()?;
                    self.end_statement()?;
                    StmtKind::Assign { target, op, value }
                }
                None => {
                    self.end_statement()?;
                    StmtKind::Expr(target)
                }
            }
        };
        Ok(Stmt { pos, kind })
    }

    /// `[ key: value ... ]` or `[ Field = value ... ]`: keys are dropped, values kept.
    /// Deployed blocks also hold two-word keys (`reply to:`), nested keys
    /// (`Attachments: file: v_File`) and values in several parts on the key's line
    /// (`template: Invoice:Orders input.ID as PDF`).
    fn task_values(&mut self, separators: &[&str]) -> Result<Vec<Expr>> {
        self.expect_punct("[", "`[`")?;
        let mut values = Vec::new();
        while !self.is_punct("]") {
            self.task_key()?;
            if matches!(self.peek().tok, Tok::Ident(_))
                && !self.peek().after_newline
                && matches!(self.peek_at(1), Tok::Punct(":"))
            {
                self.next();
            }
            if !separators.iter().any(|s| self.eat_punct(s)) {
                return self.error(&format!("`{}` after the key", separators[0]));
            }
            while matches!(self.peek().tok, Tok::Ident(_))
                && !self.peek().after_newline
                && matches!(self.peek_at(1), Tok::Punct(":"))
            {
                self.next();
                self.next();
            }
            values.push(self.expr()?);
            loop {
                if self.eat_punct(":") {
                    values.push(self.expr()?);
                    continue;
                }
                let next = self.peek().clone();
                if next.after_newline || next.tok == Tok::Eof || self.is_punct("]") {
                    break;
                }
                if self.eat_keyword("as") {
                    self.ident("a format after `as` (PDF, ...)")?;
                    continue;
                }
                // The next key on the same line ends the value.
                let next_is_key = matches!(next.tok, Tok::Ident(_))
                    && matches!(self.peek_at(1), Tok::Punct(p) if *p == ":" || separators.contains(p));
                if !next_is_key
                    && matches!(
                        next.tok,
                        Tok::Ident(_) | Tok::Text(_) | Tok::Quoted(_) | Tok::Number(_)
                    )
                {
                    values.push(self.expr()?);
                    continue;
                }
                break;
            }
            self.eat_punct(",");
        }
        self.next();
        Ok(values)
    }

    /// `insert into Form [ Field = value ... ]`, after `insert`.
    fn insert_into(&mut self) -> Result<(String, Vec<Expr>)> {
        self.expect_keyword("into")?;
        let form = self.ident("the form's name")?;
        let values = self.task_values(&["=", ":"])?;
        Ok((form, values))
    }

    /// A key in a task block: `url`, `content-type`, `response-format`.
    fn task_key(&mut self) -> Result<(String, Pos)> {
        let pos = self.peek().pos;
        let mut key = self.ident("a key, or `]` to close the block")?;
        while self.is_punct("-") && matches!(self.peek_at(1), Tok::Ident(_)) {
            self.next();
            key.push('-');
            key.push_str(&self.ident("the rest of the key")?);
        }
        Ok((key, pos))
    }

    fn invokeurl(&mut self, pos: Pos) -> Result<Expr> {
        self.expect_punct("[", "`[` after invokeurl")?;
        let mut params: Vec<Param> = Vec::new();
        while !self.is_punct("]") {
            if self.peek().tok == Tok::Eof {
                return self.error("`]` to close the invokeurl block");
            }
            let (key, key_pos) = self.task_key()?;
            let lower = key.to_ascii_lowercase();
            if !INVOKEURL_KEYS.contains(&lower.as_str()) {
                return Err(SyntaxError {
                    pos: key_pos,
                    message: format!(
                        "found invokeurl key `{key}`, expected one of {}",
                        INVOKEURL_KEYS.join(", ")
                    ),
                });
            }
            if params.iter().any(|p| p.key == lower) {
                return Err(SyntaxError {
                    pos: key_pos,
                    message: format!("found `{key}` a second time in one invokeurl block"),
                });
            }
            self.expect_punct(":", "`:` after the invokeurl key")?;
            // `type: DELETE`: the verb is a word here, though `delete` starts a statement
            // elsewhere (`delete from Form[...]`).
            let verb_word = match &self.peek().tok {
                Tok::Ident(word)
                    if lower == "type" && VERBS.contains(&word.to_ascii_uppercase().as_str()) =>
                {
                    Some((word.clone(), self.peek().pos))
                }
                _ => None,
            };
            let value = match verb_word {
                Some((word, pos)) => {
                    self.next();
                    Expr {
                        pos,
                        kind: ExprKind::Var(word),
                    }
                }
                None => self.expr()?,
            };
            if lower == "type" {
                let verb = value.var_name().map(str::to_ascii_uppercase);
                if !verb.as_deref().is_some_and(|v| VERBS.contains(&v)) {
                    return Err(SyntaxError {
                        pos: value.pos,
                        message: format!(
                            "found an invalid request type, expected one of {}",
                            VERBS.join(", ")
                        ),
                    });
                }
            }
            if self.is_punct(",") {
                return self.error("the next key on its own line (invokeurl keys take no commas)");
            }
            params.push(Param {
                key: lower,
                pos: key_pos,
                value,
            });
        }
        self.next();
        if !params.iter().any(|p| p.key == "url") {
            return Err(SyntaxError {
                pos,
                message: "found an invokeurl block without `url:`, expected a url".into(),
            });
        }
        Ok(Expr {
            pos,
            kind: ExprKind::InvokeUrl(params),
        })
    }

    fn expr(&mut self) -> Result<Expr> {
        self.nested(|parser| parser.binary(0))
    }

    /// A chain (`a.b().c()`, `1 + 2 + 3`) deepens the tree by one per link.
    fn check_chain(&self, links: usize) -> Result<()> {
        if links > MAX_CHAIN {
            return Err(SyntaxError {
                pos: self.peek().pos,
                message: format!(
                    "found a chain of more than {MAX_CHAIN} operations, expected a shorter one"
                ),
            });
        }
        Ok(())
    }

    /// Runs `inner` one level deeper, refusing to go past MAX_DEPTH.
    fn nested<T>(&mut self, inner: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError {
                pos: self.peek().pos,
                message: format!(
                    "found expressions or blocks nested more than {MAX_DEPTH} deep, expected a flatter script"
                ),
            });
        }
        self.depth += 1;
        let result = inner(self);
        self.depth -= 1;
        result
    }

    /// The binary operator at the cursor, if any: its precedence level (loosest 0), its
    /// canonical spelling, and how many tokens it takes (`not in` takes two).
    fn binary_operator(&self) -> Option<(usize, String, usize)> {
        const LEVELS: [&[&str]; 5] = [
            &["||", "or"],
            &["&&", "and"],
            &["==", "!=", "<>", "<", ">", "<=", ">=", "in"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        let level_of = |op: &str| LEVELS.iter().position(|ops| ops.contains(&op));
        match &self.peek().tok {
            // Inside a condition, Deluge reads a single `=` as a comparison.
            Tok::Punct("=") if self.condition => Some((2, "==".to_string(), 1)),
            Tok::Punct(p) => level_of(p).map(|level| (level, p.to_string(), 1)),
            Tok::Ident(word) => {
                let lower = word.to_ascii_lowercase();
                if lower == "not" && is_keyword(self.peek_at(1), "in") {
                    return Some((2, "not in".to_string(), 2));
                }
                match level_of(&lower) {
                    Some(level) if level <= 2 => Some((level, lower, 1)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Precedence climbing: one stack frame per level of nesting, not per precedence level,
    /// so deep expressions stay cheap. Operators are left-associative.
    fn binary(&mut self, min_level: usize) -> Result<Expr> {
        let mut lhs = self.unary()?;
        let mut links = 0;
        while let Some((level, op, width)) = self.binary_operator() {
            if level < min_level {
                break;
            }
            let pos = self.peek().pos;
            for _ in 0..width {
                self.next();
            }
            links += 1;
            self.check_chain(links)?;
            let rhs = self.nested(|parser| parser.binary(level + 1))?;
            lhs = Expr {
                pos,
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr> {
        let pos = self.peek().pos;
        for op in ["!", "-"] {
            if self.eat_punct(op) {
                let operand = self.nested(Self::unary)?;
                return Ok(Expr {
                    pos,
                    kind: ExprKind::Unary {
                        op,
                        operand: Box::new(operand),
                    },
                });
            }
        }
        if self.is_keyword("not") && !is_keyword(self.peek_at(1), "in") {
            self.next();
            let operand = self.nested(Self::unary)?;
            return Ok(Expr {
                pos,
                kind: ExprKind::Unary {
                    op: "!",
                    operand: Box::new(operand),
                },
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr> {
        let mut expr = self.primary()?;
        let mut links = 0;
        loop {
            let pos = self.peek().pos;
            links += 1;
            self.check_chain(links)?;
            if self.eat_punct(".") {
                let name = self.ident("a method or field name after `.`")?;
                if self.is_punct("(") {
                    let args = self.args()?;
                    expr = Expr {
                        pos,
                        kind: ExprKind::Method {
                            receiver: Box::new(expr),
                            method: name,
                            args,
                        },
                    };
                } else {
                    expr = Expr {
                        pos,
                        kind: ExprKind::Member {
                            object: Box::new(expr),
                            name,
                        },
                    };
                }
            } else if self.is_punct("[")
                && !self.peek().after_newline
                && matches!(expr.kind, ExprKind::Var(_))
            {
                self.next();
                let outer = std::mem::replace(&mut self.condition, true);
                let index = self.expr();
                self.condition = outer;
                let index = index?;
                self.expect_punct("]", "`]` to close the criteria")?;
                expr = Expr {
                    pos,
                    kind: ExprKind::Index {
                        object: Box::new(expr),
                        index: Box::new(index),
                    },
                };
            } else {
                return Ok(expr);
            }
        }
    }

    /// `( a, b, "k" : v )`
    fn args(&mut self) -> Result<Vec<Expr>> {
        self.expect_punct("(", "`(`")?;
        let outer = std::mem::replace(&mut self.condition, false);
        let mut args = Vec::new();
        let result = (|| {
            while !self.is_punct(")") {
                let first = self.expr()?;
                let arg = if self.eat_punct(":") {
                    let value = self.expr()?;
                    Expr {
                        pos: first.pos,
                        kind: ExprKind::Pair(Box::new(first), Box::new(value)),
                    }
                } else {
                    first
                };
                args.push(arg);
                if !self.eat_punct(",") {
                    break;
                }
            }
            self.expect_punct(")", "`,` or `)` in the argument list")?;
            Ok(())
        })();
        self.condition = outer;
        result.map(|()| args)
    }

    fn primary(&mut self) -> Result<Expr> {
        let pos = self.peek().pos;
        if matches!(
            self.peek().tok,
            Tok::Text(_) | Tok::Quoted(_) | Tok::Number(_)
        ) {
            // Taken, not copied: a literal's text moves into the tree.
            let kind = match self.next().tok {
                Tok::Text(text) => ExprKind::Text(text),
                Tok::Quoted(text) => ExprKind::Quoted(text),
                Tok::Number(number) => ExprKind::Number(number),
                _ => unreachable!("the token was just seen"),
            };
            return Ok(Expr { pos, kind });
        }
        let token = self.peek().clone();
        let kind = match &token.tok {
            Tok::Punct("(") => {
                self.next();
                let inner = self.expr()?;
                self.expect_punct(")", "`)`")?;
                return Ok(inner);
            }
            Tok::Punct("{") => {
                self.next();
                self.collection("}")?
            }
            Tok::Punct("[") => {
                self.next();
                self.collection("]")?
            }
            Tok::Ident(word) => {
                let lower = word.to_ascii_lowercase();
                if lower == "invokeurl" {
                    self.next();
                    return self.invokeurl(pos);
                }
                if lower == "insert" && is_keyword(self.peek_at(1), "into") {
                    self.next();
                    let (form, values) = self.insert_into()?;
                    return Ok(Expr {
                        pos,
                        kind: ExprKind::Insert { form, values },
                    });
                }
                if STATEMENT_KEYWORDS.contains(&lower.as_str()) && lower != "if" {
                    return self.error("a value");
                }
                self.next();
                match lower.as_str() {
                    "true" => ExprKind::Bool(true),
                    "false" => ExprKind::Bool(false),
                    "null" => ExprKind::Null,
                    _ => {
                        let mut name = word.clone();
                        // Typed collections: List:String(), Map:String()
                        if matches!(lower.as_str(), "list" | "map" | "collection")
                            && self.is_punct(":")
                            && matches!(self.peek_at(1), Tok::Ident(_))
                            && matches!(self.peek_at(2), Tok::Punct("("))
                        {
                            self.next();
                            name.push(':');
                            name.push_str(&self.ident("a type")?);
                        }
                        if self.is_punct("(") {
                            let args = self.args()?;
                            ExprKind::Call { name, args }
                        } else {
                            ExprKind::Var(name)
                        }
                    }
                }
            }
            _ => return self.error("a value"),
        };
        Ok(Expr { pos, kind })
    }

    /// `{ "k": v, ... }` (map) or `{ a, b }` / `[ a, b ]` (list), after the opener.
    fn collection(&mut self, close: &str) -> Result<ExprKind> {
        let outer = std::mem::replace(&mut self.condition, false);
        let result = (|| {
            if self.eat_punct(close) {
                return Ok(if close == "}" {
                    ExprKind::Map(Vec::new())
                } else {
                    ExprKind::List(Vec::new())
                });
            }
            let first = self.expr()?;
            if close == "}" && self.eat_punct(":") {
                let mut entries = vec![(first, self.expr()?)];
                while self.eat_punct(",") {
                    if self.is_punct(close) {
                        break;
                    }
                    let key = self.expr()?;
                    self.expect_punct(":", "`:` between key and value")?;
                    entries.push((key, self.expr()?));
                }
                self.expect_punct(close, "`,` or `}` in the map")?;
                return Ok(ExprKind::Map(entries));
            }
            let mut items = vec![first];
            while self.eat_punct(",") {
                if self.is_punct(close) {
                    break;
                }
                items.push(self.expr()?);
            }
            self.expect_punct(close, &format!("`,` or `{close}` in the list"))?;
            Ok(ExprKind::List(items))
        })();
        self.condition = outer;
        result
    }
}

fn is_keyword(tok: &Tok, word: &str) -> bool {
    matches!(tok, Tok::Ident(name) if name.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(source: &str) -> Script {
        parse(source).unwrap_or_else(|e| panic!("{e}")).0
    }

    #[test]
    fn an_insert_used_as_a_value_keeps_its_form_and_values() {
        let parsed = script("id = insert into Orders [ Total = 3 Status = \"Open\" ];");
        let StmtKind::Assign { value, .. } = &parsed.body[0].kind else {
            panic!("{parsed:?}");
        };
        let ExprKind::Insert { form, values } = &value.kind else {
            panic!("{value:?}");
        };
        assert_eq!(form, "Orders");
        assert_eq!(values.len(), 2);
    }

    #[test]
    fn several_functions_are_read_one_after_another() {
        let parsed = script("void a.one() { x = 1; }\nvoid a.two(int id) { y = id; }");
        assert_eq!(parsed.header.unwrap().name, "a.one");
        assert_eq!(parsed.more_functions.len(), 1);
        assert_eq!(parsed.more_functions[0].name, "a.two");
        assert_eq!(parsed.body.len(), 2);
        let error = parse("void a.one() { x = 1; }\nx = 2;").unwrap_err();
        assert!(error.message.contains("another function"), "{error}");
    }

    #[test]
    fn task_blocks_take_two_word_and_nested_keys() {
        let parsed = script(
            "sendmail [\n from: a\n reply to: \"r@x.y\"\n Attachments: file: f\n Attachments: template: T:Form input.ID as PDF\n]",
        );
        let StmtKind::Task { values, .. } = &parsed.body[0].kind else {
            panic!("{parsed:?}");
        };
        // a, "r@x.y", f, Form, input.ID (`template:` and `T:` read as nested keys)
        assert_eq!(values.len(), 5, "{values:?}");
        assert!(parse("sendmail [\n from a\n]").is_err());
    }
}

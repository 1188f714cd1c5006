//! Deluge source → tokens, each with its line and column. Comments are dropped, except
//! that `// lint: allow(rule, ...)` directives are kept for the linter.

use std::fmt;

/// 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    /// Double-quoted text, escapes already resolved.
    Text(String),
    /// Single-quoted text or date-time literal, as written.
    Quoted(String),
    Number(String),
    Punct(&'static str),
    Eof,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Ident(name) => write!(f, "`{name}`"),
            Tok::Text(_) => f.write_str("text"),
            Tok::Quoted(_) => f.write_str("quoted text"),
            Tok::Number(n) => write!(f, "number {n}"),
            Tok::Punct(p) => write!(f, "`{p}`"),
            Tok::Eof => f.write_str("end of file"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// Just after the token's last character.
    pub end: Pos,
    /// True when a line break separates this token from the one before.
    pub after_newline: bool,
}

/// A `// lint: allow(...)` comment: the rules it silences on its own and the next line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub line: usize,
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub pos: Pos,
    pub message: String,
}

pub struct Lexed {
    pub tokens: Vec<Token>,
    pub allows: Vec<Allow>,
}

const PUNCTUATION: [&str; 33] = [
    "&&", "||", "==", "!=", "<>", "<=", ">=", "+=", "-=", "*=", "/=", ";", ",", ".", ":", "(", ")",
    "[", "]", "{", "}", "=", "<", ">", "+", "-", "*", "/", "%", "!", "?", "&", "|",
];

pub fn lex(source: &str) -> Result<Lexed, LexError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let chars: Vec<char> = source.chars().collect();
    let mut lexer = Lexer {
        chars: &chars,
        at: 0,
        pos: Pos { line: 1, column: 1 },
    };
    let mut tokens = Vec::new();
    let mut allows = Vec::new();
    let mut newline = true;
    loop {
        // Whitespace and comments.
        loop {
            match lexer.peek(0) {
                Some('\n') => {
                    newline = true;
                    lexer.bump();
                }
                Some(c) if c.is_whitespace() => {
                    lexer.bump();
                }
                Some('/') if lexer.peek(1) == Some('/') => {
                    let line = lexer.pos.line;
                    let start = lexer.at;
                    // Comments are skipped in place (a column count per character is
                    // all the bookkeeping they need); only a `lint:` directive is read.
                    while lexer.peek(0).is_some_and(|c| c != '\n') {
                        lexer.at += 1;
                        lexer.pos.column += 1;
                    }
                    let comment = &lexer.chars[start..lexer.at];
                    let body = comment
                        .iter()
                        .skip_while(|c| **c == '/' || c.is_whitespace());
                    if body.take(5).copied().eq("lint:".chars()) {
                        let text: String = comment.iter().collect();
                        if let Some(rules) = allow_directive(&text) {
                            allows.push(Allow { line, rules });
                        }
                    }
                }
                Some('/') if lexer.peek(1) == Some('*') => {
                    let start = lexer.pos;
                    lexer.bump();
                    lexer.bump();
                    loop {
                        match lexer.peek(0) {
                            None => {
                                return Err(LexError {
                                    pos: start,
                                    message: "found a /* comment that never ends, expected */"
                                        .into(),
                                });
                            }
                            Some('*') if lexer.peek(1) == Some('/') => {
                                lexer.bump();
                                lexer.bump();
                                break;
                            }
                            Some('\n') => {
                                newline = true;
                                lexer.bump();
                            }
                            Some(_) => {
                                lexer.bump();
                            }
                        }
                    }
                }
                _ => break,
            }
        }
        let pos = lexer.pos;
        let Some(c) = lexer.peek(0) else {
            tokens.push(Token {
                tok: Tok::Eof,
                pos,
                end: pos,
                after_newline: true,
            });
            break;
        };
        let tok = if c.is_alphabetic() || c == '_' {
            Tok::Ident(lexer.take_while(|c| c.is_alphanumeric() || c == '_'))
        } else if c.is_ascii_digit()
            || (c == '.'
                && lexer.peek(1).is_some_and(|d| d.is_ascii_digit())
                && !follows_value(&tokens))
        {
            let mut number = lexer.take_while(|c| c.is_ascii_digit());
            if lexer.peek(0) == Some('.') && lexer.peek(1).is_some_and(|d| d.is_ascii_digit()) {
                lexer.bump();
                number.push('.');
                number.push_str(&lexer.take_while(|c| c.is_ascii_digit()));
            }
            Tok::Number(number)
        } else if c == '"' {
            lexer.bump();
            // Room up to the next quote: the whole text unless it holds an escaped one.
            let room = lexer.chars[lexer.at..].iter().position(|c| *c == '"');
            let mut text = String::with_capacity(room.unwrap_or(0));
            loop {
                match lexer.peek(0) {
                    None => {
                        return Err(LexError {
                            pos,
                            message: "found text that never ends, expected a closing \"".into(),
                        });
                    }
                    Some('"') => {
                        lexer.bump();
                        break;
                    }
                    Some('\\') => {
                        lexer.bump();
                        match lexer.bump() {
                            Some('n') => text.push('\n'),
                            Some('t') => text.push('\t'),
                            Some('r') => text.push('\r'),
                            Some('"') => text.push('"'),
                            Some('\\') => text.push('\\'),
                            // Other escapes (regular expressions: \d, \s) stay as written.
                            Some(other) => {
                                text.push('\\');
                                text.push(other);
                            }
                            None => {
                                return Err(LexError {
                                    pos,
                                    message: "found text that never ends, expected a closing \""
                                        .into(),
                                });
                            }
                        }
                    }
                    Some(c) => {
                        text.push(c);
                        lexer.bump();
                    }
                }
            }
            Tok::Text(text)
        } else if c == '\'' {
            lexer.bump();
            let mut text = String::new();
            loop {
                match lexer.bump() {
                    None => {
                        return Err(LexError {
                            pos,
                            message: "found quoted text that never ends, expected a closing '"
                                .into(),
                        });
                    }
                    Some('\'') => break,
                    Some(c) => text.push(c),
                }
            }
            Tok::Quoted(text)
        } else if let Some(p) = PUNCTUATION.iter().find(|p| lexer.starts_with(p)) {
            for _ in 0..p.chars().count() {
                lexer.bump();
            }
            Tok::Punct(p)
        } else {
            return Err(LexError {
                pos,
                message: format!("found `{c}`, which Deluge does not use here"),
            });
        };
        tokens.push(Token {
            tok,
            pos,
            end: lexer.pos,
            after_newline: newline,
        });
        newline = false;
    }
    Ok(Lexed { tokens, allows })
}

struct Lexer<'a> {
    chars: &'a [char],
    at: usize,
    pos: Pos,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        if c == '\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else {
            self.pos.column += 1;
        }
        Some(c)
    }

    /// The characters from here on that satisfy `keep`, consumed.
    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let start = self.at;
        while self.peek(0).is_some_and(&keep) {
            self.bump();
        }
        // Collected once it is measured: one allocation of the right size.
        self.chars[start..self.at].iter().collect()
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.peek(i) == Some(c))
    }
}

/// A `.` after a value is member access (`x.5` never occurs); elsewhere `.5` is a number.
fn follows_value(tokens: &[Token]) -> bool {
    matches!(
        tokens.last().map(|t| &t.tok),
        Some(Tok::Ident(_) | Tok::Text(_) | Tok::Number(_) | Tok::Punct(")" | "]"))
    )
}

/// `// lint: allow(literal-secret, DG007)` → the named rules.
fn allow_directive(comment: &str) -> Option<Vec<String>> {
    let rest = comment
        .trim_start_matches('/')
        .trim()
        .strip_prefix("lint:")?
        .trim();
    let inner = rest.strip_prefix("allow(")?.split(')').next()?;
    Some(
        inner
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(source: &str) -> Vec<Tok> {
        lex(source)
            .unwrap()
            .tokens
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn text_escapes_are_resolved() {
        assert_eq!(toks(r#""a\"b\\c\nd""#)[0], Tok::Text("a\"b\\c\nd".into()));
        assert_eq!(toks(r#""\d+""#)[0], Tok::Text("\\d+".into()));
    }

    #[test]
    fn comments_vanish_but_allow_directives_stay() {
        let lexed = lex("// lint: allow(literal-secret)\nx = 1; /* y */").unwrap();
        assert_eq!(
            lexed.allows,
            vec![Allow {
                line: 1,
                rules: vec!["literal-secret".into()]
            }]
        );
        assert_eq!(lexed.tokens.len(), 5);
    }

    #[test]
    fn positions_count_lines_and_columns() {
        let lexed = lex("a =\n  \"x\";").unwrap();
        assert_eq!(lexed.tokens[2].pos, Pos { line: 2, column: 3 });
        assert!(lexed.tokens[2].after_newline);
    }

    #[test]
    fn leading_dot_decimals_and_member_access() {
        assert_eq!(toks("x = .5;")[2], Tok::Number(".5".into()));
        assert_eq!(toks("a.b")[1], Tok::Punct("."));
    }

    #[test]
    fn unterminated_text_points_at_its_start() {
        let error = lex("x = \"abc;\ny = 1;").err().unwrap();
        assert_eq!(error.pos, Pos { line: 1, column: 5 });
    }
}

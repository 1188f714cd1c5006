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

/// Every token of `source` at once (the parser reads them one at a time instead, see
/// [`Lexer`], so a long script never holds all its tokens in memory).
pub fn lex(source: &str) -> Result<Lexed, LexError> {
    let mut lexer = Lexer::new(source);
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token()?;
        let end = token.tok == Tok::Eof;
        tokens.push(token);
        if end {
            break;
        }
    }
    Ok(Lexed {
        tokens,
        allows: lexer.allows,
    })
}

/// Reads tokens one at a time, straight from the text (no copy of it is made).
pub struct Lexer<'s> {
    source: &'s str,
    /// Byte offset of the next character.
    at: usize,
    pos: Pos,
    /// The `// lint: allow(...)` directives read so far.
    pub allows: Vec<Allow>,
    /// A line break since the last token.
    newline: bool,
    /// The last token was a value (so a `.` after it is member access).
    after_value: bool,
}

impl<'s> Lexer<'s> {
    pub fn new(source: &'s str) -> Self {
        Lexer {
            source: source.strip_prefix('\u{feff}').unwrap_or(source),
            at: 0,
            pos: Pos { line: 1, column: 1 },
            allows: Vec::new(),
            newline: true,
            after_value: false,
        }
    }

    /// The next token; after the end, `Eof` again and again.
    pub fn next_token(&mut self) -> Result<Token, LexError> {
        let lexer = self;
        // Whitespace and comments.
        loop {
            match lexer.peek(0) {
                Some('\n') => {
                    lexer.newline = true;
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
                    let length = lexer.rest().find('\n').unwrap_or(lexer.rest().len());
                    let comment = &lexer.source[start..start + length];
                    lexer.at += length;
                    lexer.pos.column += comment.chars().count();
                    let body = comment.trim_start_matches(|c: char| c == '/' || c.is_whitespace());
                    if body.starts_with("lint:")
                        && let Some(rules) = allow_directive(comment)
                    {
                        lexer.allows.push(Allow { line, rules });
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
                                lexer.newline = true;
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
            return Ok(Token {
                tok: Tok::Eof,
                pos,
                end: pos,
                after_newline: true,
            });
        };
        let tok = if c.is_alphabetic() || c == '_' {
            Tok::Ident(lexer.take_while(|c| c.is_alphanumeric() || c == '_'))
        } else if c.is_ascii_digit()
            || (c == '.' && lexer.peek(1).is_some_and(|d| d.is_ascii_digit()) && !lexer.after_value)
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
            let room = lexer.rest().find('"');
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
        } else if let Some(p) = PUNCTUATION.iter().find(|p| lexer.rest().starts_with(**p)) {
            // Punctuation is ASCII: one column per byte.
            lexer.at += p.len();
            lexer.pos.column += p.len();
            Tok::Punct(p)
        } else {
            return Err(LexError {
                pos,
                message: format!("found `{c}`, which Deluge does not use here"),
            });
        };
        lexer.after_value = matches!(
            tok,
            Tok::Ident(_) | Tok::Text(_) | Tok::Number(_) | Tok::Punct(")" | "]")
        );
        let after_newline = std::mem::replace(&mut lexer.newline, false);
        Ok(Token {
            tok,
            pos,
            end: lexer.pos,
            after_newline,
        })
    }

    fn rest(&self) -> &'s str {
        &self.source[self.at..]
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        let mut chars = self.rest().chars();
        match ahead {
            0 => chars.next(),
            _ => chars.nth(ahead),
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += c.len_utf8();
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
        self.source[start..self.at].to_string()
    }
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

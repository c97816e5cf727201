//! Consul's filter expressions (`?filter=`, go-bexpr's language) over the
//! results of a read: parsed and checked against the shape of what the
//! endpoint returns ([`views`]) before the read, then applied to each item.
//!
//! ```text
//! expr     := or
//! or       := and ("or" and)*
//! and      := not ("and" not)*
//! not      := "not" not | "(" expr ")" | match
//! match    := selector ("==" | "!=") value
//!           | selector "is" ["not"] "empty"
//!           | value ["not"] "in" selector
//!           | selector ["not"] ("contains" | "matches") value
//! selector := name ("." name | "[" string "]")*
//! value    := "string" | `raw string` | number | true | false | bare-word
//! ```
//!
//! A selector that passes through a list (`Checks.Status`) matches when any
//! element matches, as in go-bexpr. `in`/`contains` test membership of a
//! list, a key of a map, or a substring; `matches` is a regular expression.
//! A map key that is absent is empty and equal to nothing.

pub mod views;

use std::collections::BTreeMap;

/// A value of a result, shaped as Consul's API shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A list.
    List(Vec<Field>),
    /// A map with arbitrary keys.
    Map(BTreeMap<String, Field>),
    /// A structure with known field names.
    Struct(Vec<(&'static str, Field)>),
}

/// What the prefix of every parse error says (Consul's text).
pub const ERROR_PREFIX: &str = "Failed to create boolean expression evaluator";

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Name(String),
    Key(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal,
    NotEqual,
    IsEmpty,
    IsNotEmpty,
    In,
    NotIn,
    Matches,
    NotMatches,
}

#[derive(Debug, Clone)]
enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Match {
        selector: Vec<Segment>,
        op: Op,
        value: String,
        regex: Option<regex::Regex>,
    },
}

/// A parsed filter.
#[derive(Debug, Clone)]
pub struct Filter {
    expr: Expr,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Op(&'static str),
    Open,
    Close,
    Dot,
    LBracket,
    RBracket,
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                tokens.push((pos, Token::Open));
                i += 1;
            }
            ')' => {
                tokens.push((pos, Token::Close));
                i += 1;
            }
            '.' => {
                tokens.push((pos, Token::Dot));
                i += 1;
            }
            '[' => {
                tokens.push((pos, Token::LBracket));
                i += 1;
            }
            ']' => {
                tokens.push((pos, Token::RBracket));
                i += 1;
            }
            '=' | '!' => {
                if chars.get(i + 1).map(|(_, c)| *c) != Some('=') {
                    return Err(format!("1:{}: unexpected {c:?}", pos + 1));
                }
                tokens.push((pos, Token::Op(if c == '=' { "==" } else { "!=" })));
                i += 2;
            }
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    let Some(&(_, c)) = chars.get(i) else {
                        return Err(format!("1:{}: unterminated string", pos + 1));
                    };
                    i += 1;
                    match c {
                        '"' => break,
                        '\\' => {
                            let Some(&(_, e)) = chars.get(i) else {
                                return Err(format!("1:{}: unterminated string", pos + 1));
                            };
                            i += 1;
                            s.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                other => other,
                            });
                        }
                        c => s.push(c),
                    }
                }
                tokens.push((pos, Token::Quoted(s)));
            }
            '`' => {
                let mut s = String::new();
                i += 1;
                loop {
                    let Some(&(_, c)) = chars.get(i) else {
                        return Err(format!("1:{}: unterminated raw string", pos + 1));
                    };
                    i += 1;
                    if c == '`' {
                        break;
                    }
                    s.push(c);
                }
                tokens.push((pos, Token::Quoted(s)));
            }
            c if c.is_alphanumeric() || c == '_' || c == '-' || c == '/' || c == ':' => {
                let mut s = String::new();
                while let Some(&(_, c)) = chars.get(i) {
                    if c.is_alphanumeric() || c == '_' || c == '-' || c == '/' || c == ':' {
                        s.push(c);
                        i += 1;
                    } else {
                        break;
                    }
                }
                tokens.push((pos, Token::Word(s)));
            }
            other => return Err(format!("1:{}: unexpected {other:?}", pos + 1)),
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<(usize, Token)>,
    at: usize,
    text: &'a str,
}

fn is_keyword(w: &str) -> bool {
    matches!(
        w,
        "and" | "or" | "not" | "in" | "is" | "empty" | "contains" | "matches"
    )
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn peek_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(x)) if x == w)
    }

    fn position(&self) -> String {
        let pos = self
            .tokens
            .get(self.at)
            .map_or(self.text.len(), |(p, _)| *p);
        format!("1:{}", pos + 1)
    }

    fn error(&self, what: &str) -> String {
        match self.peek() {
            Some(t) => format!("{}: {what}, found {t:?}", self.position()),
            None => format!("{}: {what}, found the end", self.position()),
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.at += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.not()?;
        while self.peek_word("and") {
            self.at += 1;
            left = Expr::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.peek_word("not") {
            self.at += 1;
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        if self.peek() == Some(&Token::Open) {
            self.at += 1;
            let inner = self.or()?;
            if self.peek() != Some(&Token::Close) {
                return Err(self.error("expected \")\""));
            }
            self.at += 1;
            return Ok(inner);
        }
        self.matching()
    }

    /// A value token (quoted, or a bare word that is not a keyword).
    fn value(&mut self) -> Result<String, String> {
        match self.peek().cloned() {
            Some(Token::Quoted(s)) => {
                self.at += 1;
                Ok(s)
            }
            Some(Token::Word(w)) if !is_keyword(&w) => {
                self.at += 1;
                // A bare value may contain dots (versions, addresses).
                let mut w = w;
                while self.peek() == Some(&Token::Dot) {
                    if let Some(Token::Word(next)) = self.tokens.get(self.at + 1).map(|(_, t)| t) {
                        w.push('.');
                        w.push_str(next);
                        self.at += 2;
                    } else {
                        break;
                    }
                }
                Ok(w)
            }
            _ => Err(self.error("expected a value")),
        }
    }

    fn selector(&mut self) -> Result<Vec<Segment>, String> {
        let mut segments = Vec::new();
        match self.peek().cloned() {
            Some(Token::Word(w)) if !is_keyword(&w) => {
                self.at += 1;
                segments.push(Segment::Name(w));
            }
            _ => return Err(self.error("expected a selector")),
        }
        loop {
            match self.peek() {
                Some(Token::Dot) => {
                    self.at += 1;
                    match self.peek().cloned() {
                        Some(Token::Word(w)) => {
                            self.at += 1;
                            segments.push(Segment::Name(w));
                        }
                        _ => return Err(self.error("expected a name after \".\"")),
                    }
                }
                Some(Token::LBracket) => {
                    self.at += 1;
                    let Some(Token::Quoted(key)) = self.peek().cloned() else {
                        return Err(self.error("expected a quoted key"));
                    };
                    self.at += 1;
                    if self.peek() != Some(&Token::RBracket) {
                        return Err(self.error("expected \"]\""));
                    }
                    self.at += 1;
                    segments.push(Segment::Key(key));
                }
                _ => return Ok(segments),
            }
        }
    }

    fn matching(&mut self) -> Result<Expr, String> {
        // `value [not] in selector` starts with a value: a quoted string,
        // or a bare word followed by `in` / `not in`.
        let value_first = match self.peek() {
            Some(Token::Quoted(_)) => true,
            Some(Token::Word(w)) if !is_keyword(w) => {
                let next = self.tokens.get(self.at + 1).map(|(_, t)| t);
                let after = self.tokens.get(self.at + 2).map(|(_, t)| t);
                matches!(next, Some(Token::Word(n)) if n == "in")
                    || (matches!(next, Some(Token::Word(n)) if n == "not")
                        && matches!(after, Some(Token::Word(a)) if a == "in"))
            }
            _ => false,
        };
        if value_first {
            let value = self.value()?;
            let negated = self.peek_word("not");
            if negated {
                self.at += 1;
            }
            if !self.peek_word("in") {
                return Err(self.error("expected \"in\""));
            }
            self.at += 1;
            let selector = self.selector()?;
            return Ok(Expr::Match {
                selector,
                op: if negated { Op::NotIn } else { Op::In },
                value,
                regex: None,
            });
        }
        let selector = self.selector()?;
        let op = match self.peek().cloned() {
            Some(Token::Op("==")) => Op::Equal,
            Some(Token::Op("!=")) => Op::NotEqual,
            Some(Token::Word(w)) if w == "is" => {
                self.at += 1;
                let negated = self.peek_word("not");
                if negated {
                    self.at += 1;
                }
                if !self.peek_word("empty") {
                    return Err(self.error("expected \"empty\""));
                }
                self.at += 1;
                return Ok(Expr::Match {
                    selector,
                    op: if negated { Op::IsNotEmpty } else { Op::IsEmpty },
                    value: String::new(),
                    regex: None,
                });
            }
            Some(Token::Word(w)) if w == "contains" => Op::In,
            Some(Token::Word(w)) if w == "matches" => Op::Matches,
            Some(Token::Word(w)) if w == "not" => {
                self.at += 1;
                match self.peek().cloned() {
                    Some(Token::Word(w)) if w == "contains" => Op::NotIn,
                    Some(Token::Word(w)) if w == "matches" => Op::NotMatches,
                    _ => return Err(self.error("expected \"contains\" or \"matches\"")),
                }
            }
            _ => return Err(self.error("expected a match operator")),
        };
        self.at += 1;
        let value = self.value()?;
        let regex = if matches!(op, Op::Matches | Op::NotMatches) {
            Some(
                regex::Regex::new(&value)
                    .map_err(|e| format!("invalid regular expression {value:?}: {e}"))?,
            )
        } else {
            None
        };
        Ok(Expr::Match {
            selector,
            op,
            value,
            regex,
        })
    }
}

fn selector_text(selector: &[Segment]) -> String {
    let mut out = String::new();
    for (i, s) in selector.iter().enumerate() {
        match s {
            Segment::Name(n) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(n);
            }
            Segment::Key(k) => out.push_str(&format!("[{k:?}]")),
        }
    }
    out
}

/// Checks a selector against the shape of results (`schema`: lists hold
/// one element, maps one entry whose value shows their values' shape).
fn check_selector(schema: &Field, selector: &[Segment]) -> Result<(), String> {
    let mut at = schema;
    let mut i = 0;
    while i < selector.len() {
        match at {
            Field::List(items) => {
                let Some(first) = items.first() else {
                    return Ok(());
                };
                at = first;
                continue;
            }
            Field::Struct(fields) => {
                let Segment::Name(name) = &selector[i] else {
                    return Err(format!(
                        "Selector {:?} is not valid",
                        selector_text(selector)
                    ));
                };
                let Some((_, f)) = fields.iter().find(|(n, _)| n == name) else {
                    return Err(format!(
                        "Selector {:?} is not valid",
                        selector_text(selector)
                    ));
                };
                at = f;
            }
            Field::Map(entries) => {
                let Some(value) = entries.values().next() else {
                    return Ok(());
                };
                at = value;
            }
            _ => {
                return Err(format!(
                    "Selector {:?} is not valid",
                    selector_text(selector)
                ));
            }
        }
        i += 1;
    }
    Ok(())
}

fn check(expr: &Expr, schema: &Field) -> Result<(), String> {
    match expr {
        Expr::Or(a, b) | Expr::And(a, b) => {
            check(a, schema)?;
            check(b, schema)
        }
        Expr::Not(a) => check(a, schema),
        Expr::Match { selector, .. } => check_selector(schema, selector),
    }
}

/// Every value `selector` reaches in `item` (several through a list); none
/// for an absent map key.
fn resolve<'a>(item: &'a Field, selector: &[Segment], out: &mut Vec<&'a Field>) {
    let Some((first, rest)) = selector.split_first() else {
        out.push(item);
        return;
    };
    match item {
        Field::List(items) => {
            for i in items {
                resolve(i, selector, out);
            }
        }
        Field::Struct(fields) => {
            if let Segment::Name(name) = first
                && let Some((_, f)) = fields.iter().find(|(n, _)| n == name)
            {
                resolve(f, rest, out);
            }
        }
        Field::Map(entries) => {
            let key = match first {
                Segment::Name(n) | Segment::Key(n) => n,
            };
            if let Some(v) = entries.get(key) {
                resolve(v, rest, out);
            }
        }
        _ => {}
    }
}

fn equals(field: &Field, value: &str) -> bool {
    match field {
        Field::Str(s) => s == value,
        Field::Bool(b) => value.parse::<bool>().is_ok_and(|v| v == *b),
        Field::Int(i) => value.parse::<i64>().is_ok_and(|v| v == *i),
        _ => false,
    }
}

fn is_empty(field: &Field) -> bool {
    match field {
        Field::Str(s) => s.is_empty(),
        Field::List(l) => l.is_empty(),
        Field::Map(m) => m.is_empty(),
        Field::Struct(_) | Field::Bool(_) | Field::Int(_) => false,
    }
}

fn contains(field: &Field, value: &str) -> bool {
    match field {
        Field::Str(s) => s.contains(value),
        Field::List(items) => items.iter().any(|i| equals(i, value)),
        Field::Map(m) => m.contains_key(value),
        _ => false,
    }
}

fn eval(expr: &Expr, item: &Field) -> bool {
    match expr {
        Expr::Or(a, b) => eval(a, item) || eval(b, item),
        Expr::And(a, b) => eval(a, item) && eval(b, item),
        Expr::Not(a) => !eval(a, item),
        Expr::Match {
            selector,
            op,
            value,
            regex,
        } => {
            let mut values = Vec::new();
            resolve(item, selector, &mut values);
            if values.is_empty() {
                // An absent key: empty, equal to nothing.
                return matches!(op, Op::IsEmpty | Op::NotEqual | Op::NotIn | Op::NotMatches);
            }
            values.iter().any(|f| match op {
                Op::Equal => equals(f, value),
                Op::NotEqual => !equals(f, value),
                Op::IsEmpty => is_empty(f),
                Op::IsNotEmpty => !is_empty(f),
                Op::In => contains(f, value),
                Op::NotIn => !contains(f, value),
                Op::Matches => {
                    matches!(f, Field::Str(s) if regex.as_ref().is_some_and(|r| r.is_match(s)))
                }
                Op::NotMatches => {
                    !matches!(f, Field::Str(s) if regex.as_ref().is_some_and(|r| r.is_match(s)))
                }
            })
        }
    }
}

impl Filter {
    /// Parses `text` and checks its selectors against `schema`; the error
    /// is Consul's message.
    pub fn parse(text: &str, schema: &Field) -> Result<Filter, String> {
        let inner = || -> Result<Filter, String> {
            let tokens = tokenize(text)?;
            let mut parser = Parser {
                tokens,
                at: 0,
                text,
            };
            if parser.peek().is_none() {
                return Err("1:1: empty expression".into());
            }
            let expr = parser.or()?;
            if parser.peek().is_some() {
                return Err(parser.error("expected the end"));
            }
            check(&expr, schema)?;
            Ok(Filter { expr })
        };
        inner().map_err(|e| format!("{ERROR_PREFIX}: {e}"))
    }

    /// Whether `item` passes.
    pub fn matches(&self, item: &Field) -> bool {
        eval(&self.expr, item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Field {
        Field::Str(v.into())
    }

    fn item() -> Field {
        Field::Struct(vec![
            ("Node", s("web-1")),
            ("Port", Field::Int(8080)),
            ("Enabled", Field::Bool(true)),
            ("Tags", Field::List(vec![s("v1"), s("primary")])),
            (
                "Meta",
                Field::Map(
                    [
                        ("env".to_string(), s("prod")),
                        ("rack-id".to_string(), s("r1")),
                    ]
                    .into(),
                ),
            ),
            (
                "Checks",
                Field::List(vec![
                    Field::Struct(vec![("Status", s("passing")), ("Notes", s(""))]),
                    Field::Struct(vec![("Status", s("critical")), ("Notes", s("disk"))]),
                ]),
            ),
        ])
    }

    fn eval_text(text: &str) -> bool {
        Filter::parse(text, &item()).unwrap().matches(&item())
    }

    #[test]
    fn operators_selectors_and_logic() {
        for (text, expected) in [
            ("Node == web-1", true),
            ("Node == \"web-2\"", false),
            ("Node != `web-2`", true),
            ("Port == 8080", true),
            ("Enabled == true", true),
            ("Tags contains v1", true),
            ("\"primary\" in Tags", true),
            ("v2 not in Tags", true),
            ("Tags not contains v1", false),
            ("Meta.env == prod", true),
            ("Meta[\"rack-id\"] == r1", true),
            ("Meta.missing == x", false),
            ("Meta.missing is empty", true),
            ("env in Meta", true),
            ("Node contains web", true),
            ("Node matches \"^web-[0-9]+$\"", true),
            ("Node not matches \"^db\"", true),
            ("Tags is not empty", true),
            ("Checks.Status == critical", true),
            ("Checks.Status == warning", false),
            ("Checks.Notes is empty", true),
            ("not Node == web-1", false),
            ("Node == x or Port == 8080 and Enabled == true", true),
            ("(Node == x or Port == 8080) and Enabled == false", false),
            ("not (Node == x)", true),
        ] {
            assert_eq!(eval_text(text), expected, "{text}");
        }
    }

    #[test]
    fn bad_expressions_and_selectors_are_refused_with_consuls_prefix() {
        for text in [
            "",
            "Node ==",
            "Node = x",
            "== x",
            "Nope == x",
            "Checks.Nope == x",
            "Node matches \"(\"",
            "Node == x and",
            "(Node == x",
            "Node == \"open",
            "Node.Sub == x",
        ] {
            let err = Filter::parse(text, &item()).unwrap_err();
            assert!(err.starts_with(ERROR_PREFIX), "{text}: {err}");
        }
        assert!(
            Filter::parse("Nope == x", &item())
                .unwrap_err()
                .contains("Selector \"Nope\" is not valid")
        );
    }
}

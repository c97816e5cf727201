//! A linear check of HCL text before hcl-rs parses it.
//!
//! hcl-rs (0.19 and 0.20 alike) takes time exponential in the number of
//! unclosed `[` around binary operators: fuzzing found 159 bytes of rules
//! that parse (to an error) in 35 ms and 307 bytes of the same shape that
//! did not finish in 100 s. Rules come from the API (`PUT /v1/acl/policy`)
//! and are parsed on the leader, so that would be a way to stall it.
//!
//! Consul reads its configuration files and ACL rules with HCL 1, which has
//! no expressions: values are strings, numbers, booleans, lists and
//! objects. So before parsing, this check refuses what HCL 1 does not have
//! (operators, function calls, conditionals; anything but `= { } [ ] , : .
//! -`, names, numbers, strings, comments and heredocs) and more than
//! [`MAX_NESTING`] levels of `{`, `[` and `${`. Strings may still hold
//! `${...}`, as a Consul configuration may (`"echo ${HOME}"`); what is
//! inside is held to the same rule. What remains parses in linear time.

/// Deepest nesting of `{`, `[` and string interpolations accepted. A
/// Consul configuration needs about six (`services` → a service → `checks`
/// → a check → `header` → a list).
pub const MAX_NESTING: usize = 12;

/// Why text is refused, and where (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Line.
    pub line: usize,
    /// Column (in bytes).
    pub column: usize,
    /// What is wrong.
    pub detail: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.detail
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Brace,
    Bracket,
    /// `${` or `%{` inside a string or heredoc.
    Interpolation,
}

/// Where the scanner is.
#[derive(PartialEq, Eq)]
enum Mode {
    /// Names, values, punctuation (also inside an interpolation).
    Code,
    /// Inside `"..."`.
    Quoted,
    /// Inside a heredoc ending at a line that is the marker.
    Heredoc(Vec<u8>),
}

/// Checks `text` (see the module documentation).
pub fn check(text: &str) -> Result<(), Refused> {
    let b = text.as_bytes();
    let mut open: Vec<Open> = Vec::new();
    // The modes to return to when an interpolation closes.
    let mut modes: Vec<Mode> = vec![Mode::Code];
    let (mut line, mut line_start) = (1usize, 0usize);
    let mut i = 0;
    let refuse = |at: usize, line: usize, line_start: usize, detail: String| Refused {
        line,
        column: at - line_start + 1,
        detail,
    };
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            line_start = i + 1;
            // A heredoc ends at a line holding only its marker.
            if let Some(Mode::Heredoc(marker)) = modes.last() {
                let end = b[i + 1..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .map_or(b.len(), |p| i + 1 + p);
                if b[i + 1..end].trim_ascii() == marker.as_slice() {
                    modes.pop();
                    i = end;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        let mode = modes.last().expect("the code mode is never left");
        match mode {
            Mode::Quoted | Mode::Heredoc(_) => {
                let quoted = *mode == Mode::Quoted;
                match c {
                    b'\\' if quoted => i += 1,
                    b'"' if quoted => {
                        modes.pop();
                    }
                    b'$' | b'%' if b.get(i + 1) == Some(&c) => i += 1, // `$$`, `%%`: escapes
                    b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                        open.push(Open::Interpolation);
                        if open.len() > MAX_NESTING {
                            return Err(refuse(i, line, line_start, nesting()));
                        }
                        modes.push(Mode::Code);
                        i += 1;
                    }
                    _ => {}
                }
                i += 1;
            }
            Mode::Code => {
                match c {
                    b' ' | b'\t' | b'\r' => {}
                    b'#' => i = line_end(b, i) - 1,
                    b'/' if b.get(i + 1) == Some(&b'/') => i = line_end(b, i) - 1,
                    b'/' if b.get(i + 1) == Some(&b'*') => {
                        let Some(end) = find(b, i + 2, b"*/") else {
                            // Unterminated: the parser says so.
                            return Ok(());
                        };
                        for (k, &x) in b[i..end].iter().enumerate() {
                            if x == b'\n' {
                                line += 1;
                                line_start = i + k + 1;
                            }
                        }
                        i = end + 1;
                    }
                    b'"' => modes.push(Mode::Quoted),
                    b'<' if b.get(i + 1) == Some(&b'<') => {
                        let mut k = i + 2;
                        if b.get(k) == Some(&b'-') {
                            k += 1;
                        }
                        let start = k;
                        while k < b.len() && (b[k].is_ascii_alphanumeric() || b[k] == b'_') {
                            k += 1;
                        }
                        if k == start {
                            return Err(refuse(i, line, line_start, operator(c)));
                        }
                        modes.push(Mode::Heredoc(b[start..k].to_vec()));
                        // The rest of the line after the marker is the
                        // parser's to judge; the body starts on the next.
                        i = line_end(b, k) - 1;
                    }
                    b'{' | b'[' => {
                        open.push(if c == b'{' {
                            Open::Brace
                        } else {
                            Open::Bracket
                        });
                        if open.len() > MAX_NESTING {
                            return Err(refuse(i, line, line_start, nesting()));
                        }
                    }
                    b'}' | b']' => match (open.pop(), c) {
                        (Some(Open::Brace), b'}') | (Some(Open::Bracket), b']') => {}
                        // Back into the string or heredoc.
                        (Some(Open::Interpolation), b'}') => {
                            modes.pop();
                        }
                        _ => {
                            return Err(refuse(
                                i,
                                line,
                                line_start,
                                format!("unbalanced {:?}", char::from(c)),
                            ));
                        }
                    },
                    b'=' | b',' | b':' | b'.' | b'-' | b'_' => {}
                    c if c.is_ascii_alphanumeric() || c >= 0x80 => {}
                    c => return Err(refuse(i, line, line_start, operator(c))),
                }
                i += 1;
            }
        }
    }
    Ok(())
}

fn nesting() -> String {
    format!("nested more than {MAX_NESTING} levels deep")
}

fn operator(c: u8) -> String {
    format!(
        "unexpected {:?}: only values (strings, numbers, booleans, lists, objects) are read, \
         no expressions, as in Consul's HCL",
        char::from(c)
    )
}

/// The index of the newline ending the line at `i` (or the text's end).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&x| x == b'\n')
        .map_or(b.len(), |p| i + p)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consuls_configurations_and_rules_pass() {
        let texts = [
            r#"key_prefix "app/" { policy = "write" }
service_prefix "" {
  policy = "read"   # a comment
  intentions = "read"
}
// another
/* and a
   block comment */
operator = "read""#,
            r#"datacenter = "dc1"
ports { http = -1, https = 8501 }
retry_join = ["10.0.0.1", "provider=aws tag_key=consul"]
services = [{
  name = "web"
  checks = [{ args = ["sh", "-c", "echo ${HOME} 100%% $${literal}"], interval = "10s",
              header = { X-Token = ["a"] } }]
}]
telemetry { prometheus_retention_time = "1.5h" }
ratio = 1.5e3
acl = { enabled = true, tokens: { agent = "x" } }
script = <<EOF
echo "${HOME}" [ { * / + not code
EOF
other = <<-END
   indented
   END
"#,
        ];
        for t in texts {
            check(t).unwrap_or_else(|e| panic!("{e}\n{t}"));
        }
    }

    #[test]
    fn expressions_and_deep_nesting_are_refused_with_their_place() {
        // The shape fuzzing found (hcl-rs takes exponential time on it).
        let found = "rr=i/YetE*oY[e*ot*o[t*ot*o[o*oYEt*ot*o[ot*oYet*o[oet*ot*o[oYEt*ot*o[ot*";
        let e = check(found).unwrap_err();
        assert_eq!((e.line, e.column), (1, 5), "{e}");
        assert!(e.detail.contains("'/'"), "{e}");
        for (text, at) in [
            ("a = b * c", (1, 7)),
            ("a = max(1, 2)", (1, 8)),
            ("a = b ? c : d", (1, 7)),
            ("a = \"x\"\nb = \"${c + 1}\"", (2, 10)),
            ("a = <<EOF\n${a|b}\nEOF\n", (2, 4)),
            ("a = !b", (1, 5)),
            ("a = \"${ ] * b\"", (1, 9)),
            ("a = [ }", (1, 7)),
        ] {
            let e = check(text).unwrap_err();
            assert_eq!((e.line, e.column), at, "{text}: {e}");
        }
        let deep = format!("a = {}", "[".repeat(MAX_NESTING + 1));
        assert!(check(&deep).unwrap_err().detail.contains("nested"));
        let deep = format!("a = \"{}\"", "${\"".repeat(MAX_NESTING + 1));
        assert!(check(&deep).unwrap_err().detail.contains("nested"));
        let fine = format!("a = {}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        check(&fine).unwrap();
    }
}

//! A YAML document as a tree of nodes that remember their line, so spec
//! errors can name where a key was written (yaml-rust2's own tree drops
//! positions). Scalars keep their text and whether they were quoted: Kaitai
//! reads most values as expressions, so the text matters more than a type.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One YAML node with the line (1-based) it starts on.
#[derive(Clone, Debug)]
pub struct Node {
    pub line: usize,
    pub kind: Kind,
}

#[derive(Clone, Debug)]
pub enum Kind {
    /// A scalar's text; `quoted` for '…' and "…" (and block) styles.
    Scalar {
        text: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    /// Keys in the order written.
    Map(Vec<(String, Node)>),
}

impl Node {
    pub fn as_map(&self) -> Option<&[(String, Node)]> {
        match &self.kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value of `key` in a map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// A plain (unquoted) scalar that is `null`, `~` or empty.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, quoted: false } if text.is_empty() || text == "~" || text == "null")
    }

    pub fn is_quoted(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { quoted: true, .. })
    }

    /// A short name for the node's kind, for error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } => "scalar",
            Kind::Seq(_) => "list",
            Kind::Map(_) => "map",
        }
    }
}

/// Marks a map key that was a list or map (kept as its flow text).
pub const NON_SCALAR_KEY: char = '\u{1}';

/// A node as YAML flow text (`[1, 2]`, `{a: b}`).
fn flow_text(node: &Node) -> String {
    match &node.kind {
        Kind::Scalar { text, .. } => text.clone(),
        Kind::Seq(items) => format!(
            "[{}]",
            items.iter().map(flow_text).collect::<Vec<_>>().join(", ")
        ),
        Kind::Map(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", flow_text(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// A YAML syntax error with its line.
#[derive(Debug, Clone)]
pub struct YamlError {
    pub line: usize,
    pub message: String,
}

/// Parses the first document of `src`.
pub fn load(src: &str) -> Result<Node, YamlError> {
    let mut b = Builder::default();
    let mut parser = Parser::new_from_str(src);
    parser.load(&mut b, false).map_err(|e| YamlError {
        line: e.marker().line(),
        message: e.info().to_string(),
    })?;
    if let Some(err) = b.error {
        return Err(err);
    }
    // An empty document is a null.
    Ok(b.done.unwrap_or(Node {
        line: 1,
        kind: Kind::Scalar {
            text: String::new(),
            quoted: false,
        },
    }))
}

enum Open {
    Seq(Node, usize),
    /// The map so far, its anchor, and a key (with its line) waiting for
    /// its value.
    Map(Node, usize, Option<(String, usize)>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, Node>,
    done: Option<Node>,
    error: Option<YamlError>,
}

impl Builder {
    fn push_node(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.done.is_none() {
                    self.done = Some(node);
                }
            }
            Some(Open::Seq(seq, _)) => {
                if let Kind::Seq(items) = &mut seq.kind {
                    items.push(node);
                }
            }
            Some(Open::Map(map, _, pending)) => match pending.take() {
                // A list or map as a key is kept as its flow text; the
                // spec loader refuses it where it is used.
                None => {
                    let key = match &node.kind {
                        Kind::Scalar { text, .. } => text.clone(),
                        _ => format!("{NON_SCALAR_KEY}{}", flow_text(&node)),
                    };
                    *pending = Some((key, node.line));
                }
                Some((key, key_line)) => {
                    if let Kind::Map(entries) = &mut map.kind {
                        if entries.iter().any(|(k, _)| *k == key) && self.error.is_none() {
                            self.error = Some(YamlError {
                                line: key_line,
                                message: format!("found duplicate key {key}"),
                            });
                        }
                        entries.push((key, node));
                    }
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let line = mark.line();
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                let quoted = !matches!(style, TScalarStyle::Plain);
                self.push_node(
                    Node {
                        line,
                        kind: Kind::Scalar { text, quoted },
                    },
                    anchor,
                );
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node {
                    line,
                    kind: Kind::Scalar {
                        text: String::new(),
                        quoted: false,
                    },
                });
                self.push_node(node, 0);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Open::Seq(
                Node {
                    line,
                    kind: Kind::Seq(Vec::new()),
                },
                anchor,
            )),
            Event::MappingStart(anchor, _) => self.stack.push(Open::Map(
                Node {
                    line,
                    kind: Kind::Map(Vec::new()),
                },
                anchor,
                None,
            )),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq(node, anchor)) | Some(Open::Map(node, anchor, _)) => {
                    self.push_node(node, anchor)
                }
                None => {}
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_lines_order_and_quoting() {
        let n = load("meta:\n  id: x\nseq:\n  - id: a\n    size: '4'\n").unwrap();
        let seq = n.get("seq").unwrap().as_seq().unwrap();
        assert_eq!(seq[0].line, 4);
        let size = seq[0].get("size").unwrap();
        assert!(size.is_quoted());
        assert_eq!(size.as_scalar(), Some("4"));
        let keys: Vec<_> = n
            .as_map()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["meta", "seq"]);
    }

    #[test]
    fn syntax_error_names_line() {
        let e = load("a: [1, 2\nb: c\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
    }
}

//! One step of a function, and the values it reads: the scope of names a step may use
//! (arguments, the results of the steps before it, a `for_each` element) and value
//! expressions compiled to Deluge. A literal stays a `FieldValue` (printed by the `dg`
//! filter); code is made only of checked variable names, argument references compiled by
//! `value::resolve`, keys through the text-literal escaper, and list positions (digits).

use serde::Serialize;

use super::value::{self, Slot};
use crate::deluge::literal;
use crate::spec::{
    ArgType, Criteria, FieldPath, FieldValue, Fields, Filters, Input, InputName, InputRef,
    InputUse, Inputs, OrInput, PathPart, Problem, SearchValue, StepCriteria, StepName, StepPath,
    Text, Value, ValueFields, closest,
};
use crate::zoho::Conventions;

/// What a name in scope holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Map,
    List,
}

/// A step result or element a later value may read.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    /// The Deluge variable holding it (`m_StepDeal`, `l_StepContacts`, `m_EachItem`).
    pub var: String,
    pub shape: Shape,
    /// The step that defines it (its position in the function).
    pub step: usize,
}

/// The names a function's steps may read, checked once here.
pub struct Scope<'a> {
    pub inputs: &'a Inputs,
    /// Every step's names, in order (later ones included, to say "comes later").
    pub all: Vec<Named>,
    /// The element of the step being planned, when it runs for each record.
    pub element: Option<Named>,
}

/// A check made before a step runs: `missing` is true when a value it needs is absent.
#[derive(Debug, Clone, Serialize)]
pub struct Need {
    pub missing: String,
    pub message: String,
}

/// One statement that builds the record: `m_Record.put("k", <value>)` and the maps and
/// lists nested in it.
#[derive(Debug, Clone, Serialize)]
pub struct Build {
    /// The variable written (`m_Record`, `m_Value1`, `l_Value2`).
    target: String,
    /// `map` (a new Map), `list` (a new List), `put` or `add`.
    op: &'static str,
    key: Option<String>,
    literal: Option<FieldValue>,
    code: Option<String>,
    /// An optional argument: the statement runs only when it is not empty.
    guard: Option<String>,
}

/// Turns `Name-like_text` into `NameLikeText` for variable names.
pub fn camel(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Compiles values for one step.
pub struct Values<'s, 'a> {
    pub scope: &'s Scope<'a>,
    /// The step being planned.
    pub step: usize,
    pub step_name: String,
    pub conventions: &'static dyn Conventions,
    /// How dates are written for the step's product (Creator: the application's format).
    pub dates: value::DateFormats,
    pub problems: Vec<Problem>,
    pub needs: Vec<Need>,
    pub builds: Vec<Build>,
    counter: usize,
}

impl<'s, 'a> Values<'s, 'a> {
    pub fn new(
        scope: &'s Scope<'a>,
        step: usize,
        step_name: &str,
        conventions: &'static dyn Conventions,
        dates: value::DateFormats,
    ) -> Self {
        Values {
            scope,
            step,
            step_name: step_name.to_string(),
            conventions,
            dates,
            problems: Vec::new(),
            needs: Vec::new(),
            builds: Vec::new(),
            counter: 0,
        }
    }

    /// The named result `name` as the step sees it, or a problem at `at`.
    pub fn lookup(&mut self, name: &StepName, at: &FieldPath) -> Option<Named> {
        if let Some(element) = self
            .scope
            .element
            .as_ref()
            .filter(|e| e.name == name.as_str())
        {
            return Some(element.clone());
        }
        match self.scope.all.iter().find(|n| n.name == name.as_str()) {
            Some(named) if named.step < self.step => Some(named.clone()),
            Some(named) if named.step == self.step => {
                self.problems.push(
                    Problem::new(
                        at.clone(),
                        format!(
                            "step \"{}\" reads its own result \"{name}\"; a step can only use the results of the steps before it",
                            self.step_name
                        ),
                    )
                    .help("take the value from an argument or an earlier step"),
                );
                None
            }
            Some(named) => {
                self.problems.push(
                    Problem::new(
                        at.clone(),
                        format!(
                            "step \"{}\" reads \"{name}\", the result of step {} which comes later; a step can only use the results of the steps before it",
                            self.step_name,
                            named.step + 1
                        ),
                    )
                    .help("move that step before this one, or take the value from an argument"),
                );
                None
            }
            None => {
                let earlier: Vec<&str> = self
                    .scope
                    .all
                    .iter()
                    .filter(|n| n.step < self.step)
                    .map(|n| n.name.as_str())
                    .chain(self.scope.element.iter().map(|e| e.name.as_str()))
                    .collect();
                let help = match closest(name.as_str(), earlier.iter().copied()) {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None if earlier.is_empty() => {
                        "no step comes before this one: take the value from an argument ({input: ...})".to_string()
                    }
                    None => format!("the steps before this one: {}", earlier.join(", ")),
                };
                self.problems.push(
                    Problem::new(
                        at.clone(),
                        format!(
                            "no step named \"{name}\" comes before step \"{}\"",
                            self.step_name
                        ),
                    )
                    .help(help),
                );
                None
            }
        }
    }

    /// `{input: ...}`: the argument's checked expression, and its name when it is optional.
    pub fn input(
        &mut self,
        reference: &InputRef,
        convert_to: Option<ArgType>,
        slot: Slot,
        at: &FieldPath,
    ) -> Option<(String, Option<String>)> {
        let inputs = self.scope.inputs;
        let Some(declared) = inputs.get(&reference.input) else {
            let names: Vec<&str> = inputs.0.iter().map(|i| i.name.as_str()).collect();
            let help = match closest(&reference.input, names.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None if names.is_empty() => format!(
                    "declare it under the function's inputs, e.g. inputs: {{{}: String}}",
                    reference.input
                ),
                None => format!("declared arguments: {}", names.join(", ")),
            };
            self.problems.push(
                Problem::new(
                    at.clone(),
                    format!("unknown argument \"{}\"", reference.input),
                )
                .help(help),
            );
            return None;
        };
        let used = InputUse {
            reference: reference.clone(),
            convert_to,
        };
        match value::resolve(&used, inputs, slot, self.conventions, &self.dates) {
            Ok(resolved) => Some((
                resolved.code(),
                declared.optional.then(|| declared.name.to_string()),
            )),
            Err(why) => {
                self.problems.push(
                    Problem::new(at.clone(), why)
                        .help("see \"Inputs\" in `delugen man spec` for the conversions"),
                );
                None
            }
        }
    }

    /// `{step: ..., path: ...}`: the expression, with a check that the value is there.
    pub fn step_value(
        &mut self,
        step: &StepName,
        path: &StepPath,
        convert_to: Option<ArgType>,
        at: &FieldPath,
    ) -> Option<String> {
        let named = self.lookup(step, &at.key("step"))?;
        match (named.shape, path.0.first()) {
            (Shape::List, Some(PathPart::Key(key))) => {
                self.problems.push(
                    Problem::new(
                        at.key("path"),
                        format!("\"{step}\" is a list of records, so its path starts with a position, not the key \"{key}\""),
                    )
                    .help(format!("for the first record write path: \"[0].{path}\"")),
                );
                return None;
            }
            (Shape::Map, Some(PathPart::Index(_))) => {
                self.problems.push(
                    Problem::new(
                        at.key("path"),
                        format!("\"{step}\" is one record (a Map), so its path starts with a key, not a position"),
                    )
                    .help("write the field's key, e.g. path: Contact_Name.id"),
                );
                return None;
            }
            _ => {}
        }
        let shown = if path.0.is_empty() {
            format!("{{step: {step}}}")
        } else {
            format!("{{step: {step}, path: {path}}}")
        };
        let mut code = named.var.clone();
        for (i, part) in path.0.iter().enumerate() {
            // The root is always defined; a value inside may be null, so it is read as an
            // empty Map or List, and the check below reports it as missing.
            let inner = if i == 0 {
                code.clone()
            } else {
                let empty = match part {
                    PathPart::Key(_) => "Map()",
                    PathPart::Index(_) => "List()",
                };
                format!("ifnull({code}, {empty})")
            };
            code = match part {
                PathPart::Key(key) => format!("{inner}.get({})", literal::text(key)),
                PathPart::Index(n) => {
                    self.needs.push(Need {
                        missing: format!("{inner}.size() <= {n}"),
                        message: format!(
                            "step {} stopped: {shown} has no record at position {n}",
                            self.step_name
                        ),
                    });
                    format!("{inner}.get({n})")
                }
            };
        }
        if !path.0.is_empty() {
            self.needs.push(Need {
                missing: format!("{code} == null"),
                message: format!(
                    "step {} stopped: {shown} is empty in what Zoho gave back",
                    self.step_name
                ),
            });
        }
        match convert_to {
            None | Some(ArgType::Map | ArgType::List) => Some(code),
            Some(ArgType::Decimal) => Some(format!("{code}.toDecimal()")),
            Some(ArgType::Int) => Some(format!("{code}.toLong()")),
            Some(ArgType::String) => Some(format!("{code}.toString()")),
            Some(other) => {
                self.problems.push(
                    Problem::new(
                        at.key("as"),
                        format!("a value from a step's result cannot become {other}: delugen cannot know the format of the text Zoho gave back"),
                    )
                    .help("leave out `as` to send it as Zoho gave it (Zoho's dates are already in its own format)"),
                );
                None
            }
        }
    }

    /// Code of one value that is not a literal (a reference, or a nested map or list
    /// holding one), with the optional argument's name guarding it.
    fn code(&mut self, value: &Value, at: &FieldPath) -> Option<(String, Option<String>)> {
        match value {
            Value::Literal(_) => None,
            Value::Input {
                reference,
                convert_to,
            } => self.input(reference, *convert_to, Slot::Field, &at.key("input")),
            Value::Step {
                step,
                path,
                convert_to,
            } => self
                .step_value(step, path, *convert_to, at)
                .map(|c| (c, None)),
            Value::Map(fields) => {
                self.counter += 1;
                let var = format!("m_Value{}", self.counter);
                self.push(&var, "map", None, None, None, None);
                self.fields(fields, &var, at);
                Some((var, None))
            }
            Value::List(items) => {
                self.counter += 1;
                let var = format!("l_Value{}", self.counter);
                self.push(&var, "list", None, None, None, None);
                for (i, item) in items.iter().enumerate() {
                    let at = at.index(i);
                    match literal_of(item) {
                        Some(literal) => self.push(&var, "add", None, Some(literal), None, None),
                        None => {
                            if let Some((code, guard)) = self.code(item, &at) {
                                self.push(&var, "add", None, None, Some(code), guard);
                            }
                        }
                    }
                }
                Some((var, None))
            }
        }
    }

    fn push(
        &mut self,
        target: &str,
        op: &'static str,
        key: Option<String>,
        literal: Option<FieldValue>,
        code: Option<String>,
        guard: Option<String>,
    ) {
        self.builds.push(Build {
            target: target.to_string(),
            op,
            key,
            literal,
            code,
            guard,
        });
    }

    /// The statements that fill `target` with `fields` (the record, or a nested map).
    pub fn fields(&mut self, fields: &ValueFields, target: &str, at: &FieldPath) {
        for (name, value) in &fields.0 {
            let at = at.key(name.as_str());
            if target == "m_Record" && name.as_str().contains('.') {
                self.problems
                    .push(crate::spec::dotted_key(at.clone(), name.as_str()));
                continue;
            }
            let key = Some(name.as_str().to_string());
            match literal_of(value) {
                Some(literal) => self.push(target, "put", key, Some(literal), None, None),
                None => {
                    if let Some((code, guard)) = self.code(value, &at) {
                        self.push(target, "put", key, None, Some(code), guard);
                    }
                }
            }
        }
    }

    /// A record id as a Deluge text expression.
    pub fn record_id(&mut self, value: &Value, at: &FieldPath) -> Option<String> {
        match value {
            Value::Literal(FieldValue::Text(text))
                if !text.as_str().is_empty()
                    && text.as_str().chars().all(|c| c.is_ascii_digit()) =>
            {
                Some(literal::text(text.as_str()))
            }
            Value::Literal(FieldValue::Integer(n)) if *n >= 0 => {
                Some(literal::text(&n.to_string()))
            }
            Value::Input {
                reference,
                convert_to,
            } => {
                let (code, guard) =
                    self.input(reference, *convert_to, Slot::RecordId, &at.key("input"))?;
                if let Some(name) = guard {
                    self.needs.push(Need {
                        missing: format!("ifnull({name}, \"\").toString() == \"\""),
                        message: format!(
                            "step {} stopped: argument {name} (the record's id) is empty",
                            self.step_name
                        ),
                    });
                }
                Some(code)
            }
            Value::Step {
                step,
                path,
                convert_to: None,
            } => self
                .step_value(step, path, None, at)
                .map(|code| format!("{code}.toString()")),
            _ => {
                self.problems.push(
                    Problem::new(at.clone(), "a record id is digits, {input: <argument>} or {step: <step>, path: <key of the id>}")
                        .help("for example record_id: {step: contact, path: id}"),
                );
                None
            }
        }
    }
}

/// A value a search compares with, read from a step's result into a variable first (the
/// search then escapes it at run time as it does an argument).
#[derive(Debug, Clone, Serialize)]
pub struct Binding {
    pub var: String,
    pub code: String,
}

impl Values<'_, '_> {
    /// The step's criteria and filters in the form `plan::search` reads, with the
    /// variables that hold values taken from steps (declared to it as String arguments).
    pub fn search_terms(
        &mut self,
        criteria: Option<&StepCriteria>,
        filters: Option<&ValueFields>,
        at: &FieldPath,
        inputs: &mut Inputs,
        bindings: &mut Vec<Binding>,
    ) -> (Option<Criteria>, Option<Filters>) {
        let criteria = criteria.map(|c| self.criteria(c, &at.key("criteria"), inputs, bindings));
        let filters = filters.map(|filters| {
            Filters(
                filters
                    .0
                    .iter()
                    .map(|(name, value)| {
                        let at = at.key("filters").key(name.as_str());
                        (
                            name.clone(),
                            self.search_value(value, &at, inputs, bindings),
                        )
                    })
                    .collect(),
            )
        });
        (criteria, filters)
    }

    fn criteria(
        &mut self,
        criteria: &StepCriteria,
        at: &FieldPath,
        inputs: &mut Inputs,
        bindings: &mut Vec<Binding>,
    ) -> Criteria {
        let mut list = |list: &Option<Vec<StepCriteria>>, key: &str, this: &mut Self| {
            list.as_ref().map(|items| {
                items
                    .iter()
                    .enumerate()
                    .map(|(i, inner)| this.criteria(inner, &at.key(key).index(i), inputs, bindings))
                    .collect()
            })
        };
        let all = list(&criteria.all, "all", self);
        let any = list(&criteria.any, "any", self);
        let value = criteria
            .value
            .as_ref()
            .map(|value| self.search_value(value, &at.key("value"), inputs, bindings));
        Criteria {
            all,
            any,
            field: criteria.field.clone(),
            op: criteria.op,
            value,
        }
    }

    fn search_value(
        &mut self,
        value: &Value,
        at: &FieldPath,
        inputs: &mut Inputs,
        bindings: &mut Vec<Binding>,
    ) -> SearchValue {
        let empty = || {
            OrInput::Literal(FieldValue::Text(
                Text::new(String::new()).unwrap_or_else(|_| unreachable!()),
            ))
        };
        match value {
            Value::Literal(
                literal @ (FieldValue::Text(_)
                | FieldValue::Integer(_)
                | FieldValue::Decimal(_)
                | FieldValue::Bool(_)),
            ) => OrInput::Literal(literal.clone()),
            Value::Input {
                reference,
                convert_to,
            } => {
                if self.scope.inputs.get(&reference.input).is_none() {
                    self.input(reference, *convert_to, Slot::SearchValue, &at.key("input"));
                    return empty();
                }
                OrInput::Input(InputUse {
                    reference: reference.clone(),
                    convert_to: *convert_to,
                })
            }
            Value::Step {
                step,
                path,
                convert_to,
            } => {
                let Some(code) = self.step_value(step, path, *convert_to, at) else {
                    return empty();
                };
                let mut n = bindings.len() + 1;
                let mut var = format!("stepvalue{n}");
                while inputs.get(&var).is_some() {
                    n += 1;
                    var = format!("stepvalue{n}");
                }
                let Ok(name) = InputName::try_from(var.clone()) else {
                    return empty();
                };
                inputs.0.push(Input {
                    name,
                    kind: ArgType::String,
                    description: None,
                    example: None,
                    mapped_from: None,
                    optional: false,
                });
                bindings.push(Binding {
                    var: var.clone(),
                    code,
                });
                OrInput::Input(InputUse {
                    reference: InputRef {
                        input: var,
                        path: Vec::new(),
                    },
                    convert_to: None,
                })
            }
            _ => {
                self.problems.push(
                    Problem::new(at.clone(), "a search compares one value: text, a number, true/false, {input: ...} or {step: ...}")
                        .help("compare each value in its own condition, under all: or any:"),
                );
                empty()
            }
        }
    }
}

/// The value as literal data, when no reference is inside it.
pub fn literal_of(value: &Value) -> Option<FieldValue> {
    match value {
        Value::Literal(literal) => Some(literal.clone()),
        Value::List(items) => items
            .iter()
            .map(literal_of)
            .collect::<Option<Vec<_>>>()
            .map(FieldValue::List),
        Value::Map(fields) => fields
            .0
            .iter()
            .map(|(key, value)| literal_of(value).map(|v| (key.clone(), v)))
            .collect::<Option<Vec<(Text, FieldValue)>>>()
            .map(|fields| FieldValue::Map(Fields(fields))),
        Value::Input { .. } | Value::Step { .. } => None,
    }
}

impl Values<'_, '_> {
    /// A bulk step's list as a Deluge expression: a list written in the spec (its entries
    /// built like nested values, so a literal stays a literal), a List argument, or an
    /// earlier step's list. A list written out holds at most `most` entries; `ids` says
    /// each entry is a record's id (a delete of listed ids), not a record.
    pub fn records(
        &mut self,
        value: &Value,
        at: &FieldPath,
        most: u32,
        ids: bool,
    ) -> Option<String> {
        let written: Option<Vec<Value>> = match value {
            Value::List(items) => Some(items.clone()),
            Value::Literal(FieldValue::List(items)) => {
                Some(items.iter().cloned().map(Value::Literal).collect())
            }
            _ => None,
        };
        let entry = if ids {
            "an id"
        } else {
            "a record (a mapping of fields)"
        };
        if let Some(items) = written {
            if items.is_empty() {
                self.problems.push(
                    Problem::new(at.clone(), "records is an empty list: the step would send nothing")
                        .help("list the records, or take them from an argument ({input: ...}) or an earlier step ({step: ...})"),
                );
                return None;
            }
            if items.len() > most as usize {
                self.problems.push(
                    Problem::new(
                        at.clone(),
                        format!(
                            "records lists {} entries; one run of this step takes at most {most}",
                            items.len()
                        ),
                    )
                    .help("split the list over several steps or runs"),
                );
                return None;
            }
            for (i, item) in items.iter().enumerate() {
                let fits = match item {
                    Value::Input { .. } | Value::Step { .. } => true,
                    Value::Map(_) | Value::Literal(FieldValue::Map(_)) => !ids,
                    Value::Literal(FieldValue::Text(text)) => {
                        ids && !text.as_str().is_empty()
                            && text.as_str().chars().all(|c| c.is_ascii_digit())
                    }
                    Value::Literal(FieldValue::Integer(n)) => ids && *n >= 0,
                    _ => false,
                };
                if !fits {
                    self.problems.push(
                        Problem::new(at.index(i), format!("each entry of records is {entry}"))
                            .help(if ids {
                                "write the record ids (digits), or take the list from {step: <search>}"
                            } else {
                                "write each record as a mapping, e.g. - {Last_Name: Smith}"
                            }),
                    );
                }
            }
            return self.code(&Value::List(items), at).map(|(code, _)| code);
        }
        match value {
            Value::Input {
                reference,
                convert_to,
            } => self
                .input(reference, *convert_to, Slot::Records, &at.key("input"))
                .map(|(code, _)| code),
            Value::Step {
                step,
                path,
                convert_to,
            } => {
                let one_record = path.0.is_empty()
                    && self.scope.all.iter().any(|n| {
                        n.name == step.as_str() && n.step < self.step && n.shape == Shape::Map
                    });
                if one_record {
                    self.problems.push(
                        Problem::new(
                            at.key("step"),
                            format!("\"{step}\" gives one record, not a list: records takes a list"),
                        )
                        .help("take the list from a search or query step, or give the list's key with path"),
                    );
                    return None;
                }
                self.step_value(step, path, *convert_to, at)
            }
            _ => {
                self.problems.push(
                    Problem::new(
                        at.clone(),
                        format!("records is a list, each entry {entry}"),
                    )
                    .help("write the list, or take it from a List argument ({input: ...}) or an earlier step ({step: ...})"),
                );
                None
            }
        }
    }
}

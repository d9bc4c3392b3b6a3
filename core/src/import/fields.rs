//! Reading a record's fields with their expected types, reporting every departure.

use super::reader::{Ctx, Origin};
use crate::diagnostics::message::{self, Reading, Shape, Then};
use serde_json::{Map, Value};

/// The fields of one record, consumed one by one; what is left goes to `extra`.
pub(crate) struct Fields<'c, 'a> {
    pub(crate) ctx: &'c mut Ctx<'a>,
    pub(crate) origin: Origin,
    map: Map<String, Value>,
    extra: Map<String, Value>,
    /// Fields the format declares (the rest are reported when left over).
    format: &'c [&'c str],
}

impl<'c, 'a> Fields<'c, 'a> {
    pub(crate) fn new(
        ctx: &'c mut Ctx<'a>,
        origin: Origin,
        map: Map<String, Value>,
        format: &'c [&'c str],
    ) -> Self {
        Self {
            ctx,
            origin,
            map,
            extra: Map::new(),
            format,
        }
    }

    fn unexpected(&mut self, name: &str, value: Value, shape: Shape) {
        let path = self.origin.at(name);
        let file = self.origin.file.clone();
        self.ctx.anomaly(
            &file,
            message::unexpected_type(path, shape, &value, Then::KeptInExtra),
        );
        self.extra.insert(name.to_owned(), value);
    }

    fn normalised(&mut self, path: String, published: &str, reading: Reading<'_>) {
        let file = self.origin.file.clone();
        self.ctx
            .anomaly(&file, message::value_normalised(path, published, reading));
    }

    /// Removes a field, `null` counting as absent.
    pub(crate) fn take(&mut self, name: &str) -> Option<Value> {
        self.map.remove(name).filter(|v| !v.is_null())
    }

    fn text_of(&mut self, name: &str, path: String, value: Value) -> Option<String> {
        match value {
            Value::String(s) => {
                let trimmed = s.trim();
                if trimmed.len() != s.len() && !trimmed.is_empty() {
                    self.normalised(path, &s, Reading::Trimmed(trimmed));
                }
                (!trimmed.is_empty()).then(|| trimmed.to_owned())
            }
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.unexpected(name, other, Shape::Text);
                None
            }
        }
    }

    /// A text field, trimmed; an empty text is absent.
    pub(crate) fn text(&mut self, name: &str) -> Option<String> {
        let value = self.take(name)?;
        let path = self.origin.at(name);
        self.text_of(name, path, value)
    }

    /// A long text, kept as it is (only an all-blank text is absent).
    pub(crate) fn raw_text(&mut self, name: &str) -> Option<String> {
        match self.take(name)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s),
            other => {
                self.unexpected(name, other, Shape::Text);
                None
            }
        }
    }

    /// A list of texts; a lone text is read as a list of one.
    pub(crate) fn texts(&mut self, name: &str) -> Vec<String> {
        let Some(value) = self.take(name) else {
            return Vec::new();
        };
        let path = self.origin.at(name);
        match value {
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    if item.is_null() {
                        continue;
                    }
                    let path = format!("{path}/{i}");
                    if let Some(t) = self.text_of(&format!("{name}/{i}"), path, item) {
                        out.push(t);
                    }
                }
                out
            }
            Value::String(s) => {
                self.normalised(path.clone(), &s, Reading::ListOfOne);
                self.text_of(name, path, Value::String(s))
                    .into_iter()
                    .collect()
            }
            other => {
                self.unexpected(name, other, Shape::List);
                Vec::new()
            }
        }
    }

    /// A whole number; a number stored as a string is read, and reported.
    pub(crate) fn integer(&mut self, name: &str) -> Option<i64> {
        let value = self.take(name)?;
        self.integer_of(name, value)
    }

    pub(crate) fn integer_of(&mut self, name: &str, value: Value) -> Option<i64> {
        match value {
            Value::Number(n) if n.is_i64() => n.as_i64(),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                let path = self.origin.at(name);
                let file = self.origin.file.clone();
                self.ctx
                    .anomaly(&file, message::number_as_string(path, s.trim()));
                s.trim().parse().ok()
            }
            other => {
                self.unexpected(name, other, Shape::WholeNumber);
                None
            }
        }
    }

    /// A yes/no field.
    pub(crate) fn boolean(&mut self, name: &str) -> Option<bool> {
        match self.take(name)? {
            Value::Bool(b) => Some(b),
            other => {
                self.unexpected(name, other, Shape::Boolean);
                None
            }
        }
    }

    /// Keeps a field in `extra` as it is (a field the format has and the model does not). A
    /// field the format does not declare stays for [`Fields::finish`] to report.
    pub(crate) fn keep(&mut self, name: &str) {
        if !self.format.contains(&name) {
            return;
        }
        if let Some(v) = self.map.remove(name) {
            self.extra.insert(name.to_owned(), v);
        }
    }

    /// Puts a value in `extra`.
    pub(crate) fn put_extra(&mut self, name: &str, value: Value) {
        self.extra.insert(name.to_owned(), value);
    }

    /// Drops a field on purpose (personal profile fields, which the dataset does not hold).
    pub(crate) fn drop_field(&mut self, name: &str) {
        self.map.remove(name);
    }

    /// Ends the record: fields left over go to `extra`, and those the format does not declare
    /// are reported.
    pub(crate) fn finish(mut self) -> Map<String, Value> {
        let left = std::mem::take(&mut self.map);
        for (name, value) in left {
            if !self.format.contains(&name.as_str()) {
                let path = self.origin.at(&name);
                let file = self.origin.file.clone();
                self.ctx
                    .anomaly(&file, message::field_not_in_format(path, &name));
            }
            self.extra.insert(name, value);
        }
        self.extra
    }
}

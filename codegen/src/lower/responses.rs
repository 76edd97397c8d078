//! Responses: what a successful response carries (one shape, or one outcome per status),
//! the documented error bodies, and the accessors on `Error` for the error body's fields.

use super::Lowerer;
use super::operations::OperationNames;
use crate::error::{ErrorKind, Pointer};
use crate::ir::{
    ErrorAccessor, ErrorBody, ErrorResponse, ErrorStatus, Outcome, Outcomes, Status, Success,
    TypeKind, TypeRef,
};
use crate::naming::{self, Scope};
use openapiv3::StatusCode;
use serde_json::Value as Json;

/// What lowering the responses of one operation gives.
pub(super) struct ResponsesIr {
    pub(super) success: Success,
    pub(super) outcomes: Option<Outcomes>,
    pub(super) errors: Vec<ErrorResponse>,
}

/// What a listed response is, by its status.
enum Role {
    /// A success status, or `None` for the `2XX` range.
    Success(Option<Status>),
    /// An error status, or `default`: documented when it has a JSON body.
    Error(ErrorStatus),
    /// Informational and redirect statuses and their ranges: not documented.
    Ignored,
}

impl Role {
    fn of(code: Option<&StatusCode>) -> Self {
        match code {
            Some(StatusCode::Code(c)) if (200..300).contains(c) => Role::Success(Some(Status(*c))),
            Some(StatusCode::Range(2)) => Role::Success(None),
            Some(StatusCode::Range(class @ (4 | 5))) => Role::Error(ErrorStatus::Range(*class)),
            Some(StatusCode::Range(_)) => Role::Ignored,
            Some(StatusCode::Code(c)) if *c < 400 => Role::Ignored,
            Some(StatusCode::Code(c)) => Role::Error(ErrorStatus::Code(Status(*c))),
            None => Role::Error(ErrorStatus::Default),
        }
    }
}

impl Lowerer<'_> {
    /// Success bodies (one shape, or one outcome per status) and documented error bodies, or
    /// `None` when a response has a problem.
    pub(super) fn responses(
        &mut self,
        op: &openapiv3::Operation,
        at: &Pointer,
        names: &OperationNames,
    ) -> Option<ResponsesIr> {
        let mut ok = self.check_status_keys(at);
        let mut successes: Vec<(Option<Status>, Success)> = Vec::new();
        let mut errors = Vec::new();
        let listed = op
            .responses
            .responses
            .iter()
            .map(|(c, r)| (Some(c), r))
            .chain(op.responses.default.iter().map(|r| (None, r)));
        for (code, response) in listed {
            let code_at = match code {
                Some(c) => at.join(c.to_string()),
                None => at.join("default"),
            };
            let resolved = self.resolve(response, &code_at, "responses", "a response", |c| {
                &c.responses
            });
            let Some((response, response_at)) = resolved else {
                ok = false;
                continue;
            };
            match Role::of(code) {
                // `2XX` stands for the success statuses not listed beside it.
                Role::Success(status) => {
                    let first = successes.is_empty();
                    let context = match status {
                        _ if first => naming::response_type(&names.builder, None),
                        Some(status) => naming::response_type(&names.builder, Some(status)),
                        None => naming::range_response_type(&names.builder),
                    };
                    match self.response_body(response, &response_at, &context) {
                        Some(body) => successes.push((status, body)),
                        None => ok = false,
                    }
                }
                Role::Error(status) => {
                    match self.error_response(response, &response_at, &names.builder, status) {
                        Ok(ty) => errors.push(ErrorResponse { status, ty }),
                        Err(()) => ok = false,
                    }
                }
                Role::Ignored => {}
            }
        }
        if !ok {
            return None;
        }
        let errors = without_unclaimed(errors);
        let (success, outcomes) = outcomes(successes, &names.outcome);
        Some(ResponsesIr {
            success,
            outcomes,
            errors,
        })
    }

    /// Whether every key of the `responses` object at `at` is a status code (100 to 599), a
    /// range of them (`4XX`), `default` or an extension; each other key is reported (it would
    /// otherwise be dropped without a word).
    fn check_status_keys(&mut self, at: &Pointer) -> bool {
        let Some(Json::Object(map)) = self.raw_at(at) else {
            return true;
        };
        let mut ok = true;
        for key in map.keys() {
            let bytes = key.as_bytes();
            let valid = key == "default"
                || key.starts_with("x-")
                || key.parse::<u16>().is_ok_and(|c| (100..600).contains(&c)) && key.len() == 3
                || matches!(bytes, [b'1'..=b'5', b'X' | b'x', b'X' | b'x']);
            if !valid {
                ok = false;
                self.error(
                    &at.join(key),
                    ErrorKind::Invalid,
                    format!("`{key}` is not a status code: write one from 100 to 599, a range such as `4XX`, or `default`"),
                );
            }
        }
        ok
    }

    /// What a success response carries.
    pub(super) fn response_body(
        &mut self,
        response: &openapiv3::Response,
        at: &Pointer,
        context: &str,
    ) -> Option<Success> {
        if response.content.is_empty() {
            return Some(Success::Empty);
        }
        let Some((content_type, media)) = pick_json(&response.content) else {
            let text = response
                .content
                .keys()
                .all(|k| k.trim().to_ascii_lowercase().starts_with("text/"));
            return Some(if text { Success::Text } else { Success::Bytes });
        };
        match &media.schema {
            Some(s) => self
                .schema_ref(
                    s,
                    context,
                    &at.join("content").join(content_type).join("schema"),
                )
                .map(Success::Json),
            None => Some(Success::Json(TypeRef::Json)),
        }
    }

    /// The type of the documented body of an error response: `Ok(None)` when it has no JSON
    /// object body, `Err(())` when its body cannot be an error body.
    fn error_response(
        &mut self,
        response: &openapiv3::Response,
        at: &Pointer,
        builder: &str,
        status: ErrorStatus,
    ) -> Result<Option<String>, ()> {
        let Some((content_type, media)) = pick_json(&response.content) else {
            return Ok(None);
        };
        let schema_at = at.join("content").join(content_type).join("schema");
        let ty = match &media.schema {
            Some(schema) => {
                self.schema_ref(schema, &naming::error_type(builder, status), &schema_at)
            }
            None => None,
        };
        let ty = match ty {
            Some(TypeRef::Named(ty)) => ty,
            // A body that is not an object (a string, a list, a free-form value) has no
            // fields to read: it is kept as received, in `Error::Api`.
            Some(_) => return Ok(None),
            // No schema: any JSON, kept as received too.
            None if media.schema.is_none() => return Ok(None),
            // A schema that failed to lower has been reported.
            None => return Err(()),
        };
        if !self.error_types.contains(&ty) {
            self.error_types.push(ty.clone());
        }
        Ok(Some(ty))
    }

    /// The error body type with its accessors, when every documented error body has the
    /// same type.
    pub(super) fn single_error_body(&mut self) -> Option<ErrorBody> {
        let [only] = self.error_types.as_slice() else {
            return None;
        };
        let only = only.clone();
        let at = Pointer::from_ref(&self.types.get(&only)?.pointer);
        Some(self.error_body(only, &at))
    }

    /// The error body type `ty`, defined at `at`, with accessors for the fields its
    /// `x-rust-error-fields` names.
    fn error_body(&mut self, ty: String, at: &Pointer) -> ErrorBody {
        let ext = self.raw_at(at).and_then(|v| v.get("x-rust-error-fields"));
        let Some(TypeKind::Struct { fields, .. }) = self.types.get(&ty).map(|t| &t.kind) else {
            return ErrorBody {
                ty,
                accessors: Vec::new(),
            };
        };
        let mut accessors = Vec::new();
        let ext_at = at.join("x-rust-error-fields");
        match ext {
            None => {}
            Some(Json::Array(names)) => {
                let mut scope = Scope::error_accessors();
                for (i, name) in names.iter().enumerate() {
                    let field = name
                        .as_str()
                        .and_then(|n| fields.iter().find(|f| f.wire == n));
                    match field {
                        Some(f) if f.ty == TypeRef::String => accessors.push(ErrorAccessor {
                            method: scope.claim(f.rust.clone()),
                            field: f.rust.clone(),
                            optional: f.optional(),
                        }),
                        _ => self.problems.report(
                            &ext_at.join(i.to_string()),
                            ErrorKind::Invalid,
                            format!("`{name}` is not a string property of this schema"),
                        ),
                    }
                }
            }
            Some(other) => self.problems.report(
                &ext_at,
                ErrorKind::Invalid,
                format!("must be a list of property names, found `{other}`"),
            ),
        }
        ErrorBody { ty, accessors }
    }
}

/// Drops the error statuses without a body type that no range or `default` with a body type
/// would otherwise claim: they only need listing where they take a status away from one.
fn without_unclaimed(errors: Vec<ErrorResponse>) -> Vec<ErrorResponse> {
    let typed_default = errors
        .iter()
        .any(|e| e.status == ErrorStatus::Default && e.ty.is_some());
    let typed_range = |class: u16| {
        errors
            .iter()
            .any(|e| e.status == ErrorStatus::Range(class) && e.ty.is_some())
    };
    let keep: Vec<bool> = errors
        .iter()
        .map(|e| {
            e.ty.is_some()
                || match e.status {
                    ErrorStatus::Code(s) => typed_default || typed_range(s.code() / 100),
                    ErrorStatus::Range(_) => typed_default,
                    ErrorStatus::Default => false,
                }
        })
        .collect();
    errors
        .into_iter()
        .zip(keep)
        .filter_map(|(e, keep)| keep.then_some(e))
        .collect()
}

/// One success shape when every success status carries the same, otherwise an enum of
/// outcomes named `outcome_name`, the `2XX` range (if any) last.
fn outcomes(
    mut successes: Vec<(Option<Status>, Success)>,
    outcome_name: &str,
) -> (Success, Option<Outcomes>) {
    let all_same = successes.windows(2).all(|w| w[0].1 == w[1].1);
    if all_same {
        let success = successes
            .into_iter()
            .next()
            .map(|(_, b)| b)
            .unwrap_or(Success::Empty);
        return (success, None);
    }
    successes.sort_by_key(|(status, _)| status.is_none());
    let mut scope = Scope::default();
    let list = successes
        .into_iter()
        .map(|(status, body)| Outcome {
            status,
            variant: scope.claim(match status {
                Some(status) => naming::status_variant(status),
                None => naming::other_success_variant(),
            }),
            body,
        })
        .collect();
    let outcomes = Outcomes {
        name: outcome_name.to_string(),
        list,
    };
    (Success::Empty, Some(outcomes))
}

/// Prefers `application/json`, then any other JSON media type (`application/problem+json`).
pub(super) fn pick_json(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    let is_json = |k: &str| {
        let essence = k
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    };
    content
        .iter()
        .find(|(k, _)| {
            k.split(';')
                .next()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case("application/json"))
        })
        .or_else(|| content.iter().find(|(k, _)| is_json(k)))
        .map(|(k, v)| (k.as_str(), v))
}

//! Naming: every Rust identifier the generator emits is made here, from the wire name.
//!
//! Case conversion, Rust keywords, names that start with a digit, names that would shadow
//! what the generated crate itself defines, and collisions between names that become equal
//! after conversion are all resolved in this module, deterministically, so that the emit
//! stage never invents or adjusts a name.

use crate::ir::{ErrorStatus, Method, SchemeKind, Status, TypeRef};
use std::collections::BTreeSet;

/// Rust keywords (strict and reserved, all editions), which cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword (strict or reserved, in any edition).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Type names a generated model must not take: the prelude's, and the generated crate's own.
const RESERVED_TYPES: &[&str] = &[
    "Box",
    "Client",
    "ClientBuilder",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Drop",
    "Iterator",
    "Into",
    "From",
    "Deserialize",
    "Error",
    "ErrorBody",
    "Eq",
    "Fn",
    "Future",
    "HashMap",
    "Map",
    "Option",
    "Ord",
    "PartialEq",
    "Result",
    "Send",
    "Serialize",
    "Server",
    "Some",
    "String",
    "Sync",
    "Value",
    "Vec",
    "None",
    "Ok",
    "Err",
];

/// The modules at the root of a generated crate, and the file names Cargo gives a meaning in
/// `src/` (a group is written to `src/<name>.rs`).
const CRATE_MODULES: &[&str] = &[
    "client", "error", "lib", "limits", "main", "models", "runtime",
];

/// Methods that generated types get from their derives (`Clone`, `Debug`, `PartialEq`, `Hash`,
/// `Ord`, serde). A method of the same name would hide the trait's in method-call syntax
/// (`client.clone()` would no longer give a `Client`), so no generated method takes one.
const DERIVED_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "hash",
    "cmp",
    "partial_cmp",
    "serialize",
    "deserialize",
];

/// The methods of `ClientBuilder` besides its credential setters.
const CLIENT_BUILDER_METHODS: &[&str] = &[
    "server",
    "base_url",
    "timeout",
    "connect_timeout",
    "user_agent",
    "http_client",
    "retry_policy",
    "header",
    "on_request",
    "on_response",
    "build",
];

/// The methods of a request builder besides its inputs' setters.
const BUILDER_METHODS: &[&str] = &[
    "body",
    "send",
    "into_future",
    "timeout",
    "connect_timeout",
    "retry_policy",
    "paginate",
    "send_with_response",
    "header",
];

/// The members of a model besides its fields and their setters.
const MODEL_METHODS: &[&str] = &["extra", "new", "validate"];

/// The methods of a generated `Client`.
const CLIENT_METHODS: &[&str] = &["builder", "base_url", "timeout", "connect_timeout"];

/// Splits a wire name into lowercase words at punctuation, spaces and case changes.
/// `clientIdAliasEnabled` gives `client id alias enabled`; `HTTPServer2` gives `http server2`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_is_lower)
            {
                out.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Keeps only characters that may appear in a Rust identifier (ASCII, to stay portable).
fn ascii_words(name: &str) -> Vec<String> {
    words(name)
        .into_iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// `snake_case` for functions, fields, arguments and modules. Never empty, never a keyword.
pub fn snake(name: &str) -> String {
    let mut s = ascii_words(name).join("_");
    if s.is_empty() {
        s.push_str("value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `PascalCase` for enum variants. Never empty, never a keyword, never starting with a digit.
pub fn pascal(name: &str) -> String {
    let mut s: String = ascii_words(name)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() {
        s.push_str("Value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `PascalCase` for a type: like [`pascal`], and never one of the names the crate reserves.
pub fn type_name(name: &str) -> String {
    let s = pascal(name);
    if RESERVED_TYPES.contains(&s.as_str()) {
        s + "Model"
    } else {
        s
    }
}

/// The handle type of an operation group: `PascalCase`, and never a name the crate reserves
/// (a group named `default` gets `DefaultOperations`, not a type that hides `Default`).
pub fn handle_name(group: &str) -> String {
    let s = pascal(group);
    if RESERVED_TYPES.contains(&s.as_str()) {
        s + "Operations"
    } else {
        s
    }
}

/// The request builder type of an operation: `PascalCase`, and never a name the crate
/// reserves (an operation named `result` gets `ResultRequest`, not a type that hides `Result`).
pub fn builder_name(operation: &str) -> String {
    let s = pascal(operation);
    if RESERVED_TYPES.contains(&s.as_str()) {
        s + "Request"
    } else {
        s
    }
}

/// The crate name as a Rust path (`authlete-client` gives `authlete_client`).
pub fn crate_ident(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

/// The name of a type defined by a schema: its `x-rust-name` in `PascalCase` when it has one,
/// otherwise a type name made from `context` (the component's name, or where an inline schema
/// appears).
pub fn schema_type(explicit: Option<&str>, context: &str) -> String {
    match explicit {
        Some(name) => pascal(name),
        None => type_name(context),
    }
}

/// The context an inline schema of a parameter is named from: `{Builder}{Parameter}`.
pub fn param_type(builder: &str, wire: &str) -> String {
    format!("{builder}{}", pascal(wire))
}

/// The context an inline request body schema is named from: `{Builder}Request`.
pub fn request_type(builder: &str) -> String {
    format!("{builder}Request")
}

/// The context an inline success body schema is named from: `{Builder}Response` for the
/// first success status, `{Builder}Response{status}` for the others.
pub fn response_type(builder: &str, status: Option<Status>) -> String {
    match status {
        None => format!("{builder}Response"),
        Some(status) => format!("{builder}Response{status}"),
    }
}

/// The context an inline error body schema is named from: `{Builder}Error{status}`, or
/// `{Builder}ErrorDefault`.
pub fn error_type(builder: &str, status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(status) => format!("{builder}Error{status}"),
        ErrorStatus::Range(class) => format!("{builder}Error{class}xx"),
        ErrorStatus::Default => format!("{builder}ErrorDefault"),
    }
}

/// The context the items of an array are named from: `{Owner}Item`.
pub fn item_type(owner: &str) -> String {
    format!("{owner}Item")
}

/// The context the values of a map are named from: `{Owner}Value`.
pub fn value_type(owner: &str) -> String {
    format!("{owner}Value")
}

/// The context an inline property schema is named from: `{Owner}{Property}`.
pub fn property_type(owner: &str, wire: &str) -> String {
    format!("{owner}{}", pascal(wire))
}

/// The context an inline alternative of a `oneOf`/`anyOf` is named from: `{Owner}{Title}`;
/// without a `title`, `{Owner}{Kind}` for the kind of value it is (`Object`, `Enum`, `List`,
/// as `kind` gives it), or `{Owner}Variant{n}` (counting from 1) when that says nothing.
pub fn alternative_type(
    owner: &str,
    title: Option<&str>,
    kind: Option<&str>,
    index: usize,
) -> String {
    match (title, kind) {
        (Some(title), _) if !pascal(title).is_empty() => format!("{owner}{}", pascal(title)),
        (_, Some(kind)) => format!("{owner}{kind}"),
        _ => format!("{owner}Variant{}", index + 1),
    }
}

/// The variant of a `oneOf`/`anyOf` enum that holds a value of `ty`: the type's own name for
/// a named type, otherwise the JSON kind (`String`, `Integer`, `Array`, ...).
pub fn alternative_variant(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => pascal(name),
        TypeRef::String | TypeRef::Secret => "String".into(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::Vec(_) => "Array".into(),
        TypeRef::Map(_) | TypeRef::Json => "Object".into(),
        TypeRef::Nullable(inner) => alternative_variant(inner),
        TypeRef::Binary => "Bytes".into(),
    }
}

/// The variant of the enum `owner` for an alternative of type `ty`: a type named after the
/// enum (`ShapeSquare` in `Shape`) without the enum's name (`Square`).
pub fn alternative_variant_in(owner: &str, ty: &TypeRef) -> String {
    let full = alternative_variant(ty);
    match full.strip_prefix(owner) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) => rest.to_string(),
        _ => full,
    }
}

/// The outcome variant of the success statuses a `2XX` range stands for.
pub fn other_success_variant() -> String {
    "OtherSuccess".to_string()
}

/// The context a `2XX` success body is named from when it is not the first success.
pub fn range_response_type(builder: &str) -> String {
    format!("{builder}Response2xx")
}

/// The input for a parameter whose name is also declared in another location: the name
/// followed by where it goes (`id_header`).
pub fn located_param(name: &str, location: &str) -> String {
    snake(&format!("{name}_{location}"))
}

/// The variant of an integer enum for `value`: `V1`, or `Minus1` for -1.
pub fn int_variant(value: i64) -> String {
    if value < 0 {
        format!("Minus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

/// The variant of a server in the `Server` enum: its `x-rust-name`, else the first label of
/// its host (`https://us.authlete.com` gives `Us`), else `Server{index}`.
pub fn server_variant(explicit: Option<&str>, url: &str, index: usize) -> String {
    match explicit {
        Some(name) => pascal(name),
        None => pascal(&host_label(url).unwrap_or_else(|| format!("server{index}"))),
    }
}

/// `https://us.authlete.com` gives `us`; labels that are URL variables are skipped, so
/// `https://{region}.archive.example` gives `archive`.
fn host_label(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', ':']).next()?;
    let label = host.split('.').find(|l| !l.contains(['{', '}']))?;
    (!label.is_empty()).then(|| label.to_string())
}

/// The builder method that sets the credential of the security scheme `key`. When the scheme
/// is `alone` of its kind (the only bearer, the only basic, the only API key) the method
/// says what it takes (`bearer_token`, `basic_auth`, `api_key`); otherwise it also says
/// which scheme (`{key}_token`, `{key}_basic_auth`, `{key}`).
pub fn credential_setter(key: &str, kind: &SchemeKind, alone: bool) -> String {
    match (kind, alone) {
        (SchemeKind::Bearer, true) => "bearer_token".to_string(),
        (SchemeKind::Bearer, false) => format!("{}_token", snake(key)),
        (SchemeKind::Basic, true) => "basic_auth".to_string(),
        (SchemeKind::Basic, false) => format!("{}_basic_auth", snake(key)),
        (SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_), true) => "api_key".to_string(),
        (SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_), false) => snake(key),
    }
}

/// The group (handle and module) an operation belongs to, before collisions are resolved: its
/// `x-rust-group`, else its first tag, else `default`, in `snake_case`.
pub fn group_key(explicit: Option<&str>, first_tag: Option<&str>) -> String {
    snake(explicit.or(first_tag).unwrap_or("default"))
}

/// The handle method of an operation: its `x-rust-name`, else its `operationId`, else its
/// method and path (`get /pets/{id}` gives `get_pets_id`), in `snake_case`.
pub fn operation_name(
    explicit: Option<&str>,
    operation_id: Option<&str>,
    method: Method,
    path: &str,
) -> String {
    let mut name = match explicit.or(operation_id) {
        Some(name) => snake(name),
        None => snake(&format!("{} {path}", method.key())),
    };
    // Like a keyword: `snake` never ends a name with `_`, so `clone_` is free.
    if DERIVED_METHODS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The enum of an operation's outcomes, from its builder's name: `{Builder}Outcome`.
pub fn outcome_enum(builder: &str) -> String {
    format!("{builder}Outcome")
}

/// The outcome variant for a success status: its reason phrase, or `Status{code}`.
pub fn status_variant(status: Status) -> String {
    match status.code() {
        200 => "Ok".into(),
        201 => "Created".into(),
        202 => "Accepted".into(),
        203 => "NonAuthoritative".into(),
        204 => "NoContent".into(),
        205 => "ResetContent".into(),
        206 => "PartialContent".into(),
        other => format!("Status{other}"),
    }
}

/// The function that gives the `default` of a field: `_default_{field}`. The leading
/// underscore keeps it apart from every field and setter, whose names never start with one.
pub fn default_fn(field: &str) -> String {
    format!("_default_{field}")
}

/// Hands out unique names within one scope (the fields of a struct, the variants of an enum,
/// the arguments of a method, the types of a module). A name that is taken gets the smallest
/// free numeric suffix, in the order names are asked for, so output is stable.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The variants of the `Server` enum, beside `Custom`.
    pub fn server_variants() -> Self {
        Scope::with_reserved(&["Custom"])
    }

    /// The credential setters of `ClientBuilder`, beside its other methods.
    pub fn credential_setters() -> Self {
        Scope::reserving(&[CLIENT_BUILDER_METHODS, DERIVED_METHODS])
    }

    /// The groups: each name is a module at the crate root and a method of `Client`, so it
    /// takes neither the crate's own modules nor `Client`'s own methods.
    pub fn group_modules() -> Self {
        Scope::reserving(&[CRATE_MODULES, CLIENT_METHODS, DERIVED_METHODS])
    }

    /// The types of one group's module, beside its handle type.
    pub fn group_types(handle: &str) -> Self {
        Scope::with_reserved(&[handle])
    }

    /// The arguments and setters of a request builder, beside its fixed methods.
    pub fn request_inputs() -> Self {
        Scope::reserving(&[BUILDER_METHODS, DERIVED_METHODS])
    }

    /// The fields (and setters) of a model struct, beside `extra`, `new` and `validate`.
    pub fn struct_fields() -> Self {
        Scope::reserving(&[MODEL_METHODS, DERIVED_METHODS])
    }

    /// The variants of a generated enum, beside the fallback `Unknown`.
    pub fn enum_variants() -> Self {
        Scope::with_reserved(&["Unknown"])
    }

    /// The error-body accessors on `Error`, beside its own methods.
    pub fn error_accessors() -> Self {
        Scope::with_reserved(&["status", "is_retryable", "error_body", "kind"])
    }

    /// A scope in which every name of `lists` is already taken.
    fn reserving(lists: &[&[&str]]) -> Self {
        Scope::with_reserved(&lists.concat())
    }

    /// Claims `candidate`, or `candidate2`, `candidate3`, ... (with `_` between for snake case).
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        // Snake case names take `_2`; Pascal case names take `2` (a keyword's `Self_` gives
        // `Self2`, since `Self_2` is not camel case).
        let joiner = if candidate.starts_with(|c: char| c.is_lowercase()) {
            "_"
        } else {
            ""
        };
        let base = candidate.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{joiner}{n}"))
            .find(|name| self.taken.insert(name.clone()))
            .unwrap_or(candidate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case() {
        assert_eq!(snake("clientIdAliasEnabled"), "client_id_alias_enabled");
        assert_eq!(snake("serviceApiKey"), "service_api_key");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("client_flag_update_api"), "client_flag_update_api");
        assert_eq!(snake("x-rate-limit"), "x_rate_limit");
        assert_eq!(
            pascal("client_flag_update_request"),
            "ClientFlagUpdateRequest"
        );
        assert_eq!(pascal("CONFIDENTIAL"), "Confidential");
        assert_eq!(pascal("client-type"), "ClientType");
    }

    #[test]
    fn avoids_keywords_digits_and_reserved_names() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("end"), "end");
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(snake("!!"), "value");
        assert_eq!(pascal("2xx"), "V2xx");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(type_name("result"), "ResultModel");
        assert_eq!(type_name("error"), "ErrorModel");
        assert_eq!(type_name("tagged_value"), "TaggedValue");
        assert_eq!(handle_name("default"), "DefaultOperations");
        assert_eq!(handle_name("client_management"), "ClientManagement");
        assert_eq!(builder_name("result"), "ResultRequest");
        assert_eq!(builder_name("get_client"), "GetClient");
    }

    #[test]
    fn resolves_collisions_in_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake("fooBar")), "foo_bar");
        assert_eq!(scope.claim(snake("foo_bar")), "foo_bar_2");
        assert_eq!(scope.claim(snake("FOO-BAR")), "foo_bar_3");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_name("a_b")), "AB");
        assert_eq!(types.claim(type_name("a-b")), "AB2");
        let mut reserved = Scope::with_reserved(&["send"]);
        assert_eq!(reserved.claim(snake("send")), "send_2");
        assert_eq!(Scope::enum_variants().claim(pascal("unknown")), "Unknown2");
        assert_eq!(Scope::request_inputs().claim(snake("body")), "body_2");
        assert_eq!(Scope::server_variants().claim(pascal("custom")), "Custom2");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_name("self")), "Self_");
        assert_eq!(types.claim(type_name("Self")), "Self2");
        let mut groups = Scope::group_modules();
        assert_eq!(groups.claim(snake("lib")), "lib_2");
        assert_eq!(groups.claim(snake("main")), "main_2");
        assert_eq!(groups.claim(snake("clone")), "clone_2");
        assert_eq!(Scope::struct_fields().claim(snake("eq")), "eq_2");
        assert_eq!(Scope::request_inputs().claim(snake("fmt")), "fmt_2");
        assert_eq!(
            operation_name(Some("clone"), None, Method::Get, "/"),
            "clone_"
        );
    }

    #[test]
    fn names_inline_schemas_from_where_they_appear() {
        assert_eq!(schema_type(None, "client_info"), "ClientInfo");
        assert_eq!(schema_type(None, "result"), "ResultModel");
        assert_eq!(schema_type(Some("my-type"), "ignored"), "MyType");
        assert_eq!(param_type("ListPets", "sort-order"), "ListPetsSortOrder");
        assert_eq!(request_type("CreatePet"), "CreatePetRequest");
        assert_eq!(response_type("GetPet", None), "GetPetResponse");
        assert_eq!(
            response_type("GetPet", Some(Status(202))),
            "GetPetResponse202"
        );
        assert_eq!(
            error_type("GetPet", ErrorStatus::Code(Status(404))),
            "GetPetError404"
        );
        assert_eq!(
            error_type("GetPet", ErrorStatus::Default),
            "GetPetErrorDefault"
        );
        assert_eq!(item_type("Tags"), "TagsItem");
        assert_eq!(value_type("Labels"), "LabelsValue");
        assert_eq!(property_type("Pet", "owner_info"), "PetOwnerInfo");
        assert_eq!(
            alternative_type("Shape", Some("round one"), None, 0),
            "ShapeRoundOne"
        );
        assert_eq!(alternative_type("Shape", None, None, 1), "ShapeVariant2");
        assert_eq!(
            alternative_type("Shape", None, Some("Object"), 1),
            "ShapeObject"
        );
    }

    #[test]
    fn names_variants() {
        assert_eq!(int_variant(0), "V0");
        assert_eq!(int_variant(42), "V42");
        assert_eq!(int_variant(-3), "Minus3");
        assert_eq!(int_variant(i64::MIN), "Minus9223372036854775808");
        assert_eq!(status_variant(Status(200)), "Ok");
        assert_eq!(status_variant(Status(204)), "NoContent");
        assert_eq!(status_variant(Status(299)), "Status299");
        assert_eq!(alternative_variant(&TypeRef::Named("Dog".into())), "Dog");
        assert_eq!(alternative_variant(&TypeRef::Secret), "String");
        assert_eq!(alternative_variant(&TypeRef::I32), "Integer");
        assert_eq!(
            alternative_variant(&TypeRef::Vec(Box::new(TypeRef::Bool))),
            "Array"
        );
        assert_eq!(alternative_variant(&TypeRef::Json), "Object");
        assert_eq!(server_variant(None, "https://us.authlete.com/", 0), "Us");
        assert_eq!(
            server_variant(None, "http://localhost:8080", 1),
            "Localhost"
        );
        assert_eq!(server_variant(None, "/relative", 2), "Server2");
        assert_eq!(
            server_variant(Some("eu_west"), "https://x.example", 0),
            "EuWest"
        );
    }

    #[test]
    fn names_operations_and_their_types() {
        assert_eq!(group_key(Some("Pet Store"), Some("tag")), "pet_store");
        assert_eq!(
            group_key(None, Some("clientManagement")),
            "client_management"
        );
        assert_eq!(group_key(None, None), "default");
        assert_eq!(
            operation_name(Some("fetch"), Some("getPet"), Method::Get, "/p"),
            "fetch"
        );
        assert_eq!(
            operation_name(None, Some("getPet"), Method::Get, "/p"),
            "get_pet"
        );
        assert_eq!(
            operation_name(None, None, Method::Delete, "/pets/{id}"),
            "delete_pets_id"
        );
        assert_eq!(builder_name("get_pet"), "GetPet");
        assert_eq!(outcome_enum("GetPet"), "GetPetOutcome");
        assert_eq!(default_fn("page_size"), "_default_page_size");
    }

    #[test]
    fn names_credential_setters_by_kind() {
        assert_eq!(
            credential_setter("auth", &SchemeKind::Bearer, true),
            "bearer_token"
        );
        assert_eq!(
            credential_setter("serviceAuth", &SchemeKind::Bearer, false),
            "service_auth_token"
        );
        assert_eq!(
            credential_setter("b", &SchemeKind::Basic, true),
            "basic_auth"
        );
        assert_eq!(
            credential_setter("admin", &SchemeKind::Basic, false),
            "admin_basic_auth"
        );
        let header = SchemeKind::ApiKeyHeader("x-key".into());
        assert_eq!(credential_setter("k", &header, true), "api_key");
        assert_eq!(
            credential_setter("partnerKey", &header, false),
            "partner_key"
        );
    }
}

//! The intermediate model: what the client needs, in plain Rust structs.
//!
//! Lowering fills it from the OpenAPI document; emitting reads it. It holds final Rust names
//! (made by `naming`) next to the wire names, and no token streams, so it can be printed and
//! compared in tests.

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The servers, in document order; the first is the default.
    pub servers: Vec<ServerDef>,
    /// The security schemes, each a builder option.
    pub schemes: Vec<SecurityScheme>,
    /// The scheme every operation requires, if there is one: then `build` requires it too.
    pub required_scheme: Option<usize>,
    /// Operations, grouped into one handle each.
    pub groups: Vec<Group>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// The types of documented error bodies, in the order first met. With one, `ErrorBody` is
    /// that type; with several, an enum of them.
    pub error_types: Vec<String>,
    /// Accessors on `Error` for fields of the error body, when there is exactly one type.
    pub error_body: Option<ErrorBody>,
    /// The wire names of the properties marked `format: password`, sorted and without
    /// repeats: error messages redact their values.
    pub secret_fields: Vec<String>,
}

/// One entry of `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerDef {
    /// The variant of the `Server` enum.
    pub variant: String,
    /// The base URL, with each variable at its default.
    pub url: String,
    /// The URL as the document writes it, with `{variable}`s, when it has variables.
    pub template: Option<String>,
    /// The URL's variables, in the order the document declares them.
    pub variables: Vec<ServerVariable>,
    /// `description`.
    pub doc: Option<String>,
}

/// A variable of a server URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Its name, as written between braces.
    pub name: String,
    /// The value used unless another is chosen.
    pub default: String,
    /// The values allowed (`enum`); empty when any value is.
    pub allowed: Vec<String>,
    /// `description`.
    pub doc: Option<String>,
}

/// One security scheme of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Its name under `components/securitySchemes`.
    pub key: String,
    /// The builder method that sets its credential.
    pub setter: String,
    /// How the credential is sent.
    pub kind: SchemeKind,
    /// `description`.
    pub doc: Option<String>,
    /// An environment variable to read the credential from when none is given (`x-rust-env`).
    pub env: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, and OAuth 2.0 or OpenID Connect tokens).
    Bearer,
    /// `Authorization: Basic <user:password in base64>`.
    Basic,
    /// An API key in the named header.
    ApiKeyHeader(String),
    /// An API key in the named query parameter.
    ApiKeyQuery(String),
}

/// A handle (`client.client_management()`) and its operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The accessor method and module name, snake case.
    pub name: String,
    /// The handle type, Pascal case.
    pub type_name: String,
    /// Documentation for the handle.
    pub doc: Option<String>,
    /// The operations, in document order.
    pub operations: Vec<Operation>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method name on the handle, snake case.
    pub name: String,
    /// The request builder type, Pascal case.
    pub builder: String,
    /// `operationId`, if given.
    pub operation_id: Option<String>,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written in the document.
    pub path_template: String,
    /// The path split into literal text and parameters (indexes into `params`).
    pub path: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// Parameters; one entry per name and location.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful response carries, when every success status carries the same.
    pub success: Success,
    /// When success statuses carry different bodies: the enum of outcomes, one per status.
    pub outcomes: Option<Outcomes>,
    /// Documented error responses with a JSON body, in document order (`default` last).
    pub errors: Vec<ErrorResponse>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Whether sending the operation twice has the same effect as once.
    pub idempotent: bool,
    /// The security requirements: alternatives, each a set of schemes (indexes into
    /// `Api::schemes`) used together. Empty: no credentials are sent. An empty alternative:
    /// the operation may also be called without credentials.
    pub security: Vec<Vec<usize>>,
    /// Where the operation is in the document.
    pub pointer: String,
    /// `x-rust-paginate`: how to walk the operation's list a page at a time.
    pub paging: Option<Paging>,
}

/// How an operation's list is walked page by page (`x-rust-paginate`): by a start index and
/// an end index, both query parameters, with the items in one property of the response.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The parameter (an index into `params`) giving the first item's index, inclusive.
    pub start: usize,
    /// The parameter giving the end index, exclusive.
    pub end: usize,
    /// The wire name of the response property that holds the page's items.
    pub items: String,
    /// The wire name of the response property that holds the number of items in all.
    pub total: Option<String>,
    /// Where the extension is written.
    pub pointer: String,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// The method as sent on the wire, upper case (`GET`); also the name of the `reqwest`
    /// constant.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The key of the operation in an OpenAPI path item, lower case (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An HTTP status code, such as 200 or 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Status(pub u16);

impl Status {
    /// The code as a number.
    pub fn code(self) -> u16 {
        self.0
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The statuses a documented error body is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStatus {
    /// One status code.
    Code(Status),
    /// A range such as `4XX`, by its first digit: any status of it not listed.
    Range(u16),
    /// The `default` response: any error status not listed.
    Default,
}

/// A documented error response with a JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The statuses it is for.
    pub status: ErrorStatus,
    /// The model type of its body, or `None` when the body has no fields to read (it is not
    /// a JSON object): listed so that a range or `default` does not claim the status.
    pub ty: Option<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as written.
    Literal(String),
    /// A parameter, percent-encoded as one segment.
    Param(usize),
}

/// One input of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire: String,
    /// The argument or setter name.
    pub rust: String,
    /// Sent as a path segment.
    pub in_path: bool,
    /// Sent as a query parameter.
    pub in_query: bool,
    /// Sent as a request header.
    pub in_header: bool,
    /// Required inputs are method arguments; optional ones are setters.
    pub required: bool,
    /// The value's type: a scalar, or a list of scalars for query and header parameters.
    pub ty: TypeRef,
    /// For a list in the query: repeat the name for each value (`a=1&a=2`) rather than join
    /// the values with commas (`a=1,2`).
    pub explode: bool,
    /// `description`.
    pub doc: Option<String>,
    /// The value (or, for a list, each item) is a string enum, so its wire text is its
    /// `as_str()` rather than its `Display` output.
    pub string_enum: bool,
    /// An object in the query (a struct or a map), sent as its properties.
    pub object: bool,
    /// `style: deepObject`: an object's properties as `name[key]=value` and a list's items as
    /// `name[]=value`.
    pub deep: bool,
}

/// How a request body is written, from the media types its operation offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON, from the body's type (offered whenever a JSON type is).
    Json,
    /// `application/x-www-form-urlencoded`, from the body's type.
    Form,
    /// Text given as a string (`text/*`).
    Text,
    /// Bytes given as they are (`application/octet-stream`, `image/*`, `*/*`, anything else).
    Binary,
    /// `multipart/form-data`, from the body's struct: a part per property, a file part for
    /// each `format: binary` one.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The type sent.
    pub ty: TypeRef,
    /// Required bodies are method arguments; optional ones a `body` setter.
    pub required: bool,
    /// `description`.
    pub doc: Option<String>,
    /// The media type sent: the one chosen among those offered, or
    /// `application/octet-stream` for a binary body offered as a range (`*/*`, `image/*`).
    pub content_type: String,
    /// How the body is written.
    pub kind: BodyKind,
    /// The body's type has a `validate` step, run before sending.
    pub validate: bool,
    /// How properties of a form or multipart body are written, from the document's
    /// `encoding`, in its order.
    pub encoding: Vec<PropertyEncoding>,
}

/// How one property of a form or multipart body is written.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyEncoding {
    /// The property's wire name.
    pub name: String,
    /// How it is written in a form body.
    pub form: Option<FormStyle>,
    /// The content type of its part in a multipart body.
    pub content_type: Option<String>,
}

/// How one property of a form body is written (see the runtime's `FormStyle`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form`, with or without `explode`.
    Form {
        /// `explode`.
        explode: bool,
    },
    /// `style: spaceDelimited` without `explode`.
    Spaces,
    /// `style: pipeDelimited` without `explode`.
    Pipes,
    /// `style: deepObject`.
    Deep,
    /// A JSON `contentType`.
    Json,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// No body (for example 204).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A `text/*` body, as a `String`.
    Text,
    /// Any other body, as bytes.
    Bytes,
}

/// The enum an operation returns when its success statuses carry different bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    /// The enum's name.
    pub name: String,
    /// One variant per success status, in document order.
    pub list: Vec<Outcome>,
}

/// One success status of an operation whose success statuses carry different bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The status code, or `None` for a `2XX` range: any success status not listed.
    pub status: Option<Status>,
    /// The variant of the outcome enum.
    pub variant: String,
    /// What the response carries.
    pub body: Success,
}

/// A reference to a type as it appears in a field, argument or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// A string marked `format: password`: `SecretString`, kept out of `Debug` output.
    Secret,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32` (`format: uint32`, `uint16`, `uint8`).
    U32,
    /// `u64` (`format: uint64`).
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// A type defined in `models`.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A JSON object with values of one type (`BTreeMap<String, T>`).
    Map(Box<TypeRef>),
    /// An item of a list or a value of a map that may be `null` (`Option<T>`).
    Nullable(Box<TypeRef>),
    /// A property of `format: binary`: bytes given as an `Upload` (a file part of a multipart
    /// body).
    Binary,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// `description`.
    pub doc: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
    /// Where it is defined in the document.
    pub pointer: String,
    /// It has a `validate` method: a field with string rules, or a field holding (directly
    /// or in a list) a type that has one.
    pub validates: bool,
}

/// The shapes of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// The properties, in document order.
        fields: Vec<Field>,
        /// `additionalProperties: true`: keep every property that is not listed.
        keep_unknown: bool,
    },
    /// A string with a fixed set of values, plus a fallback for values not listed.
    StringEnum {
        /// The listed values.
        variants: Vec<Variant>,
    },
    /// An integer with a fixed set of values, plus a fallback for values not listed.
    IntEnum {
        /// The listed values and their variant names.
        variants: Vec<IntVariant>,
    },
    /// `oneOf` or `anyOf`: one of several types.
    OneOf {
        /// The alternatives, in document order.
        variants: Vec<OneOfVariant>,
        /// The `discriminator` property, when the document names one: the variant is chosen
        /// by its value instead of by trying each alternative in turn.
        discriminator: Option<String>,
    },
    /// A list or map that contains itself (`Tree: {type: array, items: {$ref: Tree}}`): a
    /// struct around the container, since a type alias cannot refer to itself.
    Newtype {
        /// The container.
        ty: TypeRef,
    },
}

/// One alternative of a `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// The Rust variant name.
    pub rust: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// The discriminator value that selects it, when there is a discriminator.
    pub tag: Option<String>,
    /// The alternative contains the enum itself without a list or map in between, so it is boxed.
    pub boxed: bool,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// The value's type, without the `Option` that optional or nullable fields get.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// `readOnly: true`: sent by the server only, so left out when serializing.
    pub read_only: bool,
    /// `writeOnly: true`: sent by the client only, so ignored when deserializing.
    pub write_only: bool,
    /// `default`, when the property is not required (a required one is always present) and
    /// the value is of the field's type; the field is then not an `Option` unless `nullable`.
    pub default: Option<serde_json::Value>,
    /// The field's type contains its owner without a list or map in between, so it is
    /// boxed to give the type a finite size.
    pub boxed: bool,
    /// `description`.
    pub doc: Option<String>,
    /// `minLength`, `maxLength` and `pattern`, for string fields.
    pub rules: Option<StringRules>,
    /// What `validate` checks inside the value; always `None` when the field has `rules`,
    /// which are what is checked then.
    pub nested: Nested,
    /// The function that gives the `default`, when the field has one and is not an `Option`:
    /// `new()` and decoding use it when the property is absent (or `null`).
    pub default_fn: Option<String>,
}

/// Which values inside a field have a `validate` step of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nested {
    /// None: only the field's own `rules`, if any, are checked.
    None,
    /// The value itself.
    Value,
    /// Each item of the list.
    Items,
}

/// What a string value must satisfy before it is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct StringRules {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`, as written.
    pub pattern: Option<String>,
    /// The pattern compiled to character ranges, when it has a shape the client can check.
    pub pattern_ranges: Option<Vec<(char, char)>>,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn optional(&self) -> bool {
        (!self.required && self.default.is_none()) || self.nullable
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub rust: String,
}

/// One value of an integer enum.
#[derive(Debug, Clone, PartialEq)]
pub struct IntVariant {
    /// The value on the wire.
    pub value: i64,
    /// The Rust variant name.
    pub rust: String,
}

/// The body type of documented errors, and which of its fields have accessors on `Error`.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    /// The model type.
    pub ty: String,
    /// Accessor methods, one per field named by `x-rust-error-fields`.
    pub accessors: Vec<ErrorAccessor>,
}

/// A method on `Error` that reads a string field of the documented error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorAccessor {
    /// The method name.
    pub method: String,
    /// The field it reads.
    pub field: String,
    /// The field is an `Option`.
    pub optional: bool,
}

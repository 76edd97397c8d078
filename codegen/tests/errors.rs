//! Documents the generator cannot handle: each gives typed errors that name the place.

use codegen::{ErrorKind, SpecError};

fn errors(text: &str) -> Vec<SpecError> {
    match codegen::analyze(text) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(e) => e.0,
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn doc(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

#[test]
fn missing_ref_target_is_named_with_its_pointer() {
    let e = errors(&doc(
        "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].kind, ErrorKind::BadReference);
    assert_eq!(
        e[0].pointer,
        "#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/$ref"
    );
    assert!(e[0].message.contains("Nope"), "{}", e[0].message);
}

#[test]
fn unsupported_constructs_say_what_is_supported() {
    let e = errors(&doc(
        "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        kind:\n          not: {type: integer}\n",
    ));
    assert_eq!(e[0].kind, ErrorKind::Unsupported);
    assert_eq!(e[0].pointer, "#/components/schemas/Pet/properties/kind/not");
    assert!(
        e[0].message.contains("supported schemas are"),
        "{}",
        e[0].message
    );
}

#[test]
fn duplicate_operation_names_are_refused() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      operationId: fetch\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: Fetch\n      responses: {'204': {description: ok}}\n",
    ));
    assert_eq!(e[0].kind, ErrorKind::Invalid);
    assert_eq!(e[0].pointer, "#/paths/~1b/get");
    assert!(e[0].message.contains("#/paths/~1a/get"), "{}", e[0].message);
}

#[test]
fn path_parameters_must_match_the_template() {
    let e = errors(&doc(
        "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: other, in: path, required: true, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
    ));
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e.iter().all(|e| e.kind == ErrorKind::Invalid));
    assert!(e[0].message.contains("{id}"));
    assert!(e[1].message.contains("`other`"));
}

#[test]
fn several_problems_are_reported_together() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: session, in: cookie, schema: {type: string}}\n      responses: {'204': {description: ok}}\n  /b:\n    post:\n      requestBody:\n        content:\n          multipart/form-data: {schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
    ));
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0].pointer, "#/paths/~1a/get/parameters/0");
    assert_eq!(
        e[1].pointer,
        "#/paths/~1b/post/requestBody/content/multipart~1form-data/schema"
    );
    let shown = codegen::SpecErrors(e).to_string();
    assert!(shown.starts_with("2 problems"), "{shown}");
}

#[test]
fn versions_other_than_3_0_are_refused() {
    for (text, found) in [
        (
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "3.1.0",
        ),
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "2.0",
        ),
    ] {
        let e = errors(text);
        assert_eq!(e[0].kind, ErrorKind::UnsupportedVersion);
        assert!(e[0].message.contains(found), "{}", e[0].message);
        assert!(e[0].message.contains("3.0"), "{}", e[0].message);
    }
}

#[test]
fn broken_documents_are_errors_not_panics() {
    let inputs = [
        "",
        "{",
        "- a\n- b\n",
        "openapi: 3.0.3\n",
        "openapi: 3.0.3\ninfo: 7\npaths: {}\n",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: '#/x'}\n",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A'}}}\n",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/none'}]\n      responses: {}\n",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /{:\n    get:\n      responses: {}\n",
    ];
    for text in inputs {
        let result = std::panic::catch_unwind(|| codegen::analyze(text));
        assert!(result.is_ok(), "panicked on {text:?}");
    }
}

#[test]
fn a_refused_path_parameter_is_reported_once_at_its_own_place() {
    let e = errors(&doc(
        "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: object, properties: {x: {type: string}}}}\n      responses: {'204': {description: ok}}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].pointer, "#/paths/~1a~1{id}/get/parameters/0/schema");
    assert!(
        e[0].message.contains("path parameters must be"),
        "{}",
        e[0].message
    );
}

#[test]
fn references_say_whether_they_leave_the_document() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'other.yaml#/components/schemas/X'}\n        '201':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/responses/Nope/content/application~1json/schema'}\n",
    ));
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].message.contains("in another file"), "{}", e[0].message);
    assert!(
        e[1].message.contains("points at nothing in this document"),
        "{}",
        e[1].message
    );
    assert!(!e[1].message.contains("another file"), "{}", e[1].message);
}

#[test]
fn an_alias_of_a_component_is_followed() {
    // A parameter and a response that are only `$ref`s to others are the others.
    let text = doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/B'\n      responses:\n        '204': {$ref: '#/components/responses/D'}\ncomponents:\n  parameters:\n    A: {name: limit, in: query, schema: {type: integer}}\n    B: {$ref: '#/components/parameters/A'}\n  responses:\n    C: {description: none}\n    D: {$ref: '#/components/responses/C'}\n",
    );
    let api = codegen::analyze(&text).expect("aliases resolve");
    let op = &api.groups[0].operations[0];
    assert_eq!(op.params[0].wire, "limit");
    // A chain that loops is a cycle, said once at the reference.
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/B'\n      responses: {'204': {description: ok}}\ncomponents:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.contains("cycle"), "{}", e[0].message);
}

#[test]
fn an_all_of_problem_is_reported_at_the_all_of() {
    let e = errors(&doc(
        "paths: {}\ncomponents:\n  schemas:\n    Name: {type: string}\n    Base: {type: object, properties: {id: {type: string}}}\n    Both:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - $ref: '#/components/schemas/Name'\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].pointer, "#/components/schemas/Both/allOf/1");
    assert!(
        e[0].message
            .contains("`#/components/schemas/Name` is not an object"),
        "{}",
        e[0].message
    );
}

#[test]
fn an_inline_alternative_of_a_discriminator_needs_its_tag() {
    let e = errors(&doc(
        "paths: {}\ncomponents:\n  schemas:\n    S:\n      oneOf:\n        - {type: object, properties: {kind: {type: string, enum: [a]}}}\n        - {type: object, properties: {kind: {type: string}}}\n      discriminator: {propertyName: kind}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].pointer, "#/components/schemas/S/oneOf/1");
    assert!(
        e[0].message.contains("one `enum` value"),
        "{}",
        e[0].message
    );
}

#[test]
fn a_percent_encoded_pointer_is_what_it_encodes() {
    let text = doc(
        "paths:\n  /pets/{petId}:\n    get:\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/paths/~1pets~1%7BpetId%7D/get/responses/201/content/application~1json/schema'}\n        '201':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {name: {type: string}}}\n",
    );
    codegen::analyze(&text).expect("the encoded pointer resolves");
}

#[test]
fn a_parameter_or_scheme_that_cannot_be_read_is_reported_once() {
    let e = errors(&doc(
        "paths:\n  /a/{x}:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Missing'\n      responses: {'204': {description: ok}}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].pointer.ends_with("/parameters/0/$ref"), "{e:?}");
    let e = errors(&doc(
        "security: [{digest: []}]\npaths:\n  /a:\n    get:\n      responses: {'204': {description: ok}}\ncomponents:\n  securitySchemes:\n    digest: {type: http, scheme: digest}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].pointer, "#/components/securitySchemes/digest/scheme");
}

#[test]
fn a_part_content_type_with_a_line_break_is_refused_at_its_encoding() {
    let e = errors(&doc(
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {f: {type: string}}}\n            encoding:\n              f: {contentType: \"text/plain\\r\\nX-Injected: 1\"}\n      responses:\n        '204': {description: ok}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].pointer,
        "#/paths/~1a/post/requestBody/content/multipart~1form-data/encoding/f/contentType"
    );
    assert!(e[0].message.contains("line breaks"), "{}", e[0].message);
}

#[test]
fn a_parameter_that_repeats_a_value_needs_one_to_repeat() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, x-rust-same-value: true, schema: {type: string}}\n        - {name: h, in: header, x-rust-same-value: yes, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    ));
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(
        e[0].pointer,
        "#/paths/~1a/get/parameters/1/x-rust-same-value"
    );
    assert!(
        e[0].message.contains("`true` or `false`"),
        "{}",
        e[0].message
    );
    assert_eq!(
        e[1].pointer,
        "#/paths/~1a/get/parameters/0/x-rust-same-value"
    );
    assert!(
        e[1].message.contains("another location"),
        "{}",
        e[1].message
    );
    // Marked on both sides of a path parameter: said once, and nothing else is reported.
    let e = errors(&doc(
        "paths:\n  /both/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, x-rust-same-value: true, schema: {type: string}}\n        - {name: id, in: query, x-rust-same-value: true, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message.contains("without `x-rust-same-value`"),
        "{}",
        e[0].message
    );
}

#[test]
fn a_schema_that_is_only_itself_is_refused_at_it() {
    let e = errors(&doc(
        "paths: {}\ncomponents:\n  schemas:\n    Loop:\n      allOf: [{$ref: '#/components/schemas/Loop'}]\n      description: only itself\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].pointer, "#/components/schemas/Loop");
    assert!(
        e[0].message.contains("refers to itself"),
        "{}",
        e[0].message
    );
}

#[test]
fn a_reference_to_the_wrong_kind_of_thing_says_what_it_is() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/schemas/S'\n        - $ref: '#/info'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/parameters/P'}\n        '201':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/info'}\ncomponents:\n  schemas:\n    S: {type: string}\n  parameters:\n    P: {name: p, in: query, schema: {type: string}}\n",
    ));
    let messages: Vec<(&str, &str)> = e
        .iter()
        .map(|e| (e.pointer.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(e.len(), 4, "{messages:#?}");
    assert!(
        messages[0].1.contains("is a schema, where a parameter"),
        "{messages:#?}"
    );
    assert!(
        messages[1].1.contains("`#/info` is not a component"),
        "{messages:#?}"
    );
    assert!(
        messages[2]
            .1
            .contains("is a parameter, where a schema is expected"),
        "{messages:#?}"
    );
    assert!(
        messages[3].1.contains("`#/info` is not a schema"),
        "{messages:#?}"
    );
}

#[test]
fn unused_components_are_checked_like_used_ones_and_add_nothing() {
    // A problem in a component no operation uses is still a problem, reported once.
    let e = errors(&doc(
        "paths: {}\ncomponents:\n  parameters:\n    Cookie: {name: c, in: cookie, schema: {type: string}}\n  responses:\n    Bad:\n      description: bad\n      content:\n        application/json:\n          schema: {not: {type: string}}\n  requestBodies:\n    Odd:\n      content:\n        application/xml+zip: {}\n        multipart/mixed: {}\n",
    ));
    let pointers: Vec<&str> = e.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/components/parameters/Cookie",
            "#/components/responses/Bad/content/application~1json/schema/not",
        ],
        "{e:?}"
    );
    // A sound unused component adds no type.
    let api = codegen::analyze(&doc(
        "paths: {}\ncomponents:\n  parameters:\n    Mode: {name: m, in: query, schema: {type: string, enum: [a, b]}}\n  responses:\n    Thing:\n      description: ok\n      content:\n        application/json:\n          schema: {type: object, properties: {x: {type: string}}}\n",
    ))
    .expect("accepted");
    assert!(api.types.is_empty(), "{:?}", api.types);
}

#[test]
fn an_alias_schema_is_checked_whether_or_not_it_is_used() {
    let e = errors(&doc(
        "paths: {}\ncomponents:\n  schemas:\n    Cyc1: {$ref: '#/components/schemas/Cyc2'}\n    Cyc2: {$ref: '#/components/schemas/Cyc1'}\n    X: {$ref: '#/components/responses/R'}\n  responses:\n    R: {description: r}\n",
    ));
    let messages: Vec<&str> = e.iter().map(|e| e.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("cycle")), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("is a response, where a schema is expected")),
        "{messages:?}"
    );
}

#[test]
fn a_missing_component_of_the_right_kind_points_at_nothing() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/Missing'}]\n      responses: {'204': {description: ok}}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message
            .contains("does not name a parameter under #/components/parameters"),
        "{}",
        e[0].message
    );
}

#[test]
fn keys_of_responses_that_are_not_statuses_are_refused() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      responses:\n        '204': {description: ok}\n        6XX: {description: no}\n        '99': {description: no}\n        abc: {description: no}\n        x-note: {description: fine}\n        4xx: {description: fine too}\n",
    ));
    let pointers: Vec<&str> = e.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1a/get/responses/6XX",
            "#/paths/~1a/get/responses/99",
            "#/paths/~1a/get/responses/abc",
        ],
        "{e:?}"
    );
    assert!(
        e[0].message.contains("is not a status code"),
        "{}",
        e[0].message
    );
}

#[test]
fn a_parameter_declared_twice_in_one_list_is_refused() {
    let e = errors(&doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n        - {name: q, in: query, schema: {type: boolean}}\n        - {name: X-Id, in: header, schema: {type: string}}\n        - {name: x-id, in: header, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    ));
    let pointers: Vec<&str> = e.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/paths/~1a/get/parameters/1",
            "#/paths/~1a/get/parameters/3"
        ],
        "{e:?}"
    );
    assert!(e[0].message.contains("declared twice"), "{}", e[0].message);
}

#[test]
fn path_styles_other_than_simple_are_refused() {
    let e = errors(&doc(
        "paths:\n  /f/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, style: matrix, schema: {type: string}}\n      responses:\n        '204': {description: ok}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].pointer, "#/paths/~1f~1{id}/get/parameters/0/style");
}

#[test]
fn an_inline_schema_with_a_problem_is_reported_once_not_again_where_it_is_used() {
    let e = errors(&doc(
        "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            allOf: [{$ref: '#/components/schemas/Obj'}, {type: string}]\n      responses:\n        '204': {description: ok}\ncomponents:\n  schemas:\n    Obj: {type: object, properties: {a: {type: string}}}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].pointer.ends_with("/schema/allOf/1"), "{e:?}");
}

#[test]
fn an_encoding_that_cannot_be_followed_is_refused_at_it() {
    let e = errors(&doc(
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                f: {type: string, format: binary}\n                g: {type: string, format: binary}\n                meta: {type: object, properties: {a: {type: string}}}\n                note: {type: string}\n            encoding:\n              f: {contentType: 'image/*'}\n              g: {contentType: 'not a type; ;;'}\n              meta: {contentType: application/xml}\n              note: {contentType: text/markdown}\n              ghost: {contentType: text/plain}\n      responses:\n        '204': {description: ok}\n",
    ));
    let at = "#/paths/~1a/post/requestBody/content/multipart~1form-data/encoding";
    let found: Vec<(String, &str)> = e
        .iter()
        .map(|e| (e.pointer.replace(at, ""), e.message.as_str()))
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0].0, "/g/contentType");
    assert!(found[0].1.contains("is not a media type"), "{found:#?}");
    assert_eq!(found[1].0, "/meta/contentType");
    assert!(found[1].1.contains("sent as JSON"), "{found:#?}");
    assert_eq!(found[2].0, "/ghost");
    assert!(found[2].1.contains("not a property"), "{found:#?}");
}

#[test]
fn a_list_of_lists_in_a_multipart_body_is_a_json_part_and_needs_a_json_type() {
    let e = errors(&doc(
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                grid: {type: array, items: {type: array, items: {type: string}}}\n            encoding:\n              grid: {contentType: text/plain}\n      responses:\n        '204': {description: ok}\n",
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].message.contains("sent as JSON"), "{}", e[0].message);
}

/// A list operation with `x-rust-paginate` written as `paging` (YAML flow mapping).
fn paged(paging: &str, response: &str) -> String {
    doc(&format!(
        "paths:\n  /items:\n    get:\n      x-rust-paginate: {paging}\n      parameters:\n        - {{name: from, in: query, schema: {{type: integer}}}}\n        - {{name: to, in: query, schema: {{type: integer, format: int64}}}}\n        - {{name: label, in: query, schema: {{type: string}}}}\n        - {{name: cursor, in: header, schema: {{type: integer}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {response}\n"
    ))
}

const PAGE: &str = "{type: object, properties: {items: {type: array, items: {type: string}}, count: {type: integer}, note: {type: string}}}";

#[test]
fn paginate_names_query_index_parameters_and_a_list_of_the_response() {
    // Accepted as written.
    let ok = paged("{start: from, end: to, items: items, total: count}", PAGE);
    let api = codegen::analyze(&ok).unwrap();
    assert!(api.groups[0].operations[0].paging.is_some());

    let at = "#/paths/~1items/get/x-rust-paginate";
    for (paging, place, says) in [
        ("{start: from, end: to}", at.to_string(), "needs `items`"),
        (
            "{start: nope, end: to, items: items}",
            format!("{at}/start"),
            "not a query parameter",
        ),
        (
            "{start: cursor, end: to, items: items}",
            format!("{at}/start"),
            "not a query parameter",
        ),
        (
            "{start: label, end: to, items: items}",
            format!("{at}/start"),
            "must be an integer",
        ),
        (
            "{start: from, end: from, items: items}",
            format!("{at}/end"),
            "same parameter",
        ),
        (
            "{start: from, end: to, items: 3}",
            format!("{at}/items"),
            "must be a name",
        ),
        (
            "{start: from, end: to, items: items, size: 9}",
            format!("{at}/size"),
            "not a key",
        ),
        ("[from, to]", at.to_string(), "must be an object"),
        (
            "{start: from, end: to, items: note}",
            format!("{at}/items"),
            "must be a list",
        ),
        (
            "{start: from, end: to, items: gone}",
            format!("{at}/items"),
            "not a property",
        ),
        (
            "{start: from, end: to, items: items, total: note}",
            format!("{at}/total"),
            "must be an integer",
        ),
        (
            "{start: from, end: to, items: items, total: gone}",
            format!("{at}/total"),
            "not a property",
        ),
    ] {
        let e = errors(&paged(paging, PAGE));
        assert_eq!(e.len(), 1, "{paging}: {e:?}");
        assert_eq!(e[0].kind, ErrorKind::Invalid, "{paging}");
        assert_eq!(e[0].pointer, place, "{paging}");
        assert!(e[0].message.contains(says), "{paging}: {}", e[0].message);
    }
    // The response must be one object type.
    let e = errors(&paged(
        "{start: from, end: to, items: items}",
        "{type: array, items: {type: string}}",
    ));
    assert_eq!((e.len(), e[0].pointer.as_str()), (1, at), "{e:?}");
    assert!(
        e[0].message.contains("one JSON object type"),
        "{}",
        e[0].message
    );
}

#[test]
fn header_parameters_must_have_names_http_can_carry() {
    for name in [
        r#""X-H\r\nInjected""#,
        "'X Trace'",
        "'X:Trace'",
        "''",
        "'Ünïcode'",
    ] {
        let e = errors(&doc(&format!(
            "paths:\n  /a:\n    get:\n      parameters:\n        - {{name: {name}, in: header, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n"
        )));
        assert_eq!(e.len(), 1, "{name}: {e:?}");
        assert_eq!(e[0].kind, ErrorKind::Invalid, "{name}");
        assert_eq!(e[0].pointer, "#/paths/~1a/get/parameters/0/name", "{name}");
        assert!(
            e[0].message.contains("is not a valid header name") && !e[0].message.contains('\r'),
            "{name}: {}",
            e[0].message
        );
    }
    // A name made of token characters is fine, whatever its case.
    codegen::analyze(&doc(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: X-Request_ID.v2, in: header, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
    ))
    .unwrap();
}

#[test]
fn yaml_nested_past_any_real_document_is_refused_at_once() {
    // 200,000 levels of `[`: the YAML reader alone would take minutes to refuse it.
    let depth = 200_000;
    let text = doc(&format!(
        "paths: {{}}\nx-deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    ));
    let started = std::time::Instant::now();
    let e = errors(&text);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e[0].kind, ErrorKind::Syntax);
    assert!(
        e[0].message
            .contains("more than 1000 deep (line 4, column 1009)"),
        "{}",
        e[0].message
    );

    // Brackets in quotes, comments and plain text are not nesting.
    let mut text = doc("paths: {}\n");
    text.push_str(&format!("x-a: '{}'\n", "[".repeat(2000)));
    text.push_str(&format!(
        "x-b: \"{}\\\"{}\"\n",
        "{".repeat(1500),
        "[".repeat(1500)
    ));
    text.push_str(&format!("# {}\n", "[".repeat(2000)));
    text.push_str("x-c: [[[1], {a: [2]}]]\n");
    codegen::analyze(&text).unwrap();
}

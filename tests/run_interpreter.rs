//! The interpreter, statement by statement and built-in by built-in, on the examples of
//! Zoho's Deluge help pages (each test names its page under zoho.com/deluge/help/).

use delugen::run::http::Refusing;
use delugen::run::{Outcome, Program, Stop, Value, execute, value_from_argument};

fn run_with(source: &str, args: &[(&str, &str)]) -> Outcome {
    let program = Program::parse("snippet.dg", source).unwrap_or_else(|e| panic!("{e}"));
    let args: Vec<(String, Value)> = args
        .iter()
        .map(|(n, v)| (n.to_string(), value_from_argument(v)))
        .collect();
    execute(&program, &[], &args, 0, &mut Refusing)
}

fn run(source: &str) -> Outcome {
    run_with(source, &[])
}

/// The info lines of a script that must run to its end.
fn info(source: &str) -> Vec<String> {
    let outcome = run(source);
    if let Some(stop) = &outcome.stop {
        panic!("{}: {}", stop.pos(), stop.message());
    }
    outcome.info
}

fn one(source: &str) -> String {
    info(source).join("\n")
}

fn error(source: &str) -> String {
    match run(source).stop {
        Some(Stop::Error { pos, message }) => format!("{pos}: {message}"),
        other => panic!("expected a Deluge error, got {other:?}"),
    }
}

#[test]
fn map_get_of_a_missing_key_is_null() {
    // functions/map/get: "returns null if the key is not found".
    assert_eq!(
        one(r#"m = Map(); m.put("a", 1); info m.get("b") == null; info m.get("a");"#),
        "true\n1"
    );
}

#[test]
fn map_keeps_insertion_order_and_prints_as_json() {
    // functions/map/put, functions/map/keys
    assert_eq!(
        one(r#"m = Map(); m.put("b", 2); m.put("a", "x"); m.put("b", 3); info m; info m.keys();"#),
        "{\"b\":3,\"a\":\"x\"}\nb,a"
    );
}

#[test]
fn map_contains_key_remove_size_and_is_empty() {
    // functions/map/containkey, functions/map/remove, functions/map/size, functions/map/isempty
    assert_eq!(
        one(
            r#"m = {"a": 1, "b": 2}; info m.containKey("a"); m.remove("a"); info m.containsKey("a"); info m.size(); info Map().isEmpty();"#
        ),
        "true\nfalse\n1\ntrue"
    );
}

#[test]
fn list_get_out_of_range_is_an_error() {
    // functions/list/get: an index past the end stops the script.
    let message = error("l = List(); l.add(\"a\");\ninfo l.get(1);");
    assert_eq!(
        message,
        "2:7: list index 1 is out of range (the list has 1 elements)"
    );
    assert_eq!(one(r#"l = {"x", "y"}; info l.get(1);"#), "y");
}

#[test]
fn list_add_add_all_size_contains_and_index_of() {
    // functions/list/add, addall, size, contains, indexof
    assert_eq!(
        one(
            r#"l = List(); l.add(1); l.addAll({2, 3}); info l.size(); info l.contains(2); info l.indexOf(3); info l;"#
        ),
        "3\ntrue\n2\n1,2,3"
    );
}

#[test]
fn list_sort_distinct_and_sublist() {
    // functions/list/sort: ascending by default, descending given false.
    assert_eq!(
        one(
            r#"l = {3, 1, 2, 1}; info l.distinct(); l.sort(); info l; info l.sort(false); info {1,2,3,4}.subList(1, 3);"#
        ),
        "3,1,2\n1,1,2,3\n3,2,1,1\n2,3"
    );
}

#[test]
fn lists_and_maps_are_shared_by_reference() {
    // A Map added to a List and changed afterwards is changed in the List (as in Zoho).
    assert_eq!(
        one(r#"m = Map(); l = List(); l.add(m); m.put("k", "v"); info l.get(0).get("k");"#),
        "v"
    );
}

#[test]
fn text_functions_from_the_string_pages() {
    // functions/string: length, trim, toUpperCase, contains, startsWith, subString, indexOf
    assert_eq!(
        one(
            r#"t = "  Zoho Creator  ".trim(); info t.length(); info t.toUpperCase(); info t.contains("Creator"); info t.startsWith("Zo"); info t.subString(0, 4); info t.indexOf("C");"#
        ),
        "12\nZOHO CREATOR\ntrue\ntrue\nZoho\n5"
    );
}

#[test]
fn replace_all_takes_a_regular_expression_and_java_replacements() {
    // functions/string/replaceall; the CRM search templates escape ( ) , this way.
    assert_eq!(
        one(r#"info "a(b),c".replaceAll("([(),])", "\\\\$1");"#),
        "a\\(b\\)\\,c"
    );
}

#[test]
fn text_comparison_is_exact_and_ordered() {
    // Operators: text == text compares case and all.
    assert_eq!(
        one(r#"info "Zoho" == "zoho"; info "abc" < "abd"; info "a" != "b";"#),
        "false\ntrue\ntrue"
    );
}

#[test]
fn to_long_and_to_decimal() {
    // functions/string/tolong, functions/string/todecimal
    assert_eq!(
        one(r#"info "123".toLong() + 1; info "2.5".toDecimal() * 2; info (7 / 2); info 8 / 2;"#),
        "124\n5.0\n3.5\n4"
    );
    assert!(error(r#"x = "12a".toLong();"#).contains("toLong(): \"12a\" is not a number"));
}

#[test]
fn text_plus_anything_joins_as_text() {
    // Operators: + with text concatenates.
    assert_eq!(
        one(r#"info "n=" + 5; info 1 + 2 + "x"; info "m=" + {"a": 1};"#),
        "n=5\n3x\nm={\"a\":1}"
    );
}

#[test]
fn to_map_and_to_json_list_parse_json_text() {
    // functions/string/tomap, functions/string/tojsonlist
    assert_eq!(
        one(
            r#"m = "{\"a\": {\"b\": [1, 2]}}".toMap(); info m.get("a").get("b").get(1); l = "[{\"id\": 7}]".toJSONList(); info l.get(0).get("id");"#
        ),
        "2\n7"
    );
}

#[test]
fn add_seconds_and_to_string_with_a_pattern() {
    // functions/datetime/addseconds, functions/datetime/tostring
    assert_eq!(
        one(
            r#"t = '01-Aug-2022 16:59:00'; info t.addSeconds(90); info t.addMinutes(5).toString("yyyy-MM-dd HH:mm:ss"); info t.addHour(8).toString("dd-MMM-yyyy");"#
        ),
        "01-Aug-2022 17:00:30\n2022-08-01 17:04:00\n02-Aug-2022"
    );
}

#[test]
fn to_time_reads_a_pattern_and_date_times_compare() {
    // functions/string/totime; date-times compare with < and >.
    assert_eq!(
        one(
            r#"a = "2022-08-01 10:00:00".toTime("yyyy-MM-dd HH:mm:ss"); b = a.addMinutes(1); info a < b; info b > a; info a == '01-Aug-2022 10:00:00';"#
        ),
        "true\ntrue\ntrue"
    );
}

#[test]
fn zoho_currenttime_follows_the_run_clock() {
    // zoho.currenttime: the date-time of the run (delugen run --now).
    let program = Program::parse("t.dg", "info zoho.currenttime; info zoho.currentdate;").unwrap();
    let now = delugen::run::time::from_parts(2020, 12, 9, 17, 25, 24);
    let outcome = execute(&program, &[], &[], now, &mut Refusing);
    assert_eq!(outcome.info, vec!["09-Dec-2020 17:25:24", "09-Dec-2020"]);
}

#[test]
fn ifnull_and_is_null() {
    // functions/common/ifnull
    assert_eq!(
        one(
            r#"m = Map(); info ifnull(m.get("x"), "default"); info ifnull("set", "default"); info isNull(null);"#
        ),
        "default\nset\ntrue"
    );
}

#[test]
fn if_else_if_else_takes_the_first_true_branch() {
    // statements/if-else
    assert_eq!(
        one(
            "n = 5;\nif(n > 10) { info \"big\"; } else if(n = 5) { info \"five\"; } else { info \"small\"; }"
        ),
        "five"
    );
}

#[test]
fn a_condition_that_is_not_a_boolean_is_an_error() {
    assert!(error("if(\"yes\") { info 1; }").contains("the condition is TEXT, not a BOOLEAN"));
}

#[test]
fn for_each_and_for_each_index_with_break_and_continue() {
    // statements/for-each, for-each-index
    assert_eq!(
        one(
            r#"for each x in {1, 2, 3, 4} { if(x == 2) { continue; } if(x == 4) { break; } info x; } for each index i in {"a", "b"} { info i; }"#
        ),
        "1\n3\n0\n1"
    );
}

#[test]
fn try_catch_catches_a_runtime_error() {
    // statements/try-catch
    assert_eq!(
        one(r#"try { x = {1}.get(5); } catch (e) { info "caught: " + e; }"#),
        "caught: list index 5 is out of range (the list has 1 elements)"
    );
}

#[test]
fn return_ends_a_function_body_with_a_value() {
    let outcome = run_with(
        "// paste this as the body of\n//   string standalone.greet(String who)\nif(who == \"\") { return \"nobody\"; }\nreturn \"hi \" + who;",
        &[("who", "Ada")],
    );
    assert!(outcome.stop.is_none());
    assert_eq!(outcome.returned.unwrap().display(), "hi Ada");
}

#[test]
fn functions_of_the_file_call_each_other() {
    let program = Program::parse(
        "f.dg",
        "string standalone.outer(String name)\n{\n\treturn standalone.inner(name) + \"!\";\n}\nstring standalone.inner(String name)\n{\n\treturn name.toUpperCase();\n}\n",
    )
    .unwrap();
    let outcome = execute(
        &program,
        &[],
        &[("name".into(), Value::text("ada"))],
        0,
        &mut Refusing,
    );
    assert_eq!(outcome.returned.unwrap().display(), "ADA!");
}

#[test]
fn a_declared_int_parameter_converts_its_argument() {
    let program = Program::parse("f.dg", "int a.twice(Int n)\n{\n\treturn n * 2;\n}\n").unwrap();
    let outcome = execute(
        &program,
        &[],
        &[("n".into(), Value::text("21"))],
        0,
        &mut Refusing,
    );
    assert_eq!(outcome.returned.unwrap().display(), "42");
    let missing = execute(&program, &[], &[], 0, &mut Refusing);
    match missing.stop {
        Some(Stop::Fatal { message, .. }) => {
            assert!(message.contains("a.twice takes n (Int)"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sendmail_is_recorded_with_its_keys() {
    // tasks/send-mail
    let outcome = run(
        "l_To = {\"ops@example.com\", \"it@example.com\"};\nsendmail\n[\n\tfrom: zoho.adminuserid\n\tto: l_To\n\tsubject: \"Failed\"\n\tmessage: \"Zoho said no\"\n]",
    );
    assert!(outcome.stop.is_none(), "{:?}", outcome.stop);
    let mail = &outcome.mails[0];
    assert_eq!(mail.from, "admin@example.com");
    assert_eq!(mail.to, vec!["ops@example.com", "it@example.com"]);
    assert_eq!(mail.subject, "Failed");
    assert_eq!(mail.message, "Zoho said no");
}

#[test]
fn invokeurl_without_answers_is_logged_and_answered_with_an_error() {
    let outcome = run(
        "m = Map();\nm.put(\"a\", \"b\");\nr = invokeurl\n[\n\turl: \"https://www.zohoapis.eu/crm/v8/Leads\"\n\ttype: POST\n\tparameters: m.toString()\n\tconnection: \"crm\"\n];\ninfo r.get(\"error\");",
    );
    assert_eq!(outcome.info, vec!["not_sent"]);
    let request = &outcome.exchanges[0].request;
    assert_eq!(request.method, "POST");
    assert_eq!(request.body.as_deref(), Some("{\"a\":\"b\"}"));
    assert_eq!(request.connection.as_deref(), Some("crm"));
}

#[test]
fn an_invented_task_stops_the_run_naming_it() {
    match run("x = 1;\nr = zoho.foo.bar(\"a\");").stop {
        Some(Stop::Unsupported { pos, what }) => {
            assert_eq!(pos.to_string(), "2:5");
            assert_eq!(what, "zoho.foo.bar()");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_method_stops_the_run_and_a_known_one_on_the_wrong_type_is_an_error() {
    match run("x = \"a\".frobnicate();").stop {
        Some(Stop::Unsupported { what, .. }) => assert_eq!(what, "frobnicate() on a TEXT"),
        other => panic!("{other:?}"),
    }
    assert!(error("x = 5.put(\"a\", 1);").contains("put() does not apply to a NUMBER"));
}

#[test]
fn an_undefined_variable_is_an_error() {
    assert!(error("info missing;").contains("variable 'missing' is not defined"));
}

#[test]
fn url_encoding_of_zoho_encryption_and_encode_url() {
    // functions/encryption/urlencode: a space becomes %20; encodeUrl: a space becomes +.
    assert_eq!(
        one(r#"info zoho.encryption.urlEncode("a b&c"); info encodeUrl("a b&c");"#),
        "a%20b%26c\na+b%26c"
    );
}

#[test]
fn inline_if_and_collection_pairs() {
    // functions/common/if; collection type (Collection("k" : "v")).
    assert_eq!(
        one(
            r#"info if(1 > 2, "yes", "no"); c = Collection("k" : "v"); info c.get("k"); info 3 in {1, 3}; info 4 not in {1, 3};"#
        ),
        "no\nv\ntrue\ntrue"
    );
}

#[test]
fn days_between_and_date_parts() {
    // functions/datetime/daysbetween, getday, getmonth, getyear
    assert_eq!(
        one(
            r#"a = '01-Jan-2024'; b = '01-Mar-2024'; info a.daysBetween(b); info b.getDay(); info b.getMonth(); info b.getYear();"#
        ),
        "60\n1\n3\n2024"
    );
}

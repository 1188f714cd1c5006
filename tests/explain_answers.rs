//! `delugen explain` on the answers in tests/fixtures/answers/: each is known, printed with
//! its cause and fix (snapshotted); an answer not in the catalogue exits 1.

mod common;

#[test]
fn each_known_answer_prints_its_cause_and_fix() {
    insta::glob!("fixtures/answers", "*.json", |path| {
        let answer = std::fs::read_to_string(path).unwrap();
        let (code, stdout, stderr) = common::run(&["explain", answer.trim()]);
        assert_eq!(code, 0, "{}: {stdout}{stderr}", path.display());
        assert!(stdout.contains("  cause: "), "{stdout}");
        assert!(stdout.contains("  fix: "), "{stdout}");
        assert!(!stdout.contains("not in delugen's catalogue"), "{stdout}");
        insta::assert_snapshot!(stdout);
    });
}

#[test]
fn an_unknown_answer_still_exits_1() {
    for answer in [
        r#"{"code":"SOMETHING_NEW","message":"?"}"#,
        r#"{"code":4000,"message":"Account's Developer API limit has been reached."}"#,
        r#"{"error":"unsupported_grant_type"}"#,
    ] {
        let (code, stdout, _) = common::run(&["explain", answer]);
        assert_eq!(code, 1, "{answer}");
        assert!(stdout.contains("not in delugen's catalogue"), "{stdout}");
    }
}

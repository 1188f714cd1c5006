//! What the handover's `md` filter writes reads back, through a CommonMark parser with
//! GitHub's tables and strikethrough, as exactly the text given: no value makes markup
//! (emphasis, links, HTML, entities), and plain text carries no escape in the raw file.

use delugen::render::filters::md_text;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The text a reader sees, and every piece of markup the parser found.
fn read(markdown: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut markup = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Start(Tag::Paragraph | Tag::Table(_) | Tag::TableHead | Tag::TableRow)
            | Event::Start(Tag::TableCell)
            | Event::End(
                TagEnd::Paragraph | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow,
            )
            | Event::End(TagEnd::TableCell) => {}
            other => markup.push(format!("{other:?}")),
        }
    }
    (text, markup)
}

/// What the reader should see of `value`: control characters as spaces, a backtick as a
/// quote (the filter's documented changes).
fn seen(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            c if c.is_control() => ' ',
            '`' => '\'',
            c => c,
        })
        .collect()
}

fn tricky() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(
                "*_~[]()<>&;#!?/\\\\|`:-+=. ".chars().collect::<Vec<_>>()
            ),
            2 => proptest::char::range('a', 'z'),
            1 => proptest::char::any(),
            1 => proptest::sample::select(vec!['\n', '\t', '\u{85}', 'é', '→']),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_value_in_prose_reads_as_itself(value in tricky()) {
        let (text, markup) = read(&format!("Before {} after.", md_text(&value)));
        prop_assert!(markup.is_empty(), "{markup:?} from {:?}", md_text(&value));
        // A parser folds no spaces inside a line; it keeps the value whole.
        prop_assert_eq!(text, format!("Before {} after.", seen(&value)));
    }

    #[test]
    fn a_value_in_a_table_cell_reads_as_itself(value in tricky()) {
        let table = format!("| a | b |\n|---|---|\n| x | {} |\n", md_text(&value));
        let (text, markup) = read(&table);
        prop_assert!(markup.is_empty(), "{markup:?} from {:?}", md_text(&value));
        // A cell's own leading and trailing spaces are not part of it.
        prop_assert_eq!(text, format!("abx{}", seen(&value).trim_matches(' ')));
    }
}

#[test]
fn plain_words_and_field_names_keep_no_escape() {
    for plain in [
        "Setup → Developer Space → Functions",
        "Last_Name, First_Name",
        "Negotiation/Review",
        "Acme \"Widgets\" Ltd",
        "O'Neill & Sons",
    ] {
        assert_eq!(md_text(plain), plain);
        let (text, markup) = read(&format!("Before {} after.", md_text(plain)));
        assert!(markup.is_empty());
        assert_eq!(text, format!("Before {plain} after."));
    }
}

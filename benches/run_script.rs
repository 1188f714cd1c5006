//! A 200-line Deluge script run by the interpreter against the simulated Zoho: Maps,
//! Lists, text, loops, dates and requests (a token, then two CRM writes of 19 records).
//! `cargo bench --bench run_script`; the figure goes in README's "Run before you paste".

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use delugen::run::simulate::Zoho;
use delugen::run::{Program, execute};

/// 200 lines: a token request, records built in a loop, text and date work, two writes.
fn script() -> String {
    let mut lines = vec![
        "m_TokenForm = Map();".to_string(),
        "m_TokenForm.put(\"grant_type\", \"refresh_token\");".into(),
        "m_TokenForm.put(\"client_id\", \"1000.BENCH\");".into(),
        "m_TokenForm.put(\"client_secret\", \"bench-secret\");".into(),
        "m_TokenForm.put(\"refresh_token\", \"1000.bench.refresh\");".into(),
        "r_Token = invokeurl".into(),
        "[".into(),
        "\turl: \"https://accounts.zoho.eu/oauth/v2/token\"".into(),
        "\ttype: POST".into(),
        "\tparameters: m_TokenForm".into(),
        "];".into(),
        "v_Token = ifnull(r_Token.get(\"access_token\"), \"\");".into(),
        "m_Headers = Map();".into(),
        "m_Headers.put(\"Authorization\", \"Zoho-oauthtoken \" + v_Token);".into(),
        "l_Data = List();".into(),
        "v_Now = zoho.currenttime;".into(),
    ];
    // 38 blocks of 4 lines: a record each.
    for i in 0..38 {
        lines.push("m_Record = Map();".into());
        lines.push(format!(
            "m_Record.put(\"Last_Name\", \"Name {i} \".trim().toUpperCase() + \"-\" + {i});"
        ));
        lines.push(format!(
            "m_Record.put(\"Follow_Up\", v_Now.addMinutes({i}).toString(\"yyyy-MM-dd'T'HH:mm:ss\"));"
        ));
        lines.push("l_Data.add(m_Record);".into());
    }
    lines.extend([
        "v_Count = 0;".to_string(),
        "for each m_Item in l_Data".into(),
        "{".into(),
        "\tif(m_Item.get(\"Last_Name\").contains(\"1\"))".into(),
        "\t{".into(),
        "\t\tv_Count = v_Count + 1;".into(),
        "\t}".into(),
        "}".into(),
        "m_Body = Map();".into(),
        "m_Body.put(\"data\", l_Data.subList(0, 19));".into(),
        "r_First = invokeurl".into(),
        "[".into(),
        "\turl: \"https://www.zohoapis.eu/crm/v8/Leads\"".into(),
        "\ttype: POST".into(),
        "\tparameters: m_Body.toString()".into(),
        "\theaders: m_Headers".into(),
        "];".into(),
        "m_Body.put(\"data\", l_Data.subList(19, 38));".into(),
        "r_Second = invokeurl".into(),
        "[".into(),
        "\turl: \"https://www.zohoapis.eu/crm/v8/Leads\"".into(),
        "\ttype: POST".into(),
        "\tparameters: m_Body.toString()".into(),
        "\theaders: m_Headers".into(),
        "];".into(),
        "l_Ids = List();".into(),
        "for each m_Answer in r_First.get(\"data\")".into(),
        "{".into(),
        "\tl_Ids.add(m_Answer.get(\"details\").get(\"id\"));".into(),
        "}".into(),
    ]);
    while lines.len() < 199 {
        lines.push(format!(
            "info \"line \" + {} + \": \" + l_Ids.size();",
            lines.len()
        ));
    }
    lines.push("return v_Count;".into());
    lines.join("\n")
}

fn bench(c: &mut Criterion) {
    let source = script();
    assert_eq!(source.lines().count(), 200);
    c.bench_function(
        "run a 200-line script (parse and run, simulated Zoho)",
        |b| {
            b.iter(|| {
                let program = Program::parse("bench.dg", black_box(&source)).unwrap();
                let outcome = execute(&program, &[], &[], 0, &mut Zoho::default());
                assert!(outcome.stop.is_none());
                black_box(outcome.returned)
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);

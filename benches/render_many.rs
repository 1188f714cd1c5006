//! 1,000 varied specs: render in memory, render and write, and the drift check of an
//! unchanged folder. `cargo bench --bench render_many`; figures go in the closing note.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use delugen::batch::generate_all;
use delugen::jobs::Jobs;
use delugen::output::diff::write_diff;
use delugen::output::folder::Folder;
use delugen::output::state::inspect_shared;
use delugen::output::write::{WriteOptions, write_spec};
use delugen::render::Renderer;

const SPECS: usize = 1_000;
const REGIONS: [&str; 9] = ["us", "eu", "in", "au", "jp", "cn", "ca", "sa", "uk"];

fn no_env(_: &str) -> Option<String> {
    None
}

/// Writes `n` specs that differ in product, region, auth mode, token store and record size.
fn write_specs(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let region = REGIONS[i % REGIONS.len()];
            let fields: String = (0..(1 + i % 7))
                .map(|f| format!("      Field_{f}: \"value {i}-{f} with \\\"quotes\\\" and \\\\ backslash\"\n"))
                .collect();
            // Every fourth a connection; every twelfth a CRM spec with a CRM Variables store.
            let (auth, client) = match (i % 4, i % 3) {
                (0, _) => ("auth:\n  mode: connection\n  connection: conn\n", ""),
                (2, 0) => (
                    "auth:\n  store: crm-variables\n  store_connection: vars\n",
                    "client:\n  id: 1000.BENCH\n  redirect_uri: https://bench.example/cb\n",
                ),
                _ => ("", "client:\n  id: 1000.BENCH\n  secret: bench-secret\n  redirect_uri: https://bench.example/cb\n"),
            };
            let (product, scope, module, extra, method) = match i % 3 {
                0 => ("crm", "ZohoCRM.modules.ALL", "Leads".to_string(), "", "POST"),
                1 => ("books", "ZohoBooks.fullaccess.all", "contacts".to_string(), "organization_id: \"123\"\n", "POST"),
                _ => ("creator", "ZohoCreator.form.CREATE", "\n  owner: o\n  app: a\n  form: F".to_string(), "", "POST"),
            };
            let text = format!(
                "name: bench-{i}\nproduct: {product}\nregion: {region}\n{client}scopes: [{scope}]\nmodule: {module}\n{extra}{auth}requests:\n  - name: write-{i}\n    method: {method}\n    fields:\n{fields}"
            );
            let path = dir.join(format!("spec-{i:04}.yaml"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let specs_dir = tempfile::tempdir().unwrap();
    let specs = write_specs(specs_dir.path(), SPECS);
    // Templates compile once per process, as in the binary.
    let renderer = Renderer::new(None).unwrap();
    // Every core, as the binary's default `--jobs`.
    let jobs = Jobs::new(None);
    assert!(generate_all(&specs, &renderer, &no_env, &jobs).all(|g| g.result.is_ok()));

    let mut group = c.benchmark_group("1000 specs");
    group.sample_size(10);

    group.bench_function("render in memory", |b| {
        b.iter(|| {
            for spec in generate_all(&specs, &renderer, &no_env, &jobs) {
                black_box(spec.result.unwrap());
            }
        })
    });

    group.bench_function("render and write to a new folder", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |out| {
                let specs = generate_all(&specs, &renderer, &no_env, &jobs);
                let folder = Folder::create_output(out.path()).unwrap();
                for written in jobs.map_ordered(specs, |spec| {
                    let rendered = spec.result.unwrap();
                    write_spec(
                        &folder,
                        &spec.path,
                        "bench",
                        &rendered,
                        WriteOptions::default(),
                    )
                    .is_ok()
                }) {
                    assert!(written);
                }
                out
            },
            BatchSize::PerIteration,
        )
    });

    let written = tempfile::tempdir().unwrap();
    let folder = Folder::create_output(written.path()).unwrap();
    for spec in generate_all(&specs, &renderer, &no_env, &jobs) {
        write_spec(
            &folder,
            &spec.path,
            "bench",
            &spec.result.unwrap(),
            WriteOptions::default(),
        )
        .unwrap();
    }
    group.bench_function("drift check of the unchanged folder", |b| {
        b.iter(|| {
            let specs = generate_all(&specs, &renderer, &no_env, &jobs);
            let mut drift = jobs.map_ordered(specs, |spec| {
                let rendered = spec.result.unwrap();
                let state = inspect_shared(
                    Some(&folder),
                    written.path(),
                    &spec.path,
                    "bench",
                    &rendered,
                )
                .unwrap();
                write_diff(
                    &state,
                    "bench",
                    &rendered.secrets,
                    false,
                    &mut std::io::sink(),
                )
                .unwrap()
            });
            assert!(!drift.any(|drifted| drifted));
        })
    });
    group.finish();
}

criterion_group!(render_many, benches);
criterion_main!(render_many);

//! Writing rendered files into a folder, each atomically (temporary file, then rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::render::Rendered;

pub fn write_all(dir: &Path, rendered: &[Rendered]) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for spec in rendered {
        for file in &spec.files {
            let target = dir.join(&file.path);
            atomic_write(&target, file.contents.as_bytes())?;
            written.push(target);
        }
    }
    Ok(written)
}

fn atomic_write(target: &Path, contents: &[u8]) -> std::io::Result<()> {
    let folder = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let mut temp = tempfile::NamedTempFile::new_in(folder)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

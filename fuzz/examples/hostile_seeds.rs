//! Writes the hostile-text seeds of the `extract_document` target (one small document of
//! each kind of `newsgraph::gen::hostile`, from the repository's schemas) into the directory
//! given, `fuzz/corpus/extract_document` by default:
//! `cargo run --example hostile_seeds [DIR]` from `fuzz/`.

use newsgraph::gen::hostile::{HostileGen, Kind};

/// Bytes per seed: small inputs mutate faster.
const SIZE: usize = 1500;

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus/extract_document".to_string());
    std::fs::create_dir_all(&dir)?;
    let gen = HostileGen::new(newsgraph_fuzz::schema(), 7);
    for kind in Kind::ALL {
        let path = std::path::Path::new(&dir).join(format!("hostile-{}.txt", kind.name()));
        std::fs::write(&path, gen.text(kind, SIZE))?;
    }
    Ok(())
}

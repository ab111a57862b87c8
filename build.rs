//! Embeds every rule pack in `patterns/` into the binary. Packs are TOML for
//! people; the binary gets them as JSON, converted here, because parsing a
//! few hundred rules of TOML at every start costs milliseconds a pre-commit
//! hook cannot spare, while JSON parses several times faster into the same
//! serde structures.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut packs: Vec<_> = fs::read_dir(&dir)
        .expect("patterns/ exists")
        .map(|entry| entry.expect("patterns/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    packs.sort();
    let mut code = String::from(
        "/// (file name, the pack as JSON) of each built-in pack.\npub const PACKS: &[(&str, &str)] = &[\n",
    );
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(path).expect("pack is readable UTF-8");
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        let json = serde_json::to_string(&value).expect("TOML values convert to JSON");
        code.push_str(&format!("    ({name:?}, {json:?}),\n"));
    }
    code.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("packs.rs"), code).unwrap();
}

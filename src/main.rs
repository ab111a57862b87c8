//! The `keyward` command. Everything it does lives in the library
//! (`src/lib.rs`), which the fuzz targets link to as well.

fn main() -> std::process::ExitCode {
    keyward::run()
}

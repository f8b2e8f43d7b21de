//! The `kakou` binary: command line and kiosk of the checkpoint terminal.

fn main() -> std::process::ExitCode {
    kakou::cli::main()
}

//! The `kakou` binary: command line and kiosk of the checkpoint terminal.

mod store;

fn main() {
    println!("kakou");
}

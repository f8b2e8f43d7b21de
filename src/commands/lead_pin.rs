//! `kakou lead-pin`: sets the PIN that guards the kiosk's lead screen. The
//! PIN is typed at a prompt without echo (twice), or read as one line from
//! stdin when that is not a terminal; never taken from the command line,
//! where the shell history and the process list would keep it.

use std::io::{BufRead, IsTerminal};
use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};
use kakou_core::lang::Lang;

use super::Answer;
use crate::app::{Terminal, lead_pin};

pub fn run(db: &Path, on_command_line: Option<&str>, lang: Lang) -> Result<Answer> {
    if on_command_line.is_some() {
        bail!(match lang {
            Lang::Zh =>
                "组长密码不能写在命令行上（会留在命令历史和进程列表里）：直接运行 kakou lead-pin 按提示输入，或从标准输入给出一行",
            Lang::En =>
                "the lead PIN is not taken from the command line (the shell history and the process list would keep it): run `kakou lead-pin` and type it at the prompt, or give it as one line on stdin",
        });
    }
    // The store first: a PIN typed for a store that is not there is wasted.
    let mut terminal = Terminal::open(db)?;
    let pin = read_pin(lang)?;
    if !lead_pin::valid_pin(&pin) {
        bail!(match lang {
            Lang::Zh => "组长密码须为 4 到 8 位数字（在卡口的数字键盘上输入）",
            Lang::En => "a lead PIN is 4 to 8 digits (it is typed on the kiosk keypad)",
        });
    }
    let started = Instant::now();
    lead_pin::set(&mut terminal, &pin)?;
    let (m, t, p) = (lead_pin::MEMORY_KIB, lead_pin::PASSES, lead_pin::LANES);
    let ms = started.elapsed().as_millis();
    // How long the hash took here is about how long the kiosk on this
    // machine takes to check a PIN.
    match lang {
        Lang::Zh => {
            say!("kakou: 组长密码已设置（Argon2id m={m} KiB t={t} p={p}，在本机耗时 {ms} ms）")
        }
        Lang::En => {
            say!("kakou: lead PIN set (Argon2id m={m} KiB t={t} p={p}, {ms} ms on this machine)")
        }
    }
    Ok(Answer::Yes)
}

/// The PIN: asked twice without echo at a terminal, else one line of stdin.
fn read_pin(lang: Lang) -> Result<String> {
    let (first, again, differ) = match lang {
        Lang::Zh => (
            "新的组长密码：",
            "再输入一次：",
            "两次输入的密码不同，未作更改",
        ),
        Lang::En => (
            "New lead PIN: ",
            "Again: ",
            "the two PINs differ; nothing was changed",
        ),
    };
    if std::io::stdin().is_terminal() {
        let pin = rpassword::prompt_password(first)?.trim().to_string();
        if rpassword::prompt_password(again)?.trim() != pin {
            bail!(differ);
        }
        return Ok(pin);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_string())
}

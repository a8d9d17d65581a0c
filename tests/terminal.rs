//! The command line in a shell: completion scripts, the manual page, and colour as
//! `CLICOLOR_FORCE`, `NO_COLOR` and `TERM=dumb` ask.

mod common;

use common::{crosscheck, fixtures, run_in};

#[test]
fn completions_name_every_command_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_in(&fixtures(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for command in ["check", "config", "init", "report", "baseline", "man"] {
            assert!(run.stdout.contains(command), "{shell} lacks {command}");
        }
    }
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let run = run_in(&fixtures(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bash"), "{}", run.stderr);
}

#[test]
fn the_manual_page_is_roff_listing_the_commands() {
    let run = run_in(&fixtures(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH crosscheck 1"), "{}", run.stdout);
    assert!(run.stdout.contains("crosscheck\\-init"), "{}", run.stdout);
}

/// `check` of a fixture with one warning, piped, with these environment variables.
fn piped_check(env: &[(&str, &str)]) -> String {
    let mut cmd = crosscheck();
    cmd.current_dir(fixtures()).args(["check", "types/fires"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("crosscheck runs");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn piped_output_has_no_colour_unless_clicolor_force_asks() {
    assert!(!piped_check(&[("TERM", "xterm-256color")]).contains('\x1b'));
    let forced = piped_check(&[("CLICOLOR_FORCE", "1")]);
    assert!(forced.contains("\x1b["), "{forced}");
    assert!(!piped_check(&[("CLICOLOR_FORCE", "0")]).contains('\x1b'));
    assert!(!piped_check(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
}

#[test]
fn piped_output_wraps_at_the_fixed_width_whatever_columns_says() {
    let narrow = piped_check(&[("COLUMNS", "40")]);
    let plain = piped_check(&[]);
    assert_eq!(narrow, plain);
    assert!(plain.lines().any(|l| l.chars().count() > 60), "{plain}");
}

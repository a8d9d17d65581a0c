//! What the terminal standard output goes to asks for: colour, by the conventions of
//! `NO_COLOR`, `CLICOLOR_FORCE` and `TERM=dumb`, and the width to wrap at.

use std::ffi::OsString;

/// The width human output wraps at when it does not go to a terminal: fixed, so that output
/// in files, pipes and CI logs does not depend on who ran it.
pub const FIXED_WIDTH: usize = 100;

/// The narrowest and widest a terminal's width is taken as: below, diagnostics cannot be
/// drawn; above, lines are too long to read.
const WIDTHS: std::ops::RangeInclusive<usize> = 60..=200;

/// Whether output in automatic colour mode is coloured. `NO_COLOR` (set and not empty) turns
/// colour off; otherwise `CLICOLOR_FORCE` (set and not `0`) turns it on even into a pipe;
/// otherwise a terminal gets colour unless `TERM` is `dumb`.
pub fn auto_color(is_terminal: bool, var: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    is_terminal && var("TERM").is_none_or(|t| t != "dumb")
}

/// The width to wrap at: the terminal's (within reason) when output goes to one, else
/// [`FIXED_WIDTH`].
pub fn width(is_terminal: bool) -> usize {
    let columns = is_terminal
        .then(|| terminal_size::terminal_size_of(std::io::stdout()))
        .flatten()
        .map(|(w, _)| usize::from(w.0));
    match columns {
        Some(c) => c.clamp(*WIDTHS.start(), *WIDTHS.end()),
        None => FIXED_WIDTH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn a_terminal_gets_colour_unless_it_is_dumb() {
        assert!(auto_color(true, env(&[("TERM", "xterm-256color")])));
        assert!(auto_color(true, env(&[])));
        assert!(!auto_color(true, env(&[("TERM", "dumb")])));
        assert!(!auto_color(false, env(&[])));
    }

    #[test]
    fn clicolor_force_colours_a_pipe_and_no_color_wins_over_it() {
        assert!(auto_color(false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(auto_color(
            false,
            env(&[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")])
        ));
        assert!(!auto_color(false, env(&[("CLICOLOR_FORCE", "0")])));
        assert!(!auto_color(
            true,
            env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])
        ));
        assert!(
            auto_color(true, env(&[("NO_COLOR", "")])),
            "an empty NO_COLOR is unset"
        );
    }

    #[test]
    fn output_that_is_no_terminal_wraps_at_the_fixed_width() {
        assert_eq!(width(false), FIXED_WIDTH);
    }
}

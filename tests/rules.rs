//! One test per fixture case under `tests/fixtures/<kind>/<case>/`: each runs
//! `crosscheck check <case> --format json` and asserts the exact findings
//! (code, rule, subject, property) and the exit code (`--fail-on error` by default).

mod common;

use common::{
    assert_findings, check_case, claim_places, crate_root, key, only, run_json, run_json_in,
    with_code,
};

// ---------------------------------------------------------------- agree

#[test]
fn jailed_2005_and_2007_in_two_articles_conflict() {
    let (doc, code) = check_case("agree/fires");
    assert_findings(
        &doc,
        &[key(
            "conflict",
            "facts-agree",
            "alberto-fujimori",
            Some("jailed"),
        )],
    );
    assert_eq!(code, 1, "a conflict is an error");
    // "Alberto Fujimori" in one file and the id in the other are the same subject; the finding
    // points at both values, each in its own file.
    let f = only(&doc, "conflict");
    assert_eq!(
        claim_places(&f),
        vec![
            (
                "agree/fires/andes-ledger-2023-12-06.yaml".into(),
                9,
                12,
                "2005".into()
            ),
            (
                "agree/fires/pacific-wire-2023-12-07.yaml".into(),
                8,
                12,
                "2007".into()
            ),
        ]
    );
}

#[test]
fn constitutional_court_and_constitutional_tribunal_aliases_of_one_court_agree() {
    let (doc, code) = check_case("agree/quiet-aliases");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn twenty_five_years_and_p25y_are_the_same_duration() {
    let (doc, code) = check_case("agree/quiet-duration-forms");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn year_2017_agrees_with_2017_12_24_and_christmas_eve_six_years_ago() {
    let (doc, code) = check_case("agree/quiet-date-precision");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn money_sets_and_text_agree_across_the_forms_they_are_written_in() {
    // $13.6 million = {amount: 13600000, currency: usd}; [kidnapping, embezzlement] =
    // [Embezzlement, Kidnapping]; "El Chino" = "el   CHINO".
    let (doc, code) = check_case("agree/quiet-equivalent-forms");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn a_changing_property_conflicts_when_two_sources_state_it_for_the_same_day() {
    let (doc, code) = check_case("agree/changes-fires");
    assert_findings(
        &doc,
        &[key("conflict", "facts-agree", "peru", Some("president"))],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_changing_property_is_not_compared_across_different_as_of_dates() {
    let (doc, code) = check_case("agree/changes-quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn on_friday_read_from_a_friday_article_conflicts_with_the_thursday_before() {
    let (doc, code) = check_case("agree/relative-date-conflict");
    assert_findings(
        &doc,
        &[key(
            "conflict",
            "facts-agree",
            "resolution-2022-04",
            Some("date"),
        )],
    );
    assert_eq!(code, 1);
    // The relative date is shown with what it resolved to, in the message and on the claim.
    let f = only(&doc, "conflict");
    let message = f["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("\"on Friday\" (2022-04-08, read from 2022-04-08)"),
        "{message}"
    );
    // Sides backed by as many outlets are listed by value, whatever the file order.
    assert_eq!(f["claims"][1]["value"], "on Friday");
    assert_eq!(
        f["claims"][1]["resolved"],
        "2022-04-08, read from 2022-04-08"
    );
    assert!(
        f["claims"][0].get("resolved").is_none(),
        "an absolute date has nothing to resolve"
    );
}

// ---------------------------------------------------------------- names

#[test]
fn pablo_kuczynski_is_a_name_variant_of_pedro_pablo_kuczynski_and_not_also_a_conflict() {
    let (doc, code) = check_case("names/variant-registered");
    assert_findings(
        &doc,
        &[key(
            "name-variant",
            "name-variants",
            "fujimori-pardon-2017",
            Some("granted_by"),
        )],
    );
    assert!(
        with_code(&doc, "conflict").is_empty(),
        "the variant is not also a conflict"
    );
    assert_eq!(code, 0, "a name variant is a warning");
    let f = only(&doc, "name-variant");
    let notes = f["notes"].to_string();
    assert!(
        notes.contains("{+Pedro +}Pablo Kuczynski"),
        "the difference is spelt out: {notes}"
    );
    assert_eq!(
        claim_places(&f),
        vec![(
            "names/variant-registered/andes-ledger-2022-04-08.yaml".into(),
            8,
            12,
            "Pablo Kuczynski".into()
        )]
    );
}

#[test]
fn an_alias_two_entities_share_is_an_ambiguous_name() {
    let (doc, code) = check_case("names/ambiguous");
    assert_findings(
        &doc,
        &[key(
            "ambiguous-name",
            "name-variants",
            "popular-force",
            Some("leader"),
        )],
    );
    assert_eq!(code, 0);
    let message = only(&doc, "ambiguous-name")["message"].to_string();
    assert!(
        message.contains("alberto-fujimori") && message.contains("keiko-fujimori"),
        "both candidates are named: {message}"
    );
}

#[test]
fn a_name_the_loaded_registry_lacks_is_an_unknown_entity() {
    let (doc, code) = check_case("names/unknown");
    assert_findings(
        &doc,
        &[key(
            "unknown-entity",
            "name-variants",
            "ruling-2023-12",
            Some("signed_by"),
        )],
    );
    assert_eq!(code, 0);
}

#[test]
fn registered_names_match_ignoring_case_accents_punctuation_and_spacing() {
    let (doc, code) = check_case("names/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn without_a_registry_a_one_source_spelling_is_a_variant_of_the_others_mention() {
    let (doc, code) = check_case("names/no-registry");
    // "Alberto Fujimory" (one outlet) against "Alberto Fujimori" (two): a variant, reported
    // once; no conflict, and no unknown-entity since there is no registry to be unknown to.
    assert_findings(
        &doc,
        &[key(
            "name-variant",
            "name-variants",
            "pardon",
            Some("granted_to"),
        )],
    );
    assert_eq!(code, 0);
    let f = only(&doc, "name-variant");
    assert!(
        f["notes"].to_string().contains("Alberto Fujimor[-y-]{+i+}"),
        "{:#}",
        f["notes"]
    );
    assert_eq!(f["claims"][0]["value"], "Alberto Fujimory");
}

#[test]
fn without_a_registry_keiko_and_kenji_stay_two_people_and_conflict() {
    let (doc, code) = check_case("names/no-registry-distinct");
    assert_findings(
        &doc,
        &[key("conflict", "facts-agree", "pardon", Some("granted_to"))],
    );
    assert_eq!(code, 1);
}

// ---------------------------------------------------------------- types

#[test]
fn iachr_a_commission_does_not_fit_issued_by_ranged_to_courts() {
    let (doc, code) = check_case("types/fires");
    assert_findings(
        &doc,
        &[key(
            "type-mismatch",
            "entity-types",
            "resolution-2022-04",
            Some("issued_by"),
        )],
    );
    assert_eq!(code, 0, "a type mismatch is a warning");
    let message = only(&doc, "type-mismatch")["message"].to_string();
    assert!(
        message.contains("commission") && message.contains("court"),
        "{message}"
    );
}

#[test]
fn iacthr_a_court_fits_issued_by_ranged_to_courts() {
    let (doc, code) = check_case("types/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- age

#[test]
fn ages_83_then_85_eighteen_months_apart_fit_one_birth_date() {
    let (doc, code) = check_case("age/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn age_84_on_2022_04_08_cannot_fit_born_1938_07_28() {
    let (doc, code) = check_case("age/fires");
    assert_findings(
        &doc,
        &[key("age-mismatch", "ages-fit", "alberto-fujimori", None)],
    );
    assert_eq!(code, 1);
    let f = only(&doc, "age-mismatch");
    let places = claim_places(&f);
    assert!(
        places.contains(&(
            "age/fires/andes-ledger-2022-04-08.yaml".into(),
            8,
            12,
            "84".into()
        )),
        "the 84 is among the claims: {places:?}"
    );
    assert!(
        places.contains(&("age/fires/entities.yaml".into(), 6, 13, "1938-07-28".into())),
        "the registry's birth date is among the claims: {places:?}"
    );
}

// ---------------------------------------------------------------- order

#[test]
fn an_annulment_dated_before_the_pardon_it_annuls_is_out_of_order() {
    let (doc, code) = check_case("order/fires");
    assert_findings(
        &doc,
        &[key(
            "out-of-order",
            "chronology",
            "annulment-2018",
            Some("date"),
        )],
    );
    assert_eq!(code, 1);
}

#[test]
fn dates_in_sequence_and_a_year_overlapping_its_day_are_not_out_of_order() {
    let (doc, code) = check_case("order/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- sum

#[test]
fn parts_15_and_11_do_not_add_up_to_a_total_of_25() {
    let (doc, code) = check_case("sum/fires");
    assert_findings(
        &doc,
        &[key(
            "sum-mismatch",
            "victims-add-up",
            "massacres",
            Some("victims"),
        )],
    );
    assert_eq!(code, 1);
    assert_eq!(
        only(&doc, "sum-mismatch")["claims"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[test]
fn parts_15_and_10_add_up_to_a_total_of_25() {
    let (doc, code) = check_case("sum/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- require

#[test]
fn a_required_property_no_source_states_is_missing() {
    let (doc, code) = check_case("require/fires");
    assert_findings(
        &doc,
        &[key(
            "missing",
            "pardon-essentials",
            "pardon-2017",
            Some("granted_by"),
        )],
    );
    assert_eq!(code, 0, "missing is info");
}

#[test]
fn required_properties_stated_by_different_sources_are_not_missing() {
    let (doc, code) = check_case("require/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn a_required_subject_no_claim_mentions_is_reported_by_its_entity_id() {
    let (doc, code) = check_case("require/unmentioned-subject");
    assert_findings(
        &doc,
        &[
            key("missing", "pardon-essentials", "pardon-2017", Some("date")),
            key(
                "missing",
                "pardon-essentials",
                "pardon-2017",
                Some("granted_by"),
            ),
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn require_by_type_asks_every_entity_of_that_type() {
    let (doc, code) = check_case("require/by-type");
    // Keiko's birth year is stated; Alberto's is not; the party is not a person.
    assert_findings(
        &doc,
        &[key(
            "missing",
            "people-born",
            "alberto-fujimori",
            Some("born"),
        )],
    );
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- corroborate

#[test]
fn two_articles_of_one_outlet_count_as_one_outlet() {
    let (doc, code) = check_case("corroborate/fires");
    assert_findings(
        &doc,
        &[key(
            "uncorroborated",
            "two-outlets",
            "sentence-2009",
            Some("sentence"),
        )],
    );
    assert_eq!(code, 0, "uncorroborated is info");
    let f = only(&doc, "uncorroborated");
    assert_eq!(
        f["claims"].as_array().map(Vec::len),
        Some(2),
        "both articles are named: {f:#}"
    );
}

#[test]
fn two_outlets_stating_one_value_corroborate_it() {
    let (doc, code) = check_case("corroborate/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- reference

#[test]
fn born_1939_contradicts_the_registrys_1938_07_28() {
    let (doc, code) = check_case("reference/fires");
    assert_findings(
        &doc,
        &[key(
            "reference-mismatch",
            "registry-facts",
            "alberto-fujimori",
            Some("born"),
        )],
    );
    assert_eq!(code, 1);
    let f = only(&doc, "reference-mismatch");
    assert_eq!(
        claim_places(&f),
        vec![
            (
                "reference/fires/andes-ledger-2023-12-06.yaml".into(),
                8,
                12,
                "1939".into()
            ),
            (
                "reference/fires/entities.yaml".into(),
                6,
                13,
                "1938-07-28".into()
            ),
        ]
    );
}

#[test]
fn born_1938_and_1938_07_fit_the_registrys_1938_07_28() {
    let (doc, code) = check_case("reference/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- dates

#[test]
fn a_ruling_dated_a_year_after_the_article_is_a_future_date() {
    let (doc, code) = check_case("dates/fires");
    assert_findings(
        &doc,
        &[key(
            "future-date",
            "no-future-dates",
            "ruling-2023-12",
            Some("date"),
        )],
    );
    assert_eq!(code, 0, "a future date is a warning");
}

#[test]
fn a_future_true_property_a_same_year_date_and_a_past_weekday_are_not_future_dates() {
    let (doc, code) = check_case("dates/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- quotes

#[test]
fn a_claim_without_a_quote_is_quote_missing() {
    let (doc, code) = check_case("quotes/fires");
    assert_findings(
        &doc,
        &[key(
            "quote-missing",
            "quotes-backed",
            "alberto-fujimori",
            Some("age"),
        )],
    );
    assert_eq!(code, 0, "a missing quote is a warning");
}

#[test]
fn claims_that_all_carry_quotes_are_quiet() {
    let (doc, code) = check_case("quotes/quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn quotes_are_held_against_the_article_text() {
    let (doc, code) = check_case("quotes/text-checked");
    // "prison": found across a line break; "rest": found with straight marks and a plain dash
    // where the article has curly ones, an em dash and a line break; "age": found, but it says
    // 84, not 85; "destination": not in the article, and its value not in its quote either;
    // "departure": a typo.
    assert_findings(
        &doc,
        &[
            key(
                "quote-mismatch",
                "quotes-backed",
                "alberto-fujimori",
                Some("age"),
            ),
            key(
                "quote-mismatch",
                "quotes-backed",
                "alberto-fujimori",
                Some("moved_to"),
            ),
            key(
                "quote-not-found",
                "quotes-backed",
                "alberto-fujimori",
                Some("moved_to"),
            ),
            key(
                "quote-not-found",
                "quotes-backed",
                "alberto-fujimori",
                Some("left_on"),
            ),
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn a_mistyped_quote_shows_the_passage_it_was_meant_to_be_and_the_difference() {
    let (doc, _) = check_case("quotes/text-checked");
    let typo = with_code(&doc, "quote-not-found")
        .into_iter()
        .find(|f| f["property"] == "left_on")
        .expect("the typo is reported");
    assert_eq!(
        typo["notes"],
        serde_json::json!([
            "closest passage (line 1): \"driven out of the Barbadillo police prison shortly after dusk on Wednesday\"",
            "difference: driven out of the Barbadil{+l+}o police prison shortly after dusk on Wednesday"
        ])
    );
    // The finding points at the quote, not the value.
    assert_eq!(claim_places(typo)[0].1, 36);
}

#[test]
fn a_value_not_in_its_quote_says_what_the_quote_holds() {
    let (doc, _) = check_case("quotes/text-checked");
    let age = with_code(&doc, "quote-mismatch")
        .into_iter()
        .find(|f| f["property"] == "age")
        .expect("the age is reported");
    assert_eq!(
        age["notes"],
        serde_json::json!(["numbers in the quote: 84"])
    );
}

#[test]
fn values_are_read_in_their_quotes_in_the_words_articles_use() {
    // Number words, "twice", sums, money, durations, relative dates, aliases, possessives.
    let (doc, code) = check_case("quotes/read-in-words");
    assert_findings(
        &doc,
        &[
            key(
                "quote-mismatch",
                "quotes-backed",
                "la-cantuta",
                Some("victims"),
            ),
            key(
                "quote-mismatch",
                "quotes-backed",
                "alberto-fujimori",
                Some("sentence"),
            ),
            key(
                "quote-mismatch",
                "quotes-backed",
                "pardon-2017",
                Some("date"),
            ),
            key(
                "quote-mismatch",
                "quotes-backed",
                "pardon-2017",
                Some("granted_by"),
            ),
        ],
    );
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------- subjects

#[test]
fn an_unresolved_subject_is_reported_as_written() {
    let (doc, code) = check_case("agree/no-registry-subject");
    assert_findings(
        &doc,
        &[key(
            "conflict",
            "facts-agree",
            "Alberto Fujimori",
            Some("jailed"),
        )],
    );
    assert_eq!(code, 1);
}

// ---------------------------------------------------------------- require per source

#[test]
fn require_per_source_reports_each_source_that_omits_the_property_at_its_own_claim() {
    let (doc, code) = run_json_in(
        &common::crate_root(),
        &[
            "cases/age-per-source/altiplano-post-2023-12-06.yaml",
            "cases/age-per-source/harbour-herald-2023-12-06.yaml",
            "cases/age-per-source/rules.yaml",
            "rules/properties.yaml",
            "claims/entities.yaml",
        ],
    );
    assert!(doc.get("load_errors").is_none(), "{:#}", doc["load_errors"]);
    let missing = only(&doc, "missing");
    assert_eq!(
        missing["message"],
        "Harbour Herald, 2023-12-06 writes about alberto-fujimori but does not state its age"
    );
    // It points at the subject of the source's first claim about Fujimori.
    assert_eq!(
        claim_places(&missing),
        [(
            "cases/age-per-source/harbour-herald-2023-12-06.yaml".to_string(),
            12,
            14,
            "Alberto Fujimori".to_string()
        )]
    );
    assert_eq!(code, 0, "missing is an info");
}

#[test]
fn an_unknown_per_of_a_require_rule_is_a_load_error_with_a_did_you_mean() {
    let (doc, code) = run_json("require/per-typo");
    assert_eq!(code, 2);
    let errors = doc["load_errors"].as_array().expect("load_errors");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(e["file"], "require/per-typo/rules.yaml");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(4), Some(10))
    );
    assert_eq!(e["message"], "invalid per `sourse`");
    assert_eq!(e["help"], "did you mean `source`?");
}

// ---------------------------------------------------------------- names in Spanish and Portuguese

/// `crosscheck check` on the landslide registry and the sources of one of its cases.
fn landslide(case: &str) -> (serde_json::Value, i32) {
    let dir = crate_root().join("cases").join(case);
    let mut sources: Vec<String> = std::fs::read_dir(&dir)
        .expect("case folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|f| f != "expect.yaml")
        .map(|f| format!("cases/{case}/{f}"))
        .collect();
    sources.sort();
    let mut args = vec!["cases/landslide-registry"];
    args.extend(sources.iter().map(String::as_str));
    run_json_in(&crate_root(), &args)
}

fn notes(finding: &serde_json::Value) -> Vec<String> {
    finding["notes"]
        .as_array()
        .map(|ns| {
            ns.iter()
                .map(|n| n.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_surname_two_victims_share_is_ambiguous_and_compared_where_both_agree() {
    let (doc, code) = landslide("ambiguous-surname");
    assert_findings(
        &doc,
        &[
            key("ambiguous-name", "victim-names", "Suazo", None),
            key(
                "conflict",
                "victim-facts-agree",
                "maynor-suazo",
                Some("died_on"),
            ),
        ],
    );
    assert_eq!(code, 1);
    let ambiguous = only(&doc, "ambiguous-name");
    assert!(
        ambiguous["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("any of: maynor-suazo, wendy-suazo")),
        "{ambiguous:#}"
    );
    assert_eq!(
        notes(&ambiguous),
        [
            "compared as maynor-suazo's died_on: every candidate has the same died_on, so the \
             verdict is the same whichever is meant",
            "its home_town is compared only with claims that also write \"Suazo\": the \
             candidates' home_town differ or are not known",
        ]
    );
}

#[test]
fn a_one_letter_slip_in_a_short_surname_is_a_variant_and_another_surname_suggests_the_closest() {
    let (doc, code) = landslide("short-surname-slip");
    assert_findings(
        &doc,
        &[
            key("name-variant", "victim-names", "kevin-ochoa", None),
            key("unknown-entity", "victim-names", "Díez", None),
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        only(&doc, "name-variant")["message"],
        "\"Oshoa\" is a near miss of \"Ochoa\" (kevin-ochoa)"
    );
    assert_eq!(
        notes(&only(&doc, "unknown-entity")),
        ["closest registered names: \"Díaz\""]
    );
}

#[test]
fn given_name_and_first_surname_or_both_surnames_hyphenated_are_the_registered_person() {
    let (doc, code) = landslide("double-surnames");
    assert_findings(
        &doc,
        &[key(
            "conflict",
            "victim-facts-agree",
            "maynor-suazo",
            Some("died_on"),
        )],
    );
    assert_eq!(code, 1);
    let (doc, code) = landslide("double-surnames-quiet");
    assert_findings(&doc, &[]);
    assert_eq!(code, 0);
}

#[test]
fn a_naming_other_than_spanish_or_portuguese_is_a_load_error_with_a_hint() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tmp.path().join("entities.yaml"),
        "entities:\n  - id: ana\n    name: Ana Ruiz Soto\n    naming: basque\n",
    )
    .expect("registry written");
    let (doc, code) = run_json_in(tmp.path(), &["."]);
    assert_eq!(code, 2);
    let errors = doc["load_errors"].as_array().expect("load_errors");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let e = &errors[0];
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(4), Some(13))
    );
    assert!(
        e["help"]
            .as_str()
            .is_some_and(|h| h.contains("spanish") && h.contains("portuguese")),
        "{e:#}"
    );
}

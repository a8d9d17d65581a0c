//! `crosscheck extract`: a claims file drafted from an article written for these tests, that
//! loads and checks, is never written over without `--force`, and measures its own recall.

mod common;

use std::fs;
use std::path::Path;

use common::{codes, fixtures, parse, run_in};

/// A run folder holding a copy of the extract fixtures.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixtures().join("extract")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

const EXTRACT: &[&str] = &[
    "extract",
    "andes-ledger.txt",
    "--published",
    "2023-12-07",
    "--outlet",
    "Andes Ledger",
    "--registry",
    "registry.yaml",
    "--registry",
    "properties.yaml",
];

fn extract_to(dir: &Path, output: &str, extra: &[&str]) -> common::Run {
    let mut args = EXTRACT.to_vec();
    args.extend(["-o", output]);
    args.extend(extra);
    run_in(dir, &args)
}

/// (subject, property, value) of every drafted claim.
fn drafted(yaml: &str) -> Vec<(String, String, String)> {
    let doc: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    doc["claims"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| match &c[k] {
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Number(n) => n.to_string(),
                other => panic!("{k}: {other:?}"),
            };
            (s("subject"), s("property"), s("value"))
        })
        .collect()
}

#[test]
fn extract_drafts_complete_claims_where_a_cue_or_a_single_name_says_whose_and_todo_elsewhere() {
    let dir = workspace();
    // The earlier story's claims say a pardon is what `granted_by` is about.
    let out = extract_to(
        dir.path(),
        "draft.yaml",
        &["--registry", "earlier-story.yaml"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let yaml = fs::read_to_string(dir.path().join("draft.yaml")).unwrap();
    let claims = drafted(&yaml);
    let has = |s: &str, p: &str, v: &str| {
        assert!(
            claims.contains(&(s.into(), p.into(), v.into())),
            "no ({s}, {p}, {v}) in {claims:#?}"
        )
    };
    // Complete: the cue "{person}, {n}," and "pardoned by {n}" with the pardon named by its
    // trigger word.
    has("alberto-fujimori", "age", "85");
    has("fujimori-pardon", "granted_by", "Pedro Pablo Kuczynski");
    // The value and property found, the subject left to the editor.
    has("TODO", "date", "Wednesday");
    has("TODO", "sentence", "25 years");
    has("TODO", "victims", "9");
    has("TODO", "owed", "$13.6 million");
    has("TODO", "date", "Christmas Eve six years ago");
    has("TODO", "held_in", "Barbadillo prison");
    // The source block names the article, relative to the draft, and the outlet.
    assert!(
        yaml.contains(
            "  outlet: Andes Ledger\n  published: 2023-12-07\n  text: andes-ledger.txt\n"
        ),
        "{yaml}"
    );
    // Every quote is the article's own sentence.
    assert!(yaml.contains("quote: LIMA — Alberto Fujimori, 85, left the Barbadillo prison on Wednesday, a day after the Constitutional Tribunal ordered his release.\n"), "{yaml}");
}

#[test]
fn a_drafted_file_loads_its_quotes_are_in_the_article_and_its_todos_are_drafts() {
    let dir = workspace();
    assert_eq!(extract_to(dir.path(), "draft.yaml", &[]).code, 0);
    let out = run_in(
        dir.path(),
        &[
            "check",
            "draft.yaml",
            "registry.yaml",
            "properties.yaml",
            "rules.yaml",
            "--format",
            "json",
        ],
    );
    let doc = parse(&out.stdout);
    assert!(doc.get("load_errors").is_none(), "{}", out.stdout);
    let codes = codes(&doc);
    assert!(!codes.is_empty());
    assert!(
        codes.iter().all(|c| *c == "draft-claim"),
        "the quotes are found and state their values; only drafts remain: {codes:?}"
    );
    assert_eq!(out.code, 0);
}

#[test]
fn extract_never_writes_over_a_file_without_force() {
    let dir = workspace();
    let target = dir.path().join("draft.yaml");
    fs::write(&target, "# my own edits\n").unwrap();
    let refused = extract_to(dir.path(), "draft.yaml", &[]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(fs::read_to_string(&target).unwrap(), "# my own edits\n");
    let forced = extract_to(dir.path(), "draft.yaml", &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .starts_with("# Drafted by `crosscheck extract`")
    );
}

#[test]
fn compare_counts_the_hand_written_claims_the_draft_proposes() {
    let dir = workspace();
    let out = extract_to(
        dir.path(),
        "draft.yaml",
        &["--compare", "andes-ledger-by-hand.yaml"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr.lines().skip(2).take(2).collect::<Vec<_>>(),
        [
            "recall: the draft proposes 5 of the 6 claims of andes-ledger (83%)",
            "  not proposed: victims (10)",
        ],
        "{}",
        out.stderr
    );
}

#[test]
fn extract_without_a_usable_publication_date_exits_2_and_says_why() {
    let dir = workspace();
    let out = run_in(
        dir.path(),
        &["extract", "andes-ledger.txt", "--published", "2023-02-30"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("--published `2023-02-30` is not a date"),
        "{}",
        out.stderr
    );
    assert!(!dir.path().join("draft.yaml").exists());
}

#[test]
fn extract_without_a_registry_exits_2_and_says_how_to_name_one() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Fujimori, 85, left.").unwrap();
    let out = run_in(
        dir.path(),
        &["extract", "a.txt", "--published", "2023-12-07"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("name other files with --registry PATH"),
        "{}",
        out.stderr
    );
}

/// Runs extract on `article` (written into a copy of the fixtures) and returns the draft.
fn draft_of(article: &str, extra: &[&str]) -> String {
    let dir = workspace();
    fs::write(dir.path().join("story.txt"), article).unwrap();
    let mut args = vec![
        "extract",
        "story.txt",
        "--published",
        "2023-12-07",
        "--registry",
        "registry.yaml",
        "--registry",
        "properties.yaml",
    ];
    args.extend(extra);
    let out = run_in(dir.path(), &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn times_of_day_and_words_of_frequency_are_not_drafted_as_counts() {
    let yaml = draft_of(
        "Fujimori left the prison at 6:26 p.m. on Wednesday. He had once led the country, and twice won its vote.\n",
        &[],
    );
    let counts: Vec<_> = drafted(&yaml)
        .into_iter()
        .filter(|(_, p, _)| p == "victims")
        .collect();
    assert_eq!(counts, [], "{yaml}");
}

#[test]
fn a_holiday_keeps_the_year_its_clause_names() {
    let yaml = draft_of(
        "Fujimori was pardoned on Christmas Eve back in 2017. In 2016, on Christmas Eve, he fell ill.\n",
        &[],
    );
    let dates: Vec<String> = drafted(&yaml)
        .into_iter()
        .filter(|(_, p, _)| p == "date")
        .map(|(_, _, v)| v)
        .collect();
    assert_eq!(
        dates,
        ["Christmas Eve 2017", "Christmas Eve 2016"],
        "{yaml}"
    );
}

#[test]
fn an_age_in_a_compound_belongs_only_to_the_person_it_modifies() {
    let yaml = draft_of(
        "Fujimori greeted an 8-year-old boy outside. Fujimori, an 85-year-old former president, waved. The 86-year-old Alberto Fujimori smiled.\n",
        &[],
    );
    let ages: Vec<_> = drafted(&yaml)
        .into_iter()
        .filter(|(_, p, _)| p == "age")
        .collect();
    assert_eq!(
        ages,
        [
            ("TODO".into(), "age".into(), "8".into()),
            ("alberto-fujimori".into(), "age".into(), "85".into()),
            ("alberto-fujimori".into(), "age".into(), "86".into()),
        ],
        "{yaml}"
    );
    assert!(
        yaml.contains("# subject: the age of the boy it describes, not of a registered person named next to it\n- id: age-"),
        "{yaml}"
    );
}

#[test]
fn each_draft_states_its_confidence_and_min_confidence_drops_the_weak_ones() {
    let article = "Fujimori, 85, greeted an 8-year-old boy.\n";
    let all = draft_of(article, &[]);
    assert!(all.contains("# confidence: 1.00\n- id: age-"), "{all}");
    assert_eq!(drafted(&all).len(), 3, "{all}");
    let confident = draft_of(article, &["--min-confidence", "0.8"]);
    assert_eq!(
        drafted(&confident),
        [("alberto-fujimori".into(), "age".into(), "85".into())],
        "{confident}"
    );
}

#[test]
fn a_min_confidence_outside_0_to_1_is_refused() {
    let dir = workspace();
    let out = run_in(
        dir.path(),
        &[
            "extract",
            "andes-ledger.txt",
            "--published",
            "2023-12-07",
            "--min-confidence",
            "2",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("from 0 to 1"), "{}", out.stderr);
}

#[test]
fn a_subject_left_todo_says_why() {
    let dir = workspace();
    let out = extract_to(dir.path(), "draft.yaml", &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let yaml = fs::read_to_string(dir.path().join("draft.yaml")).unwrap();
    assert!(
        yaml.contains(
            "# subject: “he” may stand for someone named before this\n- id: money-8\n  subject: TODO\n  property: owed\n"
        ),
        "{yaml}"
    );
}

#[test]
fn a_word_of_frequency_is_a_count_only_where_a_cue_says_so() {
    let dir = workspace();
    let props = dir.path().join("properties.yaml");
    let with_cue = fs::read_to_string(&props).unwrap().replace(
        "victims: { type: count, cues: [",
        "victims: { type: count, cues: [\"{person} was pardoned {n}\", ",
    );
    fs::write(&props, with_cue).unwrap();
    fs::write(
        dir.path().join("story.txt"),
        "Alberto Fujimori was pardoned once. He once ruled Peru.\n",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &[
            "extract",
            "story.txt",
            "--published",
            "2023-12-07",
            "--registry",
            "registry.yaml",
            "--registry",
            "properties.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let counts: Vec<_> = drafted(&out.stdout)
        .into_iter()
        .filter(|(_, p, _)| p == "victims")
        .collect();
    assert_eq!(
        counts,
        [("alberto-fujimori".into(), "victims".into(), "1".into())],
        "{}",
        out.stdout
    );
}

#[test]
fn a_cue_that_is_not_a_pattern_is_a_load_error_with_its_place() {
    let dir = workspace();
    let props = dir.path().join("properties.yaml");
    let bad = fs::read_to_string(&props)
        .unwrap()
        .replace("\"aged {n}\"", "\"aged {who}\"");
    fs::write(&props, bad).unwrap();
    let out = extract_to(dir.path(), "draft.yaml", &[]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`{who}` is not a slot"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("properties.yaml:2:"), "{}", out.stderr);
}

#[test]
fn learn_derives_cues_from_the_words_next_to_each_value_in_the_claims_quotes() {
    let dir = workspace();
    let out = run_in(
        dir.path(),
        &[
            "extract",
            "--explain-cues",
            "--registry",
            "registry.yaml",
            "--registry",
            "properties.yaml",
            "--learn",
            "earlier-story.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "owed:\n  declared: \"owes {n}\"\n  learned: \"{n} in damages\", \"pay {n}\", \"still pay {n}\"\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(
            "granted_by:\n  declared: \"pardoned by {n}\"\n  learned: \"granted by {n}\""
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn a_learned_cue_completes_a_draft_no_declared_cue_matches() {
    let dir = workspace();
    fs::write(
        dir.path().join("story.txt"),
        "Alberto Fujimori must pay $2 million, a judge said.\n",
    )
    .unwrap();
    let base = [
        "extract",
        "story.txt",
        "--published",
        "2023-12-07",
        "--registry",
        "registry.yaml",
        "--registry",
        "properties.yaml",
    ];
    let owed = |out: &common::Run| -> Vec<_> {
        drafted(&out.stdout)
            .into_iter()
            .filter(|(_, _, v)| v == "$2 million")
            .collect()
    };
    let mut plain = base.to_vec();
    plain.extend(["--registry", "earlier-story.yaml"]);
    let without = run_in(dir.path(), &plain);
    assert_eq!(without.code, 0, "{}", without.stderr);
    let mut learning = base.to_vec();
    learning.extend(["--learn", "earlier-story.yaml"]);
    let with = run_in(dir.path(), &learning);
    assert_eq!(with.code, 0, "{}", with.stderr);
    assert_eq!(
        owed(&with),
        [(
            "alberto-fujimori".into(),
            "owed".into(),
            "$2 million".into()
        )],
        "{}",
        with.stdout
    );
    // Without the learned cue, `owed` is only the one money property: a weaker draft.
    assert!(
        with.stdout.contains("# confidence: 0.90\n- id: money-"),
        "{}",
        with.stdout
    );
    assert!(
        without.stdout.contains("# confidence: 0.65\n- id: money-"),
        "{}",
        without.stdout
    );
}

#[test]
fn an_invented_story_drafted_with_cues_learned_from_two_others_comes_out_complete() {
    // Three invented stories on one invented dam collapse, each with an editor's claims: the
    // third is drafted with cues learned from the first two only.
    let news = fixtures().join("extract/news");
    let out = common::crosscheck()
        .current_dir(&news)
        .args([
            "extract",
            "highland-post-2024-04-02.txt",
            "--published",
            "2024-04-02",
            "--registry",
            "registry.yaml",
            "--registry",
            "properties.yaml",
            "--learn",
            "valley-tribune-2024-03-15.yaml",
            "--learn",
            "coastal-ledger-2024-03-20.yaml",
            "--compare",
            "highland-post-2024-04-02.yaml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.lines().take(2).collect::<Vec<_>>(),
        [
            "complete: 6 of the 6 claims of highland-post-2024-04-02 have a complete draft (subject, property and value) (100%)",
            "precision: 6 of the 6 complete drafts match a claim (100%)",
        ],
        "{stderr}"
    );
    let draft = String::from_utf8(out.stdout).unwrap();
    let claims = drafted(&draft);
    for complete in [
        ("santa-rita-collapse", "victims", "12"),
        ("norcal-minerals", "fined", "$4.5 million"),
        ("helena-voss", "age", "55"),
        ("voss-suspension", "date", "March 19"),
    ] {
        let c = (complete.0.into(), complete.1.into(), complete.2.into());
        assert!(claims.contains(&c), "no {c:?} in {draft}");
    }
}

/// An earlier story's claim that dates the pardon, so that extract knows what kind of subject
/// a `date` has (events) and when the pardon was.
const DESK: &str = "source: { id: desk, outlet: Desk, published: 2023-01-10 }
claims:
  - id: pardon-date
    subject: fujimori-pardon
    property: date
    value: 2017-12-24
    quote: \"pardoned on 24 December 2017\"
";

/// Runs extract on `article` with entities and properties added to the fixtures' registry, and
/// the desk's claim dating the pardon.
fn draft_with(article: &str, entities: &str, properties: &str) -> String {
    let dir = workspace();
    fs::write(dir.path().join("desk.yaml"), DESK).unwrap();
    let add = |file: &str, more: &str| {
        let path = dir.path().join(file);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}{more}")).unwrap();
    };
    add("registry.yaml", entities);
    add("properties.yaml", properties);
    fs::write(dir.path().join("story.txt"), article).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "extract",
            "story.txt",
            "--published",
            "2023-12-07",
            "--registry",
            "registry.yaml",
            "--registry",
            "properties.yaml",
            "--registry",
            "desk.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// Three rulings the word "ruling" names: one before the article's year, one of its month and
/// one after it.
const RULINGS: &str = "  - id: ruling-2022
    name: Constitutional ruling restoring the pardon, March 2022
    type: event
    triggers: [ruling]
  - id: ruling-2023
    name: Constitutional ruling ordering the release, December 2023
    type: event
    triggers: [ruling]
  - id: ruling-2024
    name: Constitutional ruling on the appeal, March 2024
    type: event
    triggers: [ruling]
";

#[test]
fn a_trigger_word_names_the_event_a_nearby_year_dates_else_the_latest_before_the_article() {
    let yaml = draft_with(
        "The ruling came on Tuesday.\n\nAn earlier ruling in 2022 had restored the pardon.\n",
        RULINGS,
        "",
    );
    let drafts = drafted(&yaml);
    assert!(
        drafts.contains(&("ruling-2023".into(), "date".into(), "Tuesday".into())),
        "{yaml}"
    );
    assert!(
        drafts.contains(&("ruling-2022".into(), "date".into(), "2022".into())),
        "{yaml}"
    );
    // A ruling dated after the article is never what it means.
    assert!(!yaml.contains("ruling-2024"), "{yaml}");
}

#[test]
fn a_date_of_an_event_known_to_be_another_time_stays_todo_and_says_why() {
    let yaml = draft_with(
        "The ruling was read out on Friday 3 March 2023.\n",
        RULINGS,
        "",
    );
    assert!(
        yaml.contains(
            "# subject: not ruling-2023, known to be at another time\n- id: date-1\n  subject: TODO\n  property: date\n"
        ),
        "{yaml}"
    );
}

#[test]
fn a_name_is_the_fact_of_an_event_only_near_the_events_trigger_word() {
    let yaml = draft_with(
        "The Constitutional Court ordered a review, and lawyers waited weeks for the new ruling.\n\n\
         In its ruling, the Constitutional Court ordered the release.\n",
        RULINGS,
        "  ruled_by: { type: entity, range: [court], cues: [\"{n} ordered\"] }\n",
    );
    let rulings: Vec<_> = drafted(&yaml)
        .into_iter()
        .filter(|(_, p, _)| p == "ruled_by")
        .collect();
    assert_eq!(
        rulings,
        [
            (
                "TODO".into(),
                "ruled_by".into(),
                "Constitutional Court".into()
            ),
            (
                "ruling-2023".into(),
                "ruled_by".into(),
                "Constitutional Court".into()
            ),
        ],
        "{yaml}"
    );
}

#[test]
fn a_fact_the_article_repeats_is_drafted_once_with_its_most_precise_date() {
    let yaml = draft_with(
        "The pardon came in 2017.\n\nThe pardon was signed on 24 December 2017.\n\n\
         Fujimori, 85, was freed. Fujimori, 85, thanked his supporters.\n",
        "",
        "",
    );
    let drafts = drafted(&yaml);
    let pardon: Vec<_> = drafts
        .iter()
        .filter(|(s, _, _)| s == "fujimori-pardon")
        .collect();
    assert_eq!(
        pardon,
        [&(
            "fujimori-pardon".to_string(),
            "date".to_string(),
            "24 December 2017".to_string()
        )],
        "{yaml}"
    );
    let ages = drafts.iter().filter(|(_, p, _)| p == "age").count();
    assert_eq!(ages, 1, "{yaml}");
}

#[test]
fn a_date_is_drafted_as_an_events_only_within_the_clause_that_names_it() {
    let yaml = draft_with(
        "The inquiry, ordered by the court at the request of the families of the victims, will \
         examine inspection records going back to 2019.\n\nThe inquiry opened on Monday.\n",
        "  - id: dam-inquiry\n    name: Inquiry into the dam\n    type: event\n    triggers: [inquiry]\n",
        "",
    );
    let dates: Vec<_> = drafted(&yaml)
        .into_iter()
        .filter(|(_, p, _)| p == "date")
        .collect();
    assert_eq!(
        dates,
        [
            ("TODO".into(), "date".into(), "2019".into()),
            ("dam-inquiry".into(), "date".into(), "Monday".into()),
        ],
        "{yaml}"
    );
}

/// (subject, property, value) of the drafts of `property`, and the draft's text.
fn drafts_of(article: &str, property: &str) -> (Vec<(String, String, String)>, String) {
    let yaml = draft_of(article, &[]);
    let drafts = drafted(&yaml)
        .into_iter()
        .filter(|(_, p, _)| p == property)
        .collect();
    (drafts, yaml)
}

#[test]
fn a_descriptor_the_article_gave_a_name_in_apposition_names_that_person_later() {
    let (owed, yaml) = drafts_of(
        "Alberto Fujimori, the former president, returned home on Monday.\n\n\
         Crowds gathered outside the house all evening.\n\n\
         The former president owes $2 million to the victims.\n",
        "owed",
    );
    assert_eq!(
        owed,
        [(
            "alberto-fujimori".into(),
            "owed".into(),
            "$2 million".into()
        )],
        "{yaml}"
    );
}

#[test]
fn a_title_before_a_name_names_that_person_later_and_holds_the_age_it_is_given() {
    let (ages, yaml) = drafts_of(
        "Peru's ex-leader Alberto Fujimori returned home on Monday.\n\n\
         Crowds gathered outside the house all evening.\n\n\
         The 85-year-old ex-leader owes $2 million to the victims.\n",
        "age",
    );
    assert_eq!(
        ages,
        [("alberto-fujimori".into(), "age".into(), "85".into())],
        "{yaml}"
    );
    assert!(
        drafted(&yaml).contains(&(
            "alberto-fujimori".into(),
            "owed".into(),
            "$2 million".into()
        )),
        "{yaml}"
    );
}

#[test]
fn a_descriptor_two_people_share_in_the_article_leaves_the_subject_todo_with_both() {
    let (owed, yaml) = drafts_of(
        "Former President Alberto Fujimori was freed on Monday.\n\n\
         Former President Pedro Pablo Kuczynski, who signed the decree, declined to comment.\n\n\
         Neighbours said little.\n\n\
         The former president owes $2 million to the victims.\n",
        "owed",
    );
    assert_eq!(
        owed,
        [("TODO".into(), "owed".into(), "$2 million".into())],
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "# subject: “The former president” may be alberto-fujimori or pedro-pablo-kuczynski\n"
        ),
        "{yaml}"
    );
}

#[test]
fn a_descriptor_with_no_name_before_it_or_a_qualifier_dropped_stays_todo() {
    for article in [
        // Nobody was called the former president before.
        "Crowds gathered on Monday.\n\nThe former president owes $2 million to the victims.\n",
        // "The president" is not "the former president".
        "Former President Alberto Fujimori was freed on Monday.\n\n\
         Crowds gathered outside the house all evening.\n\n\
         The president owes $2 million to the victims.\n",
        // Said before the name is given, it names no one yet.
        "The former president owes $2 million to the victims.\n\n\
         Crowds gathered outside the house all evening.\n\n\
         Former President Alberto Fujimori was freed on Monday.\n",
    ] {
        let (owed, yaml) = drafts_of(article, "owed");
        assert_eq!(
            owed,
            [("TODO".into(), "owed".into(), "$2 million".into())],
            "{yaml}"
        );
        assert!(
            yaml.contains("# subject: no registered name in this sentence or the one before\n"),
            "{yaml}"
        );
    }
}

#[test]
fn a_pronoun_stands_for_the_one_person_its_sentence_opens_with() {
    let (owed, yaml) = drafts_of(
        "Alberto Fujimori, the former president, returned home on Monday.\n\n\
         Crowds gathered outside the house all evening.\n\n\
         The former president is convicted in three other cases for which he owes $2 million.\n",
        "owed",
    );
    assert_eq!(
        owed,
        [(
            "alberto-fujimori".into(),
            "owed".into(),
            "$2 million".into()
        )],
        "{yaml}"
    );
}

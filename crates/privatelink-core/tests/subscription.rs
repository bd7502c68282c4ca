//! Azure subscription IDs and allowlists: what is accepted, how it is normalised, and the
//! sentence each refusal gives.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use privatelink_core::subscription::*;

const ID: &str = "8eefec94-5d63-40c9-983c-03ab083b411d";

fn id(n: usize) -> String {
    format!("{n:08x}-5d63-40c9-983c-03ab083b411d")
}

#[test]
fn lowercase_id_is_accepted_unchanged() {
    assert_eq!(SubscriptionId::parse(ID).unwrap().as_str(), ID);
}

#[test]
fn uppercase_id_is_normalised_to_lowercase() {
    assert_eq!(
        SubscriptionId::parse(&ID.to_uppercase()).unwrap().as_str(),
        ID
    );
}

#[test]
fn surrounding_whitespace_and_one_pair_of_braces_are_removed() {
    for input in [
        format!("  {ID}\n"),
        format!("{{{ID}}}"),
        format!(" {{{}}} ", ID.to_uppercase()),
        format!("{{ {ID} }}"),
    ] {
        assert_eq!(
            SubscriptionId::parse(&input).unwrap().as_str(),
            ID,
            "{input:?}"
        );
    }
}

#[test]
fn unbalanced_or_doubled_braces_are_refused() {
    for input in [
        format!("{{{ID}"),
        format!("{ID}}}"),
        format!("{{{{{ID}}}}}"),
        "{".into(),
        "}".into(),
    ] {
        assert!(
            matches!(
                SubscriptionId::parse(&input),
                Err(SubscriptionIdError::UnbalancedBraces(_))
            ),
            "{input:?}"
        );
    }
}

#[test]
fn empty_and_blank_and_empty_braces_are_refused_as_empty() {
    for input in ["", "   ", "\n\t", "{}", "{  }"] {
        assert_eq!(
            SubscriptionId::parse(input),
            Err(SubscriptionIdError::Empty),
            "{input:?}"
        );
    }
}

#[test]
fn whitespace_inside_is_refused() {
    let e = SubscriptionId::parse("8eefec94-5d63 -40c9-983c-03ab083b411d").unwrap_err();
    assert!(matches!(e, SubscriptionIdError::InnerWhitespace(_)));
}

#[test]
fn thirty_two_digits_without_hyphens_are_refused_with_their_own_message() {
    let e = SubscriptionId::parse(&ID.replace('-', "")).unwrap_err();
    assert!(matches!(e, SubscriptionIdError::MissingHyphens(_)));
    assert!(e.to_string().contains("8-4-4-4-12"));
}

#[test]
fn non_hex_characters_are_named_in_the_message() {
    let e = SubscriptionId::parse("8eefec94-5d63-40c9-983c-03ab083b411g").unwrap_err();
    assert_eq!(
        e.to_string(),
        "\"8eefec94-5d63-40c9-983c-03ab083b411g\" contains 'g', which is not a hexadecimal digit (0-9, a-f)."
    );
}

#[test]
fn wrong_group_lengths_are_refused() {
    for input in [
        "8eefec9-45d63-40c9-983c-03ab083b411d",
        "8eefec94-5d63-40c9-983c-03ab083b411",
        "8eefec94-5d63-40c9-983c-03ab083b411dd",
        "8eefec94-5d63-40c9-983c03ab083b411d",
        "8eefec94--5d63-40c9-983c-03ab083b411d",
        "abc",
    ] {
        assert!(
            matches!(
                SubscriptionId::parse(input),
                Err(SubscriptionIdError::WrongShape(_))
            ),
            "{input}"
        );
    }
}

#[test]
fn nil_guid_is_refused() {
    assert_eq!(
        SubscriptionId::parse("00000000-0000-0000-0000-000000000000"),
        Err(SubscriptionIdError::Nil)
    );
}

#[test]
fn very_long_input_is_shortened_in_the_message() {
    let long = "x".repeat(500);
    let msg = SubscriptionId::parse(&long).unwrap_err().to_string();
    assert!(msg.len() < 200, "{msg}");
    assert!(msg.contains('…'));
}

#[test]
fn empty_message_is_a_sentence_with_an_example() {
    assert_eq!(
        SubscriptionIdError::Empty.to_string(),
        "Enter an Azure subscription ID (a GUID such as 8eefec94-5d63-40c9-983c-03ab083b411d)."
    );
}

#[test]
fn empty_allowlist_is_valid() {
    assert_eq!(validate_subscription_list::<&str>(&[]).unwrap(), vec![]);
}

#[test]
fn allowlist_is_normalised_in_order() {
    let out = validate_subscription_list(&[id(2).to_uppercase(), id(1)]).unwrap();
    let strs: Vec<&str> = out.iter().map(|s| s.as_str()).collect();
    assert_eq!(strs, [id(2), id(1)]);
}

#[test]
fn duplicates_after_normalising_case_and_braces_are_refused() {
    let e = validate_subscription_list(&[ID.to_string(), format!("{{{}}}", ID.to_uppercase())])
        .unwrap_err();
    assert_eq!(e, SubscriptionListError::Duplicate { id: ID.into() });
    assert!(e.to_string().contains("more than once"));
}

#[test]
fn the_maximum_is_accepted_and_one_more_refused() {
    let max: Vec<String> = (1..=MAX_SUBSCRIPTIONS).map(id).collect();
    assert_eq!(
        validate_subscription_list(&max).unwrap().len(),
        MAX_SUBSCRIPTIONS
    );
    let over: Vec<String> = (1..=MAX_SUBSCRIPTIONS + 1).map(id).collect();
    let e = validate_subscription_list(&over).unwrap_err();
    assert_eq!(
        e,
        SubscriptionListError::TooMany {
            count: MAX_SUBSCRIPTIONS + 1
        }
    );
    assert_eq!(
        e.to_string(),
        "At most 16 subscriptions can be allowed; this list has 17."
    );
}

#[test]
fn invalid_entry_error_names_its_position() {
    let e = validate_subscription_list(&[ID, "nope"]).unwrap_err();
    assert!(matches!(
        e,
        SubscriptionListError::Invalid { position: 2, .. }
    ));
    assert!(e.to_string().starts_with("Subscription 2: "));
}

#[test]
fn pasted_text_splits_on_commas_semicolons_spaces_and_newlines() {
    let text = format!("{}, {}\n{};{}\t{}", id(1), id(2), id(3), id(4), id(5));
    let entries = split_pasted(&text);
    assert_eq!(entries.len(), 5);
    assert!(entries.iter().all(|e| e.result.is_ok() && !e.duplicate));
    assert_eq!(parse_pasted_list(&text).unwrap().len(), 5);
}

#[test]
fn pasted_repeats_are_flagged_and_refused() {
    let text = format!("{ID}\n{}", ID.to_uppercase());
    let entries = split_pasted(&text);
    assert!(!entries[0].duplicate);
    assert!(entries[1].duplicate);
    assert!(matches!(
        parse_pasted_list(&text),
        Err(SubscriptionListError::Duplicate { .. })
    ));
}

#[test]
fn pasted_invalid_token_keeps_its_raw_text_and_error() {
    let entries = split_pasted(&format!("{ID}, banana"));
    assert_eq!(entries[1].raw, "banana");
    assert!(entries[1].result.is_err());
}

#[test]
fn blank_paste_is_an_empty_list() {
    assert!(split_pasted(" ,\n; ").is_empty());
    assert_eq!(parse_pasted_list("").unwrap(), vec![]);
}

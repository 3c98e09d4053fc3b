//! The help numbers shipped with Kintsugi, by region (`resources.toml`).

use serde::Deserialize;
use std::sync::OnceLock;

/// What a service is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// Thoughts of suicide or self-harm.
    Crisis,
    /// Fear, violence, coercion or control by a partner.
    Abuse,
}

/// A help service in a region: what it is for and how to reach it.
#[derive(Debug, Clone, Deserialize)]
pub struct Service {
    /// The service's name, as shown to the partner.
    pub name: String,
    /// The need it helps with (the `for` key in the file).
    #[serde(rename = "for")]
    pub need: Need,
    /// How to reach it: numbers, texts or chat, in plain words.
    pub contact: String,
    /// Where the contact details were found.
    pub source: String,
    /// When the entry was last checked against its source, as `YYYY-MM-DD`.
    pub checked: String,
}

/// A region's entry: its emergency number and the help services listed for it.
#[derive(Debug, Clone, Deserialize)]
pub struct Region {
    /// The region's code, such as `US` or `EU` (matched ignoring case).
    pub code: String,
    /// The region's name in English.
    pub name: String,
    /// The emergency number to call in the region.
    pub emergency: String,
    /// Where the emergency number was found.
    pub emergency_source: String,
    /// The region's help services, in the file's order (the `service` tables).
    #[serde(default, rename = "service")]
    pub services: Vec<Service>,
}

#[derive(Deserialize)]
struct File {
    region: Vec<Region>,
}

/// Every region with an entry, in the file's order.
pub fn regions() -> &'static [Region] {
    static REGIONS: OnceLock<Vec<Region>> = OnceLock::new();
    REGIONS.get_or_init(|| {
        toml::from_str::<File>(include_str!("resources.toml"))
            .expect("resources.toml is checked by a test")
            .region
    })
}

/// The entry for a region code (case-insensitive), if there is one.
pub fn region(code: &str) -> Option<&'static Region> {
    regions().iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// Plain text listing the help for `need` (or for every need, with `None`) in a region,
/// emergency number first.
pub fn support_text(code: Option<&str>, need: Option<Need>) -> String {
    let Some(region) = code.and_then(region) else {
        return "If you are in danger now, call your local emergency number. \
                A doctor, a local crisis line or a domestic-violence service near you can help \
                too; Kintsugi has no checked numbers for your region."
            .to_string();
    };
    // "European Union (elsewhere)" inside brackets reads as "(European Union, elsewhere)".
    let name = region.name.replace(" (", ", ").replace(')', "");
    let mut lines = vec![format!(
        "In an emergency ({name}), call {}.",
        region.emergency
    )];
    for service in region
        .services
        .iter()
        .filter(|s| need.is_none_or(|n| s.need == n))
    {
        lines.push(format!("{}: {}.", service.name, service.contact));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_a_source_and_a_date() {
        assert!(regions().len() >= 5);
        for region in regions() {
            assert!(!region.emergency.is_empty() && !region.emergency_source.is_empty());
            for s in &region.services {
                assert!(!s.source.is_empty(), "{} has no source", s.name);
                assert_eq!(s.checked.len(), 10, "{}: checked as YYYY-MM-DD", s.name);
            }
        }
    }

    #[test]
    fn every_region_with_an_entry_has_help_of_each_kind_or_says_it_has_none() {
        // Canada and Ireland were missing an abuse line; the EU-wide entry has only
        // the emergency number, which is said for every need.
        for code in ["US", "CA", "UK", "IE", "AU"] {
            let region = region(code).unwrap();
            for need in [Need::Crisis, Need::Abuse] {
                assert!(
                    region.services.iter().any(|s| s.need == need),
                    "{code} has no {need:?} service"
                );
            }
        }
    }

    #[test]
    fn a_region_without_an_entry_gets_the_emergency_advice() {
        assert!(support_text(Some("ZZ"), Some(Need::Crisis)).contains("local emergency number"));
        let us = support_text(Some("us"), Some(Need::Crisis));
        assert!(us.contains("911") && us.contains("988"), "{us}");
        assert!(!us.contains("Domestic"), "crisis help only: {us}");
        let abuse = support_text(Some("us"), Some(Need::Abuse));
        assert!(!abuse.contains("988"), "abuse help only: {abuse}");
        let all = support_text(Some("us"), None);
        assert!(all.contains("988") && all.contains("Domestic"), "{all}");
    }

    #[test]
    fn a_region_whose_name_has_brackets_reads_without_doubled_ones() {
        let eu = support_text(Some("EU"), None);
        assert!(
            eu.contains("In an emergency (European Union, elsewhere), call 112."),
            "{eu}"
        );
    }
}

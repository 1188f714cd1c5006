//! "Did you mean": the closest known word to a misspelt one.

/// The candidate most like `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&lowered, &candidate.to_ascii_lowercase());
            (candidate, score)
        })
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(candidate, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        let keys = ["id", "secret", "redirect_uri"];
        assert_eq!(closest("redirect_url", keys), Some("redirect_uri"));
        assert_eq!(closest("secrte", keys), Some("secret"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("europe", ["us", "eu", "in"]), Some("eu"));
    }
}

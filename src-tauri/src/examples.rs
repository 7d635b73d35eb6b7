//! The seven real forms of the seed, offered on first run as examples (示例)
//! so that a newcomer sees a filled form at once.

use selfeval_core::format::from_json;
use selfeval_core::Form;

const SEEDS: [&str; 7] = [
    include_str!("../../tests/fixtures/seed/440303210301500002808.json"),
    include_str!("../../tests/fixtures/seed/440303210301500003219.json"),
    include_str!("../../tests/fixtures/seed/440303210301500003345.json"),
    include_str!("../../tests/fixtures/seed/440303210301500003483.json"),
    include_str!("../../tests/fixtures/seed/440303221551547100500.json"),
    include_str!("../../tests/fixtures/seed/440303221551547700000.json"),
    include_str!("../../tests/fixtures/seed/440303241553147100000.json"),
];

/// The example forms, in a stable order. The files are part of the build and
/// checked by a test, so none is skipped in practice.
pub fn forms() -> Vec<Form> {
    SEEDS.iter().filter_map(|s| from_json(s).ok()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_seven_examples_load() {
        for s in super::SEEDS {
            if let Err(e) = super::from_json(s) {
                panic!("seed does not load: {e}");
            }
        }
        assert_eq!(super::forms().len(), 7);
    }
}

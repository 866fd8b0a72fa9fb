//! The labeled corpora's files, for the test crates that read them
//! (`#[path = "common/news.rs"] mod news;`): the news corpus
//! (`tests/data/news/`), which the engine's defaults were set on, and the
//! held-out corpus (`tests/data/holdout/`), which nothing was tuned on.

use std::path::{Path, PathBuf};

/// The news corpus's directory.
pub(crate) fn dir() -> PathBuf {
    corpus_dir("news")
}

/// The held-out corpus's directory (same format; see its README).
pub(crate) fn holdout_dir() -> PathBuf {
    corpus_dir("holdout")
}

/// The second held-out corpus's directory, written after a change made on
/// the first (see its README).
pub(crate) fn holdout2_dir() -> PathBuf {
    corpus_dir("holdout2")
}

/// The third held-out corpus's directory, written after the stage rule was
/// found on the first (see its README).
pub(crate) fn holdout3_dir() -> PathBuf {
    corpus_dir("holdout3")
}

/// The fourth held-out corpus's directory, written after the financing,
/// state and cross-language anchor rules were found on the others (see its
/// README).
pub(crate) fn holdout4_dir() -> PathBuf {
    corpus_dir("holdout4")
}

/// The fifth held-out corpus's directory, written after the prosecution
/// and actor rules were found on the fourth (see its README).
pub(crate) fn holdout5_dir() -> PathBuf {
    corpus_dir("holdout5")
}

/// The sixth held-out corpus's directory, written after the direction
/// rule was found on the fifth (see its README).
pub(crate) fn holdout6_dir() -> PathBuf {
    corpus_dir("holdout6")
}

/// The seventh held-out corpus's directory, written after an amount
/// after a currency code was found on the sixth (see its README).
pub(crate) fn holdout7_dir() -> PathBuf {
    corpus_dir("holdout7")
}

/// The eighth held-out corpus's directory, written after amounts rounded
/// by one outlet were made to meet the exact figure (see its README).
pub(crate) fn holdout8_dir() -> PathBuf {
    corpus_dir("holdout8")
}

/// The ninth held-out corpus's directory, written after the rules on
/// leaders and chambers (see its README).
pub(crate) fn holdout9_dir() -> PathBuf {
    corpus_dir("holdout9")
}

/// The tenth held-out corpus's directory, written after the ninth's
/// changes to the direction and name rules (see its README).
pub(crate) fn holdout10_dir() -> PathBuf {
    corpus_dir("holdout10")
}

/// The eleventh held-out corpus's directory, written after the tenth's
/// change to the prosecution rule (see its README).
pub(crate) fn holdout11_dir() -> PathBuf {
    corpus_dir("holdout11")
}

/// The twelfth held-out corpus's directory, written after the eleventh's
/// change to the amount rule (see its README).
pub(crate) fn holdout12_dir() -> PathBuf {
    corpus_dir("holdout12")
}

/// The thirteenth held-out corpus's directory, written after the
/// two-amounts rule (see its README).
pub(crate) fn holdout13_dir() -> PathBuf {
    corpus_dir("holdout13")
}

/// The fourteenth held-out corpus's directory, written after the hearing
/// rule (see its README).
pub(crate) fn holdout14_dir() -> PathBuf {
    corpus_dir("holdout14")
}

/// The fifteenth held-out corpus's directory, written after the round-up
/// rule (see its README).
pub(crate) fn holdout15_dir() -> PathBuf {
    corpus_dir("holdout15")
}

/// The sixteenth held-out corpus's directory, written after links shared
/// within a feed stopped identifying items (see its README).
pub(crate) fn holdout16_dir() -> PathBuf {
    corpus_dir("holdout16")
}

/// The seventeenth held-out corpus's directory, written after a site's
/// front page stopped identifying items (see its README).
pub(crate) fn holdout17_dir() -> PathBuf {
    corpus_dir("holdout17")
}

/// The eighteenth held-out corpus's directory, written after a link a
/// stored item has stopped naming entries that tell something else (see
/// its README).
pub(crate) fn holdout18_dir() -> PathBuf {
    corpus_dir("holdout18")
}

/// The nineteenth held-out corpus's directory, written over the year's
/// turn (see its README).
pub(crate) fn holdout19_dir() -> PathBuf {
    corpus_dir("holdout19")
}

/// The twentieth held-out corpus's directory, written over mid-January
/// (see its README).
pub(crate) fn holdout20_dir() -> PathBuf {
    corpus_dir("holdout20")
}

/// The twenty-first held-out corpus's directory, written over late January
/// and early February (see its README).
pub(crate) fn holdout21_dir() -> PathBuf {
    corpus_dir("holdout21")
}

/// The twenty-second held-out corpus's directory, written over February
/// (see its README).
pub(crate) fn holdout22_dir() -> PathBuf {
    corpus_dir("holdout22")
}

/// The twenty-third held-out corpus's directory, written over late
/// February and early March (see its README).
pub(crate) fn holdout23_dir() -> PathBuf {
    corpus_dir("holdout23")
}

/// The twenty-fourth held-out corpus's directory, written over mid-March
/// (see its README).
pub(crate) fn holdout24_dir() -> PathBuf {
    corpus_dir("holdout24")
}

/// The twenty-fifth held-out corpus's directory, written over late
/// March and early April (see its README).
pub(crate) fn holdout25_dir() -> PathBuf {
    corpus_dir("holdout25")
}

/// The twenty-sixth held-out corpus's directory, written over mid-April
/// (see its README).
pub(crate) fn holdout26_dir() -> PathBuf {
    corpus_dir("holdout26")
}

/// The twenty-seventh held-out corpus's directory, written over late April
/// and early May (see its README).
pub(crate) fn holdout27_dir() -> PathBuf {
    corpus_dir("holdout27")
}

/// The twenty-eighth held-out corpus's directory, written over May (see its README).
pub(crate) fn holdout28_dir() -> PathBuf {
    corpus_dir("holdout28")
}

/// The twenty-ninth held-out corpus's directory, written over late May (see its README).
pub(crate) fn holdout29_dir() -> PathBuf {
    corpus_dir("holdout29")
}

/// The thirtieth held-out corpus's directory, written over early June (see its README).
pub(crate) fn holdout30_dir() -> PathBuf {
    corpus_dir("holdout30")
}

/// The thirty-first held-out corpus's directory, written over mid-June (see its README).
pub(crate) fn holdout31_dir() -> PathBuf {
    corpus_dir("holdout31")
}

/// The thirty-second held-out corpus's directory, written over early July (see its README).
pub(crate) fn holdout32_dir() -> PathBuf {
    corpus_dir("holdout32")
}

/// The thirty-third held-out corpus's directory, written over mid-July (see its README).
pub(crate) fn holdout33_dir() -> PathBuf {
    corpus_dir("holdout33")
}

/// The thirty-fourth held-out corpus's directory, written over late July (see its README).
pub(crate) fn holdout34_dir() -> PathBuf {
    corpus_dir("holdout34")
}

/// The thirty-fifth held-out corpus's directory, written over mid-August (see its README).
pub(crate) fn holdout35_dir() -> PathBuf {
    corpus_dir("holdout35")
}

/// The thirty-sixth held-out corpus's directory, written over late August and early September (see its README).
pub(crate) fn holdout36_dir() -> PathBuf {
    corpus_dir("holdout36")
}

/// The thirty-seventh held-out corpus's directory, written over mid-September (see its README).
pub(crate) fn holdout37_dir() -> PathBuf {
    corpus_dir("holdout37")
}

/// The thirty-eighth held-out corpus's directory, written over late September (see its README).
pub(crate) fn holdout38_dir() -> PathBuf {
    corpus_dir("holdout38")
}

/// The thirty-ninth held-out corpus's directory, written over early and mid-October (see its README).
pub(crate) fn holdout39_dir() -> PathBuf {
    corpus_dir("holdout39")
}

/// The fortieth held-out corpus's directory, written over late October (see its README).
pub(crate) fn holdout40_dir() -> PathBuf {
    corpus_dir("holdout40")
}

/// The forty-first held-out corpus's directory, written over early November (see its README).
pub(crate) fn holdout41_dir() -> PathBuf {
    corpus_dir("holdout41")
}

/// The forty-second held-out corpus's directory, written over mid-November (see its README).
pub(crate) fn holdout42_dir() -> PathBuf {
    corpus_dir("holdout42")
}

/// The forty-third held-out corpus's directory, written over early December (see its README).
pub(crate) fn holdout43_dir() -> PathBuf {
    corpus_dir("holdout43")
}

/// The forty-fourth held-out corpus's directory, written over mid-December (see its README).
pub(crate) fn holdout44_dir() -> PathBuf {
    corpus_dir("holdout44")
}

/// The forty-fifth held-out corpus's directory, written over the turn of the year (see its README).
pub(crate) fn holdout45_dir() -> PathBuf {
    corpus_dir("holdout45")
}

/// The forty-sixth held-out corpus's directory, written over mid-January (see its README).
pub(crate) fn holdout46_dir() -> PathBuf {
    corpus_dir("holdout46")
}

/// The forty-seventh held-out corpus's directory, written over late January (see its README).
pub(crate) fn holdout47_dir() -> PathBuf {
    corpus_dir("holdout47")
}

/// The forty-eighth held-out corpus's directory, written over early February (see its README).
pub(crate) fn holdout48_dir() -> PathBuf {
    corpus_dir("holdout48")
}

/// The forty-ninth held-out corpus's directory, written over late February (see its README).
pub(crate) fn holdout49_dir() -> PathBuf {
    corpus_dir("holdout49")
}

/// The fiftieth held-out corpus's directory, written over early March (see its README).
pub(crate) fn holdout50_dir() -> PathBuf {
    corpus_dir("holdout50")
}

/// The fifty-first held-out corpus's directory, written over late March (see its README).
pub(crate) fn holdout51_dir() -> PathBuf {
    corpus_dir("holdout51")
}

/// The fifty-second held-out corpus's directory, written over early April (see its README).
pub(crate) fn holdout52_dir() -> PathBuf {
    corpus_dir("holdout52")
}

/// The fifty-third held-out corpus's directory, written over mid-April (see its README).
pub(crate) fn holdout53_dir() -> PathBuf {
    corpus_dir("holdout53")
}

/// The fifty-fourth held-out corpus's directory, written over early May (see its README).
pub(crate) fn holdout54_dir() -> PathBuf {
    corpus_dir("holdout54")
}

/// The fifty-fifth held-out corpus's directory, written over mid-May (see its README).
pub(crate) fn holdout55_dir() -> PathBuf {
    corpus_dir("holdout55")
}

/// The fifty-sixth held-out corpus's directory, written over late May and
/// early June (see its README).
pub(crate) fn holdout56_dir() -> PathBuf {
    corpus_dir("holdout56")
}

/// The fifty-seventh held-out corpus's directory, written over mid-June
/// (see its README).
pub(crate) fn holdout57_dir() -> PathBuf {
    corpus_dir("holdout57")
}

/// The fifty-eighth held-out corpus's directory, written over late June
/// and early July (see its README).
pub(crate) fn holdout58_dir() -> PathBuf {
    corpus_dir("holdout58")
}

/// The fifty-ninth held-out corpus's directory, written over mid-July
/// (see its README).
pub(crate) fn holdout59_dir() -> PathBuf {
    corpus_dir("holdout59")
}

/// The sixtieth held-out corpus's directory, written over late July
/// and early August (see its README).
pub(crate) fn holdout60_dir() -> PathBuf {
    corpus_dir("holdout60")
}

/// The sixty-first held-out corpus's directory, written over mid-August
/// (see its README).
pub(crate) fn holdout61_dir() -> PathBuf {
    corpus_dir("holdout61")
}

/// The sixty-second held-out corpus's directory, written over late August
/// and early September (see its README).
pub(crate) fn holdout62_dir() -> PathBuf {
    corpus_dir("holdout62")
}

/// The sixty-third held-out corpus's directory, written over early and
/// mid September (see its README).
pub(crate) fn holdout63_dir() -> PathBuf {
    corpus_dir("holdout63")
}

/// The sixty-fourth held-out corpus's directory, written over mid and
/// late September (see its README).
pub(crate) fn holdout64_dir() -> PathBuf {
    corpus_dir("holdout64")
}

/// The sixty-fifth held-out corpus's directory, written over early and
/// mid October (see its README).
pub(crate) fn holdout65_dir() -> PathBuf {
    corpus_dir("holdout65")
}

/// The sixty-sixth held-out corpus's directory, written over mid and
/// late October (see its README).
pub(crate) fn holdout66_dir() -> PathBuf {
    corpus_dir("holdout66")
}

/// The sixty-seventh held-out corpus's directory, written over late
/// October and early November (see its README).
pub(crate) fn holdout67_dir() -> PathBuf {
    corpus_dir("holdout67")
}

/// The sixty-eighth held-out corpus's directory, written over mid
/// and late November (see its README).
pub(crate) fn holdout68_dir() -> PathBuf {
    corpus_dir("holdout68")
}

/// The sixty-ninth held-out corpus's directory, written over late
/// November and early December (see its README).
pub(crate) fn holdout69_dir() -> PathBuf {
    corpus_dir("holdout69")
}

/// The seventieth held-out corpus's directory, written over mid
/// and late December (see its README).
pub(crate) fn holdout70_dir() -> PathBuf {
    corpus_dir("holdout70")
}

/// The seventy-first held-out corpus's directory, written over late
/// December and early January (see its README).
pub(crate) fn holdout71_dir() -> PathBuf {
    corpus_dir("holdout71")
}

/// The seventy-second held-out corpus's directory, written over mid-January (see
/// its README).
pub(crate) fn holdout72_dir() -> PathBuf {
    corpus_dir("holdout72")
}

/// The seventy-third held-out corpus's directory, written over late
/// January and early February (see its README).
pub(crate) fn holdout73_dir() -> PathBuf {
    corpus_dir("holdout73")
}

/// The seventy-fourth held-out corpus's directory, written over early
/// and mid-February (see its README).
pub(crate) fn holdout74_dir() -> PathBuf {
    corpus_dir("holdout74")
}

/// The seventy-fifth held-out corpus's directory, written over late
/// February and early March (see its README).
pub(crate) fn holdout75_dir() -> PathBuf {
    corpus_dir("holdout75")
}

/// The seventy-sixth held-out corpus's directory, written over early
/// and mid-March (see its README).
pub(crate) fn holdout76_dir() -> PathBuf {
    corpus_dir("holdout76")
}

/// The seventy-seventh held-out corpus's directory, written over late
/// March and early April (see its README).
pub(crate) fn holdout77_dir() -> PathBuf {
    corpus_dir("holdout77")
}

/// The seventy-eighth held-out corpus's directory, written over early
/// and mid-April (see its README).
pub(crate) fn holdout78_dir() -> PathBuf {
    corpus_dir("holdout78")
}

fn corpus_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The news corpus's item files.
pub(crate) fn item_files() -> Vec<PathBuf> {
    item_files_in(&dir())
}

/// The item files of a corpus: every `.toml` in `dir` but `feeds.toml`,
/// sorted.
pub(crate) fn item_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != "feeds.toml")
        })
        .collect();
    paths.sort();
    paths
}

